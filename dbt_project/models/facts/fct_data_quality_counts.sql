{# One row per source, rule and extract date: rows checked, rows failed (flagged, repaired,
   imputed, dropped or quarantined by the rule as a defect), rows corrected (routine
   corrections: superseded versions, converted amounts and weights) and rows quarantined.
   Covers ING01/ING02 (ingestion), STG01 (unparseable values), CR01-CR08, MD01/MD02
   (master-data checks) and FV01/FV02 (fact valuation gaps);
   the per-check detail is int_data_quality_checks_counted. Feeds mart_data_quality.
   The checks of a rule are mutually exclusive per row, so rows_checked is their sum: a rule
   that sees every row (macro count_rule_checks) counts each row under its one check, the
   passing rows under '_checked'; a rule that lists only failures (count_listed_failures)
   carries all its rows_checked on '_checked' and none on the failure checks. #}
with

checks as (
    select * from {{ ref('int_data_quality_checks_counted') }}
),

per_rule as (
    select
        source,
        rule_id,
        extract_date,
        cast(coalesce(sum(rows_checked), 0) as bigint) as rows_checked,
        cast(sum(rows_failed) as bigint) as rows_failed,
        cast(sum(rows_corrected) as bigint) as rows_corrected,
        cast(sum(rows_quarantined) as bigint) as rows_quarantined
    from checks
    group by source, rule_id, extract_date
)

select * from per_rule
