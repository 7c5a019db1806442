{# One row per store (POS is the system of record for stores and their time zones), with
   the ERP ship-to customer it belongs to, plus the UNKNOWN member. #}
with

stores as (
    select * from {{ ref('stg_pos__stores') }}
),

known as (
    select
        store_id,
        customer_id,
        name,
        country,
        timezone,
        false as is_unknown_member
    from stores
    where store_id is not null
),

with_unknown as (
    select * from known
    union all
    select
        'UNKNOWN' as store_id,
        'UNKNOWN' as customer_id,
        'Unknown store' as name,
        cast(null as {{ dbt.type_string() }}) as country,
        cast(null as {{ dbt.type_string() }}) as timezone,
        true as is_unknown_member
)

select * from with_unknown
