"""The scan before calamine finds every sheet calamine reads, however workbook.xml and
its rels write their tags (attributes in any order, in either quotes, spaces around "=",
a prefix, an entity): a sheet the scan missed would reach calamine unchecked, and a
1 KB workbook with a cell at XFD1048576 asks calamine for 512 GiB."""

from __future__ import annotations

import re
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
    path = _rewrite(usual, tmp_path / "odd.xlsx", part, before, after)
    out = run("validate", path)
    assert out.exit_code == 2 and "超出可核查的范围" in out.stderr, out


def _rewrite(usual: Path, path: Path, part: str, before: str, after: str) -> Path:
    with zipfile.ZipFile(usual) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item).decode()
            if item.filename == part:
                assert before in data
                data = data.replace(before, after)
            new.writestr(item.filename, data)
    return path


@pytest.mark.parametrize(
    "tag",
    [
        '<sheet name="表1"sheetId="1"r:id="rId1"/>',  # no space between the attributes
        '<sheet hidden name="表1" sheetId="1" r:id="rId1"/>',  # an attribute with no value
    ],
    ids=["no spaces", "no value"],
)
def test_a_sheet_tag_that_is_no_xml_is_refused_not_read_unchecked(tmp_path: Path, tag: str) -> None:
    """calamine reads these tags, the check's pattern does not: the far sheet reached
    calamine unchecked, which asked for 512 GiB and aborted (exit 134, a Rust message).
    A sheet calamine lists and the check did not read refuses the workbook (exit 2)."""
    from test_input import HEADER_ROW, _xlsx

    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    usual = _xlsx(tmp_path / "usual.xlsx", HEADER_ROW + far)
    path = _rewrite(usual, tmp_path / "odd.xlsx", "xl/workbook.xml", SHEET, tag)
    out = run("validate", path)
    assert out.exit_code == 2 and "Traceback" not in out.stderr, out
    # refused by the check, or (python-calamine 0.4, the floor) by calamine's own parse
    ours = "xl/workbook.xml" in out.stderr and "在读取前无法检查" in out.stderr
    assert ours or "XmlError" in out.stderr, out


def test_sheets_showing_one_part_are_each_counted(tmp_path: Path) -> None:
    """calamine builds the range once a sheet: two sheets showing one part of 12M cells
    hold 24M, past the 20M budget (four such sheets peaked at 3 GB), while one is read."""
    from plan_check.input.workbook import check_workbook
    from test_input import HEADER_ROW, _xlsx

    reach = '<row r="461540"><c r="B461540"><v>1</v></c></row>'  # 461,540 × 26 = 12.0M
    one = _xlsx(tmp_path / "one.xlsx", HEADER_ROW + reach)
    assert set(check_workbook(one, "one.xlsx")) == {"表1"}  # checked, not refused
    both = '<sheet name="表1" sheetId="1" r:id="rId1"/><sheet name="表2" sheetId="2" r:id="rId1"/>'
    path = _rewrite(one, tmp_path / "two.xlsx", "xl/workbook.xml", SHEET, both)
    out = run("validate", path)
    assert out.exit_code == 2 and "超出可核查的范围" in out.stderr, out


def test_a_long_shared_text_used_by_many_cells_is_refused_before_it_is_copied(
    tmp_path: Path,
) -> None:
    """One Excel-legal text of 32,767 characters (98,301 bytes of UTF-8) used by 1,400
    cells of a 备注 column: 98,301 × 1,400 = 137.6M bytes of copies, past the 128 MiB
    (134.2M) that can be checked. The whole copied in Python and Arrow too: a 192 KB
    workbook of 10,000 such cells peaked at 5.6 GB."""
    from test_input import _xlsx

    n = 1_400
    text = "备" * 32_767
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>区县</t></is></c>'
    header += '<c r="B1" t="inlineStr"><is><t>备注</t></is></c></row>'
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>青山县</t></is></c>'
        f'<c r="B{i}" t="s"><v>0</v></c></row>'
        for i in range(2, n + 2)
    )
    path = _xlsx(tmp_path / "notes.xlsx", header + rows, strings=f"<si><t>{text}</t></si>")
    out = run("validate", path)
    assert out.exit_code == 2, out
    said = re.search(
        r"最长 ([\d,]+) 字节,可被 ([\d,]+) 个单元格引用,读取时要复制约 ([\d,]+) MB", out.stderr
    )
    assert said is not None, out
    longest, cells, mib = (int(x.replace(",", "")) for x in said.groups())
    # the text as the XML holds it, with the tags around it (a few bytes more)
    assert len(text.encode()) <= longest < len(text.encode()) + 64 and cells == n
    assert mib == longest * n >> 20 and mib > 128


def test_a_long_text_in_one_cell_beside_many_short_ones_is_read(tmp_path: Path) -> None:
    """The bound (the longest text times every text cell: 98 KB × 20,001 = 1.97 GB) is
    counted cell by cell where it is too many: one 98 KB 备注 and 20,000 short names copy
    under 1 MB, and the workbook is read (a LibreOffice form with one note was refused)."""
    from test_input import _xlsx

    n = 20_000
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>学校</t></is></c>'
    header += '<c r="B1" t="inlineStr"><is><t>区县</t></is></c>'
    header += '<c r="C1" t="inlineStr"><is><t>国培计划培训人数</t></is></c>'
    header += '<c r="D1" t="inlineStr"><is><t>备注</t></is></c></row>'
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>学校{i}</t></is></c>'
        f'<c r="B{i}" t="s"><v>1</v></c><c r="C{i}"><v>1</v></c>'
        + ('<c r="D2" t="s"><v>0</v></c>' if i == 2 else "")
        + "</row>"
        for i in range(2, n + 2)
    )
    strings = f"<si><t>{'备' * 32_767}</t></si><si><t>青山县</t></si>"
    path = _xlsx(tmp_path / "one_note.xlsx", header + rows, strings=strings)
    out = run("validate", path, "-f", "json")
    assert out.exit_code == 1, out  # read: goals judged, not refused
    assert out.result("guopei")["actual"] == n  # 1 teacher trained in each of 20,000 schools
