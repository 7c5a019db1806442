{# The as-of date of the run: var as_of_date when given, else the latest extract date
   landed. Every "trailing" window and "up to as-of" rule reads it from here. #}
with

file_ledger as (
    select * from {{ ref('stg_ingestion__file_ledger') }}
),

latest_extract as (
    select max(extract_date) as latest_extract_date
    from file_ledger
),

as_of as (
    select
        {%- if var('as_of_date', none) %}
            cast('{{ var("as_of_date") }}' as date) as as_of_date
        {%- else %}
            cast(latest_extract_date as date) as as_of_date
        {%- endif %}
    from latest_extract
)

select * from as_of
