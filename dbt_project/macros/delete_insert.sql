{# The delete of dbt-duckdb's delete+insert strategy, as a semi-join on the new rows' distinct
   keys. dbt-duckdb deletes a composite unique_key with `delete ... using <new rows>`, a join
   of every stored row with every new row of the same key: the cleansing tables keyed by
   (source, extract_date) hold thousands of rows per key, so CR07's rebuild after an FX
   delivery at scale 1 joined ~9 billion row pairs (350 s); this delete takes 0.3 s there
   (docs/performance-notes.md). The same rows go: keys compare with `=`, as dbt's does. #}
{% macro duckdb__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
    {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
    {%- if unique_key -%}
        {%- set keys = [unique_key] if unique_key is string else unique_key %}
        delete from {{ target }} as dbt_incremental_target
        where exists (
            select 1
            from (select distinct {{ keys | join(', ') }} from {{ source }}) as new_keys
            where
                {%- for key in keys %}
                {{ 'and ' if not loop.first }}new_keys.{{ key }} = dbt_incremental_target.{{ key }}
                {%- endfor %}
        )
        {%- for predicate in incremental_predicates or [] %}
            and {{ predicate }}
        {%- endfor %};
    {%- endif %}

    insert into {{ target }} ({{ dest_cols_csv }})
    (
        select {{ dest_cols_csv }}
        from {{ source }}
    )
{%- endmacro %}
