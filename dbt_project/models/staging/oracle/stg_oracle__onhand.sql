{{ extract_date_delta_config(
    ['snapshot_date', 'source_item_id', 'organization_id', 'subinventory_code'],
) }}
{# One row per snapshot date, item, organisation and subinventory. Daily snapshot.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined).
   Incremental: only rows landed since the last run are read, compared with the version of
   their key the table holds, and the winners replace it (delete+insert on the key). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_oracle__onhand') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ landed_after_watermark() }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['snapshot_date', 'source_item_id', 'organization_id', 'subinventory_code',
         'quantity'],
        ['snapshot_date', 'source_item_id', 'organization_id', 'subinventory_code'],
        none,
        ['_extract_date', '_source_file', '_row_number'],
    ) }}
)

select * from latest
