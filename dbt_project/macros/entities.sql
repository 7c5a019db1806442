{# The source entities as the staging layer sees them (ingestion/entities.py is the source of
   truth for fields): base model, key and version column in staging names, kind. Data-quality
   models loop over this list so that every entity is checked the same way. #}
{% macro staged_entities() -%}
    {{ return([
        {'entity': 'erp/material', 'base': 'base_erp__material', 'kind': 'snapshot', 'key': ['product_id'], 'version': 'last_changed_date'},
        {'entity': 'erp/material_plant', 'base': 'base_erp__material_plant', 'kind': 'snapshot', 'key': ['product_id', 'plant_id'], 'version': none},
        {'entity': 'erp/vendor', 'base': 'base_erp__vendor', 'kind': 'snapshot', 'key': ['supplier_id'], 'version': none},
        {'entity': 'erp/customer', 'base': 'base_erp__customer', 'kind': 'snapshot', 'key': ['customer_id'], 'version': none},
        {'entity': 'erp/purchase_order_item', 'base': 'base_erp__purchase_order_item', 'kind': 'delta', 'key': ['po_number', 'po_item'], 'version': 'changed_date'},
        {'entity': 'erp/goods_receipt', 'base': 'base_erp__goods_receipt', 'kind': 'delta', 'key': ['material_document', 'document_year', 'document_item'], 'version': none},
        {'entity': 'erp/sales_order_item', 'base': 'base_erp__sales_order_item', 'kind': 'delta', 'key': ['sales_order_id', 'sales_order_item'], 'version': 'changed_date'},
        {'entity': 'erp/delivery_item', 'base': 'base_erp__delivery_item', 'kind': 'delta', 'key': ['delivery_id', 'delivery_item'], 'version': none},
        {'entity': 'erp/stock', 'base': 'base_erp__stock', 'kind': 'snapshot', 'key': ['product_id', 'plant_id'], 'version': none},
        {'entity': 'erp/fx_rate', 'base': 'base_erp__fx_rate', 'kind': 'snapshot', 'key': ['from_currency', 'to_currency', 'valid_from'], 'version': none},
        {'entity': 'tms/shipment', 'base': 'base_tms__shipment', 'kind': 'delta', 'key': ['shipment_id'], 'version': 'updated_at'},
        {'entity': 'tms/freight_charge', 'base': 'base_tms__freight_charge', 'kind': 'delta', 'key': ['charge_id'], 'version': none},
        {'entity': 'tms/carrier', 'base': 'base_tms__carrier', 'kind': 'snapshot', 'key': ['carrier_id'], 'version': none},
        {'entity': 'procurement/contract', 'base': 'base_procurement__contract', 'kind': 'snapshot', 'key': ['contract_id', 'contract_item'], 'version': none},
        {'entity': 'procurement/contract_price_tier', 'base': 'base_procurement__contract_price_tier', 'kind': 'snapshot', 'key': ['contract_id', 'contract_item', 'min_qty'], 'version': none},
        {'entity': 'procurement/quality_notification', 'base': 'base_procurement__quality_notification', 'kind': 'delta', 'key': ['notification_id'], 'version': none},
        {'entity': 'procurement/supplier_assessment', 'base': 'base_procurement__supplier_assessment', 'kind': 'snapshot', 'key': ['supplier_id'], 'version': 'assessed_on'},
        {'entity': 'pos/sales_line', 'base': 'base_pos__sales_line', 'kind': 'delta', 'key': ['store_id', 'transaction_id', 'line_no'], 'version': none},
        {'entity': 'pos/store', 'base': 'base_pos__store', 'kind': 'snapshot', 'key': ['store_id'], 'version': none},
        {'entity': 'oracle/item', 'base': 'base_oracle__item', 'kind': 'snapshot', 'key': ['source_item_id'], 'version': 'last_updated_at'},
        {'entity': 'oracle/supplier', 'base': 'base_oracle__supplier', 'kind': 'snapshot', 'key': ['source_supplier_id'], 'version': none},
        {'entity': 'oracle/customer', 'base': 'base_oracle__customer', 'kind': 'snapshot', 'key': ['source_customer_id'], 'version': none},
        {'entity': 'oracle/po_header', 'base': 'base_oracle__po_header', 'kind': 'delta', 'key': ['po_header_id'], 'version': 'last_updated_at'},
        {'entity': 'oracle/po_line', 'base': 'base_oracle__po_line', 'kind': 'delta', 'key': ['po_line_id'], 'version': 'last_updated_at'},
        {'entity': 'oracle/po_schedule', 'base': 'base_oracle__po_schedule', 'kind': 'delta', 'key': ['line_location_id'], 'version': 'last_updated_at'},
        {'entity': 'oracle/receiving_transaction', 'base': 'base_oracle__receiving_transaction', 'kind': 'delta', 'key': ['transaction_id'], 'version': none},
        {'entity': 'oracle/sales_order_header', 'base': 'base_oracle__sales_order_header', 'kind': 'delta', 'key': ['header_id'], 'version': 'last_updated_at'},
        {'entity': 'oracle/fulfillment_line', 'base': 'base_oracle__fulfillment_line', 'kind': 'delta', 'key': ['fulfill_line_id'], 'version': 'last_updated_at'},
        {'entity': 'oracle/onhand', 'base': 'base_oracle__onhand', 'kind': 'snapshot', 'key': ['snapshot_date', 'source_item_id', 'organization_id', 'subinventory_code'], 'version': none},
        {'entity': 'oracle/standard_cost', 'base': 'base_oracle__standard_cost', 'kind': 'snapshot', 'key': ['std_cost_id'], 'version': 'last_updated_at'},
        {'entity': 'iot/shipment_reading', 'base': 'base_iot__shipment_reading', 'kind': 'delta', 'key': ['shipment_id', 'device_id', 'reading_at'], 'version': none},
    ]) }}
{%- endmacro %}

