-- The quality log: one row per rule per file per run, from the Arrow table registered
-- as incoming_check_results by offshoring.quality.store.
insert into quality.check_results by name
select * from incoming_check_results
