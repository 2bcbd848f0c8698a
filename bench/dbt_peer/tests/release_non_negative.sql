-- Values of non-negative indicators are not negative.
select r.*
from {{ ref('stg_release') }} as r
inner join {{ ref('indicators') }} as i on r.indicator = i.code
where i.non_negative and r.value < 0
