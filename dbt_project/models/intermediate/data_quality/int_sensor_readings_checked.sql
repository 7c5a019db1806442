{# CR09: one row per check and extract date of iot/shipment_reading: staged readings (one per
   shipment, logger and instant) outside the plausible bounds, flagged and kept. #}
with

readings as (
    select * from {{ ref('stg_iot__shipment_readings') }}
),

counted as (
    {{ count_rule_checks(
        'CR09', 'readings',
        source="'iot/shipment_reading'",
        extract_date='_extract_date',
        failure='cr09_failure',
    ) }}
)

select * from counted
