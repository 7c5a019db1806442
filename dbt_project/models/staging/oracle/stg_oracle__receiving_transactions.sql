{{ extract_date_delta_config('transaction_id') }}
{# One row per receiving transaction. Delta: rows are never updated; exact re-sends collapse.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined).
   Incremental: only rows landed since the last run are read, compared with the version of
   their key the table holds, and the winners replace it (delete+insert on the key). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_oracle__receiving_transaction') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ landed_after_watermark() }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['transaction_id', 'parent_transaction_id', 'transaction_type', 'transaction_date',
         'po_header_id', 'po_line_id', 'line_location_id', 'organization_id', 'quantity',
         'uom', 'primary_quantity'],
        ['transaction_id'],
        none,
        ['_extract_date', '_source_file', '_row_number'],
    ) }}
)

select * from latest
