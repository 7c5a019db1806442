"""Text extracts: row parsing, quarantine with exact row numbers, values kept as delivered."""

from __future__ import annotations

from datetime import date

from landed import CONTRACT_HEADER, MATERIAL_HEADER, land, material_row, rows

from ingestion import load_landing


def _result(results, qualified):
    return next(r for r in results if r.entity == qualified)


def test_wrong_field_count_is_quarantined_with_row_number_and_raw_text(conn, landing):
    body = (
        "\n".join(
            [
                MATERIAL_HEADER,
                material_row("000000000000004711"),
                "000000000000004712|too few",
                material_row("000000000000004713") + "|one too many",
                material_row("000000000000004714"),
            ]
        )
        + "\n"
    )
    land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", body)

    result = _result(load_landing(conn, landing, entities=["erp/material"]), "erp/material")

    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 2, 2)
    assert rows(conn, "select matnr, _row_number from raw.erp__material order by 2") == [
        ("000000000000004711", 1),
        ("000000000000004714", 4),
    ]
    assert rows(
        conn, "select row_number, raw_text, reason, rule_id from raw._quarantine order by 1"
    ) == [
        (2, "000000000000004712|too few", "wrong number of fields: expected 10, found 2", "ING01"),
        (
            3,
            material_row("000000000000004713") + "|one too many",
            "wrong number of fields: expected 10, found 11",
            "ING01",
        ),
    ]


def test_undecodable_bytes_are_quarantined_and_later_row_numbers_stay_exact(conn, landing):
    body = (
        MATERIAL_HEADER.encode()
        + b"\n"
        + material_row("A1").encode()
        + b"\n"
        + b"A2|Caf\xe9 latin-1|FERT|M01|EA|1|KG|||20250101\n"
        + material_row("A3").encode()
        + b"\n"
    )
    land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", body)

    result = _result(load_landing(conn, landing, entities=["erp/material"]), "erp/material")

    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    assert rows(conn, "select matnr, _row_number from raw.erp__material order by 2") == [
        ("A1", 1),
        ("A3", 3),
    ]
    assert rows(conn, "select row_number, raw_text, reason from raw._quarantine") == [
        (
            2,
            "A2|Caf\\xe9 latin-1|FERT|M01|EA|1|KG|||20250101",
            "undecodable bytes: not valid UTF-8",
        ),
    ]


def test_procurement_bom_crlf_quoting_and_broken_quote(conn, landing):
    body = (
        "\ufeff" + CONTRACT_HEADER + "\r\n"
        "100,10,4711,4711,2025-01-01,2025-12-31,EUR,1,FIXED\r\n"
        '"101",10,"Acme, ""Best"" Inc",4711,2025-01-01,2025-12-31,EUR,1,FIXED\r\n'
        '102,10,"unclosed,4711,2025-01-01,2025-12-31,EUR,1,FIXED\r\n'
        "103,10,,4711,2025-01-01,2025-12-31,EUR,1,TIERED\r\n"
    )
    land(landing, "procurement/contract", "2025-01-01", "contract_20250101_001.csv", body)

    result = _result(
        load_landing(conn, landing, entities=["procurement/contract"]), "procurement/contract"
    )

    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 3, 1)
    assert rows(
        conn,
        "select contract_id, supplier_id, contract_type, _row_number "
        "from raw.procurement__contract order by _row_number",
    ) == [
        ("100", "4711", "FIXED", 1),
        ("101", 'Acme, "Best" Inc', "FIXED", 2),
        ("103", None, "TIERED", 4),
    ]
    assert rows(conn, "select row_number, reason, raw_text from raw._quarantine") == [
        (3, "broken quoting", '102,10,"unclosed,4711,2025-01-01,2025-12-31,EUR,1,FIXED'),
    ]


def test_crlf_pipe_file_with_bom_loads_without_carriage_returns(conn, landing):
    body = "\ufeff" + MATERIAL_HEADER.lower() + "\r\n" + material_row("X1") + "\r\n"
    land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", body)

    load_landing(conn, landing, entities=["erp/material"])

    assert rows(conn, "select matnr, laeda from raw.erp__material") == [("X1", "20250101")]


