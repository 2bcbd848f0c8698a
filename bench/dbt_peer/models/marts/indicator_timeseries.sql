-- The published series: one row per indicator, frequency, period, segment, region and
-- source, written as Parquet (dbt-duckdb's external materialization).
{{ config(materialized='external', format='parquet',
          location=var('marts_dir') ~ '/indicator_timeseries.parquet') }}
select indicator, frequency, period, segment, region, source, value, unit, published_on
from {{ ref('stg_release') }}
