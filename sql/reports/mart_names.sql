-- The published marts: every view of schema marts.
select view_name
from duckdb_views()
where schema_name = 'marts' and not internal
order by view_name
