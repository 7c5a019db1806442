{# One row per raw erp/material_plant row typed and normalised, with its unparseable fields (STG01). #}
with

source as (
    {{ landed_as_of('raw', 'erp__material_plant') }}
),

parsed as (
    select
        *,
        {{ parse_sap_number('plifz') }} as planned_lead_time_number,
        {{ parse_sap_number('eisbe') }} as safety_stock_qty,
        {{ parse_sap_number('stprs') }} as standard_price,
        {{ parse_sap_number('peinh') }} as price_unit
    from source
),

typed as (
    select
        {{ normalize_id('matnr') }} as product_id,
        {{ normalize_id('werks') }} as plant_id,
        cast(planned_lead_time_number as integer) as planned_lead_time_days,
        safety_stock_qty,
        standard_price,
        price_unit,
        upper(trim(waers)) as currency,
        {{ parse_errors([
            unparseable_field('PLIFZ', 'plifz', 'planned_lead_time_number'),
            unparseable_field('EISBE', 'eisbe', 'safety_stock_qty'),
            unparseable_field('STPRS', 'stprs', 'standard_price'),
            unparseable_field('PEINH', 'peinh', 'price_unit'),
        ]) }} as _parse_errors,
        {{ row_content_hash(['matnr', 'werks', 'plifz', 'eisbe', 'stprs', 'peinh', 'waers']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
