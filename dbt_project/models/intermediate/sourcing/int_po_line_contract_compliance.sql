{# Contract price compliance and maverick spend per PO line (PO lines not deleted).
   The applicable contract item is the one the PO references (KONNR/KTPNR); without a
   reference, the contract of the PO's supplier and material valid on the PO date with the
   lowest contract id. The applicable price is the tier with the largest min_qty at or below
   the PO quantity (the lowest tier when none is), per base unit, converted at the PO date.
   Maverick: no reference although a contract for the material (any supplier) was valid on
   the PO date, or a reference whose contracted supplier is not the PO's supplier.
   Incremental on DuckDB: the lines fct_purchase_order_lines reopens; a changed contract,
   tier, FX rate or parameter rebuilds it (macros/incremental.sql). #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('int_po_line_contract_compliance') %}
with{{ delta_keys_cte(delta) }}

purchase_order_lines as (
    select * from {{ ref('fct_purchase_order_lines') }}
    where
        not is_deleted
        and {{ in_fact_delta('int_po_line_contract_compliance', delta, 'fct_purchase_order_lines') }}
),

contract_items as (
    select * from {{ ref('dim_contract_items') }}
),

price_tiers as (
    select * from {{ ref('dim_contract_price_tiers') }}
),

parameters as (
    select * from {{ ref('sourcing_kpi_parameters') }}
),

{# A reference without an item number falls back to the contract's item for the material. #}
referenced_candidates as (
    select
        purchase_order_lines.po_number,
        purchase_order_lines.po_item,
        contract_items.contract_id,
        contract_items.contract_item,
        'po_reference' as contract_match,
        row_number() over (
            partition by purchase_order_lines.po_number, purchase_order_lines.po_item
            order by length(contract_items.contract_item), contract_items.contract_item
        ) as candidate_rank
    from purchase_order_lines
    inner join contract_items
        on
            purchase_order_lines.contract_id = contract_items.contract_id
            and (
                purchase_order_lines.contract_item = contract_items.contract_item
                or (
                    purchase_order_lines.contract_item is null
                    and purchase_order_lines.product_id = contract_items.product_id
                )
            )
),

{# "Lowest contract id": ids are CR08-normalised (all-digit ids without leading zeros), so
   ordering by length, then text, is numeric order for numeric ids. The unknown material is
   no material: orphan lines match no contract. #}
valid_contract_candidates as (
    select
        purchase_order_lines.po_number,
        purchase_order_lines.po_item,
        contract_items.contract_id,
        contract_items.contract_item,
        'valid_supplier_contract' as contract_match,
        row_number() over (
            partition by purchase_order_lines.po_number, purchase_order_lines.po_item
            order by
                length(contract_items.contract_id),
                contract_items.contract_id,
                length(contract_items.contract_item),
                contract_items.contract_item
        ) as candidate_rank
    from purchase_order_lines
    inner join contract_items
        on
            purchase_order_lines.supplier_id = contract_items.supplier_id
            and purchase_order_lines.product_id = contract_items.product_id
            and purchase_order_lines.po_date >= contract_items.valid_from
            and (
                contract_items.valid_to is null
                or purchase_order_lines.po_date <= contract_items.valid_to
            )
    where
        purchase_order_lines.contract_id is null
        and purchase_order_lines.product_id <> 'UNKNOWN'
),

applicable_items as (
    select
        po_number,
        po_item,
        contract_id,
        contract_item,
        contract_match
    from referenced_candidates
    where candidate_rank = 1
    union all
    select
        po_number,
        po_item,
        contract_id,
        contract_item,
        contract_match
    from valid_contract_candidates
    where candidate_rank = 1
),

{# Any contract for the material, with any supplier, valid on the PO date. #}
materials_under_contract as (
    select distinct
        purchase_order_lines.po_number,
        purchase_order_lines.po_item
    from purchase_order_lines
    inner join contract_items
        on
            purchase_order_lines.product_id = contract_items.product_id
            and purchase_order_lines.po_date >= contract_items.valid_from
            and (
                contract_items.valid_to is null
                or purchase_order_lines.po_date <= contract_items.valid_to
            )
    where purchase_order_lines.product_id <> 'UNKNOWN'
),

{# Tier choice: the largest min_qty at or below the PO quantity; when every tier starts
   above it, the lowest tier. #}
tier_candidates as (
    select
        purchase_order_lines.po_number,
        purchase_order_lines.po_item,
        cast(price_tiers.min_qty as double) as min_qty,
        cast(price_tiers.unit_price as double) as unit_price,
        row_number() over (
            partition by purchase_order_lines.po_number, purchase_order_lines.po_item
            order by
                case when price_tiers.min_qty <= purchase_order_lines.ordered_qty then 0 else 1 end,
                case
                    when price_tiers.min_qty <= purchase_order_lines.ordered_qty
                        then -1 * price_tiers.min_qty
                    else price_tiers.min_qty
                end
        ) as tier_rank
    from purchase_order_lines
    inner join applicable_items
        on
            purchase_order_lines.po_number = applicable_items.po_number
            and purchase_order_lines.po_item = applicable_items.po_item
    inner join price_tiers
        on
            applicable_items.contract_id = price_tiers.contract_id
            and applicable_items.contract_item = price_tiers.contract_item
),

applicable_tiers as (
    select
        po_number,
        po_item,
        min_qty,
        unit_price
    from tier_candidates
    where tier_rank = 1
),

{# The contract price is per price_unit base units in the contract's currency; it is put on
   the PO's footing (per base unit, reporting currency at the PO date). #}
priced as (
    select
        purchase_order_lines.po_number,
        purchase_order_lines.po_item,
        purchase_order_lines.supplier_id,
        purchase_order_lines.product_id,
        purchase_order_lines.purchasing_group,
        purchase_order_lines.po_date,
        cast({{ dbt.date_trunc('month', 'purchase_order_lines.po_date') }} as date) as month,
        cast(purchase_order_lines.ordered_qty as double) as ordered_qty,
        cast(purchase_order_lines.po_value_rc as double) as spend,
        cast(purchase_order_lines.unit_price_rc as double) as po_unit_price,
        purchase_order_lines.contract_id as po_contract_id,
        purchase_order_lines.contract_item as po_contract_item,
        applicable_items.contract_id,
        applicable_items.contract_item,
        applicable_items.contract_match,
        contract_items.supplier_id as contract_supplier_id,
        contract_items.contract_type,
        applicable_tiers.min_qty as tier_min_qty,
        {{ to_reporting_currency('applicable_tiers.unit_price', 'fx') }}
        / nullif(cast(contract_items.price_unit as double), 0) as contract_unit_price,
        materials_under_contract.po_number is not null as has_valid_material_contract,
        parameters.price_compliance_tolerance
    from purchase_order_lines
    cross join parameters
    left join applicable_items
        on
            purchase_order_lines.po_number = applicable_items.po_number
            and purchase_order_lines.po_item = applicable_items.po_item
    left join contract_items
        on
            applicable_items.contract_id = contract_items.contract_id
            and applicable_items.contract_item = contract_items.contract_item
    left join applicable_tiers
        on
            purchase_order_lines.po_number = applicable_tiers.po_number
            and purchase_order_lines.po_item = applicable_tiers.po_item
    left join materials_under_contract
        on
            purchase_order_lines.po_number = materials_under_contract.po_number
            and purchase_order_lines.po_item = materials_under_contract.po_item
    {{ fx_rate_join('fx', 'contract_items.currency', 'purchase_order_lines.po_date') }}
),

{# Compared at 6 decimals of the reporting currency so that a price exactly at the
   tolerance is not pushed out by floating-point noise. #}
assessed as (
    select
        priced.*,
        priced.contract_unit_price * priced.ordered_qty as contract_value,
        (priced.po_unit_price - priced.contract_unit_price) * priced.ordered_qty as price_variance,
        case
            when priced.contract_unit_price is not null and priced.po_unit_price is not null
                then
                    round(abs((priced.po_unit_price - priced.contract_unit_price) * priced.ordered_qty), 6)
                    <= round(
                        priced.price_compliance_tolerance
                        * abs(priced.contract_unit_price * priced.ordered_qty),
                        6
                    )
        end as is_compliant,
        case
            when priced.po_contract_id is null and priced.has_valid_material_contract
                then 'no_contract_reference'
            when priced.po_contract_id is not null and priced.contract_supplier_id <> priced.supplier_id
                then 'other_supplier'
        end as maverick_reason
    from priced
),

final as (
    select
        po_number,
        po_item,
        supplier_id,
        product_id,
        purchasing_group,
        po_date,
        month,
        ordered_qty,
        spend,
        po_unit_price,
        po_contract_id,
        po_contract_item,
        contract_id,
        contract_item,
        contract_match,
        contract_supplier_id,
        contract_type,
        tier_min_qty,
        contract_unit_price,
        contract_value,
        price_variance,
        price_compliance_tolerance,
        is_compliant,
        has_valid_material_contract,
        maverick_reason,
        maverick_reason is not null as is_maverick,
        case when maverick_reason is not null then spend else 0 end as maverick_spend
    from assessed
)

select * from final
