-- quality_current: core.current as the load's rules see it (every series' current
-- vintage; the as_of_date variable honoured), computed once per load: quality_known and
-- the rules that compare with published values (history.revision) read it instead of
-- evaluating the core.current view again. Grain: one row per indicator, frequency,
-- period, segment, region, source.
create or replace temp table quality_current as
select *
from core.current
