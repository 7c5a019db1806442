{# One row per product and plant: planned and effective lead time with its source (CR01),
   safety stock, and the current standard cost per base unit (STPRS / PEINH) in the reporting
   currency at the rate valid on the as-of date. Both systems: SAP's material/plant records
   and the Oracle item costs per inventory organisation (int_oracle__material_plants). #}
with

material_plants as (
    {{ sap_and_oracle('stg_erp__material_plants', 'int_oracle__material_plants') }}
),

lead_times as (
    select * from {{ ref('int_product_plant_lead_times') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

costed as (
    select
        material_plants.product_id,
        material_plants.plant_id,
        lead_times.planned_lead_time_days,
        lead_times.effective_lead_time_days,
        lead_times.lead_time_source,
        cast(material_plants.safety_stock_qty as double) as safety_stock_qty,
        {{ to_reporting_currency('material_plants.standard_price', 'fx') }} / nullif(material_plants.price_unit, 0) as standard_cost_rc,
        material_plants.currency,
        cast(material_plants.standard_price as double) as standard_price,
        cast(material_plants.price_unit as double) as price_unit,
        material_plants.source_system,
        material_plants.business_unit
    from material_plants
    cross join as_of
    left join lead_times
        on
            material_plants.product_id = lead_times.product_id
            and material_plants.plant_id = lead_times.plant_id
    {{ fx_rate_join('fx', 'material_plants.currency', 'as_of.as_of_date') }}
)

select * from costed
