-- One row per received file, whatever became of it. Publication date and sources as
-- loaded into core (releases and firm aggregates both land there).
insert into meta.loads
select
    $load_id as load_id,
    $run_id as run_id,
    $kind as kind,
    $file_name as file_name,
    $file_sha256 as file_sha256,
    $content_sha256 as content_sha256,
    $size_bytes as size_bytes,
    $stored_path as stored_path,
    current_timestamp as received_at,
    $status as status,
    $reason as reason,
    $row_count as row_count,
    (select max(published_on) from core.release_values where load_id = $load_id)
        as published_on,
    (
        select string_agg(distinct source, ',' order by source)
        from core.release_values where load_id = $load_id
    ) as sources
