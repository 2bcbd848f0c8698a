-- Dashboard: the national trajectory of every indicator, by year.
select *
from marts.trajectory
where segment = 'ALL' and region = 'MA'
order by indicator, year
