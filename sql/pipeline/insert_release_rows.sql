-- A release's rows as received (all text), from the Arrow table registered as
-- incoming_release by the pipeline.
insert into raw.release_rows by name
select * from incoming_release
