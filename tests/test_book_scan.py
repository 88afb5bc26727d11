"""The scan before calamine finds every sheet calamine reads, however workbook.xml and
its rels write their tags (attributes in any order, in either quotes, spaces around "=",
a prefix, an entity): a sheet the scan missed would reach calamine unchecked, and a
1 KB workbook with a cell at XFD1048576 asks calamine for 512 GiB."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import run

# a cell at B1000001: 1,000,001 rows × 26 columns (single letters count as 26) = 26M
# cells, past the 20M that can be checked; small enough for calamine to read at once
FAR = '<row r="1000001"><c r="B1000001"><v>1</v></c></row>'
SHEET = '<sheet name="表1" sheetId="1" r:id="rId1"/>'
LINK = 'Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.mark.parametrize(
    ("part", "before", "after"),
    [
        ("xl/workbook.xml", SHEET, '<sheet r:id="rId1" sheetId="1" name="表1"/>'),
        ("xl/workbook.xml", SHEET, "<sheet name='表1' sheetId='1' r:id='rId1'/>"),
        ("xl/workbook.xml", SHEET, '<sheet name = "表1" sheetId="1" r:id = "rId1" />'),
        ("xl/workbook.xml", SHEET, f'<x:sheet xmlns:x="{REL}" name="表1" r:id="rId1"/>'),
        (
            "xl/_rels/workbook.xml.rels",
            LINK,
            "Target='worksheets/sheet1.xml' Type=\"{rel}/worksheet\" Id='rId1'",
        ),
        ("xl/_rels/workbook.xml.rels", LINK, LINK.replace("/sheet1", "/&#115;heet1")),
    ],
    ids=["id first", "single quotes", "spaces", "prefix", "rels any order", "rels entity"],
)
def test_a_far_sheet_is_refused_however_the_workbook_names_it(
    tmp_path: Path, part: str, before: str, after: str
) -> None:
    """The same far sheet, linked from workbook.xml written six other ways: refused by
    its reach (exit 2) before calamine reads it, as when written the usual way."""
    from test_input import HEADER_ROW, _xlsx

    usual = _xlsx(tmp_path / "usual.xlsx", HEADER_ROW + FAR)
    out = run("validate", usual)
    assert out.exit_code == 2 and "超出可核查的范围" in out.stderr, out
    before, after = before.format(rel=REL), after.format(rel=REL)
    path = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(usual) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item).decode()
            if item.filename == part:
                assert before in data
                data = data.replace(before, after)
            new.writestr(item.filename, data)
    out = run("validate", path)
    assert out.exit_code == 2 and "超出可核查的范围" in out.stderr, out
