{# Contract length against the volatility policy: one row per contract item valid on the
   as-of date. Its length in months runs from valid_from to the day after valid_to; the
   material's volatility is the XYZ class of its OFFICIAL segment as of the as-of date
   (seed contract_length_policy: long for stable, short for volatile, bounds inclusive). A
   material without an XYZ class (new, or no official segment) is not judged. #}
with

contract_items as (
    select * from {{ ref('dim_contract_items') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

official_segments as (
    select * from {{ ref('int_official_segments_as_of') }}
),

length_policy as (
    select * from {{ ref('contract_length_policy') }}
),

product_volatility as (
    select
        official_segments.entity_id as product_id,
        substring(official_segments.official_segment, 2, 1) as xyz_class
    from official_segments
    where official_segments.entity_type = 'product'
),

active_items as (
    select
        contract_items.contract_id,
        contract_items.contract_item,
        contract_items.supplier_id,
        contract_items.product_id,
        contract_items.valid_from,
        contract_items.valid_to,
        {{ dbt.datediff(
            'contract_items.valid_from',
            dbt.dateadd('day', 1, 'contract_items.valid_to'),
            'month'
        ) }} as contract_months
    from contract_items
    cross join trailing_window
    where
        contract_items.valid_from <= trailing_window.as_of_date
        and contract_items.valid_to >= trailing_window.as_of_date
),

final as (
    select
        active_items.*,
        length_policy.xyz_class,
        length_policy.volatility,
        length_policy.min_contract_months,
        length_policy.max_contract_months,
        case
            when length_policy.xyz_class is null then 'not_judged'
            when active_items.contract_months < length_policy.min_contract_months
                then 'too_short'
            when active_items.contract_months > length_policy.max_contract_months
                then 'too_long'
            else 'fits'
        end as length_fit
    from active_items
    left join product_volatility
        on active_items.product_id = product_volatility.product_id
    left join length_policy
        on product_volatility.xyz_class = length_policy.xyz_class
)

select * from final
