-- Each indicator's kind (stock or flow) and whether it can be negative: a layout
-- differences year-to-date flows, never stocks, and a cumulation of a non-negative flow
-- cannot decrease.
select
    code,
    kind,
    non_negative
from ref.indicators
order by code
