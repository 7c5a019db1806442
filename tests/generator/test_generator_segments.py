"""At the demo scale every segment occurs by construction (rough models.md rules in SQL).

These queries read the landed files directly (no pipeline): latest version per key,
rejected/cancelled/deleted lines out, ids normalised like CR08, money to EUR roughly.
"""

from __future__ import annotations

import duckdb
import pytest
from read_extracts import ERP_CSV, files_sql


@pytest.fixture(scope="module")
def con(demo):
    files = files_sql(demo)
    c = duckdb.connect()
    for view, entity in (("so_raw", "sales_order_item"), ("po_raw", "purchase_order_item")):
        c.sql(f"create view {view} as select * from read_csv({files('erp/' + entity)}, {ERP_CSV})")
    c.sql(f"create view fx as select * from read_csv({files('erp/fx_rate')}, {ERP_CSV})")
    c.sql(
        f"create view assessment as select * from read_csv("
        f"{files('procurement/supplier_assessment')}, header=true, all_varchar=true)"
    )
    c.sql("""
        create table so as
        select * from (
            select *, row_number() over (partition by ltrim(VBELN, '0'), ltrim(POSNR, '0')
                                         order by AEDAT desc) as rn
            from so_raw
            where try_cast(KWMENG as double) is not null
              and try_cast(NETWR as double) is not null
              and try_strptime(ERDAT, '%Y%m%d') is not null
        )
        where rn = 1 and coalesce(ABGRU, '') = ''
    """)
    return c


def test_abc_classes_all_occur(con):
    classes = dict(
        con.sql("""
        with value as (
            select ltrim(upper(trim(MATNR)), '0') as product_id, sum(cast(NETWR as double)) as v
            from so group by 1
        ),
        ranked as (
            select coalesce(sum(v) over (order by v desc, product_id rows between unbounded
                            preceding and 1 preceding), 0) / sum(v) over () as share_before
            from value
        )
        select case when share_before < 0.8 then 'A' when share_before < 0.95 then 'B'
                    else 'C' end as abc, count(*)
        from ranked group by 1
    """).fetchall()
    )
    assert set(classes) == {"A", "B", "C"}
    assert classes["A"] < classes["C"]  # value is concentrated in few products


def test_xyz_classes_all_occur(con):
    classes = dict(
        con.sql("""
        with weekly as (
            select ltrim(upper(trim(MATNR)), '0') as product_id,
                   date_trunc('week', strptime(ERDAT, '%Y%m%d')) as week,
                   sum(cast(KWMENG as double)) as qty
            from so group by 1, 2
        ),
        weeks as (
            select distinct date_trunc('week', d) as week
            from range(date '2025-01-06', date '2026-01-01', interval 1 day) as t(d)
        ),
        grid as (
            select p.product_id, w.week, coalesce(q.qty, 0) as qty
            from (select distinct product_id from weekly) as p cross join weeks as w
            left join weekly as q on q.product_id = p.product_id and q.week = w.week
        ),
        cov as (select product_id, stddev_pop(qty) / avg(qty) as c from grid group by 1)
        select case when c <= 0.5 then 'X' when c <= 1.0 then 'Y' else 'Z' end, count(*)
        from cov group by 1
    """).fetchall()
    )
    assert set(classes) == {"X", "Y", "Z"}
    assert min(classes.values()) >= 10


