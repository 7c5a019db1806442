{# One row per order month with delivered lines: the freight its cost-to-serve lines carry,
   invoiced and accrued (estimated, not yet invoiced), and the month's cost maturity =
   invoiced / (invoiced + accrued) freight, 1 when nothing is accrued. A month whose maturity
   is below the seed threshold (serving_freight_accrual_parameters.cost_maturity_alert_min)
   is not mature enough for cost alerts (is_cost_mature false). #}
with

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
),

parameters as (
    select * from {{ ref('serving_freight_accrual_parameters') }}
),

month_freight as (
    select
        order_month as month,
        {{ exact_sum("invoiced_freight") }} as invoiced_freight,
        {{ exact_sum("accrued_freight") }} as accrued_freight
    from cost_to_serve_lines
    group by order_month
),

maturity as (
    select
        month_freight.month,
        month_freight.invoiced_freight,
        month_freight.accrued_freight,
        case
            when month_freight.accrued_freight > 0
                then
                    month_freight.invoiced_freight
                    / (month_freight.invoiced_freight + month_freight.accrued_freight)
            else 1.0
        end as cost_maturity,
        parameters.cost_maturity_alert_min
    from month_freight
    cross join parameters
),

flagged as (
    select
        month,
        invoiced_freight,
        accrued_freight,
        cost_maturity,
        cost_maturity >= cost_maturity_alert_min as is_cost_mature
    from maturity
)

select * from flagged
