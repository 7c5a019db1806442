{# One row per delivery item. Delta: a re-sent delivery item supersedes by extract date, file and row.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_erp__delivery_item') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['delivery_id', 'delivery_item']) }} as _version_rank
    from base
),

latest as (
    select
        delivery_id,
        delivery_item,
        sales_order_id,
        sales_order_item,
        product_id,
        delivered_qty,
        goods_issue_date,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
