{# The run's trailing-12-month window: the as-of date and the first day of the
   trailing_12m_days (seed reporting_windows, default 365) days ending on it, both ends
   included. Every "trailing 12 months" figure filters on these two dates. #}
with

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

reporting_windows as (
    select trailing_12m_days from {{ ref('reporting_windows') }}
),

trailing_window as (
    select
        as_of.as_of_date,
        reporting_windows.trailing_12m_days,
        cast(
            {{ dbt.dateadd('day', '1 - reporting_windows.trailing_12m_days', 'as_of.as_of_date') }}
            as date
        ) as trailing_12m_start_date
    from as_of
    cross join reporting_windows
)

select * from trailing_window
