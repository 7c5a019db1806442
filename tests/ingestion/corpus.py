"""A corpus of corrupted extract files, made from the clean files of a generated landing.

``land_corpus`` adds, next to the clean part files of one extract date, one extra part
file per kind of damage a night can bring (named ``<entity>_<yyyymmdd>_9NN.csv`` etc. so
they sort after the clean ones). It returns what each corrupted file must become:
``loaded`` (every row loads), ``quarantined`` (loaded, some rows quarantined by row) or
``rejected`` (the whole file, with a reason), plus text the reason must contain.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Expected:
    outcome: str  # "loaded", "quarantined" or "rejected"
    reason: str = ""  # a rejection reason (or a quarantine reason) must contain this


def _clean(landing: Path, qualified: str, day: str) -> Path:
    """The first clean part file of the entity for ``day`` (else of its first date)."""
    folder = landing / qualified / day
    if not folder.is_dir():
        folder = sorted((landing / qualified).iterdir())[0]
    return sorted(folder.iterdir())[0]


def _part(landing: Path, qualified: str, day: str, number: int, extension: str) -> Path:
    name = qualified.split("/")[1]
    return landing / qualified / day / f"{name}_{day.replace('-', '')}_{number}.{extension}"


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def land_corpus(landing: Path, day: str) -> dict[str, Expected]:
    """Write the corrupted files into ``landing`` for ``day``; returns source_file -> Expected."""
    expected: dict[str, Expected] = {}

    def write(qualified: str, number: int, extension: str, content: bytes, exp: Expected):
        path = _part(landing, qualified, day, number, extension)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        expected["/".join(path.parts[-4:])] = exp

    # Parquet: truncated, text named .parquet, XOR-flipped bytes, 0 bytes.
    sales = _clean(landing, "pos/sales_line", day).read_bytes()
    write("pos/sales_line", 901, "parquet", sales[: len(sales) // 2], Expected("rejected"))
    write("pos/store", 901, "parquet", b"store_id,name\nS1,Shop\n", Expected("rejected"))
    flipped = bytearray(sales)
    middle = len(flipped) // 2
    for i in range(middle, middle + 64):
        flipped[i] ^= 0xFF
    # Whether a page survives depends on where the bytes fall: loaded whole or rejected,
    # never a failed run.
    write("pos/sales_line", 902, "parquet", bytes(flipped), Expected("any"))
    write("pos/store", 902, "parquet", b"", Expected("rejected", "too small"))

    # ERP pipe CSV.
    plant = _lines(_clean(landing, "erp/material_plant", day))
    damaged = list(plant)
    damaged[2] = damaged[2][:10] + b"\x00" + damaged[2][10:20] + b"\r" + damaged[2][20:]
    write("erp/material_plant", 901, "csv", b"".join(damaged), Expected("quarantined"))
    material = bytearray(_clean(landing, "erp/material", day).read_bytes())
    start = len(material) // 2
    for i in range(start, start + 16):
        material[i] ^= 0x5A
    write("erp/material", 901, "csv", bytes(material), Expected("any"))
    vendor = _lines(_clean(landing, "erp/vendor", day))
    vendor[1] = vendor[1].rstrip(b"\n") + b"|extra|fields\n"
    write("erp/vendor", 901, "csv", b"".join(vendor), Expected("quarantined"))
    customer = _lines(_clean(landing, "erp/customer", day))
    write(
        "erp/customer",
        901,
        "csv",
        b"".join(customer[1:]),
        Expected("rejected", "missing required column"),
    )
    receipt = _lines(_clean(landing, "erp/goods_receipt", day))
    header = (
        receipt[0].replace(b"BUDAT", b"@@").replace(b"MENGE", b"BUDAT").replace(b"@@", b"MENGE")
    )
    write(
        "erp/goods_receipt",
        901,
        "csv",
        b"".join([header, *receipt[1:]]),
        Expected("rejected", "budat"),
    )
    write("erp/stock", 901, "csv", b"", Expected("rejected", "empty"))
    fx = _lines(_clean(landing, "erp/fx_rate", day))
    blank = [fx[0], fx[1], b"\n", *fx[2:], b"\n", b"\n"]
    write("erp/fx_rate", 901, "csv", b"".join(blank), Expected("quarantined", "empty line"))

    # Procurement CSV.
    contract = _lines(_clean(landing, "procurement/contract", day))
    contract[1] = contract[1].replace(b"FIXED", b"FIX\xe9D").replace(b"TIERED", b"TI\xe9RED")
    write("procurement/contract", 901, "csv", b"".join(contract), Expected("quarantined", "UTF-8"))
    notification = _lines(_clean(landing, "procurement/quality_notification", day))
    write("procurement/quality_notification", 901, "csv", notification[0], Expected("loaded"))
    write("procurement/contract_price_tier", 901, "csv", b"", Expected("rejected", "empty"))
    assessment = _lines(_clean(landing, "procurement/supplier_assessment", day))
    header = assessment[0].replace(b"assessed_on", b"@@")
    header = header.replace(b"supply_risk_score", b"assessed_on").replace(
        b"@@", b"supply_risk_score"
    )
    write(
        "procurement/supplier_assessment",
        901,
        "csv",
        b"".join([header, *assessment[1:]]),
        Expected("rejected", "assessed_on"),
    )

    # TMS JSON Lines.
    carrier = _lines(_clean(landing, "tms/carrier", day))
    json_bad = [carrier[0], b"[1, 2, 3]\n", b"42\n", *carrier[1:]]
    write("tms/carrier", 901, "jsonl", b"".join(json_bad), Expected("quarantined", "not a JSON"))
    shipment = _lines(_clean(landing, "tms/shipment", day))
    cut = [*shipment[:-1], shipment[-1][: len(shipment[-1]) // 2]]
    write("tms/shipment", 901, "jsonl", b"".join(cut), Expected("quarantined", "invalid JSON"))
    write("tms/shipment", 902, "jsonl", b"", Expected("loaded"))
    charge = _lines(_clean(landing, "tms/freight_charge", day))
    spaced = [b"\n", charge[0], b"\n", *charge[1:], b"\n"]
    write("tms/freight_charge", 901, "jsonl", b"".join(spaced), Expected("quarantined", "empty"))
    return expected
