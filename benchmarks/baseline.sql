-- The raw-DuckDB baseline of `chainseg bench`: the core marts in one hand-written script,
-- over the tables the plain DuckDB readers made of the landing files (one table per entity,
-- named like the raw layer, every column as delivered plus `filename`). No dbt, no tests.
--
-- It does the work the marts need, the way a person would write it once: parse and
-- normalise ids, dates and numbers; keep the latest version of each record (version column,
-- then extract date, then file); convert money at the rate valid on the day; then
--   bl_product_segments   product ABC (trailing-12-month sales value; purchase value for raw
--                         and packaging materials) x XYZ (CoV of weekly demand, 52 weeks);
--   bl_supplier_segments  supplier Kraljic (spend ABC x supply risk score);
--   bl_cost_to_serve_line revenue, freight (invoiced charges spread over a shipment's items
--                         by weight), handling and order processing per delivered line.
-- ABC classes and Kraljic quadrants follow the same rules as the dbt models
-- (tests/test_bench.py compares them with the demo marts); the cost-to-serve figures are a
-- simpler allocation than the mart's (no accruals, no overhead pools): comparable work,
-- not the same numbers. Cleansing rules (quarantine, duplicate and unit checks) are left out:
-- that is the difference between "raw DuckDB" and the pipeline.
--
-- {seeds} is replaced by the seeds folder before the script runs.

create or replace macro nid(x) as
case
    when x is null or trim(x) = '' then null
    when regexp_full_match(trim(x), '[0-9]+')
        then coalesce(nullif(regexp_replace(trim(x), '^0+', ''), ''), '0')
    else upper(trim(x))
end;

create or replace macro sap_num(x) as
case
    when x is null or trim(x) = '' then null
    when trim(x) like '%-' then -1 * try_cast(rtrim(trim(x), '-') as decimal(18, 8))
    else try_cast(trim(x) as decimal(18, 8))
end;

create or replace macro num(x) as try_cast(nullif(trim(x), '') as decimal(18, 4));

create or replace macro sap_date(x) as
case
    when x is null or trim(x) in ('', '00000000') then null
    else cast(try_strptime(trim(x), '%Y%m%d') as date)
end;

create or replace macro iso_date(x) as try_cast(left(trim(x), 10) as date);

create or replace macro extract_date(f) as
try_cast(regexp_extract(f, '/(\d{4}-\d{2}-\d{2})/[^/]*$', 1) as date);

create or replace table bl_window as
with as_of as (
    select max(extract_date(filename)) as as_of_date
    from (
        select filename from erp__sales_order_item
        union all select filename from erp__purchase_order_item
        union all select filename from erp__fx_rate
    )
)
select
    as_of_date,
    as_of_date - 364 as start_12m,
    cast(date_trunc('week', as_of_date) as date) - 7 * 51 as start_52w
from as_of;

-- 1 currency unit = rate EUR, valid from valid_from until the next valid_from
create or replace table bl_fx as
with rates as (
    select
        upper(trim(fcurr)) as from_currency,
        upper(trim(tcurr)) as to_currency,
        sap_date(gdatu) as valid_from,
        cast(sap_num(ukurs) as double) as rate
    from erp__fx_rate
    qualify row_number() over (
        partition by upper(trim(fcurr)), upper(trim(tcurr)), sap_date(gdatu)
        order by extract_date(filename) desc, filename desc
    ) = 1
),
direct as (
    select from_currency as currency, valid_from, rate from rates
    where to_currency = 'EUR' and rate > 0
),
inverse as (
    select to_currency as currency, valid_from, 1.0 / rate as rate from rates
    where
        from_currency = 'EUR' and to_currency <> 'EUR' and rate > 0
        and not exists (
            select 1 from direct
            where direct.currency = rates.to_currency and direct.valid_from = rates.valid_from
        )
),
all_rates as (
    select * from direct
    union all select * from inverse
    union all select 'EUR', date '1900-01-01', 1.0
)
select
    currency,
    valid_from,
    lead(valid_from) over (partition by currency order by valid_from) as valid_to,
    rate
