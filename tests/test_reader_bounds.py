"""The reader's bounds hold without changing the answer: the report never depends on where
a text file is cut into blocks; real workbooks are read, hostile ones still refused;
repeated rows, header-only files and UTF-32 are each one file's problem, said plainly."""

from __future__ import annotations

import json
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import run
from plan_check.engine import Options, check
from plan_check.errors import PlanCheckError
from plan_check.input.options import ReadOptions
from plan_check.render import render
from plan_check.render.options import RenderOptions
from plan_check.targets import load_plan

HEADER = "区县,学校,国培计划培训人数,备注"
# (lines, bytes) per block: down to one line and one byte a block
SIZES = [(1, None), (2, None), (3, None), (5, None), (None, 1), (None, 23)]


def _report(path: Path, blocks: ReadOptions | None = None) -> tuple[int, Any]:
    """The exit code and the JSON report (or the refusal's code) of a check of ``path``
    with its text cut into ``blocks``: what ``validate -f json`` prints."""
    plan = load_plan(None)
    try:
        report = check(plan, [path], Options(blocks=blocks))
    except PlanCheckError as exc:
        return 2, exc.code
    fixed = RenderOptions(generated=datetime(2023, 9, 1, tzinfo=UTC))
    return int(report.exit_code()), json.loads(render("json", report, plan, fixed))


def _codes(doc: Any) -> list[tuple[int, str]]:
    """The errors (备注 is no column of the plan: a warning, left out)."""
    return [(p["line"], p["code"]) for p in doc["problems"] if p["severity"] == "error"]


def _write(tmp_path: Path, lines: list[str], final: str = "\n") -> Path:
    path = tmp_path / "data.csv"
    path.write_bytes(("\n".join(lines) + final).encode("utf-8"))
    return path


# --- the block cut never changes the answer ---------------------------------------------

# a bad line, and what the whole file says of it (at the line it is put on)
BAD = {
    "never closed": ('白水县,二中,1,"见附件', "unclosed_quote"),
    # "a" ,"c: a cell written loosely, then a quote the csv module opens and never closes
    "loose then open": ('白水县,二中,1,"见" ,"附件', "unclosed_quote"),
    # two quotes (the count allows a cut after it), the second one left open
    "even count, open": ('白水县,5"2寸,1,"见附件', "unclosed_quote"),
}


@pytest.mark.slow
@pytest.mark.parametrize("bad", BAD, ids=list(BAD))
@pytest.mark.parametrize("literal", [False, True], ids=["plain", "after a literal quote"])
def test_an_unclosed_quote_is_found_wherever_the_blocks_are_cut(
    tmp_path: Path, bad: str, literal: bool
) -> None:
    """The bad line at every place among eight rows, the file cut every 1, 2, 3 and 5
    lines and every 1 and 23 bytes: one report, which names the quote where it opens.
    A literal quote above it (5"2寸) makes the quote count even after the bad line, so a
    block may end right there."""
    text, code = BAD[bad]
    for at in range(8):
        rows = [f"县{i % 3},学校{i},1," for i in range(8)]
        if literal:
            rows.insert(0, '青山县,5"2寸,1,')
        place = at + (1 if literal else 0)
        rows.insert(place, text)
        path = _write(tmp_path, [HEADER, *rows])
        whole = _report(path)
        # the header is line 1, the rows from line 2: the quote opens at line place + 2
        # and runs to the end, so no row after it is read
        assert whole[0] == 1 and _codes(whole[1]) == [(place + 2, code)], (at, whole)
        assert whole[1]["files"][0]["rows"] == place  # the rows above it
        for lines, size in SIZES:
            assert _report(path, ReadOptions(size, lines)) == whole, (at, lines, size)


@pytest.mark.slow
def test_a_quote_closing_rows_later_is_found_wherever_the_blocks_are_cut(
    tmp_path: Path,
) -> None:
    """A quote opened loosely ("见" ,"附) and closed three lines later swallows the rows
    between: the same problem at its line whatever the cut."""
    for at in range(6):
        rows = [f"县{i % 3},学校{i},1," for i in range(6)]
        rows[at:at] = ['白水县,二中,1,"见" ,"附', "县9,学校9,1,", '件"']
        path = _write(tmp_path, [HEADER, *rows])
        whole = _report(path)
        assert ("quote_swallows_rows", at + 2) in [
            (p["code"], p["line"]) for p in whole[1]["problems"]
        ], whole
        for lines, size in SIZES:
            assert _report(path, ReadOptions(size, lines)) == whole, (at, lines, size)


