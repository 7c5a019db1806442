{# The run's trailing windows: the as-of date and the first day of the trailing_12m_days (seed
   reporting_windows, default 365) days ending on it, both ends included; and the first
   Monday of the trailing_52w_weeks (default 52) ISO weeks ending with the week that contains
   the as-of date. Every "trailing 12 months" figure filters on the first, every "trailing 52
   weeks" figure reads the week count from here. #}
with

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

reporting_windows as (
    select
        trailing_12m_days,
        trailing_52w_weeks
    from {{ ref('reporting_windows') }}
),

trailing_window as (
    select
        as_of.as_of_date,
        reporting_windows.trailing_12m_days,
        cast(
            {{ dbt.dateadd('day', '1 - reporting_windows.trailing_12m_days', 'as_of.as_of_date') }}
            as date
        ) as trailing_12m_start_date,
        reporting_windows.trailing_52w_weeks,
        cast(
            {{ dbt.dateadd(
                'day',
                '-7 * (reporting_windows.trailing_52w_weeks - 1)',
                'cast(' ~ dbt.date_trunc('week', 'as_of.as_of_date') ~ ' as date)',
            ) }}
            as date
        ) as trailing_52w_start_date
    from as_of
    cross join reporting_windows
)

select * from trailing_window
