"""The extract contract of sources.md as data: every entity, its format, kind and fields.

This is the one place the pipeline declares what each source system delivers. Ingestion
reads files with exactly these columns (never auto-detected); the raw table of an entity
is named ``raw.<system>__<entity>`` and has these columns, lower-cased, in this order,
followed by the load metadata columns of ``LOAD_METADATA``.

Each declaration also says who owns the entity, how sensitive it is, how often it arrives
and which staging model(s) type it. The dbt sources file is generated from ``ENTITIES``;
the ownership registry rows, staging models and quality suites are checked against it
(``python -m expectations.contract`` lists what is missing; docs/adding-an-entity.md).

Values in raw stay as delivered: CSV and JSON fields are text (JSON objects and arrays are
kept as their JSON text), Parquet fields keep their Parquet types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Columns ingestion adds to every raw row (name, DuckDB type).
LOAD_METADATA: tuple[tuple[str, str], ...] = (
    ("_source_file", "VARCHAR"),
    ("_extract_date", "DATE"),
    ("_row_number", "BIGINT"),
    ("_load_id", "VARCHAR"),
    ("_loaded_at", "TIMESTAMP"),
)

#: Landing formats per source system, with the quirks their readers must honour.
FORMATS = {
    "erp": "csv_pipe",  # '|' delimited, SAP upper-case header, UTF-8, no quoting
    "tms": "jsonl",  # one JSON object per line, ISO timestamps with offsets
    "procurement": "csv",  # ',' delimited, '"' quoting, snake_case header, may start with a BOM
    "pos": "parquet",  # local timestamps without offset
    # BI Publisher CSV: ',' delimited, '"' quoting, Oracle upper-case header, UTF-8, LF
    "oracle": "csv_oracle",
    # IoT loggers: JSON Lines micro-batches, several files a day, each reading's own offset
    "iot": "jsonl",
}

EXTENSIONS = {
    "csv_pipe": "csv",
    "csv": "csv",
    "csv_oracle": "csv",
    "jsonl": "jsonl",
    "parquet": "parquet",
}


#: Sensitivity classes of the ownership registry (and of mart columns).
SENSITIVITIES = ("public", "internal", "confidential")

#: Days between deliveries: deltas (and ``erp/stock``) daily, snapshot masters every 28 days.
DAILY = 1
EVERY_28_DAYS = 28


@dataclass(frozen=True)
class Entity:
    system: str
    name: str
    kind: str  # "snapshot" or "delta"
    fields: tuple[str, ...]  # as delivered (SAP names upper-case), in delivery order
    version_column: str | None = None
    key: tuple[str, ...] = ()
    #: Parquet entities only: DuckDB type of each field; text everywhere else.
    types: dict[str, str] = field(default_factory=dict)
    #: Owning team (the registry's ``owning_team``).
    owner: str = field(kw_only=True)
    #: ``public``, ``internal`` or ``confidential`` (the registry's ``sensitivity``).
    sensitivity: str = field(kw_only=True)
    #: Expected days between deliveries (the registry's ``update_frequency_days``).
    cadence_days: int = field(kw_only=True)
    #: The staging model(s) that type this entity, when not ``stg_<system>__<name>s``.
    staging: tuple[str, ...] = field(default=(), kw_only=True)
    #: Text entities: fields that hold a date / a number in the system's own notation.
    #: Ingestion rejects a CSV file where most values of such a column do not look like one
    #: (e.g. two header names swapped), rather than load them into the wrong columns.
    dates: tuple[str, ...] = field(default=(), kw_only=True)
    numbers: tuple[str, ...] = field(default=(), kw_only=True)
    #: Fields added to the contract after files were already delivered: a file without them
    #: is loaded with the columns empty (NULL) instead of rejected as missing a column.
    optional: tuple[str, ...] = field(default=(), kw_only=True)

    @property
    def qualified(self) -> str:
        """``erp/material``: the entity's name in the landing zone and in reports."""
        return f"{self.system}/{self.name}"

    @property
    def raw_table(self) -> str:
        """``erp__material``: the table name in the ``raw`` schema (dbt source identifier)."""
        return f"{self.system}__{self.name}"

    @property
    def format(self) -> str:
        return FORMATS[self.system]

    @property
    def columns(self) -> tuple[str, ...]:
        """Raw column names: the fields lower-cased."""
        return tuple(f.lower() for f in self.fields)

    @property
    def optional_columns(self) -> tuple[str, ...]:
        """Raw names of the optional fields (``optional`` lower-cased)."""
        return tuple(f.lower() for f in self.optional)

    @property
    def value_kinds(self) -> dict[str, str]:
        """Raw column -> ``date`` or ``number``, for the columns declared as such."""
        kinds = {f.lower(): "date" for f in self.dates}
        kinds.update({f.lower(): "number" for f in self.numbers})
        return kinds

    def column_type(self, column: str) -> str:
        return self.types.get(column, "VARCHAR")

    @property
    def staging_models(self) -> tuple[str, ...]:
        """``stg_erp__materials``: the staging model(s), each with its own quality suite."""
        return self.staging or (f"stg_{self.system}__{_plural(self.name)}",)

    @property
    def description(self) -> str:
        """One line for the dbt source table: kind, version column and key."""
        version = f", version column {self.version_column}" if self.version_column else ""
        return f"{self.qualified} ({self.kind}{version}; key {', '.join(self.key)}), as delivered."


