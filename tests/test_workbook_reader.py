"""The workbook reader (issue 26): each sheet parsed once, a repeated row found without
reading the workbook again, cells turned to text a column at a time exactly as a clerk
sees them, and the scan before calamine still bounding every cell's reach."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import run

HEADER = ["区县", "学校", "国培计划培训人数"]


def _book(path: Path, sheets: dict[str, list[list[Any]]], start: str = "A1") -> Path:
    """A workbook as openpyxl writes it, each sheet's rows from ``start`` on."""
    from openpyxl import Workbook
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, first = coordinate_from_string(start)
    left = column_index_from_string(letters)
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                sheet.cell(row=first + i, column=left + j, value=value)
    book.save(path)
    return path


@pytest.mark.parametrize("kept", [True, False], ids=["sheets kept", "sheets read again"])
def test_a_row_repeated_on_another_sheet_is_named_at_both_places_and_summed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: bool
) -> None:
    """一中 of 青山县 on 表1 row 2 and again on 表2 row 3: the second is named with its
    cell and the first's, and counted once; the same whether the sheets' rows were kept
    from the first read or (past the memory budget) read from the file again."""
    import plan_check.input.workbook as workbook

    if not kept:
        monkeypatch.setattr(workbook, "KEEP_BYTES", 0)
    path = _book(
        tmp_path / "two.xlsx",
        {
            "表1": [HEADER, ["青山县", "一中", 300], ["青山县", "二中", 100]],
            "表2": [HEADER, ["白水县", "三中", 50], ["青山县", "一中", 300]],
        },
    )
    out = run("validate", path, "-f", "json", "--lang", "en")
    assert out.exit_code == 1, out
    [problem] = out.json()["problems"]
    assert (problem["file"], problem["cell"], problem["code"]) == (
        f"{path}[表2]",
        "A3",
        "duplicate_school",
    )
    assert f"first at {path}[表1]:A2" in problem["message"]
    assert out.result("guopei")["actual"] == 450  # 300 + 100 + 50: the repeat not counted


def test_a_repeat_within_one_sheet_of_many_gives_the_same_report_kept_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three sheets, the repeat on the last: the report is the same byte for byte
    whether the sheets were kept or read again (the reader only decides how fast)."""
    import plan_check.input.workbook as workbook

    first: list[list[Any]] = [HEADER, *[["青山县", f"学校{i}", i] for i in range(1, 40)]]
    last: list[list[Any]] = [HEADER, *[["东区", f"学校{i}", i] for i in range(1, 40)]]
    path = _book(
        tmp_path / "three.xlsx",
        {"甲": first, "乙": [HEADER, ["白水县", "一中", 5]], "丙": [*last, last[7]]},
    )
    kept = run("validate", path, "-f", "json")
    monkeypatch.setattr(workbook, "KEEP_BYTES", 0)
    again = run("validate", path, "-f", "json")
    assert kept.stdout == again.stdout
    # 甲 and 丙 each 1 + ... + 39 = 780, 乙 5; 丙's row 41 (学校7) repeats its row 8
    assert kept.result("guopei")["actual"] == 780 + 780 + 5
    assert [(p["cell"], p["code"]) for p in kept.json()["problems"]] == [
        ("A41", "duplicate_school")
    ]


def test_numbers_in_a_workbook_read_as_the_same_texts_in_a_csv(tmp_path: Path) -> None:
    """Numbers as Excel stores them (floats) read as a clerk sees them: 3.0 as 3, 0.5,
    1e+16 and 1e-07 as Python writes them; a number stored as text as typed; a date or a
    TRUE as 2023-06-30 and true. The workbook and a CSV of those texts give the same
    problems on the same lines and the same figure."""
    rows: list[list[Any]] = [
        ["青山县", 3.0, 3],
        ["白水县", 0.5, 1],
        ["新区", 1e16, 1],
        ["东区", 1e-07, 1],
        ["西区", 7, True],
        ["北区", "12", dt.date(2023, 6, 30)],
        ["南区", -0.0, 2.0],
        ["中区", 1e20, -1e20],  # past int64: written as Python writes it, no warning
    ]
    head = ["区县", "国培计划培训人数", "省培计划培训人数"]
    book = run("validate", _book(tmp_path / "n.xlsx", {"汇总": [head, *rows]}), "-f", "json")
    texts = [
        ["青山县", "3", "3"],
        ["白水县", "0.5", "1"],
        ["新区", "1e+16", "1"],
        ["东区", "1e-07", "1"],
        ["西区", "7", "true"],
        ["北区", "12", "2023-06-30"],
        ["南区", "0", "2"],
        ["中区", "1e+20", "-1e+20"],
    ]
    csv = tmp_path / "n.csv"
    csv.write_text("\n".join(",".join(r) for r in [head, *texts]) + "\n", encoding="utf-8")
    text = run("validate", csv, "-f", "json")

    def seen(out: Any) -> list[tuple[int, str, str]]:
        return [(p["line"], p["code"], p["value"]) for p in out.json()["problems"]]

    assert book.stderr == "" and seen(book) == seen(text)
    assert [(line, value) for line, _, value in seen(book)] == [
        (3, "0.5"),
        (4, "1e+16"),
        (5, "1e-07"),
        (6, "true"),
        (7, "2023-06-30"),
        (9, "1e+20"),
        (9, "-1e+20"),
    ]
    assert book.result("guopei")["actual"] == text.result("guopei")["actual"] == 22  # 3+7+12+0


def test_a_formula_error_in_a_sheet_starting_right_of_column_a_is_named_by_its_cell(
    tmp_path: Path,
) -> None:
    """The sheet's cells start at C3: the error cell is D5, as Excel names it."""
    from openpyxl import load_workbook

    path = _book(
        tmp_path / "e.xlsx",
        {"汇总": [["区县", "国培计划培训人数"], ["青山县", 300], ["白水县", "=1/0"]]},
        start="C3",
    )
    book = load_workbook(path)  # openpyxl keeps no cached value: write the error as Excel does
    book.save(path)
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b'<c r="D5"><f>1/0</f><v></v></c>', b'<c r="D5" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    )
    assert parts["xl/worksheets/sheet1.xml"] != sheet
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    out = run("validate", path, "-f", "json")
    assert [(p["cell"], p["code"], p["value"]) for p in out.json()["problems"]] == [
        ("D5", "cell_excel_error", "#DIV/0!")
    ]
    assert out.result("guopei")["actual"] == 300