def test_padded_and_unpadded_ids_are_kept_verbatim(conn, landing):
    body = (
        "\n".join(
            [
                MATERIAL_HEADER,
                material_row("000000000000004711"),
                material_row("4711"),
                material_row(" 4711 "),
            ]
        )
        + "\n"
    )
    land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", body)

    load_landing(conn, landing, entities=["erp/material"])

    assert rows(conn, "select matnr from raw.erp__material order by _row_number") == [
        ("000000000000004711",),
        ("4711",),
        (" 4711 ",),
    ]


def test_exact_duplicate_rows_are_kept_and_counted(conn, landing):
    row = material_row("000000000000004711")
    land(
        landing,
        "erp/material",
        "2025-01-01",
        "material_20250101_001.csv",
        "\n".join([MATERIAL_HEADER, row, row, row]) + "\n",
    )

    result = _result(load_landing(conn, landing, entities=["erp/material"]), "erp/material")

    assert result.rows_loaded == 3
    assert rows(conn, "select count(*), count(distinct _row_number) from raw.erp__material") == [
        (3, 3),
    ]


def test_json_lines_invalid_and_non_object_lines_are_quarantined(conn, landing):
    body = (
        '{"carrier_id": "C1", "name": "Rapid", "scac": "RPDX", "modes": ["TL", "AIR"]}\n'
        '{"carrier_id": "C2", "name": "broken\n'
        '["not", "an", "object"]\n'
        '{"carrier_id": "C3", "name": "Slow", "scac": null, "modes": []}\n'
    )
    land(landing, "tms/carrier", "2025-01-01", "carrier_20250101_001.jsonl", body)

    result = _result(load_landing(conn, landing, entities=["tms/carrier"]), "tms/carrier")

    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 2, 2)
    assert rows(
        conn,
        "select carrier_id, scac, modes, _row_number, _extract_date "
        "from raw.tms__carrier order by _row_number",
    ) == [
        ("C1", "RPDX", '["TL","AIR"]', 1, date(2025, 1, 1)),
        ("C3", None, "[]", 4, date(2025, 1, 1)),
    ]
    assert rows(conn, "select row_number, reason from raw._quarantine order by 1") == [
        (2, "invalid JSON"),
        (3, "not a JSON object"),
    ]


def test_json_nested_weight_is_kept_as_json_text(conn, landing):
    shipment = (
        '{"shipment_id": "S1", "carrier_id": "C1", "mode": "TL", "origin_plant": "1000", '
        '"ship_to": "4711", "deliveries": ["0080000001"], '
        '"planned_pickup_at": "2025-01-01T08:00:00+01:00", "picked_up_at": null, '
        '"planned_delivery_at": "2025-01-02T08:00:00-05:00", "delivered_at": null, '
        '"distance_km": 120.5, "weight": {"value": 120.5, "unit": "lb"}, '
        '"temperature_controlled": true, "temperature_excursion": false, '
        '"status": "PLANNED", "updated_at": "2025-01-01T07:00:00Z"}\n'
    )
    land(landing, "tms/shipment", "2025-01-01", "shipment_20250101_001.jsonl", shipment)

    load_landing(conn, landing, entities=["tms/shipment"])

    assert rows(
        conn,
        "select deliveries, weight, distance_km, temperature_controlled, "
        "planned_delivery_at, delivered_at from raw.tms__shipment",
    ) == [
        (
            '["0080000001"]',
            '{"value":120.5,"unit":"lb"}',
            "120.5",
            "true",
            "2025-01-02T08:00:00-05:00",
            None,
        ),
    ]


def test_row_numbers_are_exact_across_many_files_read_in_one_call(conn, landing):
    conn.execute("set threads = 2")
    for day in range(1, 31):
        lines = [MATERIAL_HEADER] + [material_row(f"M{day:02d}-{n:05d}") for n in range(1, 3001)]
        lines[1500] = "broken"  # data row 1500 of every file
        land(
            landing,
            "erp/material",
            f"2025-01-{day:02d}",
            f"material_{day:02d}.csv",
            "\n".join(lines) + "\n",
        )

    load_landing(conn, landing, entities=["erp/material"])

    assert rows(
        conn,
        """
        select count(*), count(*) filter (
            where matnr <> 'M' || strftime(_extract_date, '%d') || '-'
                || lpad(cast(_row_number as varchar), 5, '0'))
        from raw.erp__material""",
    ) == [(30 * 2999, 0)]
    assert rows(conn, "select count(*), min(row_number), max(row_number) from raw._quarantine") == [
        (30, 1500, 1500)
    ]


