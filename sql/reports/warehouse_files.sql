-- `offshoring status`: received files by fate, with their rows.
select
    status,
    count(*) as files,
    coalesce(sum(row_count), 0) as rows
from meta.loads
group by status
order by status
