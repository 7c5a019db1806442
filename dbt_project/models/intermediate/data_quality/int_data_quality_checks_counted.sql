{# One row per source, rule, check and extract date: rows checked, rows the check failed
   (flagged, repaired, imputed, dropped or quarantined) and rows quarantined. Checks of one
   rule are mutually exclusive per row, so fct_data_quality_counts sums them per rule; the
   '_checked' row of a rule carries its rows_checked even on a day without failures. The
   correction checks (macro dq_correction_checks: superseded versions, converted amounts and
   weights) count under rows_corrected instead of rows_failed.
   One model per rule (this folder) does the counting; a new rule is one more model here,
   listed below, and one row in seed data_quality_rules. #}
{%- set rule_checks = [
    'int_landed_rows_checked',
    'int_landed_files_checked',
    'int_raw_values_checked',
    'int_planned_lead_times_checked',
    'int_receipt_lead_times_checked',
    'int_notification_quantities_checked',
    'int_notification_suppliers_checked',
    'int_row_versions_checked',
    'int_master_references_checked',
    'int_money_and_weights_checked',
    'int_id_forms_checked',
    'int_sensor_readings_checked',
    'int_customer_hierarchy_checked',
    'int_material_groups_checked',
    'int_master_xref_checked',
    'int_line_standard_costs_checked',
    'int_po_line_spend_checked',
    'int_records_after_as_of_checked',
] -%}
-- depends_on: {{ ref('data_quality_rules') }}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop, which sqlfluff cannot map back) #}
with

unioned as (
    {%- for model in rule_checks %}
    select
        source,
        rule_id,
        check_name,
        extract_date,
        rows_checked,
        rows_failed,
        rows_quarantined
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

typed as (
    select
        source,
        rule_id,
        check_name,
        extract_date,
        cast(rows_checked as bigint) as rows_checked,
        cast(case when {{ is_correction_check() }} then 0 else rows_failed end as bigint) as rows_failed,
        cast(case when {{ is_correction_check() }} then rows_failed else 0 end as bigint) as rows_corrected,
        cast(rows_quarantined as bigint) as rows_quarantined
    from unioned
)

select * from typed
