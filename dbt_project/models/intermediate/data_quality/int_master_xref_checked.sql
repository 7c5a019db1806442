{# MD03: one row per check and extract date of oracle/item, oracle/supplier and
   oracle/customer: Oracle numbers missing from seed master_xref (unmapped_product,
   unmapped_supplier, unmapped_customer), on the object's latest extract. Unmapped objects
   keep a provisional ORA-<number> id and all their facts (never dropped); the spend or
   revenue they carry is int_master_xref_unmapped_values. #}
with

xref as (
    select * from {{ ref('int_master_xref') }}
),

objects_checked as (
    select
        case object_type
            when 'product' then 'oracle/item'
            else 'oracle/' || object_type
        end as source,
        _extract_date as extract_date,
        case when is_xref_unmapped then 'unmapped_' || object_type end as xref_defect
    from xref
),

counted as (
    {{ count_rule_checks(
        'MD03', 'objects_checked',
        source='source',
        extract_date='extract_date',
        failure='xref_defect',
    ) }}
)

select * from counted
