"""The workbook reader's chunks (issue 26, BOOK): a sheet's cells turned to text a chunk at
a time, every column cut from one Arrow array, give each cell the text a clerk sees, in
its own column and row, whatever the types mixed in a column, the column the sheet starts
at, the chunk boundaries, or a formula error."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import run
from plan_check.input import workbook
from plan_check.input.workbook import scan_sheets


def _book(path: Path, rows: list[list[Any]], start: str = "A1") -> Path:
    from openpyxl import Workbook
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, first = coordinate_from_string(start)
    left = column_index_from_string(letters)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "汇总"
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                sheet.cell(row=first + i, column=left + j, value=value)
    book.save(path)
    return path


def _read(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], list[tuple[int, str]]]:
    """The header, every row handed on with its sheet row, and the rows not handed on."""
    [grid] = workbook.read_workbook(path, str(path), None).grids
    rows, refused = [], []
    for chunk in grid.chunks:
        rows += [(int(chunk.lines[i]), chunk.row(i)) for i in range(len(chunk))]
        refused += [(p.line, p.code.value) for p in chunk.problems]
    return grid.header, rows, refused


@pytest.mark.parametrize("chunk_rows", [2, 3, 20_000])  # chunks cut inside the rows, or one
def test_mixed_columns_read_cell_by_cell_as_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_rows: int
) -> None:
    monkeypatch.setattr(workbook, "CHUNK_ROWS", chunk_rows)
    head = ["区县", "国培计划培训人数", "填报日期", "备注"]
    rows: list[list[Any]] = [
        ["青山县", 30.0, dt.date(2023, 6, 30), "是"],
        ["白水县", "12人", dt.datetime(2023, 6, 30, 9, 30), True],
        ["新区", 0.965, "2023-06-30", 1e15],  # 1e15: not below 10^15, written as Python does
        ["东区", 999_999_999_999_999.0, None, -0.0],
        ["西区", 1e20, 7, False],  # past int64: as Python writes it
        ["北区", None, "", "3,000"],
    ]
    path = _book(tmp_path / "mixed.xlsx", [head, *rows], start="C2")
    header, read, refused = _read(path)
    # the sheet starts at column C: two empty columns before the header's first
    assert header == ["", "", *head]
    assert [line for line, _ in read] == [3, 4, 5, 6, 7, 8]  # header on sheet row 2
    assert [row[2:] for _, row in read] == [
        ["青山县", "30", "2023-06-30", "是"],
        ["白水县", "12人", "2023-06-30", "true"],
        ["新区", "0.965", "2023-06-30", "1000000000000000.0"],
        ["东区", "999999999999999", "", "0"],
        ["西区", "1e+20", "7", "false"],
        ["北区", "", "", "3,000"],
    ]
    assert all(row[:2] == ["", ""] for _, row in read)
    assert refused == []


def test_a_figure_is_read_at_the_15_digits_excel_shows(tmp_path: Path) -> None:
    # =SUM(1200.1,1300.2,1100.15,1080) holds 4680.450000000001, which Excel shows as
    # 4680.45: it was refused as "more than 6 decimals", showing digits no clerk can see
    head = ["区县", "项目资金下达数", "项目资金支出数"]
    rows: list[list[Any]] = [
        ["青山县", 5000.0, 1200.1 + 1300.2 + 1100.15 + 1080],
        ["白水县", 0.1 + 0.2, 123456789.123456],  # 0.30000000000000004; 15 digits as typed
    ]
    path = _book(tmp_path / "sums.xlsx", [head, *rows])
    _, read, _ = _read(path)
    assert [row for _, row in read] == [
        ["青山县", "5000", "4680.45"],
        ["白水县", "0.3", "123456789.123456"],
    ]
    out = run("validate", path, "-f", "json")
    assert out.json()["problems"] == []
    numerator = out.result("fund-execution")["numerator"]  # 4680.45 + 123456789.123456
    assert str(numerator) == "123461469.573456"


def test_a_formula_error_written_over_lines_keeps_its_text_too(tmp_path: Path) -> None:
    # a pretty-printed sheet: the fast scan's pattern missed the cell, read as blank, and
    # the unit's figure was "missing" with no cell named (review BOOK14)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\n'
        "<sheetData>\n"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>区县</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>国培计划培训人数</t></is></c></row>\n'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>青山县</t></is></c>\n'
        '  <c r="B2" t="e">\n    <f>1/0</f>\n    <v>#DIV/0!</v>\n  </c>\n</row>\n'
        "</sheetData></worksheet>"
    )
    path = tmp_path / "pretty.xlsx"
    _zip_workbook(path, sheet)
    _, read, _ = _read(path)
    assert read == [(2, ["青山县", "#DIV/0!"])]


def test_a_formula_error_keeps_its_text_in_its_own_cell(tmp_path: Path) -> None:
    """calamine hands a formula error on as empty: the scan before it finds the cell, and
    the chunk puts the error's text back in that cell only."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>区县</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>国培计划培训人数</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>省培计划培训人数</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>青山县</t></is></c>'
        '<c r="B2"><v>5</v></c><c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>白水县</t></is></c>'
        '<c r="B3" t="e"><f>B9</f><v>#REF!</v></c><c r="C3"><v>2.5</v></c></row>'
        "</sheetData></worksheet>"
    )
    path = tmp_path / "errors.xlsx"
    _zip_workbook(path, sheet)
    with zipfile.ZipFile(path) as archive:
        # row 2 column C (index 2), row 3 column B (index 1)
        assert scan_sheets(archive, str(path)) == {"汇总": {(2, 2): "#DIV/0!", (3, 1): "#REF!"}}
    _, read, _ = _read(path)
    assert read == [(2, ["青山县", "5", "#DIV/0!"]), (3, ["白水县", "#REF!", "2.5"])]


def _zip_workbook(path: Path, sheet: str) -> None:
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="汇总" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
