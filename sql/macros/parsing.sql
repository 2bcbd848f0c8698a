-- Parsing macros for French-formatted statistics. Pure functions: NULL means "does not parse".
-- They are the single implementation used by staging, the quality rules and the tests.

-- Text key for lookups: no accents, lower case, only letters and digits.
create or replace macro lookup_key(s) as
regexp_replace(lower(strip_accents(trim(cast(s as varchar)))), '[^a-z0-9]', '', 'g');

-- '148 500' (space, U+00A0, U+202F), '26,2', '1 234,5', '-3', '12.5' -> DECIMAL; else NULL.
-- No exponents, no thousands commas: '12,3,4' and '1e400' do not parse.
create or replace macro fr_number(s) as (
    case
        when
            regexp_full_match(
                regexp_replace(trim(cast(s as varchar)), '[\s\x{00A0}\x{202F}]', '', 'g'),
                '[+-]?[0-9]{1,24}([.,][0-9]{1,12})?'
            )
            then cast(
                replace(
                    regexp_replace(trim(cast(s as varchar)), '[\s\x{00A0}\x{202F}]', '', 'g'),
                    ',', '.'
                ) as decimal(38, 12)
            )
    end
);

-- '2024' | '2024-S1' 'S1 2024' 'H1 2024' | '2024-Q3' 'T3 2024' 'Q3 2024' | '2024-09' '09/2024'
-- -> struct(frequency, period, period_start, period_end); NULL fields when unparseable.
-- The canonical label and the months of each frequency come from ref.frequencies
-- (seeds/frequencies.csv, the one period vocabulary).
create or replace macro parse_period(s) as (
    with p as (
        select upper(regexp_replace(trim(cast(s as varchar)), '\s+', ' ', 'g')) as t
    ),

    m as (
        select
            case
                when regexp_full_match(t, '[0-9]{4}') then 'A'
                when
                    regexp_full_match(t, '[0-9]{4} ?[-/]? ?[SH][12]')
                    or regexp_full_match(t, '[SH][12] ?[-/]? ?[0-9]{4}') then 'S'
                when
                    regexp_full_match(t, '[0-9]{4} ?[-/]? ?[QT][1-4]')
                    or regexp_full_match(t, '[QT][1-4] ?[-/]? ?[0-9]{4}') then 'Q'
                when
                    regexp_full_match(t, '[0-9]{4}-(0[1-9]|1[0-2])')
                    or regexp_full_match(t, '(0?[1-9]|1[0-2])/[0-9]{4}') then 'M'
            end as frequency,
            try_cast(regexp_extract(t, '([0-9]{4})', 1) as integer) as yr,
            case
                when regexp_full_match(t, '(0?[1-9]|1[0-2])/[0-9]{4}')
                    then try_cast(regexp_extract(t, '^([0-9]{1,2})/', 1) as integer)
                when regexp_full_match(t, '[0-9]{4}-(0[1-9]|1[0-2])')
                    then try_cast(regexp_extract(t, '-([0-9]{2})$', 1) as integer)
                else try_cast(nullif(regexp_extract(t, '[SHQT]([1-4])', 1), '') as integer)
            end as sub
        from p
    ),

    b as (
        select
            m.frequency,
            f.months,
            make_date(m.yr, coalesce(f.months * (m.sub - 1), 0) + 1, 1) as period_start,
            printf(f.period_format, m.yr, coalesce(m.sub, 0)) as period
        from m
        left join ref.frequencies as f on m.frequency = f.code
    )

    select
        {
            'frequency': frequency,
            'period': period,
            'period_start': period_start,
            'period_end': cast(period_start + to_months(months) - interval 1 day as date)
        }
    from b
);

-- '2025-03-14', '14/03/2025', '14-03-2025' -> DATE; else NULL.
create or replace macro fr_date(s) as cast(coalesce(
    try_strptime(trim(cast(s as varchar)), '%Y-%m-%d'),
    try_strptime(trim(cast(s as varchar)), '%d/%m/%Y'),
    try_strptime(trim(cast(s as varchar)), '%d-%m-%Y')
) as date);

-- 'provisoire'/'provisional'/'p' -> provisional; 'définitif'/'final'/'' -> final; else NULL.
create or replace macro release_status(s) as (
    case
        when s is null or trim(cast(s as varchar)) = '' then 'final'
        when
            lookup_key(
                s) in (
                'provisional', 'provisoire', 'provisoires', 'p', 'prov', 'preliminary',
                'preliminaire', 'estimation', 'estimate'
            )
            then 'provisional'
        when
            lookup_key(
                s) in (
                'final', 'definitif', 'definitive', 'definitifs', 'f', 'def', 'revised',
                'revise'
            )
            then 'final'
    end
);

-- 'oui'/'yes'/'true'/'1'/'x' -> true; ''/'non'/'no'/'false'/'0' -> false; else NULL.
create or replace macro fr_bool(s) as (
    case
        when s is null or trim(cast(s as varchar)) = '' then false
        when lookup_key(s) in ('oui', 'yes', 'true', '1', 'x', 'o', 'y', 'vrai') then true
        when lookup_key(s) in ('non', 'no', 'false', '0', 'n', 'faux') then false
    end
);
