{# CR07: one row per source, check and extract date: parsed rows whose money or weight was
   converted (converted_currency, converted_weight) or could not be (no_fx_rate,
   unknown_weight_unit), and the parsed rows checked of the sources in seed
   converted_columns. #}
with

conversions as (
    select * from {{ ref('int_money_and_weights_converted') }}
),

converted_columns as (
    select * from {{ ref('converted_columns') }}
),

row_counts as (
    select * from {{ ref('int_staged_row_counts') }}
),

counted as (
    {{ count_listed_failures(
        'CR07', 'conversions', 'conversion', 'row_counts',
        checked_sources='source in (select converted_columns.source from converted_columns)',
    ) }}
)

select * from counted