from all_rates;

create or replace table bl_products as
select
    nid(matnr) as product_id,
    upper(trim(mtart)) as material_type,
    case when upper(trim(gewei)) = 'G' then num(brgew) / 1000 else num(brgew) end as weight_kg,
    case when upper(trim(mtart)) in (
        select upper(material_type) from read_csv('{seeds}/product_demand_basis.csv')
        where demand_basis = 'consumption'
    ) then 'consumption' else 'sales' end as demand_basis
from erp__material
where nid(matnr) is not null
qualify row_number() over (
    partition by nid(matnr)
    order by sap_date(laeda) desc nulls last, extract_date(filename) desc, filename desc
) = 1;

create or replace table bl_sales_lines as
with latest as (
    select * from erp__sales_order_item
    qualify row_number() over (
        partition by nid(vbeln), nid(posnr)
        order by sap_date(aedat) desc nulls last, extract_date(filename) desc, filename desc
    ) = 1
)
select
    nid(latest.vbeln) as sales_order_id,
    nid(latest.posnr) as sales_order_item,
    nid(latest.kunnr) as customer_id,
    nid(latest.matnr) as product_id,
    cast(sap_num(latest.kwmeng) as double) as ordered_qty,
    cast(sap_num(latest.netwr) as double) * bl_fx.rate as net_value_rc,
    sap_date(latest.erdat) as order_date,
    coalesce(trim(latest.abgru), '') <> '' as is_cancelled
from latest
left join bl_fx
    on upper(trim(latest.waers)) = bl_fx.currency
    and sap_date(latest.erdat) >= bl_fx.valid_from
    and (bl_fx.valid_to is null or sap_date(latest.erdat) < bl_fx.valid_to);

create or replace table bl_po_lines as
with latest as (
    select * from erp__purchase_order_item
    qualify row_number() over (
        partition by nid(ebeln), nid(ebelp)
        order by sap_date(aedat) desc nulls last, extract_date(filename) desc, filename desc
    ) = 1
)
select
    nid(latest.lifnr) as supplier_id,
    nid(latest.matnr) as product_id,
    cast(sap_num(latest.netpr) as double) * bl_fx.rate / nullif(sap_num(latest.peinh), 0)
    * cast(sap_num(latest.menge) as double) as po_value_rc,
    sap_date(latest.bedat) as po_date,
    coalesce(trim(latest.loekz), '') <> '' as is_deleted
from latest
left join bl_fx
    on upper(trim(latest.waers)) = bl_fx.currency
    and sap_date(latest.bedat) >= bl_fx.valid_from
    and (bl_fx.valid_to is null or sap_date(latest.bedat) < bl_fx.valid_to);

-- product ABC: share of the value ranked above, per demand basis
create or replace table bl_product_abc as
with thresholds as (select * from read_csv('{seeds}/sourcing/product_segmentation_thresholds.csv')),
sales as (
    select product_id, sum(net_value_rc) as value_12m
    from bl_sales_lines, bl_window
    where not is_cancelled and order_date between start_12m and as_of_date
    group by product_id
),
purchases as (
    select product_id, sum(po_value_rc) as value_12m
    from bl_po_lines, bl_window
    where not is_deleted and po_date between start_12m and as_of_date
    group by product_id
),
valued as (
    select
        bl_products.product_id,
        bl_products.demand_basis,
        case when bl_products.demand_basis = 'consumption'
            then purchases.value_12m else sales.value_12m end as abc_value_12m
    from bl_products
    left join sales on bl_products.product_id = sales.product_id
    left join purchases on bl_products.product_id = purchases.product_id
),
ranked as (
    select
        *,
        coalesce(sum(abc_value_12m) over (
            partition by demand_basis order by abc_value_12m desc, product_id
            rows between unbounded preceding and 1 preceding
        ), 0) as value_before,
        sum(abc_value_12m) over (partition by demand_basis) as total_12m
    from valued
    where abc_value_12m is not null
)
select
    bl_products.product_id,
    ranked.abc_value_12m,
    case
        when ranked.product_id is null or not ranked.total_12m > 0 then 'C'
        when ranked.value_before / ranked.total_12m < thresholds.abc_a_max_share_before then 'A'
        when ranked.value_before / ranked.total_12m < thresholds.abc_b_max_share_before then 'B'
        else 'C'
    end as abc_class
