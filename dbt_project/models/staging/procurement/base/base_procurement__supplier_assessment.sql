{# One row per raw procurement/supplier_assessment row typed and normalised. #}
with

source as (
    {{ landed_as_of('raw', 'procurement__supplier_assessment') }}
),

parsed as (
    select
        *,
        {{ parse_iso_date('assessed_on') }} as assessed_on_date,
        {{ parse_number('supply_risk_score', 'double') }} as supply_risk_score_number,
        {{ parse_number('financial_risk_score', 'double') }} as financial_risk_score_number,
        {{ parse_number('sustainability_score', 'double') }} as sustainability_score_number
    from source
),

typed as (
    select
        {{ normalize_id('supplier_id') }} as supplier_id,
        assessed_on_date as assessed_on,
        supply_risk_score_number as supply_risk_score,
        financial_risk_score_number as financial_risk_score,
        sustainability_score_number as sustainability_score,
        case upper(trim(iso9001)) when 'Y' then true when 'N' then false end as is_iso9001,
        upper(trim(country_risk)) as country_risk,
        {{ parse_errors([
            unparseable_field('assessed_on', 'assessed_on', 'assessed_on_date'),
            unparseable_field('supply_risk_score', 'supply_risk_score', 'supply_risk_score_number'),
            unparseable_field('financial_risk_score', 'financial_risk_score', 'financial_risk_score_number'),
            unparseable_field('sustainability_score', 'sustainability_score', 'sustainability_score_number'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'supplier_id', 'assessed_on', 'supply_risk_score', 'financial_risk_score',
            'sustainability_score', 'iso9001', 'country_risk'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
