{# BI contract: one row per open sourcing risk action as of the as-of date, with its owner
   (the owning team and steward of the seed's owner_dataset in the ownership registry) and
   due date (as-of date + the seed's days): single-sourced materials of strategic and
   bottleneck suppliers whose cover falls short of lead time and its variability, contracts
   whose length does not fit the material's volatility policy, suppliers below their
   segment's OTD benchmark for N consecutive months. #}
with

contingency as (
    select * from {{ ref('int_single_source_contingency') }}
),

contract_fit as (
    select * from {{ ref('int_contract_length_fit') }}
),

changeover as (
    select * from {{ ref('int_supplier_changeover') }}
),

action_policies as (
    select * from {{ ref('sourcing_action_policies') }}
),

ownership as (
    select * from {{ ref('data_ownership') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

actions as (
    select
        'single_source_contingency' as action_type,
        product_id as subject_id,
        supplier_id,
        product_id,
        cast(null as {{ dbt.type_string() }}) as contract_id,
        cast(null as {{ dbt.type_string() }}) as contract_item,
        supplier_segment,
        contingency_status as finding,
        weeks_of_cover,
        required_cover_weeks,
        alternate_supplier_id,
        recommendation,
        dual_source_cost_premium as cost_premium_estimate,
        cast(null as integer) as contract_months,
        cast(null as integer) as policy_min_months,
        cast(null as integer) as policy_max_months,
        cast(null as integer) as months_below_benchmark,
        cast(null as double) as otd_benchmark
    from contingency
    where contingency_status in ('alternate_qualified', 'exposed')
    union all
    select
        'contract_length' as action_type,
        contract_id || '/' || contract_item as subject_id,
        supplier_id,
        product_id,
        contract_id,
        contract_item,
        cast(null as {{ dbt.type_string() }}) as supplier_segment,
        length_fit as finding,
        cast(null as double) as weeks_of_cover,
        cast(null as double) as required_cover_weeks,
        cast(null as {{ dbt.type_string() }}) as alternate_supplier_id,
        case
            when length_fit = 'too_short' then 'lengthen_at_renewal'
            else 'shorten_at_renewal'
        end as recommendation,
        cast(null as double) as cost_premium_estimate,
        cast(contract_months as integer) as contract_months,
        min_contract_months as policy_min_months,
        max_contract_months as policy_max_months,
        cast(null as integer) as months_below_benchmark,
        cast(null as double) as otd_benchmark
    from contract_fit
    where length_fit in ('too_short', 'too_long')
    union all
    select
        'supplier_changeover' as action_type,
        supplier_id as subject_id,
        supplier_id,
        cast(null as {{ dbt.type_string() }}) as product_id,
        cast(null as {{ dbt.type_string() }}) as contract_id,
        cast(null as {{ dbt.type_string() }}) as contract_item,
        supplier_segment,
        'below_otd_benchmark' as finding,
        cast(null as double) as weeks_of_cover,
        cast(null as double) as required_cover_weeks,
        cast(null as {{ dbt.type_string() }}) as alternate_supplier_id,
        'changeover_review' as recommendation,
        cast(null as double) as cost_premium_estimate,
        cast(null as integer) as contract_months,
        cast(null as integer) as policy_min_months,
        cast(null as integer) as policy_max_months,
        cast(months_below as integer) as months_below_benchmark,
        otd_benchmark
    from changeover
    where is_changeover_due
),

final as (
    select
        actions.action_type || ':' || actions.subject_id as action_id,
        actions.*,
        action_policies.governance_step,
        ownership.owning_team as owner_team,
        ownership.steward as owner_steward,
        trailing_window.as_of_date,
        cast(
            {{ dbt.dateadd('day', 'action_policies.due_in_days', 'trailing_window.as_of_date') }}
            as date
        ) as due_date
    from actions
    cross join trailing_window
    inner join action_policies
        on actions.action_type = action_policies.action_type
    left join ownership
        on action_policies.owner_dataset = ownership.dataset
)

select * from final
