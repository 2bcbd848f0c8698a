-- Dashboard: the national trajectory of one indicator, by year.
select *
from marts.trajectory
where indicator = $indicator and segment = 'ALL' and region = 'MA'
order by year