from bl_products
cross join thresholds
left join ranked on bl_products.product_id = ranked.product_id;

-- product XYZ: CoV of weekly demand over 52 ISO weeks (ordered quantity; net receipts for
-- raw and packaging materials), weeks without demand as 0
create or replace table bl_product_segments as
with thresholds as (select * from read_csv('{seeds}/sourcing/product_segmentation_thresholds.csv')),
daily as (
    select 'sales' as basis, product_id, order_date as day, ordered_qty as qty
    from bl_sales_lines where not is_cancelled
    union all
    select
        'consumption',
        nid(matnr),
        sap_date(budat),
        case trim(bwart) when '101' then 1 when '102' then -1 when '122' then -1 end
        * cast(sap_num(menge) as double)
    from erp__goods_receipt
    where trim(bwart) in ('101', '102', '122')
),
weeks as (
    select cast(unnest(generate_series(start_52w, as_of_date, interval 7 day)) as date) as week
    from bl_window
),
weekly as (
    select
        bl_products.product_id,
        weeks.week,
        coalesce(sum(daily.qty), 0) as qty
    from bl_products
    cross join weeks
    left join daily
        on bl_products.product_id = daily.product_id
        and bl_products.demand_basis = daily.basis
        and cast(date_trunc('week', daily.day) as date) = weeks.week
    group by bl_products.product_id, weeks.week
),
cov as (
    select product_id, stddev_pop(qty) / nullif(avg(qty), 0) as demand_cov_52w
    from weekly group by product_id
),
-- lifecycle: a launch (first demand within launch_weeks, demand within phase_out_weeks) is
-- XYZ class new
lifecycle as (select * from read_csv('{seeds}/sourcing/product_lifecycle_parameters.csv')),
demand_days as (
    select bl_products.product_id, daily.day
    from bl_products
    cross join bl_window
    inner join daily
        on bl_products.product_id = daily.product_id
        and bl_products.demand_basis = daily.basis
    where daily.day <= bl_window.as_of_date
    group by bl_products.product_id, daily.day
    having sum(daily.qty) > 0
),
launches as (
    select demand_days.product_id
    from demand_days
    cross join bl_window
    cross join lifecycle
    group by demand_days.product_id, bl_window.as_of_date, lifecycle.launch_weeks,
        lifecycle.phase_out_weeks
    having min(demand_days.day) >= bl_window.as_of_date - cast(7 * lifecycle.launch_weeks as integer)
        and max(demand_days.day) > bl_window.as_of_date - cast(7 * lifecycle.phase_out_weeks as integer)
)
select
    bl_product_abc.product_id,
    bl_product_abc.abc_value_12m,
    bl_product_abc.abc_class,
    cov.demand_cov_52w,
    case
        when bl_product_abc.product_id in (select product_id from launches) then 'new'
        when cov.demand_cov_52w is null then 'Z'
        when cov.demand_cov_52w <= thresholds.xyz_x_max_cov then 'X'
        when cov.demand_cov_52w <= thresholds.xyz_y_max_cov then 'Y'
        else 'Z'
    end as xyz_class
from bl_product_abc
cross join thresholds
left join cov on bl_product_abc.product_id = cov.product_id;

