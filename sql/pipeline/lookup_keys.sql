-- The lookup key (sql/macros/parsing.sql lookup_key) of each text of $texts.
select
    t as text,
    lookup_key(t) as k
from unnest(cast($texts as varchar[])) as u (t)
