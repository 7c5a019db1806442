"""The same arguments give byte-identical files and manifest."""

from __future__ import annotations

import hashlib


def test_same_arguments_give_identical_files(short_pair):
    (root_a, manifest_a), (root_b, manifest_b) = short_pair
    files_a = sorted(p.relative_to(root_a) for p in root_a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(root_b) for p in root_b.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (root_a / rel).read_bytes() == (root_b / rel).read_bytes(), rel
    assert manifest_a == manifest_b


def test_manifest_checksums_and_row_counts_match_the_files(short_pair):
    root, manifest = short_pair[0]
    on_disk = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != "_manifest.json"
    }
    assert on_disk == set(manifest["files"])
    for rel, meta in manifest["files"].items():
        data = (root / rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == meta["sha256"], rel


def test_a_different_seed_gives_different_data(short_pair, tmp_path):
    from datetime import date

    from generator import generate

    root, manifest = short_pair[0]
    other = generate(tmp_path, start=date(2025, 3, 1), days=45, scale=0.01, seed=4)
    rel = "erp/sales_order_item/2025-03-10/sales_order_item_20250310_001.csv"
    assert other["files"][rel]["sha256"] != manifest["files"][rel]["sha256"]
