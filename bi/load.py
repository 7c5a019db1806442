"""Set up the local Superset of the data home and import the repo's assets (``make bi``).

Runs in the BI environment (``.venv-bi/bin/python -m bi.load``):

1. makes sure a publication exists (``chainseg generate --if-empty`` and ``chainseg run``
   from the project environment when there is none);
2. ``superset db upgrade``, the admin user (password in ``$CHAINSEG_HOME/bi/admin_password``
   unless ``CHAINSEG_BI_PASSWORD`` is set) and ``superset init``;
3. bundles ``bi/superset/`` (Superset's import format) with the data home filled in -
   ``{{ publish }}`` is the publish folder, ``{{ catalog }}`` the publication file's DuckDB
   catalog name - and each chart's query context derived from its params (what Superset's own
   UI would save, so ``/api/v1/chart/<id>/data/`` answers);
4. imports the bundle through the REST API (``/api/v1/assets/import/``, overwriting), then reads
   every dataset's columns from its role's publication, so a role's datasets show exactly the
   columns that role may see. A dataset whose table its publication lacks is an error.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import yaml

from bi.server import (
    ADMIN,
    ASSETS,
    PROJECT_ROOT,
    Client,
    admin_password,
    bi_home,
    publication,
    running,
    superset,
)
from settings.paths import paths

#: the catalog DuckDB gives a database file is its name without extension
CATALOG = "marts"


def ensure_publication() -> None:
    if publication("finance").exists():
        return
    chainseg = str(PROJECT_ROOT / ".venv" / "bin" / "chainseg")
    print("bi: no publication yet - generating the demo extracts and running the pipeline")
    subprocess.run([chainseg, "generate", "--if-empty"], check=True)
    subprocess.run([chainseg, "run"], check=True)
    if not publication("finance").exists():
        sys.exit(f"bi: the run published nothing at {publication('finance')}")


def drop_table_name_unique(metadata: Path) -> None:
    """Let datasets of different databases share a table name in a SQLite metadata database.

    Every role's database has the same mart names, but Superset's migrations cannot drop the
    first schema's ``UNIQUE (table_name)`` on SQLite (apache/superset#33134, #17072), so the
    table is rebuilt once without it (the uuid stays unique). Idempotent.
    """
    con = sqlite3.connect(metadata)
    try:
        (sql,) = con.execute("select sql from sqlite_master where name = 'tables'").fetchone()
        fixed = re.sub(r",\s*UNIQUE \(table_name\)", "", sql)
        if fixed == sql:
            return
        con.execute("pragma foreign_keys = off")
        with con:
            con.execute(fixed.replace('"tables"', '"tables_rebuilt"', 1))
            con.execute("insert into tables_rebuilt select * from tables")
            con.execute("drop table tables")
            con.execute("alter table tables_rebuilt rename to tables")
    finally:
        con.close()


def prepare_superset() -> None:
    superset("db", "upgrade")
    drop_table_name_unique(bi_home() / "superset.db")
    superset(
        "fab",
        "create-admin",
        "--username",
        ADMIN,
        "--firstname",
        "chainseg",
        "--lastname",
        "admin",
        "--email",
        "admin@localhost",
        "--password",
        admin_password(),
    )
    superset("init")


def query_context(params: dict[str, Any]) -> dict[str, Any]:
    """The query context Superset's UI saves for the chart types used here."""
    viz = params["viz_type"]
    metrics: list[Any] = list(params.get("metrics") or [])
    if params.get("metric"):
        metrics = [params["metric"]]
    orderby: list[Any] = []
    if viz == "table" and params.get("query_mode") == "raw":
        columns = list(params["all_columns"])
        metrics = []
        orderby = [json.loads(item) for item in params.get("order_by_cols", [])]
    elif viz == "pivot_table_v2":
        columns = list(params["groupbyRows"]) + list(params["groupbyColumns"])
    elif viz.startswith("echarts_timeseries"):
        columns = [params["x_axis"], *params.get("groupby", [])]
    else:
        columns = list(params.get("groupby", []))
    if params.get("timeseries_limit_metric"):
        orderby = [[params["timeseries_limit_metric"], not params.get("order_desc", True)]]
    filters = [
        {"col": f["subject"], "op": f["operator"], "val": f["comparator"]}
        for f in params.get("adhoc_filters", [])
        if f.get("expressionType") == "SIMPLE"
    ]
    query = {
        "columns": columns,
        "metrics": metrics,
        "orderby": orderby,
        "filters": filters,
        "extras": {"having": "", "where": ""},
        "row_limit": params.get("row_limit", 10000),
        "series_limit": 0,
        "order_desc": params.get("order_desc", True),
        "annotation_layers": [],
        "applied_time_extras": {},
        "url_params": {},
        "custom_params": {},
        "custom_form_data": {},
    }
    return {
        "datasource": {"id": 0, "type": "table"},
        "force": False,
        "queries": [query],
        "form_data": params,
        "result_format": "json",
        "result_type": "full",
    }


def bundle(assets: Path = ASSETS) -> bytes:
    """The import zip: every YAML under ``assets`` with the data home filled in."""
    values = {"publish": str(paths().publish), "catalog": CATALOG}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for path in sorted(assets.rglob("*.yaml")):
            text = re.sub(
                r"\{\{ (\w+) \}\}", lambda m: values[m.group(1)], path.read_text(encoding="utf-8")
            )
            relative = path.relative_to(assets)
            if relative.parts[0] == "charts":
                chart = yaml.safe_load(text)
                chart["query_context"] = json.dumps(query_context(chart["params"]))
                text = yaml.safe_dump(chart, sort_keys=False)
            zf.writestr(f"chainseg_bi/{relative}", text)
    return out.getvalue()


def import_assets(client: Client) -> None:
    answer = client.request(
        "POST",
        "/api/v1/assets/import/",
        files={"bundle": ("chainseg_bi.zip", bundle(), "application/zip")},
        data={"passwords": "{}"},
    )
    if answer.status_code != 200:
        sys.exit(f"bi: the import failed ({answer.status_code}): {answer.text[:2000]}")
    ours = {yaml.safe_load(p.read_text())["uuid"] for p in (ASSETS / "datasets").rglob("*.yaml")}
    refreshed = 0
    for dataset in client.all("dataset"):
        detail = client.get(f"/api/v1/dataset/{dataset['id']}")["result"]
        if detail["uuid"] not in ours:
            continue
        answer = client.request("PUT", f"/api/v1/dataset/{dataset['id']}/refresh")
        if answer.status_code != 200:
            sys.exit(
                f"bi: dataset {detail['database']['database_name']}.{detail['table_name']} "
                f"cannot be read from its publication: {answer.text[:500]}"
            )
        refreshed += 1
    if refreshed != len(ours):
        sys.exit(f"bi: {len(ours)} datasets in bi/superset, {refreshed} imported")
    print(f"bi: imported bi/superset ({refreshed} datasets) into {paths().home / 'bi'}")


def main() -> None:
    ensure_publication()
    prepare_superset()
    with running() as url:
        import_assets(Client(url))


if __name__ == "__main__":
    main()
