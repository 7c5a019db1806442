{{ extract_date_delta_config(['source', 'extract_date']) }}
{# CR08: one row per source, check and extract date: raw rows whose first non-canonical id
   was a whitespace_id, lowercase_id or padded_id (all repaired by normalisation), and the
   raw rows read of the sources macro source_id_columns() lists (ids are checked as
   delivered, so before parsing). Incremental by extract date (macros/incremental.sql): the
   dates with newly landed files are counted again, for every source (a date's counts are
   replaced whole); the filter reaches the raw scans through the view. #}
{%- set dates = new_extract_dates() %}
with

non_canonical_ids as (
    select * from {{ ref('stg_ingestion__non_canonical_ids') }}
    where true {{- and_any_new_extract_dates(dates, 'extract_date') }}
),

row_counts as (
    select * from {{ ref('int_staged_row_counts') }}
    where true {{- and_any_new_extract_dates(dates, 'extract_date') }}
),

counted as (
    {{ count_listed_failures(
        'CR08', 'non_canonical_ids', 'id_defect', 'row_counts',
        checked_column='rows_read',
        checked_sources=source_in(source_id_columns() | map(attribute='entity') | list),
    ) }}
)

select * from counted
