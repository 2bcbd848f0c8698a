-- quality_release: the typed rows of the release being validated (all of them, even
-- those that do not parse). Grain: one row per received row (row_number).
-- Run first by offshoring.quality for the release rules, inside the pipeline's
-- transaction; $load_id is the load being checked. Empty for a load that is not a
-- release (firm aggregates checked after load). The pipeline makes it once per release
-- file, when the rows are staged (quality.prepare_typed_release): its checksum
-- (release_content_sha.sql) and its load (load_release_values.sql) read it too.
create or replace temp table quality_release as
select *
from staging.stg_release_rows
where load_id = $load_id
