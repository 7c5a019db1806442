{# ATP feed: one row per product (the unknown and deleted ones left out) x customer segment of
   seed customer_segment_policies, with the lead days the ATP check promises: seed
   atp_promised_lead_days by the product's OFFICIAL ABC-XYZ segment as of the as-of date and
   the customer segment. A product without an official segment, or with a segment the seed
   does not list, takes the seed's unassigned row. #}
with

products as (
    select * from {{ ref('dim_product') }}
),

official_segments as (
    select * from {{ ref('int_official_segments_as_of') }}
),

customer_policies as (
    select * from {{ ref('customer_segment_policies') }}
),

lead_days as (
    select * from {{ ref('atp_promised_lead_days') }}
),

product_segments as (
    select
        official_segments.entity_id as product_id,
        official_segments.official_segment as product_segment
    from official_segments
    where official_segments.entity_type = 'product'
),

listed_segments as (
    select distinct product_segment from lead_days
),

assigned as (
    select
        products.product_id,
        coalesce(listed_segments.product_segment, 'unassigned') as product_segment
    from products
    left join product_segments
        on products.product_id = product_segments.product_id
    left join listed_segments
        on product_segments.product_segment = listed_segments.product_segment
    where
        not products.is_unknown_member
        and not coalesce(products.is_deleted, false)
),

final as (
    select
        cast(assigned.product_id as {{ dbt.type_string() }}) as product_id,
        cast(assigned.product_segment as {{ dbt.type_string() }}) as product_segment,
        cast(customer_policies.customer_segment as {{ dbt.type_string() }}) as customer_segment,
        cast(lead_days.promised_lead_days as integer) as promised_lead_days
    from assigned
    cross join customer_policies
    inner join lead_days
        on
            assigned.product_segment = lead_days.product_segment
            and customer_policies.customer_segment = lead_days.customer_segment
)

select * from final
