"""IoT loggers (temperature and shock readings on temperature-controlled shipments): JSON
Lines micro-batches, one object per line, UTF-8, LF.

The TMS JSON Lines rules apply unchanged: a line that is not valid JSON, or not an object,
is quarantined; declared keys are extracted as text; a key no row of a file carries is a
missing column. Several files land per extract date (one per micro-batch,
``shipment_reading_<YYYYMMDD>_<HHMM>.jsonl``); a micro-batch landed twice has the same
bytes and the ledger loads it once. Readings keep their own UTC offset as delivered.
"""

from __future__ import annotations

from ingestion import tms
from ingestion.text import TextFormat

FORMAT: TextFormat = tms.FORMAT