def _plural(name: str) -> str:
    """``material`` → ``materials``, ``batch`` → ``batches``, ``delivery`` → ``deliveries``."""
    if name.endswith(("s", "x", "ch", "sh")):
        return name + "es"
    if name.endswith("y") and name[-2:-1] not in "aeiou":
        return name[:-1] + "ies"
    return name + "s"


def _fields(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# fmt: off
ENTITIES: tuple[Entity, ...] = (
    # ERP ---------------------------------------------------------------------------------
    Entity("erp", "material", "snapshot",
           _fields("MATNR MAKTX MTART MATKL MEINS BRGEW GEWEI EAN11 LVORM LAEDA"),
           version_column="LAEDA", key=("MATNR",),
           owner="erp_master_data", sensitivity="internal", cadence_days=EVERY_28_DAYS,
           dates=_fields("LAEDA"), numbers=_fields("BRGEW")),
    Entity("erp", "material_plant", "snapshot",
           _fields("MATNR WERKS PLIFZ EISBE STPRS PEINH WAERS"), key=("MATNR", "WERKS"),
           owner="erp_master_data", sensitivity="confidential", cadence_days=EVERY_28_DAYS,
           numbers=_fields("PLIFZ EISBE STPRS PEINH")),
    Entity("erp", "vendor", "snapshot", _fields("LIFNR NAME1 LAND1 KTOKK SPERR"),
           key=("LIFNR",),
           owner="erp_master_data", sensitivity="internal", cadence_days=EVERY_28_DAYS),
    Entity("erp", "customer", "snapshot",
           _fields("KUNNR NAME1 LAND1 REGIO VTWEG HKUNNR ERDAT"), key=("KUNNR",),
           owner="erp_master_data", sensitivity="internal", cadence_days=EVERY_28_DAYS,
           dates=_fields("ERDAT")),
    Entity("erp", "purchase_order_item", "delta",
           _fields("EBELN EBELP BSART LIFNR MATNR WERKS MENGE MEINS NETPR PEINH WAERS "
                   "BEDAT EINDT KONNR KTPNR EKGRP LOEKZ AEDAT FRGSX FRGKE FRGZU"),
           version_column="AEDAT", key=("EBELN", "EBELP"),
           owner="procurement", sensitivity="confidential", cadence_days=DAILY,
           dates=_fields("BEDAT EINDT AEDAT"), numbers=_fields("MENGE NETPR PEINH"),
           optional=_fields("FRGSX FRGKE FRGZU")),
    Entity("erp", "goods_receipt", "delta",
           _fields("MBLNR MJAHR ZEILE EBELN EBELP MATNR WERKS BUDAT MENGE BWART"),
           key=("MBLNR", "MJAHR", "ZEILE"),
           owner="procurement", sensitivity="internal", cadence_days=DAILY,
           dates=_fields("BUDAT"), numbers=_fields("MENGE")),
    Entity("erp", "sales_order_item", "delta",
           _fields("VBELN POSNR KUNNR KUNWE MATNR WERKS KWMENG NETWR WAERS ERDAT VDATU "
                   "VTWEG LPRIO ABGRU AEDAT"),
           version_column="AEDAT", key=("VBELN", "POSNR"),
           owner="sales_operations", sensitivity="confidential", cadence_days=DAILY,
           dates=_fields("ERDAT VDATU AEDAT"), numbers=_fields("KWMENG NETWR")),
    Entity("erp", "delivery_item", "delta",
           _fields("VBELN POSNR VGBEL VGPOS MATNR LFIMG WADAT_IST"), key=("VBELN", "POSNR"),
           owner="logistics", sensitivity="internal", cadence_days=DAILY,
           dates=_fields("WADAT_IST"), numbers=_fields("LFIMG")),
    Entity("erp", "stock", "snapshot", _fields("MATNR WERKS LABST INSME SPEME"),
           key=("MATNR", "WERKS"),
           owner="logistics", sensitivity="internal", cadence_days=DAILY,
           numbers=_fields("LABST INSME SPEME"),
           staging=("stg_erp__stock",)),
    Entity("erp", "fx_rate", "snapshot", _fields("FCURR TCURR GDATU UKURS"),
           key=("FCURR", "TCURR", "GDATU"),
           owner="finance", sensitivity="internal", cadence_days=EVERY_28_DAYS,
           dates=_fields("GDATU"), numbers=_fields("UKURS")),
    # TMS ---------------------------------------------------------------------------------
    Entity("tms", "shipment", "delta",
           _fields("shipment_id carrier_id mode origin_plant ship_to deliveries "
                   "planned_pickup_at picked_up_at planned_delivery_at delivered_at "
                   "distance_km weight temperature_controlled temperature_excursion status "
                   "updated_at"),
           version_column="updated_at", key=("shipment_id",),
           owner="logistics", sensitivity="internal", cadence_days=DAILY,
           staging=("stg_tms__shipments", "stg_tms__shipment_deliveries")),
    Entity("tms", "freight_charge", "delta",
           _fields("charge_id shipment_id carrier_id charge_type amount currency invoiced_at"),
           key=("charge_id",),
           owner="logistics", sensitivity="confidential", cadence_days=DAILY),
    Entity("tms", "carrier", "snapshot", _fields("carrier_id name scac modes"),
           key=("carrier_id",),
           owner="logistics", sensitivity="public", cadence_days=EVERY_28_DAYS),
    # Procurement -------------------------------------------------------------------------
    Entity("procurement", "contract", "snapshot",
           _fields("contract_id contract_item supplier_id material_id valid_from valid_to "
                   "currency price_unit contract_type"),
           key=("contract_id", "contract_item"),
           owner="procurement", sensitivity="confidential", cadence_days=EVERY_28_DAYS,
           dates=_fields("valid_from valid_to"), numbers=_fields("price_unit")),
    Entity("procurement", "contract_price_tier", "snapshot",
           _fields("contract_id contract_item min_qty unit_price"),
           key=("contract_id", "contract_item", "min_qty"),
           owner="procurement", sensitivity="confidential", cadence_days=EVERY_28_DAYS,
           numbers=_fields("min_qty unit_price")),
    Entity("procurement", "quality_notification", "delta",
           _fields("notification_id supplier_id material_id po_number po_item inspected_qty "
                   "defect_qty defect_code severity created_on"),
           key=("notification_id",),
           owner="procurement", sensitivity="internal", cadence_days=DAILY,
           dates=_fields("created_on"), numbers=_fields("inspected_qty defect_qty")),
    Entity("procurement", "supplier_assessment", "snapshot",
           _fields("supplier_id assessed_on supply_risk_score financial_risk_score "
                   "sustainability_score iso9001 country_risk"),
           version_column="assessed_on", key=("supplier_id",),
           owner="procurement", sensitivity="confidential", cadence_days=EVERY_28_DAYS,
           dates=_fields("assessed_on"),
           numbers=_fields("supply_risk_score financial_risk_score sustainability_score")),
    # POS ---------------------------------------------------------------------------------
    Entity("pos", "sales_line", "delta",
           _fields("store_id transaction_id line_no sold_at gtin quantity unit_price "
                   "discount_amount currency"),
           key=("store_id", "transaction_id", "line_no"),
           types={"line_no": "INTEGER", "sold_at": "TIMESTAMP", "quantity": "INTEGER",
                  "unit_price": "DECIMAL(12,2)", "discount_amount": "DECIMAL(12,2)"},
           owner="retail_sales", sensitivity="internal", cadence_days=DAILY),
    Entity("pos", "store", "snapshot",
           _fields("store_id customer_id name country timezone"), key=("store_id",),
           owner="retail_sales", sensitivity="public", cadence_days=EVERY_28_DAYS),
    # Oracle SCM Cloud (second business unit; docs/oracle-scm-design.md) -------------------
    Entity("oracle", "item", "snapshot",
           _fields("INVENTORY_ITEM_ID ITEM_NUMBER DESCRIPTION ITEM_TYPE CATEGORY_CODE "
                   "PRIMARY_UOM_CODE UNIT_WEIGHT WEIGHT_UOM_CODE GTIN "
                   "INVENTORY_ITEM_STATUS_CODE LIST_PRICE_PER_UNIT LAST_UPDATE_DATE"),
           version_column="LAST_UPDATE_DATE", key=("INVENTORY_ITEM_ID",),
           owner="erp_master_data", sensitivity="internal", cadence_days=EVERY_28_DAYS,
           numbers=_fields("UNIT_WEIGHT LIST_PRICE_PER_UNIT")),
    Entity("oracle", "supplier", "snapshot",
           _fields("VENDOR_ID SEGMENT1 VENDOR_NAME COUNTRY VENDOR_TYPE_LOOKUP_CODE "
                   "ENABLED_FLAG END_DATE_ACTIVE"),
           key=("VENDOR_ID",),
           owner="erp_master_data", sensitivity="internal", cadence_days=EVERY_28_DAYS),
    Entity("oracle", "customer", "snapshot",
           _fields("CUST_ACCOUNT_ID ACCOUNT_NUMBER PARTY_NAME COUNTRY STATE "
                   "SALES_CHANNEL_CODE STATUS CREATION_DATE"),
           key=("CUST_ACCOUNT_ID",),
           owner="erp_master_data", sensitivity="internal", cadence_days=EVERY_28_DAYS),
    Entity("oracle", "po_header", "delta",
           _fields("PO_HEADER_ID SEGMENT1 PRC_BU_ID TYPE_LOOKUP_CODE VENDOR_ID CURRENCY_CODE "
                   "AGENT_ID DOCUMENT_STATUS CREATION_DATE LAST_UPDATE_DATE"),
           version_column="LAST_UPDATE_DATE", key=("PO_HEADER_ID",),
           owner="procurement", sensitivity="confidential", cadence_days=DAILY),
    Entity("oracle", "po_line", "delta",
           _fields("PO_LINE_ID PO_HEADER_ID LINE_NUM ITEM_ID UOM_CODE UNIT_PRICE QUANTITY "
                   "FROM_HEADER_ID CANCEL_FLAG LAST_UPDATE_DATE"),
           version_column="LAST_UPDATE_DATE", key=("PO_LINE_ID",),
           owner="procurement", sensitivity="confidential", cadence_days=DAILY,
           numbers=_fields("UNIT_PRICE QUANTITY")),
    Entity("oracle", "po_schedule", "delta",
           _fields("LINE_LOCATION_ID PO_LINE_ID PO_HEADER_ID SHIPMENT_NUM "
                   "SHIP_TO_ORGANIZATION_ID QUANTITY QUANTITY_RECEIVED QUANTITY_CANCELLED "
                   "NEED_BY_DATE PROMISED_DATE CANCEL_FLAG LAST_UPDATE_DATE"),
           version_column="LAST_UPDATE_DATE", key=("LINE_LOCATION_ID",),
           owner="procurement", sensitivity="confidential", cadence_days=DAILY,
           dates=_fields("NEED_BY_DATE"),
           numbers=_fields("QUANTITY QUANTITY_RECEIVED QUANTITY_CANCELLED")),
    Entity("oracle", "receiving_transaction", "delta",
           _fields("TRANSACTION_ID PARENT_TRANSACTION_ID TRANSACTION_TYPE TRANSACTION_DATE "
                   "PO_HEADER_ID PO_LINE_ID PO_LINE_LOCATION_ID ORGANIZATION_ID QUANTITY "
                   "UOM_CODE PRIMARY_QUANTITY"),
           key=("TRANSACTION_ID",),
           owner="procurement", sensitivity="internal", cadence_days=DAILY,
           numbers=_fields("QUANTITY PRIMARY_QUANTITY")),
    Entity("oracle", "sales_order_header", "delta",
           _fields("HEADER_ID ORDER_NUMBER SOLD_TO_CUSTOMER_ID ORDERED_DATE "
                   "TRANSACTIONAL_CURRENCY_CODE STATUS_CODE LAST_UPDATE_DATE"),
           version_column="LAST_UPDATE_DATE", key=("HEADER_ID",),
           owner="sales_operations", sensitivity="confidential", cadence_days=DAILY),
    Entity("oracle", "fulfillment_line", "delta",
           _fields("FULFILL_LINE_ID HEADER_ID LINE_ID FULFILL_LINE_NUMBER INVENTORY_ITEM_ID "
                   "FULFILL_ORG_ID SHIP_TO_CUSTOMER_ID ORDERED_QTY ORDERED_UOM EXTENDED_AMOUNT "
                   "REQUEST_SHIP_DATE SHIPPED_QTY ACTUAL_SHIP_DATE SHIP_CLASS_OF_SERVICE "
                   "DEMAND_CLASS_CODE STATUS_CODE CANCELED_FLAG LAST_UPDATE_DATE"),
           version_column="LAST_UPDATE_DATE", key=("FULFILL_LINE_ID",),
           owner="sales_operations", sensitivity="confidential", cadence_days=DAILY,
           dates=_fields("REQUEST_SHIP_DATE"),
           numbers=_fields("ORDERED_QTY EXTENDED_AMOUNT")),
    Entity("oracle", "onhand", "snapshot",
           _fields("INVENTORY_ITEM_ID ORGANIZATION_ID SUBINVENTORY_CODE "
                   "PRIMARY_TRANSACTION_QUANTITY"),
           key=("INVENTORY_ITEM_ID", "ORGANIZATION_ID", "SUBINVENTORY_CODE"),
           owner="logistics", sensitivity="internal", cadence_days=DAILY,
           numbers=_fields("PRIMARY_TRANSACTION_QUANTITY"),
           staging=("stg_oracle__onhand",)),
    Entity("oracle", "standard_cost", "snapshot",
           _fields("STD_COST_ID COST_ORG_ID COST_BOOK_ID INVENTORY_ITEM_ID ORGANIZATION_ID "
                   "EFFECTIVE_START_DATE EFFECTIVE_END_DATE TOTAL_COST CURRENCY_CODE UOM_CODE "
                   "LAST_UPDATE_DATE"),
           version_column="LAST_UPDATE_DATE", key=("STD_COST_ID",),
           owner="erp_master_data", sensitivity="confidential", cadence_days=EVERY_28_DAYS,
           dates=_fields("EFFECTIVE_START_DATE"),
           numbers=_fields("TOTAL_COST")),
    # IoT (temperature / shock loggers on temperature-controlled TMS shipments) -------------
    Entity("iot", "shipment_reading", "delta",
           _fields("shipment_id device_id reading_at temperature_c shock_g"),
           key=("shipment_id", "device_id", "reading_at"),
           owner="logistics", sensitivity="internal", cadence_days=DAILY),
)
# fmt: on

BY_NAME: dict[str, Entity] = {e.qualified: e for e in ENTITIES}


def entity(qualified: str) -> Entity:
    """Look an entity up by ``system/name``; a one-line error names unknown ones."""
    try:
        return BY_NAME[qualified]
    except KeyError:
        raise KeyError(f"unknown entity {qualified!r}") from None
