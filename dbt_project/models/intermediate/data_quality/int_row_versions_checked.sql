{# CR05: one row per source, check and extract date: parsed rows staging dropped as an
   exact_duplicate or a superseded_version, and the parsed rows checked (every source). #}
with

duplicates as (
    select * from {{ ref('int_duplicate_rows_dropped') }}
),

row_counts as (
    select * from {{ ref('int_staged_row_counts') }}
),

counted as (
    {{ count_listed_failures('CR05', 'duplicates', 'duplicate_kind', 'row_counts') }}
)

select * from counted
