-- Order-independent checksum of a staged firm load (same rows, other file: same value):
-- the row count and the sum of DuckDB row hashes; one cheap scan, no sort. DuckDB's hash
-- is not cryptographic and may change between DuckDB versions.
select
    count(*) as row_count,
    coalesce(
        sum(
            cast(
                hash(
                    firm_id, period, segment, region, employees, hires, separations,
                    exports_mad, published_on
                ) as hugeint
            )
        ),
        0
    ) as hash_sum
from raw.firm_declarations
where load_id = $load_id
