"""Facts reference each other the way the source systems do (read straight from the files)."""

from __future__ import annotations

import duckdb
import pytest
from read_extracts import ERP_CSV, files_sql


@pytest.fixture(scope="module")
def con(demo):
    files = files_sql(demo)
    c = duckdb.connect()
    for name in (
        "purchase_order_item",
        "goods_receipt",
        "sales_order_item",
        "delivery_item",
        "stock",
        "material",
    ):
        c.sql(f"create view {name} as select * from read_csv({files('erp/' + name)}, {ERP_CSV})")
    c.sql(f"""create view shipment as select * from read_json({files("tms/shipment")},
        format='newline_delimited', ignore_errors=true,
        columns={{'shipment_id': 'VARCHAR', 'deliveries': 'VARCHAR[]', 'status': 'VARCHAR',
                  'delivered_at': 'VARCHAR', 'updated_at': 'VARCHAR'}})""")
    c.sql(f"""create view charge as select * from read_json({files("tms/freight_charge")},
        format='newline_delimited', ignore_errors=true,
        columns={{'charge_id': 'VARCHAR', 'shipment_id': 'VARCHAR'}})""")
    c.sql(f"""create view pos_line as select * from read_parquet({files("pos/sales_line")},
        union_by_name=true)""")
    return c


def test_receipts_reference_real_po_lines(con):
    orphans = con.sql("""
        select count(*) from goods_receipt as gr
        anti join purchase_order_item as po
            on ltrim(po.EBELN, '0') = ltrim(gr.EBELN, '0')
            and ltrim(po.EBELP, '0') = ltrim(gr.EBELP, '0')
    """).fetchall()[0][0]
    assert orphans == 0


def test_deliveries_reference_sales_order_lines(con):
    orphans = con.sql("""
        select count(*) from delivery_item as d
        anti join sales_order_item as s
            on ltrim(s.VBELN, '0') = ltrim(d.VGBEL, '0')
            and ltrim(s.POSNR, '0') = ltrim(d.VGPOS, '0')
    """).fetchall()[0][0]
    assert orphans == 0


def test_every_delivery_travels_in_exactly_one_shipment(con, demo):
    _, manifest = demo
    per_delivery = dict(
        con.sql("""
        with listed as (
            select distinct shipment_id, unnest(deliveries) as delivery from shipment
        ),
        erp as (select distinct VBELN as delivery from delivery_item)
        select coalesce(n, 0) as shipments, count(*)
        from erp left join (
            select delivery, count(distinct shipment_id) as n from listed group by 1
        ) using (delivery)
        group by 1
    """).fetchall()
    )
    assert set(per_delivery) == {1}
    unknown = con.sql("""
        select count(distinct shipment_id) from (
            select shipment_id, unnest(deliveries) as delivery from shipment
        ) anti join delivery_item on delivery_item.VBELN = delivery
        where delivery not like 'ORA-%'  -- BU-ORA fulfillment lines: test_generator_oracle
    """).fetchall()[0][0]
    assert unknown == manifest["business"]["shipments_with_unknown_deliveries"]


def test_charges_reference_shipments_and_delivered_at_is_null_until_delivered(con):
    orphans = con.sql("""
        select count(*) from charge
        anti join shipment on upper(trim(shipment.shipment_id)) = upper(trim(charge.shipment_id))
        where charge.charge_id is not null  -- a cut-off JSON line reads as an empty row
    """).fetchall()[0][0]
    assert orphans == 0
    wrong = con.sql("""
        select count(*) from shipment
        where (status = 'DELIVERED') != (delivered_at is not null)
    """).fetchall()[0][0]
    assert wrong == 0


def test_pos_gtins_are_material_gtins_except_counted_orphans(con, demo):
    _, manifest = demo
    unknown = con.sql("""
        select count(*) from pos_line
        where ltrim(trim(gtin), '0') not in (select EAN11 from material where EAN11 != '')
    """).fetchall()[0][0]
    assert unknown == manifest["injected"]["orphan_gtin"]["pos/sales_line"] > 0


def test_stock_moves_with_receipts_and_deliveries(con, demo):
    _, manifest = demo
    stale = sorted(
        k.split("/")[2] for k in manifest["unchanged_snapshots"] if k.startswith("erp/stock/")
    )
    stale_list = ", ".join(f"date '{d}'" for d in stale) or "date '1900-01-01'"
    mismatches, checked = con.sql(f"""
        with stock_days as (
            select ltrim(MATNR, '0') as material, WERKS as plant,
                   cast(regexp_extract(filename, '(\\d{{4}}-\\d{{2}}-\\d{{2}})', 1) as date) as day,
                   cast(LABST as double) + cast(INSME as double) + cast(SPEME as double) as total
            from read_csv('{demo[0]}/erp/stock/*/stock_*_001.csv', delim='|', header=true,
                          all_varchar=true, filename=true)
        ),
        moves as (
            select ltrim(MATNR, '0') as material, WERKS as plant,
                   strptime(BUDAT, '%Y%m%d')::date as day,
                   sum(cast(replace(MENGE, '-', '') as double)
                       * case when MENGE like '%-' then -1 else 1 end) as qty
            from (select distinct * from goods_receipt)
            where try_cast(replace(MENGE, '-', '') as double) is not null
              and try_strptime(BUDAT, '%Y%m%d') is not null
            group by all
            union all
            select ltrim(d.MATNR, '0'), s.WERKS, strptime(d.WADAT_IST, '%Y%m%d')::date,
                   -sum(cast(d.LFIMG as double))
            from (select distinct * from delivery_item) as d
            join (select distinct VBELN, POSNR, WERKS from sales_order_item) as s
                on s.VBELN = d.VGBEL and s.POSNR = d.VGPOS
            where try_cast(d.LFIMG as double) is not null
              and try_strptime(d.WADAT_IST, '%Y%m%d') is not null
            group by all
        ),
        net as (select material, plant, day, sum(qty) as qty from moves group by all),
        steps as (
            select material, plant, day,
                   total - lag(total) over (partition by material, plant order by day) as change,
                   min(total) over (partition by material, plant) as lowest
            from stock_days
            where day not in ({stale_list})
              and day - interval 1 day not in ({stale_list})
        )
        select count(*) filter (where abs(change - coalesce(qty, 0)) > 0.001), count(*)
        from steps left join net using (material, plant, day)
        where change is not null and lowest > 0 and material not like 'PK-%'
    """).fetchall()[0]
    assert checked > 10_000
    # a receipt or delivery row lost to a text defect (unparseable, padded id) may leave
    # a few days unexplained; everything else must balance exactly
    assert mismatches / checked < 0.01
