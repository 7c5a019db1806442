"""Oracle SCM Cloud (BI Publisher report exports): ``,``-delimited CSV with ``"`` quoting,
Oracle's upper-case column names as header, UTF-8, LF line endings.

The quoting rules are the procurement exports' (RFC 4180 style): a line is one row; a line
with an unclosed or stray quote, or the wrong field count, is quarantined. Values stay text
as exported: surrogate ids as plain integers, ISO dates ``YYYY-MM-DD``, who-column
timestamps ``YYYY-MM-DDTHH:MM:SS.fff+00:00``, numbers with ``.`` and a leading minus.
"""

from __future__ import annotations

import dataclasses

from ingestion import procurement
from ingestion.text import TextFormat

FORMAT: TextFormat = dataclasses.replace(
    procurement.FORMAT,
    value_forms={
        "date": (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date YYYY-MM-DD"),
        "number": (r"-?[0-9]+(\.[0-9]*)?", "a number"),
    },
)
