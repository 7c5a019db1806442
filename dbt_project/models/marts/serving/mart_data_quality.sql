{# One row per source x cleansing rule x extract date: rows checked, failed (defects),
   corrected (routine corrections: superseded versions, converted amounts and weights, not
   failures) and quarantined, from the master-data layer's cleansing counts. #}
with

quality_counts as (
    select * from {{ ref('fct_data_quality_counts') }}
),

unmapped_values as (
    select * from {{ ref('int_master_xref_unmapped_values') }}
),

final as (
    select
        cast(quality_counts.source as {{ dbt.type_string() }}) as source,
        cast(quality_counts.rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(quality_counts.extract_date as date) as extract_date,
        cast(quality_counts.rows_checked as bigint) as rows_checked,
        cast(quality_counts.rows_failed as bigint) as rows_failed,
        cast(quality_counts.rows_corrected as bigint) as rows_corrected,
        cast(quality_counts.rows_quarantined as bigint) as rows_quarantined,
        unmapped_values.value_affected_rc
    from quality_counts
    left join unmapped_values
        on
            quality_counts.source = unmapped_values.source
            and quality_counts.rule_id = unmapped_values.rule_id
            and quality_counts.extract_date = unmapped_values.extract_date
)

select * from final
