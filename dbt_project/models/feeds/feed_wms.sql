{# WMS feed: one row per product (the unknown and deleted ones left out).
   Pick frequency = delivery lines (picks) goods-issued in the trailing 12-month window. The
   products are ranked by it (most picked first, ties by product id); the rank share is the
   rank over the number of products, and the slotting zone is the first zone of seed
   wms_slotting_zones (by zone_order) whose max_pick_rank_share is at or above it; a product
   never picked goes to the last zone. Cross-dock eligible: packaging that can cross the dock
   (seed wms_cross_dock_rules by base unit) and at least min_weekly_pick_lines picks a week.
   The product's OFFICIAL segment as of the as-of date is carried for reference. #}
with

products as (
    select * from {{ ref('dim_product') }}
),

delivery_items as (
    select * from {{ ref('fct_delivery_items') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

official_segments as (
    select * from {{ ref('int_official_segments_as_of') }}
),

zones as (
    select * from {{ ref('wms_slotting_zones') }}
),

cross_dock_rules as (
    select * from {{ ref('wms_cross_dock_rules') }}
),

product_segments as (
    select
        official_segments.entity_id as product_id,
        official_segments.official_segment as product_segment
    from official_segments
    where official_segments.entity_type = 'product'
),

picks as (
    select
        delivery_items.product_id,
        count(*) as pick_lines_12m
    from delivery_items
    cross join trailing_window
    where
        delivery_items.goods_issue_date >= trailing_window.trailing_12m_start_date
        and delivery_items.goods_issue_date <= trailing_window.as_of_date
    group by delivery_items.product_id
),

ranked as (
    select
        products.product_id,
        products.base_unit,
        coalesce(picks.pick_lines_12m, 0) as pick_lines_12m,
        coalesce(picks.pick_lines_12m, 0) * 7.0 / trailing_window.trailing_12m_days
            as weekly_pick_lines,
        row_number() over (
            order by coalesce(picks.pick_lines_12m, 0) desc, products.product_id asc
        ) as pick_rank,
        count(*) over () as product_count
    from products
    cross join trailing_window
    left join picks
        on products.product_id = picks.product_id
    where
        not products.is_unknown_member
        and not coalesce(products.is_deleted, false)
),

zone_orders as (
    select
        ranked.product_id,
        case
            when ranked.pick_lines_12m = 0 then max(zones.zone_order)
            else min(
                    case
                        when
                            cast(ranked.pick_rank as double) / ranked.product_count
                            <= zones.max_pick_rank_share
                            then zones.zone_order
                    end
                )
        end as zone_order
    from ranked
    cross join zones
    group by ranked.product_id, ranked.pick_lines_12m
),

final as (
    select
        cast(ranked.product_id as {{ dbt.type_string() }}) as product_id,
        cast(coalesce(product_segments.product_segment, 'unassigned') as {{ dbt.type_string() }})
            as product_segment,
        cast(ranked.base_unit as {{ dbt.type_string() }}) as base_unit,
        cast(ranked.pick_lines_12m as integer) as pick_lines_12m,
        cast(ranked.weekly_pick_lines as decimal(12, 4)) as weekly_pick_lines,
        cast(ranked.pick_rank as integer) as pick_rank,
        cast(cast(ranked.pick_rank as double) / ranked.product_count as decimal(8, 4))
            as pick_rank_share,
        cast(zones.slotting_zone as {{ dbt.type_string() }}) as slotting_zone,
        cast(
            coalesce(cross_dock_rules.is_cross_dock_packaging, false)
            and ranked.weekly_pick_lines >= cross_dock_rules.min_weekly_pick_lines
            as boolean
        ) as is_cross_dock_eligible
    from ranked
    inner join zone_orders
        on ranked.product_id = zone_orders.product_id
    left join zones
        on zone_orders.zone_order = zones.zone_order
    left join product_segments
        on ranked.product_id = product_segments.product_id
    left join cross_dock_rules
        on ranked.base_unit = cross_dock_rules.base_unit
)

select * from final
