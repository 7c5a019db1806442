{# One row per product x month with stock snapshots: the month's average stock value at
   standard cost over its snapshot dates (all plants; a product missing on a snapshot date
   counts as 0 there, so the figures add up over products), and the quantity and value of the
   month's last snapshot, and the same over the plants with stock (a negative balance, which
   SAP allows, counts as 0 there, so that it neither offsets another plant's stock nor gives a
   negative value). Feeds inventory turns and the excess-inventory cost.
   Incremental on DuckDB: the months reopened as in macros/incremental.sql. #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('int_product_stock_month') %}
with{{ delta_keys_cte(delta) }}

stock_snapshots as (
    select * from {{ ref('fct_stock_snapshots') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

snapshots_in_scope as (
    select
        stock_snapshots.snapshot_date,
        cast({{ dbt.date_trunc('month', 'stock_snapshots.snapshot_date') }} as date) as month,
        stock_snapshots.product_id,
        cast(stock_snapshots.total_qty as double) as total_qty,
        cast(stock_snapshots.stock_value_rc as double) as stock_value_rc
    from stock_snapshots
    cross join as_of
    where stock_snapshots.snapshot_date <= as_of.as_of_date
),

snapshots_of_months as (
    select * from snapshots_in_scope
    where {{ in_fact_delta('int_product_stock_month', delta, 'snapshots_in_scope') }}
),

month_snapshot_dates as (
    select
        month,
        count(distinct snapshot_date) as snapshot_date_count,
        max(snapshot_date) as last_snapshot_date
    from snapshots_of_months
    group by month
),

product_month_values as (
    select
        snapshots_of_months.product_id,
        snapshots_of_months.month,
        {{ exact_sum("coalesce(snapshots_of_months.stock_value_rc, 0.0)") }} as stock_value_day_sum,
        {% call exact_sum() %}
            case
                when snapshots_of_months.snapshot_date = month_snapshot_dates.last_snapshot_date
                    then coalesce(snapshots_of_months.total_qty, 0.0)
                else 0.0
            end
        {% endcall %} as last_snapshot_qty,
        {% call exact_sum() %}
            case
                when snapshots_of_months.snapshot_date = month_snapshot_dates.last_snapshot_date
                    then coalesce(snapshots_of_months.stock_value_rc, 0.0)
                else 0.0
            end
        {% endcall %} as last_snapshot_value_rc,
        {% call exact_sum() %}
            case
                when
                    snapshots_of_months.snapshot_date = month_snapshot_dates.last_snapshot_date
                    and snapshots_of_months.total_qty > 0
                    then snapshots_of_months.total_qty
                else 0.0
            end
        {% endcall %} as last_snapshot_on_hand_qty,
        {% call exact_sum() %}
            case
                when
                    snapshots_of_months.snapshot_date = month_snapshot_dates.last_snapshot_date
                    and snapshots_of_months.total_qty > 0
                    then coalesce(snapshots_of_months.stock_value_rc, 0.0)
                else 0.0
            end
        {% endcall %} as last_snapshot_on_hand_value_rc
    from snapshots_of_months
    inner join month_snapshot_dates
        on snapshots_of_months.month = month_snapshot_dates.month
    group by snapshots_of_months.product_id, snapshots_of_months.month
),

product_months as (
    select
        product_month_values.product_id,
        product_month_values.month,
        month_snapshot_dates.last_snapshot_date,
        product_month_values.stock_value_day_sum
        / month_snapshot_dates.snapshot_date_count as avg_stock_value_rc,
        product_month_values.last_snapshot_qty,
        product_month_values.last_snapshot_value_rc,
        product_month_values.last_snapshot_on_hand_qty,
        product_month_values.last_snapshot_on_hand_value_rc
    from product_month_values
    inner join month_snapshot_dates
        on product_month_values.month = month_snapshot_dates.month
)

select * from product_months
