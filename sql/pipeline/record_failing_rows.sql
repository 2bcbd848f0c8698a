-- The failing rows of each rule, from the Arrow table registered as incoming_failing_rows.
insert into quality.failing_rows by name
select * from incoming_failing_rows
