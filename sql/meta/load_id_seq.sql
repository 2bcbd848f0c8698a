-- Load ids: one per received file (meta.loads.load_id), drawn by the pipeline with
-- nextval('meta.load_id_seq') before the file's rows are staged.
create sequence if not exists meta.load_id_seq start 1;
