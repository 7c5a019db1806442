{# One row per source, rule, check and extract date: rows checked, rows the check failed
   (flagged, repaired, imputed, dropped or quarantined) and rows quarantined. Checks of one
   rule are mutually exclusive per row, so fct_data_quality_counts sums them per rule; the
   '_checked' row of a rule carries its rows_checked even on a day without failures.
   CR06 and CR08 count rows per kind of key / first id defect. #}
{%- set cr06_sources = [] -%}
{%- for m in master_references() -%}
    {%- for r in m.refs -%}
        {%- if r[0] not in cr06_sources -%}{%- do cr06_sources.append(r[0]) -%}{%- endif -%}
    {%- endfor -%}
{%- endfor -%}
{%- set cr07_sources = [
    'erp/material_plant', 'erp/purchase_order_item', 'erp/sales_order_item', 'tms/freight_charge',
    'pos/sales_line', 'erp/material', 'tms/shipment',
] -%}
{%- set cr08_sources = source_id_columns() | map(attribute='entity') | list -%}
with

file_ledger as (
    select * from {{ source('raw', '_file_ledger') }}
),

file_rejections as (
    select * from {{ source('raw', '_file_rejections') }}
),

row_counts as (
    select * from {{ ref('int_staged_row_counts') }}
),

material_plants as (
    select * from {{ ref('base_erp__material_plant') }}
    where _parse_errors is null
),

lead_times as (
    select * from {{ ref('int_product_plant_lead_times') }}
),

po_lines_received as (
    select * from {{ ref('int_purchase_order_lines_received') }}
),

notifications as (
    select * from {{ ref('int_quality_notifications_checked') }}
),

duplicates as (
    select * from {{ ref('int_cr05_duplicates') }}
),

unknown_references as (
    select * from {{ ref('int_cr06_unknown_references') }}
),

conversions as (
    select * from {{ ref('int_cr07_conversions') }}
),

id_checks as (
    select * from {{ ref('int_cr08_id_checks') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
    where not is_unknown_member
),

customer_extracts as (
    select * from {{ ref('stg_erp__customers') }}
),

products as (
    select * from {{ ref('dim_product') }}
    where not is_unknown_member
),

material_extracts as (
    select * from {{ ref('stg_erp__materials') }}
),

ing01 as (
    select
        entity as source,
        'ING01' as rule_id,
        'unparseable_row' as check_name,
        extract_date,
        sum(rows_read) as rows_checked,
        sum(rows_quarantined) as rows_failed,
        sum(rows_quarantined) as rows_quarantined
    from file_ledger
    group by entity, extract_date
),

ing02 as (
    {# A rejected file is quarantined whole; its rows were never read into raw, so the
       counts here are files. #}
    select
        entity as source,
        'ING02' as rule_id,
        'missing_required_column' as check_name,
        extract_date,
        count(*) as rows_checked,
        count(*) as rows_failed,
        count(*) as rows_quarantined
    from file_rejections
    group by entity, extract_date
),

stg01 as (
    select
        source,
        'STG01' as rule_id,
        'unparseable_value' as check_name,
        extract_date,
        rows_read as rows_checked,
        rows_read - rows_parsed as rows_failed,
        rows_read - rows_parsed as rows_quarantined
    from row_counts
),

cr01 as (
    select
        'erp/material_plant' as source,
        'CR01' as rule_id,
        coalesce(lead_times.lead_time_source, 'unknown') as check_name,
        material_plants._extract_date as extract_date,
        cast(null as bigint) as rows_checked,
        count(*) as rows_failed,
        0 as rows_quarantined
    from material_plants
    left join lead_times
        on
            material_plants.product_id = lead_times.product_id
            and material_plants.plant_id = lead_times.plant_id
    where coalesce(material_plants.planned_lead_time_days, 0) = 0
    group by coalesce(lead_times.lead_time_source, 'unknown'), material_plants._extract_date
),

cr02 as (
    {# Lead-time outliers are receipt timing defects: counted on erp/goods_receipt, on the
       extract date of the PO line's first 101 receipt. #}
    select
        'erp/goods_receipt' as source,
        'CR02' as rule_id,
        coalesce(lead_time_outlier_reason, '_checked') as check_name,
        first_receipt_extract_date as extract_date,
        count(*) as rows_checked,
        sum(case when is_lead_time_outlier then 1 else 0 end) as rows_failed,
        0 as rows_quarantined
    from po_lines_received
    where actual_lead_time_days is not null
    group by coalesce(lead_time_outlier_reason, '_checked'), first_receipt_extract_date
),

cr03 as (
    select
        'procurement/quality_notification' as source,
        'CR03' as rule_id,
        coalesce(cr03_failure, '_checked') as check_name,
        _extract_date as extract_date,
        count(*) as rows_checked,
        sum(case when cr03_failure is not null then 1 else 0 end) as rows_failed,
        sum(case when cr03_failure is not null then 1 else 0 end) as rows_quarantined
    from notifications
    group by coalesce(cr03_failure, '_checked'), _extract_date
),

cr04 as (
    select
        'procurement/quality_notification' as source,
        'CR04' as rule_id,
        coalesce(cr04_failure, '_checked') as check_name,
        _extract_date as extract_date,
        count(*) as rows_checked,
        sum(case when cr04_failure is not null then 1 else 0 end) as rows_failed,
        sum(case when quarantine_rule_id = 'CR04' then 1 else 0 end) as rows_quarantined
    from notifications
    where cr03_failure is null
    group by coalesce(cr04_failure, '_checked'), _extract_date
),

cr05 as (
    select
        source,
        'CR05' as rule_id,
        duplicate_kind as check_name,
        extract_date,
        cast(null as bigint) as rows_checked,
        count(*) as rows_failed,
        0 as rows_quarantined
    from duplicates
    group by source, duplicate_kind, extract_date
),

cr06 as (
    select
        source,
        'CR06' as rule_id,
        'unknown_' || key_kind as check_name,
        extract_date,
        cast(null as bigint) as rows_checked,
        count(*) as rows_failed,
        0 as rows_quarantined
    from unknown_references
    group by source, key_kind, extract_date
),

cr07 as (
    select
        source,
        'CR07' as rule_id,
        conversion as check_name,
        extract_date,
        cast(null as bigint) as rows_checked,
        count(*) as rows_failed,
        0 as rows_quarantined
    from conversions
    group by source, conversion, extract_date
),

cr08 as (
    select
        source,
        'CR08' as rule_id,
        id_defect as check_name,
        extract_date,
        cast(null as bigint) as rows_checked,
        count(*) as rows_failed,
        0 as rows_quarantined
    from id_checks
    group by source, id_defect, extract_date
),

checked_baselines as (
    {# rows_checked of the row-level rules: parsed rows (CR01, CR05-CR07) or rows read
       (CR08, which looks at raw text) of each applicable source and extract date. #}
    select
        source,
        'CR01' as rule_id,
        '_checked' as check_name,
        extract_date,
        rows_parsed as rows_checked,
        0 as rows_failed,
        0 as rows_quarantined
    from row_counts
    where source = 'erp/material_plant'
    union all
    select
        source,
        'CR05' as rule_id,
        '_checked' as check_name,
        extract_date,
        rows_parsed as rows_checked,
        0 as rows_failed,
        0 as rows_quarantined
    from row_counts
    union all
    select
        source,
        'CR06' as rule_id,
        '_checked' as check_name,
        extract_date,
        rows_parsed as rows_checked,
        0 as rows_failed,
        0 as rows_quarantined
    from row_counts
    where source in ('{{ cr06_sources | join("', '") }}')
    union all
    select
        source,
        'CR07' as rule_id,
        '_checked' as check_name,
        extract_date,
        rows_parsed as rows_checked,
        0 as rows_failed,
        0 as rows_quarantined
    from row_counts
    where source in ('{{ cr07_sources | join("', '") }}')
    union all
    select
        source,
        'CR08' as rule_id,
        '_checked' as check_name,
        extract_date,
        rows_read as rows_checked,
        0 as rows_failed,
        0 as rows_quarantined
    from row_counts
    where source in ('{{ cr08_sources | join("', '") }}')
),

md01 as (
    {# Customer hierarchy cycles (or chains running into one), reported on the customer's
       latest extract. #}
    select
        'erp/customer' as source,
        'MD01' as rule_id,
        case
            when customers.is_in_cycle then 'hierarchy_cycle'
            when customers.has_broken_hierarchy then 'hierarchy_into_cycle'
            else '_checked'
        end as check_name,
        customer_extracts._extract_date as extract_date,
        count(*) as rows_checked,
        sum(case when customers.is_in_cycle or customers.has_broken_hierarchy then 1 else 0 end) as rows_failed,
        0 as rows_quarantined
    from customers
    inner join customer_extracts
        on customers.customer_id = customer_extracts.customer_id
    group by
        case
            when customers.is_in_cycle then 'hierarchy_cycle'
            when customers.has_broken_hierarchy then 'hierarchy_into_cycle'
            else '_checked'
        end,
        customer_extracts._extract_date
),

md02 as (
    {# Material groups missing from the category hierarchy seed (products UNCLASSIFIED). #}
    select
        'erp/material' as source,
        'MD02' as rule_id,
        case when products.is_unclassified then 'unmapped_material_group' else '_checked' end as check_name,
        material_extracts._extract_date as extract_date,
        count(*) as rows_checked,
        sum(case when products.is_unclassified then 1 else 0 end) as rows_failed,
        0 as rows_quarantined
    from products
    inner join material_extracts
        on products.product_id = material_extracts.product_id
    group by
        case when products.is_unclassified then 'unmapped_material_group' else '_checked' end,
        material_extracts._extract_date
),

unioned as (
    select * from ing01
    union all
    select * from ing02
    union all
    select * from stg01
    union all
    select * from cr01
    union all
    select * from cr02
    union all
    select * from cr03
    union all
    select * from cr04
    union all
    select * from cr05
    union all
    select * from cr06
    union all
    select * from cr07
    union all
    select * from cr08
    union all
    select * from checked_baselines
    union all
    select * from md01
    union all
    select * from md02
)

select
    source,
    rule_id,
    check_name,
    extract_date,
    cast(rows_checked as bigint) as rows_checked,
    cast(rows_failed as bigint) as rows_failed,
    cast(rows_quarantined as bigint) as rows_quarantined
from unioned
