-- The progress table printed after a run: the national objectives, as published
-- (published.progress_2030: the Parquet file, offshoring.publish.reading_published).
select
    indicator,
    segment,
    region,
    latest_period,
    latest_value,
    target_value,
    share_of_target,
    cagr_required,
    cagr_observed,
    observed_from,
    observed_basis,
    progress_ratio,
    status
from published.progress_2030
where segment = 'ALL' and region = 'MA'