{# CR08: the raw id columns of each entity and the width ERP pads an all-digit id to
   (0 = the system sends it unpadded; SAP document numbers are padded to 10 too). Used to count ids that arrive in a non-canonical form:
   stray whitespace, lower case, or padded where the system sends them unpadded (and the
   reverse in ERP). Normalisation itself (macro normalize_id) makes all forms equal. #}
{% macro source_id_columns() -%}
    {{ return([
        {'entity': 'erp/material_plant', 'raw': 'erp__material_plant', 'columns': [['matnr', 18], ['werks', 0]]},
        {'entity': 'erp/purchase_order_item', 'raw': 'erp__purchase_order_item', 'columns': [['ebeln', 10], ['lifnr', 10], ['matnr', 18], ['werks', 0]]},
        {'entity': 'erp/goods_receipt', 'raw': 'erp__goods_receipt', 'columns': [['mblnr', 10], ['ebeln', 10], ['matnr', 18], ['werks', 0]]},
        {'entity': 'erp/sales_order_item', 'raw': 'erp__sales_order_item', 'columns': [['vbeln', 10], ['kunnr', 10], ['kunwe', 10], ['matnr', 18], ['werks', 0]]},
        {'entity': 'erp/delivery_item', 'raw': 'erp__delivery_item', 'columns': [['vbeln', 10], ['vgbel', 10], ['matnr', 18]]},
        {'entity': 'erp/stock', 'raw': 'erp__stock', 'columns': [['matnr', 18], ['werks', 0]]},
        {'entity': 'tms/shipment', 'raw': 'tms__shipment', 'columns': [['shipment_id', 0], ['carrier_id', 0], ['origin_plant', 0], ['ship_to', 0]]},
        {'entity': 'tms/freight_charge', 'raw': 'tms__freight_charge', 'columns': [['charge_id', 0], ['shipment_id', 0], ['carrier_id', 0]]},
        {'entity': 'procurement/quality_notification', 'raw': 'procurement__quality_notification', 'columns': [['notification_id', 0], ['supplier_id', 0], ['material_id', 0], ['po_number', 0]]},
        {'entity': 'pos/sales_line', 'raw': 'pos__sales_line', 'columns': [['store_id', 0], ['transaction_id', 0], ['gtin', 0]]},
    ]) }}
{%- endmacro %}

{# CR06: which fact columns reference which master (master data referencing other master
   data, e.g. a contract's material, is not a fact and not counted). Every delivered (parsed)
   fact row is checked; a row counts once per kind of key even when two of its columns miss
   (sold-to and ship-to naming the same missing customer). #}
{% macro master_references() -%}
    {{ return([
        {'kind': 'material', 'dim': 'dim_product', 'dim_key': 'product_id', 'refs': [
            ['erp/purchase_order_item', 'base_erp__purchase_order_item', ['product_id']],
            ['erp/goods_receipt', 'base_erp__goods_receipt', ['product_id']],
            ['erp/sales_order_item', 'base_erp__sales_order_item', ['product_id']],
            ['erp/delivery_item', 'base_erp__delivery_item', ['product_id']],
            ['erp/stock', 'base_erp__stock', ['product_id']],
            ['procurement/quality_notification', 'base_procurement__quality_notification', ['product_id']],
            ['oracle/fulfillment_line', 'int_oracle__fulfillment_line_items', ['product_id']],
        ]},
        {'kind': 'customer', 'dim': 'dim_customer', 'dim_key': 'customer_id', 'refs': [
            ['erp/sales_order_item', 'base_erp__sales_order_item', ['customer_id', 'ship_to_customer_id']],
            ['tms/shipment', 'base_tms__shipment', ['ship_to_customer_id']],
        ]},
        {'kind': 'supplier', 'dim': 'dim_supplier', 'dim_key': 'supplier_id', 'refs': [
            ['erp/purchase_order_item', 'base_erp__purchase_order_item', ['supplier_id']],
        ]},
        {'kind': 'carrier', 'dim': 'dim_carrier', 'dim_key': 'carrier_id', 'refs': [
            ['tms/shipment', 'base_tms__shipment', ['carrier_id']],
            ['tms/freight_charge', 'base_tms__freight_charge', ['carrier_id']],
        ]},
        {'kind': 'gtin', 'dim': 'dim_product', 'dim_key': 'gtin', 'refs': [
            ['pos/sales_line', 'base_pos__sales_line', ['gtin']],
        ]},
    ]) }}
{%- endmacro %}

{# The known ids int_master_references_unresolved checks against (one query per kind of key,
   and Oracle's item mapping, which gives its fulfillment lines their product), as fingerprint
   queries (macros/incremental.sql): a change rebuilds the table. #}
{% macro master_reference_keys() -%}
    {%- set queries = [] -%}
    {%- for m in master_references() -%}
        {%- do queries.append('select distinct ' ~ m.dim_key ~ ' from ' ~ ref(m.dim)
            ~ ' where not is_unknown_member and ' ~ m.dim_key ~ ' is not null') -%}
    {%- endfor -%}
    {%- do queries.append('select object_type, source_surrogate_id, global_id from ' ~ ref('int_master_xref')) -%}
    {{ return(queries) }}
{%- endmacro %}

{# What int_money_and_weights_converted's verdicts depend on besides the row, as fingerprint
   queries: the FX rates and the reporting currency. #}
{% macro conversion_rates() -%}
    {{ return(['select * from ' ~ ref('dim_fx_rates'), 'select * from ' ~ ref('reporting_currency')]) }}
{%- endmacro %}

{# CR07: the money and weight columns the facts convert (to the reporting currency, to kg),
   and how: base model, amount column, unit column, and for money the date whose FX rate
   applies (for weights, the base model's kg column, null when the unit is unknown). Which
   sources and columns these are is also registered, for readers, in seeds/converted_columns.csv;
   the data test converted_columns_match_their_seed keeps the two equal. #}
{% macro converted_columns() -%}
    {{ return([
        {'source': 'erp/material_plant', 'base': 'base_erp__material_plant', 'conversion': 'currency', 'amount': 'standard_price', 'unit': 'currency', 'rate_date': 'rows_to_convert._extract_date'},
        {'source': 'erp/purchase_order_item', 'base': 'base_erp__purchase_order_item', 'conversion': 'currency', 'amount': 'net_price', 'unit': 'currency', 'rate_date': 'rows_to_convert.po_date'},
        {'source': 'erp/sales_order_item', 'base': 'base_erp__sales_order_item', 'conversion': 'currency', 'amount': 'net_value', 'unit': 'currency', 'rate_date': 'rows_to_convert.order_date'},
        {'source': 'tms/freight_charge', 'base': 'base_tms__freight_charge', 'conversion': 'currency', 'amount': 'amount', 'unit': 'currency', 'rate_date': 'rows_to_convert.invoice_date'},
        {'source': 'pos/sales_line', 'base': 'base_pos__sales_line', 'conversion': 'currency', 'amount': 'unit_price', 'unit': 'currency', 'rate_date': 'cast(rows_to_convert.sold_local_at as date)'},
        {'source': 'erp/material', 'base': 'base_erp__material', 'conversion': 'weight', 'amount': 'gross_weight', 'unit': 'weight_unit', 'converted': 'gross_weight_kg'},
        {'source': 'tms/shipment', 'base': 'base_tms__shipment', 'conversion': 'weight', 'amount': 'weight_value', 'unit': 'weight_unit', 'converted': 'weight_kg'},
    ]) }}
{%- endmacro %}


{# The union of one CTE per staged entity, each named after its base model. #}
{% macro union_staged_entity_ctes() -%}
    {%- for e in staged_entities() %}
    select * from {{ e.base }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
