-- `offshoring status`: the latest period held per indicator and frequency.
select
    indicator,
    frequency,
    max(period) as latest_period,
    count(*) as values,
    max(published_on) as published_on
from core.current
group by all
order by all
