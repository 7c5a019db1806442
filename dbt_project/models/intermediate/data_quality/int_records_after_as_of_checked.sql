{# AS01: one row per dated source, check and extract date: staged records (latest versions)
   dated after the as-of date although delivered in an extract on or before it (a freight
   charge invoiced in a later local day than its extract), held back until the as-of date
   reaches their date: no fact, mart or cost pool counts them before, and none drops them
   unreported. The sources and their dating columns come from macro dated_sources(). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop, which sqlfluff cannot map back) #}
with

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

dated_rows as (
    {%- for s in dated_sources() %}
    select
        '{{ s.source }}' as source,
        staged._extract_date as extract_date,
        case when staged.{{ s.date }} > as_of.as_of_date then 'dated_after_as_of' end as failure
    from {{ ref(s.model) }} as staged
    cross join as_of
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

counted as (
    {{ count_rule_checks(
        'AS01', 'dated_rows',
        source='source',
        extract_date='extract_date',
        failure='failure',
    ) }}
)

select * from counted
