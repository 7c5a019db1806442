{# One row per Oracle fulfillment line (latest LAST_UPDATE_DATE) in the shape of
   stg_erp__sales_order_items: order number prefixed ORA- (the two systems' numbers never
   meet), sold-to from the order header, ids on their global ids (an id missing from the
   Oracle masters is kept as delivered: the fact shows it on UNKNOWN, CR06), plant from seed
   oracle_organizations, amounts in the order currency, channel from the demand class. #}
with

lines as (
    select
        *,
        case demand_class_code
            when 'WHOLESALE' then '10'
            when 'RETAIL' then '20'
            when 'ONLINE' then '30'
        end as channel_code
    from {{ ref('stg_oracle__fulfillment_lines') }}
),

headers as (
    select * from {{ ref('stg_oracle__sales_order_headers') }}
),

xref as (
    select * from {{ ref('int_master_xref') }}
),

organizations as (
    select * from {{ ref('oracle_organizations') }}
),

shaped as (
    select
        'ORA-' || headers.order_number as sales_order_id,
        lines.fulfill_line_number as sales_order_item,
        coalesce(sold_to.global_id, headers.source_customer_id) as customer_id,
        coalesce(ship_to.global_id, lines.source_ship_to_customer_id) as ship_to_customer_id,
        coalesce(items.global_id, lines.source_item_id) as product_id,
        coalesce(organizations.plant_id, lines.organization_id) as plant_id,
        lines.ordered_qty,
        lines.extended_amount as net_value,
        headers.currency,
        headers.order_date,
        lines.request_ship_date as requested_date,
        lines.channel_code,
        {{ sales_channel_name('lines.channel_code') }} as channel,
        case lines.ship_class_of_service when 'EXPRESS' then 1 else 2 end as delivery_priority,
        case when lines.is_cancelled then 'CANCELED' end as rejection_reason,
        lines.is_cancelled,
        cast(lines.last_updated_at as date) as changed_date,
        lines._extract_date,
        lines._source_file,
        lines._row_number,
        {{ source_columns('oracle') }}
    from lines
    inner join headers
        on lines.header_id = headers.header_id
    left join xref as sold_to
        on sold_to.object_type = 'customer' and headers.source_customer_id = sold_to.source_surrogate_id
    left join xref as ship_to
        on ship_to.object_type = 'customer' and lines.source_ship_to_customer_id = ship_to.source_surrogate_id
    left join xref as items
        on items.object_type = 'product' and lines.source_item_id = items.source_surrogate_id
    left join organizations
        on lines.organization_id = organizations.organization_id
)

select * from shaped
