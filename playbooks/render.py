"""Write playbook pages as Markdown and HTML, and an index of them.

Every value is escaped where it is written: ``html.escape`` for HTML (text and attributes),
and for Markdown the characters that would make a value markup (table pipes, backticks,
emphasis, links, raw HTML). Table cells are text, except the ``Code`` names the page writes;
in the page's own sentences a seed or mart name in backticks stays code. The same pages
give the same bytes: no time stamp, no release id, sorted input, ``\\n`` line ends.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Sequence
from pathlib import Path

from playbooks.content import Code, Page, Section

_CODE = re.compile(r"`([A-Za-z0-9_./-]+)`")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]|])")
_WHITESPACE = re.compile(r"\s+")
#: a page's file name (``<segment type>-<slug>.md|html``): what a full run may remove
_PAGE_NAME = re.compile(r"(product|supplier|customer)-[A-Za-z0-9_-]+\.(md|html)")
_STYLE = (
    "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse;margin:.5rem 0}"
    "th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}"
)


def _split_code(text: str) -> list[tuple[bool, str]]:
    """``text`` in parts: (is the page's own code name, part)."""
    parts: list[tuple[bool, str]] = []
    last = 0
    for match in _CODE.finditer(text):
        parts.append((False, text[last : match.start()]))
        parts.append((True, match.group(1)))
        last = match.end()
    parts.append((False, text[last:]))
    return [p for p in parts if p[1]]


def md_text(value: str) -> str:
    """A value as Markdown text: never markup, one line."""
    value = _WHITESPACE.sub(" ", value)
    # ``<`` would open raw HTML; ``&`` and ``>`` mid-line are text
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("<", "&lt;")


def _md_prose(text: str) -> str:
    return "".join(f"`{part}`" if code else md_text(part) for code, part in _split_code(text))


def html_text(value: str) -> str:
    return html.escape(value, quote=True)


def _html_prose(text: str) -> str:
    return "".join(
        f"<code>{html_text(part)}</code>" if code else html_text(part)
        for code, part in _split_code(text)
    )


def _md_cell(value: str) -> str:
    return f"`{value}`" if isinstance(value, Code) else md_text(value)


def _html_cell(value: str) -> str:
    return f"<code>{html_text(value)}</code>" if isinstance(value, Code) else html_text(value)


def _md_section(section: Section) -> list[str]:
    lines = [f"## {md_text(section.title)}", ""]
    for paragraph in section.paragraphs:
        lines += [_md_prose(paragraph), ""]
    if section.items:
        lines += [f"- {_md_prose(item)}" for item in section.items] + [""]
    if section.table is not None:
        lines.append("| " + " | ".join(md_text(h) for h in section.table.header) + " |")
        lines.append("|" + "---|" * len(section.table.header))
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in section.table.rows]
        lines.append("")
    return lines


def markdown(page: Page) -> str:
    lines = [f"# {md_text(page.title)}", "", _md_prose(page.summary), ""]
    for section in page.sections:
        lines += _md_section(section)
    return "\n".join(lines).rstrip("\n") + "\n"


def _html_section(section: Section) -> list[str]:
    out = [f"<h2>{html_text(section.title)}</h2>"]
    out += [f"<p>{_html_prose(p)}</p>" for p in section.paragraphs]
    if section.items:
        out.append("<ul>")
        out += [f"<li>{_html_prose(item)}</li>" for item in section.items]
        out.append("</ul>")
    if section.table is not None:
        out.append("<table>")
        out.append(
            "<tr>" + "".join(f"<th>{html_text(h)}</th>" for h in section.table.header) + "</tr>"
        )
        out += [
            "<tr>" + "".join(f"<td>{_html_cell(c)}</td>" for c in row) + "</tr>"
            for row in section.table.rows
        ]
        out.append("</table>")
    return out


def _html_document(title: str, body: list[str]) -> str:
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html_text(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"


def html_page(page: Page) -> str:
    body = [
        '<p><a href="index.html">All playbooks</a></p>',
        f"<h1>{html_text(page.title)}</h1>",
        f"<p>{_html_prose(page.summary)}</p>",
    ]
    for section in page.sections:
        body += _html_section(section)
    return _html_document(page.title, body)


def _index_rows(pages: Sequence[Page]) -> list[tuple[str, str, str, str]]:
    return [(p.segment_type, p.segment, str(p.member_count), p.slug) for p in pages]


def index_markdown(pages: Sequence[Page], heading: str) -> str:
    lines = ["# Segment playbooks", "", md_text(heading), ""]
    lines += ["| segment type | segment | members | page |", "|---|---|---|---|"]
    for kind, segment, members, slug in _index_rows(pages):
        lines.append(
            f"| {md_text(kind)} | {md_text(segment)} | {members} | "
            f"[{md_text(slug)}.md]({slug}.md) |"
        )
    return "\n".join(lines) + "\n"


def index_html(pages: Sequence[Page], heading: str) -> str:
    body = ["<h1>Segment playbooks</h1>", f"<p>{html_text(heading)}</p>", "<table>"]
    body.append("<tr><th>segment type</th><th>segment</th><th>members</th></tr>")
    for kind, segment, members, slug in _index_rows(pages):
        body.append(
            f"<tr><td>{html_text(kind)}</td>"
            f'<td><a href="{html_text(slug)}.html">{html_text(segment)}</a></td>'
            f"<td>{members}</td></tr>"
        )
    body.append("</table>")
    return _html_document("Segment playbooks", body)


def _write(path: Path, text: str) -> None:
    """Atomically: a reader sees the old file or the new one, never half of one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)


def write_pages(
    pages: Sequence[Page], out: Path, *, heading: str, index: bool = True
) -> list[Path]:
    """Each page as ``<slug>.md`` and ``<slug>.html`` in ``out``, and (``index``: every page)
    ``index.md`` / ``index.html`` of them, removing the pages of segments not in ``pages``;
    the files written, in order."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for page in pages:
        for suffix, text in ((".md", markdown(page)), (".html", html_page(page))):
            path = out / f"{page.slug}{suffix}"
            _write(path, text)
            written.append(path)
    indexes = (
        ("index.md", index_markdown(pages, heading)),
        ("index.html", index_html(pages, heading)),
    )
    for name, text in indexes if index else ():
        _write(out / name, text)
        written.append(out / name)
    if index:  # every segment written: the pages of segments that no longer exist go
        for path in sorted(out.iterdir()):
            if _PAGE_NAME.fullmatch(path.name) and path not in written:
                path.unlink()
    return written
