"""Bad arguments fail with a one-line error; `defects="none"` injects nothing."""

from __future__ import annotations

from datetime import date

import pytest

from generator import generate


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scale": 0}, "scale"),
        ({"scale": -1.0}, "scale"),
        ({"days": 0}, "days"),
        ({"defects": "some"}, "defects"),
        ({"start": "2025-01-01"}, "start"),
    ],
)
def test_bad_arguments_raise_a_one_line_value_error(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message) as info:
        generate(tmp_path, **kwargs)
    assert "\n" not in str(info.value)
    assert not any(tmp_path.iterdir())


def test_refuses_a_folder_holding_foreign_extracts(tmp_path):
    (tmp_path / "erp").mkdir()
    with pytest.raises(ValueError, match="not written by the generator"):
        generate(tmp_path, days=1)


def test_defects_none_injects_nothing(clean):
    root, manifest = clean
    assert manifest["injected"]
    assert all(not counts for counts in manifest["injected"].values())
    assert not manifest["duplicate_files"] and not manifest["rejected_files"]
    assert not manifest["extra_column_files"]


def test_defects_none_sends_each_key_once(clean):
    import duckdb

    root, manifest = clean
    rows = duckdb.sql(f"""
        select count(*), count(distinct (VBELN, POSNR)) from read_csv(
            '{root}/erp/sales_order_item/*/*.csv', delim='|', header=true, all_varchar=true,
            quote='', escape='')""").fetchall()[0]
    assert rows[0] == rows[1] > 0


def test_rerun_replaces_an_earlier_run(tmp_path):
    first = generate(tmp_path, start=date(2025, 1, 1), days=3, seed=1)
    second = generate(tmp_path, start=date(2025, 1, 1), days=2, seed=1)
    on_disk = {
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("*")
        if p.is_file() and p.name != "_manifest.json"
    }
    assert on_disk == set(second["files"])
    assert any("/2025-01-03/" in rel for rel in first["files"])
    assert not any("/2025-01-03/" in rel for rel in on_disk)


def test_rerun_cleans_up_after_an_interrupted_run(tmp_path):
    from generator.core import MARKER

    (tmp_path / "erp" / "stock").mkdir(parents=True)
    (tmp_path / "erp" / "stock" / "left_over.csv").write_text("MATNR\n")
    (tmp_path / MARKER).write_text("")
    manifest = generate(tmp_path, days=1, seed=1)
    on_disk = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert on_disk == set(manifest["files"]) | {"_manifest.json"}