def test_procurement_wrong_field_count_with_and_without_quotes(conn, landing):
    body = (
        CONTRACT_HEADER + "\r\n"
        "200,10,4711,4711,2025-01-01,2025-12-31,EUR,1\r\n"
        '201,10,"Acme, Inc",4711,2025-01-01,2025-12-31,EUR,1,FIXED,extra\r\n'
        "202,10,4711,4711,2025-01-01,2025-12-31,EUR,1,FIXED\r\n"
    )
    land(landing, "procurement/contract", "2025-01-01", "contract_20250101_001.csv", body)

    load_landing(conn, landing, entities=["procurement/contract"])

    assert rows(conn, "select contract_id, _row_number from raw.procurement__contract") == [
        ("202", 3)
    ]
    assert rows(conn, "select row_number, reason from raw._quarantine order by 1") == [
        (1, "wrong number of fields: expected 9, found 8"),
        (2, "wrong number of fields: expected 9, found 10"),
    ]


def test_procurement_fully_quoted_lines_parse_like_the_general_rule(conn, landing):
    # Fully quoted lines without "," or '"' in a value take a split-only path; the others
    # (a comma or doubled quote inside a value) the general one. Both must agree: a quoted
    # empty value stays '', a stray character after a closing quote is broken quoting.
    tail = '"2025-01-01","2025-12-31","EUR","1"'
    body = (
        "\ufeff" + CONTRACT_HEADER + "\r\n"
        f'"300","10","4711","4711",{tail},"FIXED"\r\n'
        f'"301","10","","4711",{tail},"FIXED"\r\n'
        f'"302","10","Acme, Inc","4711",{tail},"FIXED"\r\n'
        f'"303","10","4711"x,"4711",{tail},"FIXED"\r\n'
        f'"304","10","4711","4711",{tail}\r\n'
        f'"305","10","4711","4711",{tail},"FIXED\r\n'
        f'"306","10","Say ""hi""","4711",{tail},"FIXED"\r\n'
        '"\r\n'
    )
    land(landing, "procurement/contract", "2025-01-01", "contract_20250101_001.csv", body)

    result = _result(
        load_landing(conn, landing, entities=["procurement/contract"]), "procurement/contract"
    )

    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (8, 4, 4)
    assert rows(
        conn,
        "select contract_id, supplier_id, contract_type, _row_number "
        "from raw.procurement__contract order by _row_number",
    ) == [
        ("300", "4711", "FIXED", 1),
        ("301", "", "FIXED", 2),
        ("302", "Acme, Inc", "FIXED", 3),
        ("306", 'Say "hi"', "FIXED", 7),
    ]
    assert rows(conn, "select row_number, reason from raw._quarantine order by 1") == [
        (4, "broken quoting"),
        (5, "wrong number of fields: expected 9, found 8"),
        (6, "broken quoting"),
        (8, "broken quoting"),
    ]


def test_json_object_after_whitespace_loads_and_empty_line_is_quarantined(conn, landing):
    body = (
        '  {"carrier_id": "C1", "name": "Rapid", "scac": "RPDX", "modes": []}\n'
        "\n"
        '{"carrier_id": "C2", "name": "Slow", "scac": "SLOW", "modes": ["TL"]}\n'
    )
    land(landing, "tms/carrier", "2025-01-01", "carrier_20250101_001.jsonl", body)

    result = _result(load_landing(conn, landing, entities=["tms/carrier"]), "tms/carrier")

    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    assert rows(
        conn, "select carrier_id, _row_number from raw.tms__carrier order by _row_number"
    ) == [("C1", 1), ("C2", 3)]
    assert rows(conn, "select row_number, reason, raw_text from raw._quarantine") == [
        (2, "empty line", None)
    ]
