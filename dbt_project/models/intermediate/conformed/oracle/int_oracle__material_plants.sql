{# One row per Oracle item and inventory organisation in the shape of stg_erp__material_plants:
   the standard cost (CST_STD_COSTS TOTAL_COST, per primary unit, so price unit 1) effective on
   the as-of date - the record whose effective range holds it, the latest start when several
   do. Oracle's item-organisation planning attributes are not extracted: no planned lead time
   (CR01 imputes it) and no safety stock. #}
with

standard_costs as (
    select * from {{ ref('stg_oracle__standard_costs') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

xref as (
    select * from {{ ref('int_master_xref') }}
    where object_type = 'product'
),

organizations as (
    select * from {{ ref('oracle_organizations') }}
),

effective as (
    select
        standard_costs.*,
        row_number() over (
            partition by standard_costs.source_item_id, standard_costs.organization_id
            order by standard_costs.effective_start_date desc, standard_costs.std_cost_id desc
        ) as _effective_rank
    from standard_costs
    cross join as_of
    where
        standard_costs.effective_start_date <= as_of.as_of_date
        and (
            standard_costs.effective_end_date is null
            or standard_costs.effective_end_date >= as_of.as_of_date
        )
),

shaped as (
    select
        coalesce(xref.global_id, effective.source_item_id) as product_id,
        coalesce(organizations.plant_id, effective.organization_id) as plant_id,
        cast(null as integer) as planned_lead_time_days,
        cast(null as decimal(18, 4)) as safety_stock_qty,
        effective.total_cost as standard_price,
        cast(1 as decimal(18, 4)) as price_unit,
        effective.currency,
        effective._extract_date,
        effective._source_file,
        effective._row_number,
        {{ source_columns('oracle') }}
    from effective
    left join xref
        on effective.source_item_id = xref.source_surrogate_id
    left join organizations
        on effective.organization_id = organizations.organization_id
    where effective._effective_rank = 1
)

select * from shaped
