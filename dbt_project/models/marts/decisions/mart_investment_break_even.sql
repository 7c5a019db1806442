{# One row per investment (seed investments) x customer segment: the segment's yearly volumes
   of the drivers the investment changes - delivery items (handling), delivered kg to the
   investment's region (freight) and delivered lines (lead time) - over the 12 months up to
   the as-of date; the yearly saving = volume x rate change (a negative change saves); the
   segment's share of capex and opex = its share of the investment's saving (every segment
   pays for what it gains); payback months = capex share / monthly net saving (null when the
   net saving is not positive) and NPV = net saving x annuity factor over the life at the
   seed's discount rate - capex share. #}
with

investments as (
    select * from {{ ref('investments') }}
),

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
),

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

recent_lines as (
    select
        coalesce(customer_segments.customer_segment, 'unsegmented') as customer_segment,
        customers.country,
        cost_to_serve_lines.delivery_item_count,
        cost_to_serve_lines.delivered_weight_kg
    from cost_to_serve_lines
    cross join as_of
    left join customer_segments
        on cost_to_serve_lines.customer_id = customer_segments.customer_id
    left join customers
        on cost_to_serve_lines.customer_id = customers.customer_id
    where cost_to_serve_lines.order_date > {{ dbt.dateadd('month', -12, 'as_of.as_of_date') }}
),

segment_volumes as (
    select
        investments.investment_id,
        recent_lines.customer_segment,
        count(*) as delivered_lines,
        sum(recent_lines.delivery_item_count) as delivery_items,  -- exact: integer
        {% call exact_sum() %}
            case
                when
                    investments.region_countries = '*'
                    or {{ dbt.concat(["'|'", "investments.region_countries", "'|'"]) }}
                    like {{ dbt.concat(["'%|'", "recent_lines.country", "'|%'"]) }}
                    then recent_lines.delivered_weight_kg
                else 0.0
            end
        {% endcall %} as region_weight_kg
    from investments
    cross join recent_lines
    group by investments.investment_id, recent_lines.customer_segment
),

segment_savings as (
    select
        segment_volumes.*,
        {# 0 - x, not -x: a segment without volume saves 0, not -0 #}
        0.0 - (
            segment_volumes.delivery_items * coalesce(investments.handling_change_per_delivery_item_rc, 0.0)
            + segment_volumes.region_weight_kg * coalesce(investments.freight_change_per_kg_rc, 0.0)
        ) as annual_saving
    from segment_volumes
    inner join investments
        on segment_volumes.investment_id = investments.investment_id
),

investment_savings as (
    select
        investment_id,
        {{ exact_sum("greatest(annual_saving, 0.0)") }} as total_saving
    from segment_savings
    group by investment_id
),

allocated as (
    select
        segment_savings.*,
        investments.description,
        investments.life_years,
        investments.discount_rate,
        investments.lead_time_change_days,
        case
            when investment_savings.total_saving > 0
                then greatest(segment_savings.annual_saving, 0.0) / investment_savings.total_saving
            else 0.0
        end as cost_share,
        investments.capex_rc,
        investments.annual_opex_rc
    from segment_savings
    inner join investments
        on segment_savings.investment_id = investments.investment_id
    inner join investment_savings
        on segment_savings.investment_id = investment_savings.investment_id
),

evaluated as (
    select
        *,
        capex_rc * cost_share as capex_share,
        annual_opex_rc * cost_share as opex_share,
        annual_saving - annual_opex_rc * cost_share as annual_net_saving,
        case
            when discount_rate > 0
                then (1.0 - power(1.0 + discount_rate, -life_years)) / discount_rate
            else cast(life_years as double)
        end as annuity_factor
    from allocated
),

final as (
    select
        cast(investment_id as {{ dbt.type_string() }}) as investment_id,
        cast(description as {{ dbt.type_string() }}) as description,
        cast(customer_segment as {{ dbt.type_string() }}) as customer_segment,
        cast(delivered_lines as bigint) as delivered_lines_12m,
        cast(delivery_items as bigint) as delivery_items_12m,
        cast(region_weight_kg as double) as region_weight_kg_12m,
        cast(cost_share as double) as cost_share,
        cast(capex_share as double) as capex_share,
        cast(opex_share as double) as annual_opex_share,
        cast(annual_saving as double) as annual_saving,
        cast(annual_net_saving as double) as annual_net_saving,
        cast(
            case when annual_net_saving > 0 then capex_share / (annual_net_saving / 12.0) end as double
        ) as payback_months,
        cast(annual_net_saving * annuity_factor - capex_share as double) as npv,
        cast(discount_rate as double) as discount_rate,
        cast(life_years as integer) as life_years,
        cast(lead_time_change_days as double) as lead_time_change_days
    from evaluated
)

select * from final
