{# One row per sales order line. Delta: ERP re-sends changed lines; keep the greatest AEDAT per SO line.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_erp__sales_order_item') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['sales_order_id', 'sales_order_item'], 'changed_date') }} as _version_rank
    from base
),

latest as (
    select
        sales_order_id,
        sales_order_item,
        customer_id,
        ship_to_customer_id,
        product_id,
        plant_id,
        ordered_qty,
        net_value,
        currency,
        order_date,
        requested_date,
        channel_code,
        channel,
        delivery_priority,
        rejection_reason,
        is_cancelled,
        changed_date,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
