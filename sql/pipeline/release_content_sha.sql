-- Checksum of a release's normalised content: a re-saved or re-encoded file is the same.
-- Reads quality_release, the file's typed rows (made when the rows were staged).
with lines as (
    select
        to_json([
            indicator, period, segment, region, source, cast(value as varchar), unit, status,
            cast(published_on as varchar), cast(series_break as varchar)
        ]) as line
    from quality_release
    where load_id = $load_id
)

select sha256(coalesce(string_agg(line, chr(10) order by line), '')) as content_sha256
from lines
