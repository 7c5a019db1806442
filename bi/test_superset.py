"""Integration test of the BI client (run by ``make bi`` after the import, never by ``make test``).

Starts the data home's Superset on a free localhost port and, through its REST API only:
- fetches every chart of the segmentation dashboard (``/api/v1/chart/<id>/data/``) and compares
  its rows with the same figures computed by DuckDB directly on the ``finance`` publication;
- lists every table and column of each role's database (what SQL Lab and dataset creation see)
  and checks them against the sensitivity tags of the dbt marts: ``operations`` shows no
  ``confidential`` column, ``analyst`` only ``public`` ones, ``finance`` all of them;
- checks that a SQL Lab query sees the same columns, that writes and file reads through Superset
  fail, and that the publication file is byte-identical afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from bi.server import ROLES, Client, publication, running
from settings.paths import PROJECT_ROOT

pytestmark = pytest.mark.bi

SCHEMA = "marts.main"
DASHBOARD = "chainseg-segmentation"
SEEN = {
    "finance": {"public", "internal", "confidential"},
    "operations": {"public", "internal"},
    "analyst": {"public"},
}
LINES = f"""
    from {SCHEMA}.mart_cost_to_serve_line as l
    left join {SCHEMA}.mart_customer_segments as c using (customer_id)
    left join {SCHEMA}.mart_product_segments as p using (product_id)
"""
#: every chart of the dashboard, by name: the same figures in plain SQL on the publication
EXPECTED = {
    "ABC-XYZ matrix (products, 12-month sales value)": f"""
        select abc_class, xyz_class, count(*) as "products",
               sum(sales_value_12m) as "sales value 12m"
        from {SCHEMA}.mart_product_segments group by all""",
    "Kraljic matrix (12-month spend per quadrant)": f"""
        select kraljic_segment, sum(spend_12m) as "spend 12m"
        from {SCHEMA}.mart_supplier_segments group by all""",
    "Cost to serve by customer segment": f"""
        select customer_segment, sum(revenue) as "revenue", sum(cost_to_serve) as "cost to serve",
               sum(net_margin) as "net margin",
               sum(cost_to_serve) / nullif(sum(revenue), 0) as "cost to serve %"
        from {SCHEMA}.mart_cost_to_serve_customer_month group by all""",
    "Revenue per customer segment and month": f"""
        select month, segment, sum(revenue) as "revenue"
        from {SCHEMA}.mart_segment_kpis_month where segment_type = 'customer' group by all""",
    "Customer segment -> customers": f"""
        select coalesce(c.customer_segment, 'unsegmented') as customer_segment, l.customer_id,
               count(*) as "lines", sum(l.revenue) as "revenue",
               sum(l.cost_to_serve) as "cost to serve", sum(l.net_margin) as "net margin"
        {LINES} group by all""",
    "Product segment -> products": f"""
        select coalesce(p.product_segment, 'unsegmented') as product_segment, l.product_id,
               count(*) as "lines", sum(l.revenue) as "revenue",
               sum(l.cost_to_serve) as "cost to serve", sum(l.net_margin) as "net margin"
        {LINES} group by all""",
    "Order lines (cost to serve)": f"""
        select l.order_month as month, coalesce(c.customer_segment, 'unsegmented')
                   as customer_segment, l.customer_id,
               coalesce(p.product_segment, 'unsegmented') as product_segment, l.product_id,
               l.plant_id, l.sales_order_id, l.sales_order_item, l.revenue, l.cost_to_serve,
               l.net_margin
        {LINES} order by l.net_margin, l.sales_order_id, l.sales_order_item limit 1000""",
}


def _sensitivity() -> dict[str, dict[str, str]]:
    """mart → column → sensitivity, from the dbt models (the registry the publication follows)."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(
        (PROJECT_ROOT / "dbt_project" / "models" / "marts").glob("*/_*__models.yml")
    ):
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]:
            found[model["name"]] = {c["name"]: c["meta"]["sensitivity"] for c in model["columns"]}
    return found


def _digest(path: Path) -> str:
    return hashlib.sha256(path.resolve().read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    if not publication("finance").exists():
        pytest.fail(f"no publication at {publication('finance')}: run `make bi`")
    before = {role: _digest(publication(role)) for role in ROLES}
    with running() as url:
        yield Client(url)
    after = {role: _digest(publication(role)) for role in ROLES}
    assert after == before, "a publication file changed while Superset used it"


@pytest.fixture(scope="module")
def databases(client: Client) -> dict[str, dict[str, Any]]:
    found = {db["database_name"]: db for db in client.all("database")}
    return {role: found[f"chainseg {role}"] for role in ROLES}


def _normal(value: Any, column_type: str | None = None) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if column_type == "temporal" and isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC).date()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
    return bool(a == b)


