-- Dashboard: the national trajectory of every indicator, by year.
select *
from published.trajectory
where segment = 'ALL' and region = 'MA'
order by indicator, year
