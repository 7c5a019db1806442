{# One row per landed row ingestion could not parse (ING01), with its file, row number, raw
   text and reason. The row never reached its raw entity table. #}
with

quarantine as (
    {{ landed_as_of('raw', '_quarantine', 'extract_date') }}
),

renamed as (
    select
        entity as source,
        source_file,
        extract_date,
        row_number,
        raw_text,
        reason,
        rule_id,
        load_id,
        quarantined_at
    from quarantine
)

select * from renamed
