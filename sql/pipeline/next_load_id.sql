-- The id of the next received file.
select nextval('meta.load_id_seq') as load_id