def test_every_dashboard_chart_matches_the_publication(client: Client) -> None:
    charts = client.get(f"/api/v1/dashboard/{DASHBOARD}/charts")["result"]
    assert sorted(c["slice_name"] for c in charts) == sorted(EXPECTED)
    con = duckdb.connect(str(publication("finance")), read_only=True)
    try:
        for chart in charts:
            answer = client.request("GET", f"/api/v1/chart/{chart['id']}/data/")
            assert answer.status_code == 200, (chart["slice_name"], answer.text[:1000])
            result = answer.json()["result"][0]
            kinds = dict(zip(result["colnames"], result["coltypes"], strict=True))
            temporal = {name for name, kind in kinds.items() if kind == 2}  # GenericDataType
            got = [
                tuple(
                    _normal(row[col], "temporal" if col in temporal else None)
                    for col in result["colnames"]
                )
                for row in result["data"]
            ]
            relation = con.sql(EXPECTED[chart["slice_name"]])
            assert relation.columns == result["colnames"], chart["slice_name"]
            want = [tuple(_normal(v) for v in row) for row in relation.fetchall()]
            assert len(got) == len(want) > 0, chart["slice_name"]
            if chart["slice_name"] != "Order lines (cost to serve)":  # the others are unordered
                got, want = sorted(got, key=repr), sorted(want, key=repr)
            for g, w in zip(got, want, strict=True):
                assert all(_same(a, b) for a, b in zip(g, w, strict=True)), (
                    chart["slice_name"],
                    g,
                    w,
                )
            totals = [
                sum(row[i] for row in got)
                for i in range(len(got[0]))
                if all(isinstance(row[i], float) for row in got)
            ]
            expected_totals = [
                sum(row[i] for row in want)
                for i in range(len(want[0]))
                if all(isinstance(row[i], float) for row in want)
            ]
            assert all(_same(a, b) for a, b in zip(totals, expected_totals, strict=True))
    finally:
        con.close()


@pytest.mark.parametrize("role", ROLES)
def test_a_role_database_shows_only_the_role_columns(
    client: Client, databases: dict[str, dict[str, Any]], role: str
) -> None:
    sensitivity = _sensitivity()
    pk = databases[role]["id"]
    tables = client.get(f"/api/v1/database/{pk}/tables/?q=(schema_name:'{SCHEMA}')")["result"]
    names = {t["value"] for t in tables}
    expected_marts = {m for m, cols in sensitivity.items() if set(cols.values()) & SEEN[role]}
    assert names == expected_marts
    for mart in sorted(names):
        meta = client.get(f"/api/v1/database/{pk}/table_metadata/?name={mart}&schema={SCHEMA}")
        columns = {c["column_name"] if "column_name" in c else c["name"] for c in meta["columns"]}
        allowed = {c for c, s in sensitivity[mart].items() if s in SEEN[role]}
        assert columns == allowed, (role, mart, columns ^ allowed)
    # the imported datasets carry the same columns (refreshed from the role's publication)
    for dataset in client.all("dataset", [{"col": "database", "opr": "rel_o_m", "value": pk}]):
        detail = client.get(f"/api/v1/dataset/{dataset['id']}")["result"]
        if detail["sql"]:
            continue
        columns = {c["column_name"] for c in detail["columns"]}
        allowed = {c for c, s in sensitivity[detail["table_name"]].items() if s in SEEN[role]}
        assert columns == allowed, (role, detail["table_name"], columns ^ allowed)


def _sql_lab(client: Client, database_id: int, sql: str) -> tuple[int, dict[str, Any]]:
    answer = client.request(
        "POST",
        "/api/v1/sqllab/execute/",
        json={"database_id": database_id, "sql": sql, "schema": SCHEMA, "runAsync": False},
    )
    return answer.status_code, answer.json()


def test_sql_lab_on_operations_sees_no_confidential_column(
    client: Client, databases: dict[str, dict[str, Any]]
) -> None:
    confidential = {
        (mart, col)
        for mart, cols in _sensitivity().items()
        for col, s in cols.items()
        if s == "confidential"
    }
    assert ("mart_cost_to_serve_line", "net_margin") in confidential
    pk = databases["operations"]["id"]
    status, body = _sql_lab(client, pk, f"select * from {SCHEMA}.mart_cost_to_serve_line limit 5")
    assert status == 200, body
    seen = {c["column_name"] for c in body["columns"]}
    assert (
        "customer_id" in seen
        and not {c for m, c in confidential if m == "mart_cost_to_serve_line"} & seen
    )
    status, body = _sql_lab(client, pk, f"select net_margin from {SCHEMA}.mart_cost_to_serve_line")
    assert status != 200 and "net_margin" in str(body)
    # the finance database does have it (the check above is not vacuous)
    status, body = _sql_lab(
        client,
        databases["finance"]["id"],
        f"select net_margin from {SCHEMA}.mart_cost_to_serve_line",
    )
    assert status == 200, body


@pytest.mark.parametrize(
    "sql",
    [
        f"create table {SCHEMA}.written as select 1 as x",
        f"insert into {SCHEMA}.mart_customer_segments (customer_id) values ('x')",
        f"delete from {SCHEMA}.mart_customer_segments",
        f"drop table {SCHEMA}.mart_customer_segments",
        "select * from read_csv('/etc/hostname')",
        "attach '/tmp/chainseg-bi-attach.duckdb' as other",
        f"copy {SCHEMA}.mart_customer_segments to '/tmp/chainseg-bi-copy.csv'",
    ],
)
def test_writes_and_file_access_through_superset_fail(
    client: Client, databases: dict[str, dict[str, Any]], sql: str
) -> None:
    for role in ROLES:
        status, body = _sql_lab(client, databases[role]["id"], sql)
        message = str(body)
        refused = "does not allow for DDL/DML" in message or "Permission Error" in message
        assert status != 200 and refused, (role, sql, body)
    assert not Path("/tmp/chainseg-bi-copy.csv").exists()


def test_role_databases_are_read_only_and_closed_to_uploads(
    client: Client, databases: dict[str, dict[str, Any]]
) -> None:
    for role, db in databases.items():
        detail = client.get(f"/api/v1/database/{db['id']}/connection")["result"]
        assert detail["sqlalchemy_uri"].endswith(f"/publish/{role}/marts.duckdb")
        assert not detail["allow_dml"] and not detail["allow_file_upload"]
        assert not detail["allow_ctas"] and not detail["allow_cvas"]
        connect = yaml.safe_load(detail["extra"])["engine_params"]["connect_args"]
        assert connect["read_only"] is True
        assert connect["config"]["enable_external_access"] is False
