-- The latest publication date of the SDMX-CSV observations (offshoring.sdmx: the
-- structure message's "prepared" date). sdmx_observations.sql writes every row of
-- core.preferred, its publication_date being published_on as yyyy-mm-dd, so this is
-- their max, read without keeping the observations in a temp table (at 2 M
-- firm-months: 53,000 rows, 30 ms less a publish). NULL when there are none.
select strftime(max(published_on), '%Y-%m-%d') as latest
from core.preferred