-- supplier Kraljic: spend ABC x supply risk score (latest assessment, single sourcing,
-- country risk), unassessed suppliers with the seed's defaults
create or replace table bl_supplier_segments as
with parameters as (select * from read_csv('{seeds}/sourcing/supplier_kraljic_parameters.csv')),
country_scores as (select * from read_csv('{seeds}/sourcing/country_risk_scores.csv')),
suppliers as (
    select distinct nid(lifnr) as supplier_id from erp__vendor where nid(lifnr) is not null
),
assessments as (
    select
        nid(supplier_id) as supplier_id,
        cast(num(supply_risk_score) as double) as supply_risk_score,
        upper(trim(country_risk)) as country_risk
    from procurement__supplier_assessment
    qualify row_number() over (
        partition by nid(supplier_id)
        order by iso_date(assessed_on) desc nulls last, extract_date(filename) desc,
            filename desc
    ) = 1
),
lines as (
    select
        case when bl_po_lines.supplier_id in (select supplier_id from suppliers)
            then bl_po_lines.supplier_id else 'UNKNOWN' end as supplier_id,
        case when bl_po_lines.product_id in (select product_id from bl_products)
            then bl_po_lines.product_id else 'UNKNOWN' end as product_id,
        po_value_rc
    from bl_po_lines, bl_window
    where not is_deleted and po_date between start_12m and as_of_date
),
spend as (
    select
        lines.supplier_id,
        sum(po_value_rc) as spend_12m
    from lines
    inner join suppliers on lines.supplier_id = suppliers.supplier_id
    group by lines.supplier_id
),
ranked as (
    select
        *,
        coalesce(sum(spend_12m) over (
            order by spend_12m desc, supplier_id
            rows between unbounded preceding and 1 preceding
        ), 0) as spend_before,
        sum(spend_12m) over () as total_12m
    from spend
),
single_sourced as (
    select lines.supplier_id, count(distinct lines.product_id) as materials
    from lines
    inner join (
        select product_id from lines where product_id <> 'UNKNOWN'
        group by product_id having count(distinct supplier_id) = 1
    ) as single on lines.product_id = single.product_id
    group by lines.supplier_id
),
scored as (
    select
        suppliers.supplier_id,
        ranked.spend_12m,
        case
            when ranked.supplier_id is null or not ranked.total_12m > 0 then 'C'
            when ranked.spend_before / ranked.total_12m < parameters.impact_a_max_share_before
                then 'A'
            when ranked.spend_before / ranked.total_12m < parameters.impact_b_max_share_before
                then 'B'
            else 'C'
        end as spend_abc_class,
        round(
            parameters.weight_supply_risk * case when assessments.supplier_id is not null
                then coalesce(assessments.supply_risk_score, parameters.unassessed_supply_risk_score)
                else parameters.unassessed_supply_risk_score end
            + parameters.weight_single_source * case when coalesce(single_sourced.materials, 0) > 0
                then parameters.single_source_score else parameters.multi_source_score end
            + parameters.weight_country_risk * country_scores.country_risk_score,
            9
        ) as supply_risk_score,
        parameters.high_risk_min_score
    from suppliers
    cross join parameters
    left join ranked on suppliers.supplier_id = ranked.supplier_id
    left join assessments on suppliers.supplier_id = assessments.supplier_id
    left join single_sourced on suppliers.supplier_id = single_sourced.supplier_id
    left join country_scores
        on country_scores.country_risk = case when assessments.supplier_id is not null
            then coalesce(assessments.country_risk, parameters.unassessed_country_risk)
            else parameters.unassessed_country_risk end
)
select
    supplier_id,
    spend_12m,
    spend_abc_class,
    supply_risk_score,
    case
        when spend_abc_class = 'A' and supply_risk_score >= high_risk_min_score then 'strategic'
        when spend_abc_class = 'A' then 'leverage'
        when supply_risk_score >= high_risk_min_score then 'bottleneck'
        else 'routine'
    end as kraljic_segment
