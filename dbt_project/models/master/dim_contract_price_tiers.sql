{# One row per contract item and price tier; unit_price is per price_unit base units in the
   contract currency (converted at the PO date by the models that compare prices). #}
with

tiers as (
    select * from {{ ref('stg_procurement__contract_price_tiers') }}
),

priced as (
    select
        contract_id,
        contract_item,
        min_qty,
        unit_price
    from tiers
)

select * from priced
