-- Freshness: the latest period end per source, indicator and frequency.
select
    source,
    indicator,
    frequency,
    max(period_end) as period_end
from core.current
group by source, indicator, frequency
