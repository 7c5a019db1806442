{# One row per what-if scenario of this build: `baseline` (no lever) and the scenarios passed
   in the whatif_scenarios var (`chainseg whatif`, the whatif Dagster asset); a plain run
   builds the baseline only. #}
with

scenarios as (
    {{ whatif_scenario_rows() }}
)

select * from scenarios
