{# One row per landed file ingestion rejected whole (ING02: a required column is missing,
   the reader cannot read the file, or its values do not fit their declared columns; the
   reason says which). A rejected file is not in the ledger and none of its rows in raw. #}
with

file_rejections as (
    {{ landed_as_of('raw', '_file_rejections', 'extract_date') }}
),

renamed as (
    select
        entity as source,
        extract_date,
        source_file,
        content_hash,
        reason,
        load_id,
        rejected_at
    from file_rejections
)

select * from renamed
