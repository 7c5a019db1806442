{# One row per contract item (procurement is the system of record for contracts). #}
with

contracts as (
    select * from {{ ref('stg_procurement__contracts') }}
),

items as (
    select
        contract_id,
        contract_item,
        supplier_id,
        product_id,
        valid_from,
        valid_to,
        currency,
        price_unit,
        contract_type
    from contracts
)

select * from items
