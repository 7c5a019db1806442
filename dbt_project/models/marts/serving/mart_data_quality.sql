{# One row per source x cleansing rule x extract date: rows checked, failed (defects),
   corrected (routine corrections: superseded versions, converted amounts and weights, not
   failures) and quarantined, from the master-data layer's cleansing counts. #}
with

quality_counts as (
    select * from {{ ref('fct_data_quality_counts') }}
),

final as (
    select
        cast(source as {{ dbt.type_string() }}) as source,
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(extract_date as date) as extract_date,
        cast(rows_checked as bigint) as rows_checked,
        cast(rows_failed as bigint) as rows_failed,
        cast(rows_corrected as bigint) as rows_corrected,
        cast(rows_quarantined as bigint) as rows_quarantined
    from quality_counts
)

select * from final
