{# The columns CR07 converts (macro converted_columns(), the SQL) and those seed
   converted_columns registers for readers are the same: a row for each one only one of the
   two names. #}
-- noqa: disable=LT02
with

in_macro as (
    {%- for c in converted_columns() %}
    select
        '{{ c.source }}' as source,
        '{{ c.conversion }}' as conversion,
        '{{ c.amount }}' as amount_column,
        '{{ c.unit }}' as unit_column
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

in_seed as (
    select
        source,
        conversion,
        amount_column,
        unit_column
    from {{ ref('converted_columns') }}
),

only_in_macro as (
    select * from in_macro
    except
    select * from in_seed
),

only_in_seed as (
    select * from in_seed
    except
    select * from in_macro
),

mismatches as (
    select
        'macro converted_columns()' as listed_only_in,
        source,
        conversion,
        amount_column,
        unit_column
    from only_in_macro
    union all
    select
        'seed converted_columns' as listed_only_in,
        source,
        conversion,
        amount_column,
        unit_column
    from only_in_seed
)

select * from mismatches