def test_all_four_kraljic_quadrants_occur(con):
    quadrants = dict(
        con.sql("""
        with po as (
            select * from (
                select *, row_number() over (partition by EBELN, EBELP order by AEDAT desc) as rn
                from po_raw
                where try_cast(MENGE as double) is not null
                  and try_cast(NETPR as double) is not null
                  and try_strptime(BEDAT, '%Y%m%d') >= date '2025-01-01'
            )
            where rn = 1 and coalesce(LOEKZ, '') = ''
        ),
        latest_fx as (
            select FCURR, TCURR, cast(UKURS as double) as rate
            from fx qualify row_number() over (partition by FCURR, TCURR
                                                order by GDATU desc) = 1
        ),
        to_eur as (
            select FCURR as currency, rate from latest_fx where TCURR = 'EUR'
            union all select TCURR, 1 / rate from latest_fx where FCURR = 'EUR'
            union all select 'EUR', 1
        ),
        spend as (
            select ltrim(trim(LIFNR), '0') as supplier_id,
                   ltrim(upper(trim(MATNR)), '0') as product_id,
                   cast(MENGE as double) * cast(NETPR as double) / cast(PEINH as double)
                   * to_eur.rate as v
            from po join to_eur on to_eur.currency = po.WAERS
        ),
        by_supplier as (select supplier_id, sum(v) as v from spend group by 1),
        impact as (
            select supplier_id,
                   coalesce(sum(v) over (order by v desc, supplier_id rows between unbounded
                            preceding and 1 preceding), 0) / sum(v) over () < 0.8 as high
            from by_supplier
        ),
        single as (
            select distinct min(supplier_id) as supplier_id from spend group by product_id
            having count(distinct supplier_id) = 1
        ),
        latest_assessment as (
            select * from assessment
            qualify row_number() over (partition by supplier_id order by assessed_on desc) = 1
        ),
        risk as (
            select i.supplier_id, i.high,
                   0.4 * coalesce(cast(a.supply_risk_score as double), 3)
                   + 0.3 * case when s.supplier_id is not null then 5 else 1 end
                   + 0.3 * case coalesce(a.country_risk, 'M') when 'L' then 1 when 'M' then 3
                           else 5 end >= 3.0 as risky
            from impact as i
            left join single as s on s.supplier_id = i.supplier_id
            left join latest_assessment as a on a.supplier_id = i.supplier_id
        )
        select case when high and risky then 'strategic' when high then 'leverage'
                    when risky then 'bottleneck' else 'routine' end, count(*)
        from risk group by 1
    """).fetchall()
    )
    assert set(quadrants) == {"strategic", "leverage", "bottleneck", "routine"}


def test_suppliers_without_assessment_exist(con, demo):
    root, manifest = demo
    vendors = con.sql(f"""select count(distinct ltrim(LIFNR, '0')) from read_csv(
        '{root}/erp/vendor/2025-12-31/*.csv', delim='|', header=true, all_varchar=true)
    """).fetchall()[0][0]
    assessed = con.sql("select count(distinct supplier_id) from assessment").fetchall()[0][0]
    assert vendors >= 25 and 0 < assessed < vendors


def test_customer_hierarchy_has_two_to_four_levels_and_retail_stores(con, demo):
    root, _ = demo
    depth = con.sql(f"""
        with recursive c as (
            select ltrim(KUNNR, '0') as id, nullif(ltrim(HKUNNR, '0'), '') as parent, VTWEG
            from read_csv('{root}/erp/customer/2025-12-31/*.csv', delim='|', header=true,
                          all_varchar=true, quote='', escape='')
        ),
        walk as (
            select id, 1 as level from c where parent is null
            union all
            select c.id, walk.level + 1 from c join walk on c.parent = walk.id
        )
        select max(level), count(distinct id) from walk
    """).fetchall()[0]
    assert depth[0] == 4 and depth[1] >= 60
    owners = con.sql(f"""
        with s as (select distinct customer_id from read_parquet(
            '{root}/pos/store/2025-12-31/*.parquet'))
        select count(*), count(*) filter (where c.VTWEG = '20')
        from s join read_csv('{root}/erp/customer/2025-12-31/*.csv', delim='|', header=true,
                             all_varchar=true, quote='', escape='') as c
            on ltrim(c.KUNNR, '0') = s.customer_id
    """).fetchall()[0]
    assert owners[0] > 0 and owners[0] == owners[1]


def test_sell_out_follows_sell_in(con, demo):
    root, _ = demo
    corr = con.sql(f"""
        with stores as (
            select store_id, customer_id from read_parquet('{root}/pos/store/2025-12-31/*.parquet')
        ),
        material as (
            select ltrim(MATNR, '0') as product_id, EAN11 as gtin from read_csv(
                '{root}/erp/material/2025-12-31/*.csv', delim='|', header=true,
                all_varchar=true, quote='', escape='')
        ),
        sell_out as (
            select s.customer_id, m.product_id, sum(l.quantity) as qty
            from read_parquet('{root}/pos/sales_line/*/*.parquet', union_by_name=true) as l
            join stores as s on s.store_id = upper(trim(l.store_id))
            join material as m on m.gtin = ltrim(trim(l.gtin), '0')
            group by 1, 2
        ),
        sell_in as (
            select ltrim(trim(KUNWE), '0') as customer_id,
                   ltrim(upper(trim(MATNR)), '0') as product_id, sum(cast(KWMENG as double)) as qty
            from so group by 1, 2
        )
        select corr(i.qty, o.qty), count(*), sum(o.qty) / sum(i.qty)
        from sell_in as i join sell_out as o using (customer_id, product_id)
    """).fetchall()[0]
    assert corr[0] > 0.8 and corr[1] > 100
    assert 0.7 < corr[2] < 1.3
