-- The typed rows of the release $load_id (staging.stg_release_rows), computed once per
-- file: its content checksum (release_content_sha.sql) and its load
-- (load_release_values.sql) read them here. Typing a row reads every reference list, a
-- fixed ~10 ms per query whatever the rows. Created inside the file's transaction (a
-- rollback drops it); the next file replaces it.
create or replace temp table typed_release_rows as
select *
from staging.stg_release_rows
where load_id = $load_id
