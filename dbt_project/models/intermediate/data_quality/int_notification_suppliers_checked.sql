{# CR04: one row per check and extract date of procurement/quality_notification: of the
   notifications CR03 let through, those with an empty or unknown supplier_id; resolved
   through their PO line, quarantined when that fails. #}
with

notifications as (
    select * from {{ ref('int_quality_notifications_checked') }}
    where cr03_failure is null
),

counted as (
    {{ count_rule_checks(
        'CR04', 'notifications',
        source="'procurement/quality_notification'",
        extract_date='_extract_date',
        failure='cr04_failure',
        is_quarantined="quarantine_rule_id = 'CR04'",
    ) }}
)

select * from counted
