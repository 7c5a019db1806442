"""`chainseg playbook`: a page per segment, the right members, owners and thresholds, the same
bytes on a rerun, every value escaped, and one clear error before anything is published."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from playbooks import PlaybookError, published_marts, write_playbooks
from playbooks.content import Seeds, policy_segments
from tests.pipeline_fixtures import built_demo_warehouse, chainseg_cli


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def demo_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("playbooks")
    write_playbooks(built_demo_warehouse(), out)
    return out


def test_a_page_per_segment_and_an_index(demo_pages: Path):
    conn = duckdb.connect(str(built_demo_warehouse()), read_only=True)
    try:
        official = conn.execute(
            "select distinct entity_type, official_segment from marts.mart_official_segments "
            "where period_end = (select max(period_end) from marts.mart_official_segments)"
        ).fetchall()
    finally:
        conn.close()
    named = {(t, s) for t, segments in policy_segments(Seeds.read()).items() for s in segments}
    expected = {f"{t}-{s}" for t, s in {*official, *named}}

    found = {p.stem for p in demo_pages.glob("*.md")} - {"index"}

    assert found == expected
    assert {p.stem for p in demo_pages.glob("*.html")} - {"index"} == expected
    index = (demo_pages / "index.md").read_text(encoding="utf-8")
    assert all(f"({slug}.md)" in index for slug in expected)


def test_the_strategic_page_holds_its_members_owners_and_thresholds(demo_pages: Path):
    conn = duckdb.connect(str(built_demo_warehouse()), read_only=True)
    try:
        members = conn.execute(
            "select entity_id from marts.mart_official_segments where entity_type = 'supplier' "
            "and official_segment = 'strategic' and period_end = "
            "(select max(period_end) from marts.mart_official_segments) "
            "order by segment_value desc, entity_id limit 10"
        ).fetchall()
    finally:
        conn.close()
    page = (demo_pages / "supplier-strategic.md").read_text(encoding="utf-8")
    member_rows = page.split("members by spend 12m", 1)[1].split("## ", 1)[0]
    listed = [
        line.split(" | ")[1]
        for line in member_rows.splitlines()
        if line.startswith("| ") and line.split(" | ")[0][2:].isdigit()
    ]

    assert members and listed == [m for (m,) in members]
    # the seeds by hand: supplier_segment_policies, po_approval_levels, the registry
    assert "- contract term: 36 months" in page
    assert "changeover review after 3 consecutive months with OTD below 90 %" in page
    assert "| 2,500 | 3 | category director |" in page
    assert "| 10,000 | 4 | chief procurement officer |" in page
    assert (
        "| purchase approval levels | `po_approval_levels` | procurement "
        "| category.management@chainseg.example |" in page
    )
    assert (
        "| supplier scorecard and changeover benchmark | `mart_supplier_scorecard_month` "
        "| procurement | supplier.quality@chainseg.example |" in page
    )
    assert "| 4 | a supplier exit or a PO above the highest approval threshold " in page


def test_a_rerun_writes_the_same_bytes(demo_pages: Path, tmp_path: Path):
    write_playbooks(built_demo_warehouse(), tmp_path)

    assert _files(tmp_path) == _files(demo_pages)


def _tiny_marts(path: Path, description: str) -> Path:
    """A DuckDB file with the marts the playbooks read: two products, one of them moving from
    AX to BX between the review of 2025-09-30 and 2025-12-31."""
    conn = duckdb.connect(str(path))
    conn.execute("create schema marts")
    conn.execute(
        "create table marts.mart_official_segments as select * from (values "
        "('product', 'P1', date '2025-09-30', date '2025-09-30', 'AX', 'AX', 100.0, 3, null),"
        "('product', 'P2', date '2025-09-30', date '2025-09-30', 'AX', 'AX', 50.0, 3, null),"
        "('product', 'P1', date '2025-12-31', date '2025-12-31', 'AX', 'AX', 120.0, 6, null),"
        "('product', 'P2', date '2025-12-31', date '2025-12-31', 'BX', 'BX', 40.0, 3, null)"
        ") t(entity_type, entity_id, period_end, as_of_date, official_segment, "
        "computed_segment, segment_value, periods_held, difference_reason)"
    )
    conn.execute(
        "create table marts.mart_segment_review as select * from (values "
        "('product', 'AX', date '2025-12-31', date '2025-09-30', 1, 0.75, 0.9, 0.95, 0, 1, "
        "'merge', 'too_few_members')) t(entity_type, segment, period_end, previous_review_end, "
        "member_count, value_share, otif_rate_quarter, otif_target, official_members_in, "
        "official_members_out, recommendation, recommendation_reason)"
    )
    conn.execute(
        "create table marts.mart_product_segments as select * from (values "
        "('P1', ?), ('P2', 'Plain soap')) t(product_id, description)",
        [description],
    )
    conn.execute("create table marts.mart_supplier_segments (supplier_id text, supplier_name text)")
    conn.execute("create table marts.mart_customer_segments (customer_id text, channel text)")
    conn.execute(
        "create table marts.mart_sourcing_actions (supplier_segment text, action_type text)"
    )
    conn.close()
    return path


def test_entries_and_exits_since_the_last_review(tmp_path: Path):
    marts = _tiny_marts(tmp_path / "tiny.duckdb", "Shower gel")

    write_playbooks(marts, tmp_path / "out")

    ax = (tmp_path / "out" / "product-AX.md").read_text(encoding="utf-8")
    bx = (tmp_path / "out" / "product-BX.md").read_text(encoding="utf-8")
    assert "Since the review of 2025-09-30: 0 entered, 1 left" in ax
    assert "| left | P2 | Plain soap | 40 | to BX |" in ax
    assert "| 1 | P1 | Shower gel | 120 | AX | 6 |" in ax
    assert "recommendation merge (too_few_members)" in ax
    assert "Since the review of 2025-09-30: 1 entered, 0 left" in bx
    assert "| entered | P2 | Plain soap | 40 | from AX |" in bx


def test_every_value_is_escaped(tmp_path: Path):
    evil = '<script>alert("x")</script> | `x` [a](javascript:y) *b* & <img src=x>'
    marts = _tiny_marts(tmp_path / "tiny.duckdb", evil)

    write_playbooks(marts, tmp_path / "out")

    page = (tmp_path / "out" / "product-AX.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "out" / "product-AX.md").read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | `x`" in page
    assert "<script" not in markdown and "<img" not in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| 1 | P1 |"))
    assert r"&lt;script>alert(" in row and r" \| \`x\` \[a\](javascript:y) \*b\* & " in row
    assert row.count(" | ") == 5  # the pipe in the value does not add a column


def test_one_segment_only_and_an_unknown_one(tmp_path: Path):
    marts = _tiny_marts(tmp_path / "tiny.duckdb", "Shower gel")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "product-QQ.md").write_text("a segment gone since", encoding="utf-8")
    (tmp_path / "out" / "notes.md").write_text("not a page", encoding="utf-8")

    written = write_playbooks(marts, tmp_path / "out", segment="product-AX")

    assert [p.name for p in written.files] == ["product-AX.md", "product-AX.html"]
    assert (tmp_path / "out" / "product-QQ.md").exists()  # one page: nothing else touched

    write_playbooks(marts, tmp_path / "out")

    assert not (tmp_path / "out" / "product-QQ.md").exists()
    assert (tmp_path / "out" / "notes.md").exists()
    with pytest.raises(PlaybookError, match="no segment 'QQ'; the segments are AX"):
        write_playbooks(marts, tmp_path / "out", segment="QQ")


def test_without_a_publication_one_line_error(tmp_path: Path):
    with pytest.raises(PlaybookError, match="run `chainseg run` first"):
        published_marts(tmp_path / "publish")

    result = chainseg_cli("playbook", home=tmp_path, landing=tmp_path / "landing")

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("chainseg: error: no publication of the marts under ")
    assert not (tmp_path / "playbooks").exists()


def test_the_command_reads_the_latest_publication(tmp_path: Path):
    from publication import publish

    publish(built_demo_warehouse(), tmp_path / "publish", run_id="playbook-test")

    result = chainseg_cli(
        "playbook", "--segment", "strategic", home=tmp_path, landing=tmp_path / "landing"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Playbook: supplier segment strategic\n")
    assert result.stdout.endswith(f"wrote 2 files (1 segment) to {tmp_path}/playbooks\n")
    assert (tmp_path / "playbooks" / "supplier-strategic.html").is_file()