@pytest.mark.parametrize("final", ["\n", ""], ids=["line end", "no line end"])
def test_a_last_row_ending_in_a_loose_then_open_quote_is_an_unclosed_quote(
    tmp_path: Path, final: str
) -> None:
    """The file's last row ends "a" ,"c: the quote before c never closes. It is not a
    row of the file: the unit is not read, never summed from a half-read row."""
    rows = ["青山县,一中,10,", "白水县,一中,20,", '白水县,二中,30,"a" ,"c']
    out = run("validate", _write(tmp_path, [HEADER, *rows], final), "-f", "json")
    assert out.exit_code == 1
    assert _codes(out.json()) == [(4, "unclosed_quote")]  # header 1, rows 2-4
    assert out.json()["files"][0]["rows"] == 2


# --- real workbooks are read ------------------------------------------------------------


def _book(path: Path, rows: list[list[Any]], second: bool = False) -> Path:
    """A workbook as openpyxl writes it (Excel's form: formulas kept as typed)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "汇总"
    for row in rows:
        sheet.append(row)
    if second:
        other = book.create_sheet("Sheet 2")
        other.append(["说明"])
    book.save(path)
    return path


@pytest.mark.parametrize(
    "formula",
    ["=IF(B2 = 0,1,2)", "='Sheet 2'!A1", "=IF(B2 = 0, \"a = b\", 'Sheet 2'!A1)"],
    ids=["spaces around =", "quoted sheet name", "both"],
)
def test_a_workbook_with_formulas_as_excel_keeps_them_is_read(tmp_path: Path, formula: str) -> None:
    """Excel keeps the spaces a clerk types in a formula, and quotes a sheet name with a
    space: the workbook is read (exit 1 or 0 by the goals, never refused with exit 2)."""
    rows: list[list[Any]] = [
        ["区县", "国培计划培训人数", "备注"],
        ["青山县", 300, formula],
        ["白水县", 410, "a = b"],
    ]
    out = run("validate", _book(tmp_path / "f.xlsx", rows, second=True), "-f", "json")
    assert out.exit_code in (0, 1), out
    assert out.result("guopei")["actual"] == 710  # 300 + 410


def test_an_inline_string_with_spaces_around_an_equals_sign_is_read(tmp_path: Path) -> None:
    """Inline strings (t="inlineStr", as pandas' and other writers use) holding "a = b"."""
    from test_input import HEADER_ROW, _xlsx

    rows = HEADER_ROW + (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>青山县</t></is></c><c r="B2"><v>300</v></c>'
        '<c r="C2" t="inlineStr"><is><t xml:space="preserve">a = b</t></is></c></row>'
    )
    out = run("validate", _xlsx(tmp_path / "inline.xlsx", rows), "-f", "json")
    assert out.exit_code in (0, 1), out
    assert out.result("guopei")["actual"] == 300


def _school_rows(rows: int) -> str:
    """A header and ``rows`` schools of 1 each, as a sheet's rows."""
    header = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>区县</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>学校</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>国培计划培训人数</t></is></c></row>'
    )
    return header + "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>青山县</t></is></c>'
        f'<c r="B{i}" t="inlineStr"><is><t>学校{i}</t></is></c><c r="C{i}"><v>1</v></c></row>'
        for i in range(2, rows + 2)
    )


@pytest.mark.slow
def test_a_55k_row_workbook_whose_scan_window_splits_a_cell_tag_is_read(
    tmp_path: Path,
) -> None:
    """An ordinary 55,000-row sheet, padded (blanks between its tags) so that a <c r="
    straddles the end of the scan's first 4 MiB window: every school read."""
    from plan_check.input.workbook import SCAN
    from test_input import _xlsx

    n = 55_000
    rows = _school_rows(n)
    path = _xlsx(tmp_path / "big.xlsx", rows)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    before = xml.index(rows.encode())  # where the rows begin in the sheet's XML
    at = xml.find(b'<c r="', SCAN - 200)
    pad = SCAN - 3 - at  # the window ends after "<c ", r=" is in the next
    assert len(xml) > SCAN + 1000 and 0 <= pad < 200
    path = _xlsx(tmp_path / "big.xlsx", " " * pad + rows)
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/worksheets/sheet1.xml")[SCAN - 3 : SCAN + 3] == b'<c r="'
    assert before > 0
    out = run("validate", path, "-f", "json")
    assert out.exit_code in (0, 1), out
    assert out.result("guopei")["actual"] == n  # 55,000 rows of 1


