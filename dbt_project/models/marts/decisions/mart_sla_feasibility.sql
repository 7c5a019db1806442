{# One row per customer contract (seed customer_contract_terms): the contract's promised lead
   days, OTIF commitment and penalty against the service policy of the customer's segment
   (customer_segment_policies) and the actual OTIF over the 12 months up to the as-of date
   (order lines due - requested date - in that window, as int_sales_order_line_otif judges
   them), for the customer and its whole segment. A conflict = the policy is weaker than the
   contract: it promises more lead days, or targets a lower OTIF than the contract commits
   to. Penalty exposure = the customer's failed (not OTIF) lines x the penalty per line;
   policy exposure = its due lines x the share of lines the policy lets fail (1 - OTIF
   target) x the penalty - what the policy costs under the contract even when met. #}
with

contracts as (
    select * from {{ ref('customer_contract_terms') }}
),

policies as (
    select * from {{ ref('customer_segment_policies') }}
),

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

line_otif as (
    select * from {{ ref('int_sales_order_line_otif') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

recent_lines as (
    select
        line_otif.customer_id,
        coalesce(customer_segments.customer_segment, 'unsegmented') as customer_segment,
        line_otif.is_otif
    from line_otif
    cross join as_of
    left join customer_segments
        on line_otif.customer_id = customer_segments.customer_id
    where line_otif.requested_date > {{ dbt.dateadd('month', -12, 'as_of.as_of_date') }}
),

customer_otif as (
    select
        customer_id,
        count(*) as due_lines,
        sum(case when is_otif then 0 else 1 end) as failed_lines
    from recent_lines
    group by customer_id
),

segment_otif as (
    select
        customer_segment,
        count(*) as due_lines,
        sum(case when is_otif then 1 else 0 end) as otif_lines
    from recent_lines
    group by customer_segment
),

compared as (
    select
        contracts.customer_id,
        coalesce(customer_segments.customer_segment, 'unsegmented') as customer_segment,
        contracts.promised_lead_days as contract_lead_days,
        policies.promised_lead_days as policy_lead_days,
        contracts.otif_commitment,
        policies.otif_target as policy_otif_target,
        contracts.penalty_per_failed_line_rc,
        coalesce(customer_otif.due_lines, 0) as due_lines,
        coalesce(customer_otif.failed_lines, 0) as failed_lines,
        case
            when customer_otif.due_lines > 0
                then 1.0 - cast(customer_otif.failed_lines as double) / customer_otif.due_lines
        end as actual_otif,
        case
            when segment_otif.due_lines > 0
                then cast(segment_otif.otif_lines as double) / segment_otif.due_lines
        end as segment_actual_otif,
        coalesce(policies.promised_lead_days > contracts.promised_lead_days, false)
            as is_lead_time_conflict,
        coalesce(policies.otif_target < contracts.otif_commitment, false) as is_otif_conflict
    from contracts
    left join customer_segments
        on contracts.customer_id = customer_segments.customer_id
    left join policies
        on coalesce(customer_segments.customer_segment, 'unsegmented') = policies.customer_segment
    left join customer_otif
        on contracts.customer_id = customer_otif.customer_id
    left join segment_otif
        on coalesce(customer_segments.customer_segment, 'unsegmented') = segment_otif.customer_segment
),

final as (
    select
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(customer_segment as {{ dbt.type_string() }}) as customer_segment,
        cast(contract_lead_days as integer) as contract_lead_days,
        cast(policy_lead_days as integer) as policy_lead_days,
        cast(otif_commitment as double) as otif_commitment,
        cast(policy_otif_target as double) as policy_otif_target,
        cast(actual_otif as double) as actual_otif,
        cast(segment_actual_otif as double) as segment_actual_otif,
        cast(due_lines as bigint) as due_lines_12m,
        cast(failed_lines as bigint) as failed_lines_12m,
        cast(is_lead_time_conflict as boolean) as is_lead_time_conflict,
        cast(is_otif_conflict as boolean) as is_otif_conflict,
        cast(coalesce(actual_otif < otif_commitment, false) as boolean) as is_otif_breached,
        cast(
            case
                when is_lead_time_conflict and is_otif_conflict
                    then 'policy promises more lead days and targets a lower OTIF than the contract'
                when is_lead_time_conflict then 'policy promises more lead days than the contract'
                when is_otif_conflict then 'policy targets a lower OTIF than the contract commits to'
            end as {{ dbt.type_string() }}
        ) as conflict,
        cast(penalty_per_failed_line_rc as double) as penalty_per_failed_line,
        cast(failed_lines * penalty_per_failed_line_rc as double) as penalty_exposure_12m,
        cast(
            due_lines * (1.0 - coalesce(policy_otif_target, 0.0)) * penalty_per_failed_line_rc
            as double
        ) as policy_penalty_exposure_12m
    from compared
)

select * from final
