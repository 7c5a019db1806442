{# CR08: one row per source, check and extract date: raw rows whose first non-canonical id
   was a whitespace_id, lowercase_id or padded_id (all repaired by normalisation), and the
   raw rows read of the sources macro source_id_columns() lists (ids are checked as
   delivered, so before parsing). #}
with

non_canonical_ids as (
    select * from {{ ref('stg_ingestion__non_canonical_ids') }}
),

row_counts as (
    select * from {{ ref('int_staged_row_counts') }}
),

counted as (
    {{ count_listed_failures(
        'CR08', 'non_canonical_ids', 'id_defect', 'row_counts',
        checked_column='rows_read',
        checked_sources=source_in(source_id_columns() | map(attribute='entity') | list),
    ) }}
)

select * from counted