@pytest.mark.slow
def test_a_workbook_reads_alike_wherever_the_scan_windows_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl's own XML, scanned in windows of 1 to 40 bytes: every tag is cut in two
    somewhere, and the workbook is read all the same (30 schools of 1)."""
    import plan_check.input.workbook as workbook

    rows: list[list[Any]] = [["区县", "学校", "国培计划培训人数", "备注"]]
    rows += [["青山县", f"学校{i}", 1, "=IF(C2 = 0,1,2)"] for i in range(30)]
    path = _book(tmp_path / "w.xlsx", rows)
    whole = run("validate", path, "-f", "json")
    assert whole.result("guopei")["actual"] == 30  # 30 schools of 1
    for size in range(1, 41):
        monkeypatch.setattr(workbook, "SCAN", size)
        assert run("validate", path, "-f", "json").stdout == whole.stdout, size


@pytest.mark.parametrize(
    "far",
    [
        '<row r="9"><c r="&#88;FD1048576"><v>1</v></c></row>',  # a character reference
        '<row r="9"><c\tr="XFD1048576"><v>1</v></c></row>',  # a tab before r
        '<row r="9"><c foo=">" r="XFD1048576"><v>1</v></c></row>',  # ">" in a value
        "<row r='9'><c r=\"B9\"/></row>" + "<row r = '1048576'><c><v>1</v></c></row>",
        '<row r="9">' + "<c><v>1</v></c>" * 30 + "</row>" * 1 + '<row r="700000"/>',
    ],
    ids=["entity", "tab", "gt in value", "row spaced", "cells without position"],
)
def test_far_cells_written_any_way_are_still_refused(tmp_path: Path, far: str) -> None:
    """The scan reads positions however they are written: a cell or row that stretches
    the sheet past what can be checked is refused by its reach (exit 2), never read."""
    from test_input import HEADER_ROW, _xlsx

    out = run("validate", _xlsx(tmp_path / "far.xlsx", HEADER_ROW + far))
    assert out.exit_code == 2 and "超出可核查的范围" in out.stderr, out


def test_shared_string_cells_written_in_single_quotes_still_count(tmp_path: Path) -> None:
    """A long shared string copied into cells whose type is written t='s': refused like
    t="s" (calamine copies it into each)."""
    from test_input import HEADER_ROW, _xlsx

    cells = '<row r="2">' + "<c t='s'><v>0</v></c>" * 100 + "</row>"
    long = "<si><t>" + "B" * (1 << 20) + "</t></si>"
    out = run("validate", _xlsx(tmp_path / "amp.xlsx", HEADER_ROW + cells, long))
    assert out.exit_code == 2 and "32767" in out.stderr, out


def test_a_cell_tag_that_is_no_xml_is_refused_with_what_to_do(tmp_path: Path) -> None:
    from test_input import HEADER_ROW, _xlsx

    out = run("validate", _xlsx(tmp_path / "bad.xlsx", HEADER_ROW + '<row r="2"><c r></c></row>'))
    assert out.exit_code == 2 and "不是合法的 XML" in out.stderr and "另存为 .xlsx" in out.stderr


# --- one file's problems are that file's ------------------------------------------------


def test_a_header_only_file_in_a_folder_is_that_files_problem(tmp_path: Path) -> None:
    """A county saved the form before filling it in: the other files are judged (exit 1,
    the empty file named), the check does not stop."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.csv").write_text("区县,国培计划培训人数\n青山县,300\n", encoding="utf-8")
    (folder / "b.csv").write_text("区县,国培计划培训人数\n", encoding="utf-8")
    out = run("validate", folder, "-f", "json")
    assert out.exit_code == 1, out
    [problem] = [p for p in out.json()["problems"] if p["severity"] == "error"]
    assert problem["code"] == "file_unreadable_skipped" and problem["file"].endswith("b.csv")
    assert "只有表头" in problem["message"]
    assert out.result("guopei")["actual"] == 300  # a.csv alone


