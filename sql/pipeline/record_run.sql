-- One row per finished run (CLI command or Prefect flow run), written when it ends.
insert into meta.runs (
    run_id, command, flow_run_id, started_at, finished_at, files_seen, files_loaded,
    files_rejected, files_duplicate, status
)
values (
    $run_id, $command, $flow_run_id, $started_at, current_timestamp, $files_seen,
    $files_loaded, $files_rejected, $files_duplicate, $status
)
