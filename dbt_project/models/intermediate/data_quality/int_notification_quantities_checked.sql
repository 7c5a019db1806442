{# CR03: one row per check and extract date of procurement/quality_notification:
   notifications with a negative quantity or defect_qty > inspected_qty, quarantined. #}
with

notifications as (
    select * from {{ ref('int_quality_notifications_checked') }}
),

counted as (
    {{ count_rule_checks(
        'CR03', 'notifications',
        source="'procurement/quality_notification'",
        extract_date='_extract_date',
        failure='cr03_failure',
        is_quarantined='cr03_failure is not null',
    ) }}
)

select * from counted
