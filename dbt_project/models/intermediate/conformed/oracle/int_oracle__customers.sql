{# One row per Oracle customer account in the shape of stg_erp__customers, keyed by its
   global customer id (seed master_xref; provisional ORA-<number> when unmapped). The sales
   channel word maps to the ERP channel codes (WHOLESALE 10, RETAIL 20, ONLINE 30); the
   account carries no hierarchy (parent empty: a top-level account). #}
with

customers as (
    select * from {{ ref('stg_oracle__customers') }}
),

xref as (
    select * from {{ ref('int_master_xref') }}
    where object_type = 'customer'
),

coded as (
    select
        *,
        case sales_channel_code
            when 'WHOLESALE' then '10'
            when 'RETAIL' then '20'
            when 'ONLINE' then '30'
        end as channel_code
    from customers
),

shaped as (
    select
        xref.global_id as customer_id,
        coded.name,
        coded.country,
        coded.state as region,
        coded.channel_code,
        {{ sales_channel_name('coded.channel_code') }} as channel,
        cast(null as {{ dbt.type_string() }}) as parent_customer_id,
        coded.created_date,
        coded._extract_date,
        coded._source_file,
        coded._row_number,
        {{ source_columns('oracle') }},
        coded.account_number as source_customer_id,
        xref.is_xref_unmapped
    from coded
    inner join xref
        on coded.source_customer_id = xref.source_surrogate_id
)

select * from shaped