from scored;

-- cost to serve per delivered sales order line: freight charges of a shipment spread over
-- its delivery items by weight, handling per item and per kg, order processing split evenly
-- over the order's delivered lines
create or replace table bl_cost_to_serve_line as
with rates as (select * from read_csv('{seeds}/serving/serving_cost_rates.csv')),
delivery_items as (
    select
        nid(vbeln) as delivery_id,
        nid(vgbel) as sales_order_id,
        nid(vgpos) as sales_order_item,
        nid(matnr) as product_id,
        cast(sap_num(lfimg) as double) as delivered_qty,
        sap_date(wadat_ist) as goods_issue_date
    from erp__delivery_item
    qualify row_number() over (
        partition by nid(vbeln), nid(posnr)
        order by extract_date(filename) desc, filename desc
    ) = 1
),
items as (
    select
        delivery_items.*,
        delivery_items.delivered_qty * coalesce(bl_products.weight_kg, 0) as weight_kg
    from delivery_items
    cross join bl_window
    left join bl_products on delivery_items.product_id = bl_products.product_id
    where delivery_items.goods_issue_date <= bl_window.as_of_date
),
latest_shipments as (
    select nid(shipment_id) as shipment_id, deliveries
    from tms__shipment
    qualify row_number() over (
        partition by nid(shipment_id)
        order by try_cast(updated_at as timestamptz) desc nulls last,
            extract_date(filename) desc, filename desc
    ) = 1
),
shipments as (
    select distinct
        latest_shipments.shipment_id,
        nid(delivery.id) as delivery_id
    from latest_shipments,
        unnest(try_cast(latest_shipments.deliveries as varchar[])) as delivery (id)
),
charges as (
    select
        nid(charges.shipment_id) as shipment_id,
        sum(cast(num(charges.amount) as double) * bl_fx.rate) as freight_rc
    from (
        select * from tms__freight_charge
        qualify row_number() over (
            partition by nid(charge_id) order by extract_date(filename) desc, filename desc
        ) = 1
    ) as charges
    left join bl_fx
        on upper(trim(charges.currency)) = bl_fx.currency
        and iso_date(charges.invoiced_at) >= bl_fx.valid_from
        and (bl_fx.valid_to is null or iso_date(charges.invoiced_at) < bl_fx.valid_to)
    group by nid(charges.shipment_id)
),
item_freight as (
    select
        items.*,
        coalesce(
            charges.freight_rc * items.weight_kg
            / nullif(sum(items.weight_kg) over (partition by shipments.shipment_id), 0),
            0
        ) as freight_rc
    from items
    left join shipments on items.delivery_id = shipments.delivery_id
    left join charges on shipments.shipment_id = charges.shipment_id
),
lines as (
    select
        sales_order_id,
        sales_order_item,
        sum(freight_rc) as freight_rc,
        count(*) as delivery_items,
        sum(weight_kg) as weight_kg
    from item_freight
    group by sales_order_id, sales_order_item
)
select
    bl_sales_lines.sales_order_id,
    bl_sales_lines.sales_order_item,
    bl_sales_lines.customer_id,
    bl_sales_lines.product_id,
    bl_sales_lines.order_date,
    bl_sales_lines.net_value_rc as revenue_rc,
    lines.freight_rc,
    lines.delivery_items * rates.handling_rate_per_delivery_item
    + lines.weight_kg * rates.handling_rate_per_kg as handling_rc,
    rates.order_processing_rate_per_order
    / count(*) over (partition by bl_sales_lines.sales_order_id) as order_processing_rc
from bl_sales_lines
inner join lines
    on bl_sales_lines.sales_order_id = lines.sales_order_id
    and bl_sales_lines.sales_order_item = lines.sales_order_item
cross join rates
where not bl_sales_lines.is_cancelled;
