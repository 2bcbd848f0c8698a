-- A dry run (`offshoring validate`) judges files in a private in-memory database: it
-- copies what the rules compare against from the warehouse, attached read only as
-- warehouse_snapshot, then moves the load id sequence past the warehouse's last load.
insert into core.release_values by name
select * from warehouse_snapshot.core.release_values;

insert into meta.loads by name
select * from warehouse_snapshot.meta.loads;

select max(nextval('meta.load_id_seq')) as load_id
from range((select coalesce(max(load_id), 0) from meta.loads));
