{# One row per carrier (TMS is the system of record), plus the UNKNOWN member. #}
with

carriers as (
    select * from {{ ref('stg_tms__carriers') }}
),

known as (
    select
        carrier_id,
        name,
        scac,
        modes_json,
        false as is_unknown_member
    from carriers
    where carrier_id is not null
),

with_unknown as (
    select * from known
    union all
    select
        'UNKNOWN' as carrier_id,
        'Unknown carrier' as name,
        cast(null as {{ dbt.type_string() }}) as scac,
        cast(null as {{ dbt.type_string() }}) as modes_json,
        true as is_unknown_member
)

select * from with_unknown
