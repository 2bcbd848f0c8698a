-- release_pairs: the [segment, region] pairs of the release's rows (quality_release), or
-- NULL when it has none (a firm load: its values are in core.release_values). Read once
-- quality_release exists (checks.DERIVED_PARAMETERS) and handed to quality_current.sql as
-- $release_pairs: every rule that reads an earlier value pairs it with a release value of
-- the same segment and region.
select list(distinct [segment, region]) as release_pairs
from quality_release
where segment is not null and region is not null
