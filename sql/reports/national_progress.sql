-- The progress table printed after a run: the national objectives.
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
from marts.progress_2030
where segment = 'ALL' and region = 'MA'