@pytest.mark.parametrize(
    "far",
    [
        # a wide column on one row and a far row on another, each harmless alone:
        # 16,384 columns × 99,999 rows
        '<row r="2"><c r="XFD2"><v>1</v></c></row><row r="3"><c r="A99999"><v>1</v></c></row>',
        '<row r="2"><c r="AB1048576"><v>1</v></c></row>',  # 9 bytes before the quote
        '<row r="2"><c r="ZZ2"><v>1</v></c><c r="B999999"><v>1</v></c></row>',
    ],
    ids=["wide here, far there", "long reference", "two lengths in one row"],
)
@pytest.mark.slow
def test_far_cells_in_the_usual_form_are_refused_before_calamine_builds_them(
    tmp_path: Path, far: str
) -> None:
    from test_input import HEADER_ROW, _xlsx, cli

    path = _xlsx(tmp_path / "far.xlsx", HEADER_ROW + far)
    code, err, seconds, peak = cli("validate", path)
    assert code == 2 and "超出可核查的范围" in err, (code, err)
    assert seconds < 20 and peak < 2**30, (seconds, peak)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "Z", "AA", "AZ", "ZZ", "AAA", "ABC"]), st.integers(1, 9_999_999)
        ),
        min_size=1,
        max_size=30,
    )
)
def test_the_reach_of_far_cells_is_found_alike_in_the_usual_form_and_any_other(
    refs: list[tuple[str, int]],
) -> None:
    """Cells at random places, the sheet too large: the refusal names the furthest row and
    column (worked out here from the references), whether the tags are written as Excel
    writes them (the fast scan) or with single quotes (the scan of every tag)."""
    import tempfile

    from test_input import HEADER_ROW, _xlsx

    rows = max(number for _, number in refs)
    columns = max(26, *(_column_number(letters) for letters, _ in refs))
    assume(rows * columns > 20_000_000)  # the sheet's range: beyond what is built
    cells = "".join(f'<row r="2"><c r="{a}{n}"><v>1</v></c></row>' for a, n in refs)
    said = []
    with tempfile.TemporaryDirectory() as folder:
        for form in (cells, cells.replace('"', "'")):
            out = run("validate", _xlsx(Path(folder) / "far.xlsx", HEADER_ROW + form))
            assert out.exit_code == 2, out
            said.append(out.stderr)
    assert said[0] == said[1]
    assert f"第 {rows:,} 行第 {columns:,} 列" in said[0], said[0]
