-- Firm-level rows are dropped inside the transaction once aggregated: DuckDB then never
-- writes them to the database file (they stay in the archived file).
delete from raw.firm_declarations
where load_id = $load_id