def test_a_header_only_file_alone_still_stops_the_check(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("区县,国培计划培训人数\n", encoding="utf-8")
    out = run("validate", path)
    assert out.exit_code == 2 and "只有表头" in out.stderr, out


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be"])
def test_a_utf32_file_is_named_as_an_unsupported_encoding(tmp_path: Path, codec: str) -> None:
    """With its BOM (whose little-endian form starts like UTF-16's) or without: UTF-32,
    not "a NUL byte, not text"."""
    path = tmp_path / "u.csv"
    path.write_bytes("区县,国培计划培训人数\n青山县,300\n".encode(codec))
    out = run("validate", path)
    assert out.exit_code == 2 and "UTF-32" in out.stderr and "NUL" not in out.stderr, out
    assert "UTF-8 或 GB18030" in out.stderr  # what to save it as


def test_a_utf32_file_beside_others_is_that_files_problem(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.csv").write_text("区县,国培计划培训人数\n青山县,300\n", encoding="utf-8")
    (folder / "b.csv").write_bytes("区县,国培计划培训人数\n白水县,410\n".encode("utf-32"))
    out = run("validate", folder, "-f", "json", "--lang", "en")
    assert out.exit_code == 1
    [problem] = [p for p in out.json()["problems"] if p["severity"] == "error"]
    assert problem["file"].endswith("b.csv") and "UTF-32" in problem["message"]
    assert out.result("guopei")["actual"] == 300


# --- repeated rows in bounded memory ----------------------------------------------------


def test_repeats_of_one_row_are_each_named_once_and_summed_once(tmp_path: Path) -> None:
    """Five copies of one school among other rows, over blocks of two lines: the first is
    summed, the four others are named with the first's line, however the file is cut."""
    rows = ["青山县,一中,7", "白水县,一中,1", "青山县,一中,7", "青山县,二中,2"] + [
        "青山县,一中,7"
    ] * 3
    path = _write(tmp_path, ["区县,学校,国培计划培训人数", *rows])
    for blocks in (None, ReadOptions(None, 2), ReadOptions(1, None)):
        code, doc = _report(path, blocks)
        assert code == 1
        # header line 1; 青山县 一中 on lines 2, 4, 6, 7, 8: all but line 2 repeats
        assert _codes(doc) == [(n, "duplicate_school") for n in (4, 6, 7, 8)], blocks
        assert all(":2" in p["message"] for p in doc["problems"])
        guopei = {r["id"]: r for r in doc["results"]}["guopei"]
        assert guopei["actual"] == 10  # 7 + 1 + 2: each school once


def _million(path: Path, distinct: bool) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("区县,学校,国培计划培训人数\n")
        if distinct:
            out.writelines(f"青山县,学校{i},1\n" for i in range(1_000_000))
        else:
            out.write("青山县,一中,1\n" * 1_000_000)
    return path


@pytest.mark.slow
def test_a_million_copies_of_one_row_take_no_more_memory_than_a_million_rows(
    tmp_path: Path,
) -> None:
    """Repeats keep a few bytes a row, never a Python object: the peak of 1M copies of
    one school is within 1.3x that of 1M distinct schools (it was 2.7x)."""
    from test_input import cli

    distinct = cli("validate", _million(tmp_path / "d.csv", True), "-f", "json", timeout=120)
    copies = cli("validate", _million(tmp_path / "c.csv", False), "-f", "json", timeout=120)
    assert distinct[0] == 1 and copies[0] == 1, (distinct[1], copies[1])
    assert copies[3] <= 1.3 * distinct[3], (copies[3] >> 20, distinct[3] >> 20)


# cells as clerks and programs spoil them: quotes closed early, late, never, or loosely
SPOILED = st.sampled_from(
    ['"a" ,"c', '"x', 'a"b', '"a"b', '""', '"x,\n y"', '5"2寸', '"a,\n"b', 'y"', '" ,"']
)


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("PLAN_CHECK_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    spoiled=st.lists(st.tuples(st.integers(0, 9), SPOILED), min_size=1, max_size=3),
    lines=st.integers(1, 6),
    size=st.integers(1, 80),
    final=st.booleans(),
)
# a row too long, never read, is its unit's first row: the units' order is the file's
# whether that row begins a block or not
@example(spoiled=[(0, '"a" ,"c'), (0, '"x')], lines=4, size=1, final=False)
def test_quotes_spoiled_anywhere_give_one_report_for_any_block_size(
    tmp_path: Path, spoiled: list[tuple[int, str]], lines: int, size: int, final: bool
) -> None:
    """Up to three spoiled 备注 cells among ten rows, the file cut every few lines or bytes:
    the same exit code, problems and figures as read whole."""
    rows = [f"县{i % 3},学校{i},{i}," for i in range(10)]
    for at, cell in spoiled:
        rows[at] += cell
    path = _write(tmp_path, [HEADER, *rows], "\n" if final else "")
    whole = _report(path)
    assert _report(path, ReadOptions(None, lines)) == whole
    assert _report(path, ReadOptions(size, None)) == whole
