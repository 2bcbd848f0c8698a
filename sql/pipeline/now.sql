-- The warehouse clock (the run's start; meta.runs.finished_at uses the same clock).
select cast(current_timestamp as timestamp) as now
