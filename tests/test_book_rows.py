"""A sheet's rows turned into text a chunk at a time, row after row, then taken apart into
columns (issue 26, BOOK, third round): however the rows are cut into chunks (fewer rows
a chunk on a wide sheet), each cell keeps its own text, column and sheet row, in a sheet
that starts right of column A, with a formula error's text put back in its own cell."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from plan_check.input import workbook

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _cell(ref: str, value: str) -> str:
    if value.startswith("#"):  # a formula error: calamine hands it on as empty
        return f'<c r="{ref}" t="e"><f>1/0</f><v>{value}</v></c>'
    if value.replace(".", "").isdigit():
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def _sheet(path: Path, rows: list[list[str]], first_row: int, first_col: str) -> Path:
    """A one-sheet workbook written by hand, its cells from ``first_col`` ``first_row``."""
    xml = []
    for i, row in enumerate(rows):
        number = first_row + i
        cells = "".join(_cell(f"{chr(ord(first_col) + j)}{number}", v) for j, v in enumerate(row))
        xml.append(f'<row r="{number}">{cells}</row>')
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
            '<sheet name="汇总" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><sheetData>{"".join(xml)}'
        "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


ROWS = [
    ["区县", "国培计划培训人数", "省培计划培训人数", "备注"],
    ["青山县", "30", "#DIV/0!", "是"],
    ["白水县", "#REF!", "2.5", "否"],
    ["新区", "7", "8", "#N/A"],
    ["东区", "#VALUE!", "0.965", "无"],
    ["西区", "12", "#NAME?", "有"],
]


@pytest.mark.parametrize(
    ("chunk_rows", "group_cells"), [(20_000, 1 << 20), (2, 1 << 20), (20_000, 13)]
)
def test_every_cell_keeps_its_text_column_and_row_however_the_rows_are_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_rows: int, group_cells: int
) -> None:
    # group_cells 13 on a header of 6 columns (2 empty ones before 区县): 13 // 6 = 2 rows a
    # chunk, as on a sheet 2,000 columns wide; chunk_rows 2: the same cut by rows
    monkeypatch.setattr(workbook, "CHUNK_ROWS", chunk_rows)
    monkeypatch.setattr(workbook, "GROUP_CELLS", group_cells)
    path = _sheet(tmp_path / "cut.xlsx", ROWS, first_row=3, first_col="C")
    [grid] = workbook.read_workbook(path, str(path), None).grids
    assert grid.header == ["", "", *ROWS[0]]
    read = []
    sizes = []
    for chunk in grid.chunks:
        sizes.append(len(chunk))
        assert len(chunk.columns) == 6 and not chunk.problems
        read += [(int(chunk.lines[i]), chunk.row(i)) for i in range(len(chunk))]
    # the header on sheet row 3, its rows on 4 to 8, each cell as typed, the errors' texts
    # in their own cells: 30 stays "30", 2.5 "2.5", #DIV/0! under 省培计划培训人数 on row 4
    assert read == [(4 + i, ["", "", *row]) for i, row in enumerate(ROWS[1:])]
    assert sizes == ([5] if chunk_rows > 2 and group_cells > 13 else [2, 2, 1])


def test_rows_of_unequal_widths_are_refused_never_shifted() -> None:
    """calamine hands on every row as wide as its range: were one shorter, the cells after
    it would move into the wrong columns, so the sheet is refused, never read shifted."""
    from plan_check.codes import Code
    from plan_check.errors import DataFileError
    from plan_check.input.grid import Grid

    grid = Grid("book.xlsx", "xlsx:汇总", ["区县", "国培计划培训人数"], 1, iter(()), [])
    ragged: list[list[Any]] = [["青山县", 30.0], ["白水县"], ["新区", 7.0]]
    with pytest.raises(DataFileError) as refused:
        list(workbook._rows(grid, iter(ragged), 1, 0, {}, {}))
    assert refused.value.code is Code.FILE_NOT_WORKBOOK
    assert refused.value.params["path"] == "book.xlsx"
