"""Quality results as files: JUnit XML for CI, a static HTML page for people, JSON for the record.

One JUnit ``testsuite`` per quality suite (and one for the dbt tests), one ``testcase`` per
expectation named ``<suite>: <expectation>``. A failed *error* expectation is a ``<failure>``;
a failed *warning* is reported in the testcase's ``system-err`` with ``severity=warning`` so CI
shows it without going red. The HTML page is self-contained (no Data Docs site to serve).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from xml.etree import ElementTree as ET

from expectations.runner import ExpectationOutcome, SuiteOutcome


def write_junit(suites: Sequence[SuiteOutcome], path: Path) -> Path:
    root = ET.Element("testsuites", name="chainseg quality gate")
    for suite in suites:
        node = ET.SubElement(
            root,
            "testsuite",
            name=suite.suite,
            tests=str(len(suite.outcomes)),
            failures=str(len(suite.blocking_failures)),
            errors="0",
            time=f"{suite.seconds:.3f}",
        )
        for outcome in suite.outcomes:
            _testcase(node, outcome)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path


def _testcase(parent: ET.Element, outcome: ExpectationOutcome) -> None:
    case = ET.SubElement(
        parent,
        "testcase",
        classname=f"quality.{outcome.suite}",
        name=f"{outcome.suite}: {outcome.name}",
    )
    properties = ET.SubElement(case, "properties")
    ET.SubElement(properties, "property", name="severity", value=outcome.severity)
    ET.SubElement(properties, "property", name="expectation_type", value=outcome.expectation_type)
    if outcome.success:
        return
    text = failure_text(outcome)
    if outcome.severity == "error":
        failure = ET.SubElement(
            case, "failure", message=text.splitlines()[0], type=outcome.expectation_type
        )
        failure.text = text
    else:
        ET.SubElement(case, "system-err").text = f"warning: {text}"


def failure_text(outcome: ExpectationOutcome) -> str:
    """What failed, how often, an exception if one was raised, and sample offending rows."""
    lines = [f"{outcome.suite}: {outcome.name} failed ({outcome.severity})"]
    if outcome.unexpected_count is not None:
        of = f" of {outcome.element_count}" if outcome.element_count is not None else ""
        lines.append(f"unexpected: {outcome.unexpected_count}{of}")
    if outcome.exception:
        lines.append(f"exception: {outcome.exception}")
    lines.extend(f"row: {json.dumps(row, default=str)}" for row in outcome.sample)
    return "\n".join(lines)


def write_json(suites: Sequence[SuiteOutcome], path: Path) -> Path:
    payload = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "suites": [
            {
                "suite": s.suite,
                "asset_key": list(s.asset_key),
                "table": s.table,
                "seconds": round(s.seconds, 3),
                "expectations": [asdict(o) for o in s.outcomes],
            }
            for s in suites
        ],
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, default=str))
    return path


def write_html(suites: Sequence[SuiteOutcome], path: Path) -> Path:
    total = sum(len(s.outcomes) for s in suites)
    blocking = sum(len(s.blocking_failures) for s in suites)
    warnings = sum(len(s.failed) - len(s.blocking_failures) for s in suites)
    generated = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    verdict = "FAILED" if blocking else "PASSED"
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        "<title>chainseg data quality</title><style>",
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}",
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}",
        ".ok{color:#17692f}.error{color:#b00020;font-weight:bold}.warning{color:#a05a00}",
        "pre{margin:0;white-space:pre-wrap;font-size:85%}</style></head><body>",
        "<h1>chainseg data quality</h1>",
        f"<p>{html.escape(generated)} &mdash; gate <b>{verdict}</b>: {total} expectations, "
        f"{blocking} error failures, {warnings} warnings.</p>",
        "<table><tr><th>suite</th><th>table</th><th>expectations</th><th>errors</th>"
        "<th>warnings</th><th>seconds</th></tr>",
    ]
    for s in suites:
        errs = len(s.blocking_failures)
        warns = len(s.failed) - errs
        css = "error" if errs else ("warning" if warns else "ok")
        parts.append(
            f"<tr class='{css}'><td><a href='#{html.escape(s.suite)}'>{html.escape(s.suite)}"
            f"</a></td><td>{html.escape(s.table or 'missing')}</td><td>{len(s.outcomes)}</td>"
            f"<td>{errs}</td><td>{warns}</td><td>{s.seconds:.2f}</td></tr>"
        )
    parts.append("</table>")
    for s in suites:
        parts.append(f"<h2 id='{html.escape(s.suite)}'>{html.escape(s.suite)}</h2>")
        parts.append(
            "<table><tr><th>expectation</th><th>severity</th><th>result</th>"
            "<th>unexpected</th><th>details</th></tr>"
        )
        for o in s.outcomes:
            status, css = ("passed", "ok") if o.success else ("failed", o.severity)
            count = "" if o.unexpected_count is None else str(o.unexpected_count)
            detail = "" if o.success else html.escape(failure_text(o))
            parts.append(
                f"<tr><td>{html.escape(o.name)}</td><td>{o.severity}</td>"
                f"<td class='{css}'>{status}</td><td>{count}</td><td><pre>{detail}</pre></td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
