{# One row per loaded file (source entity, extract date, content hash) with its row
   accounting. The only reader of raw._file_ledger: the as-of date, the calendar and ING01
   read it from here. #}
with

file_ledger as (
    {{ landed_as_of('raw', '_file_ledger', 'extract_date') }}
),

renamed as (
    select
        entity as source,
        extract_date,
        content_hash,
        source_file,
        load_id,
        loaded_at,
        rows_read,
        rows_loaded,
        rows_quarantined,
        extra_columns
    from file_ledger
)

select * from renamed
