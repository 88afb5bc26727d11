"""Why each sheet of a workbook without a header is left out: empty, text without a unit
column, rows past where a header is looked for; plan-check's own notes sheet unnamed
unless asked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from plan_check.codes import Code
from plan_check.errors import DataFileError
from plan_check.input.workbook import read_workbook


def _book(path: Path) -> Path:
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "数据"
    data.append(["区县", "国培计划培训人数"])
    data.append(["青山县", 5])
    book.create_sheet("空")
    book.create_sheet("说明").append(["这是说明"])
    book.create_sheet("填报说明").append(["说明文字"])
    long = book.create_sheet("长表")
    for i in range(60):
        long.append([f"x{i}", i])
    book.save(path)
    return path


def test_sheets_left_out_say_why(tmp_path: Path) -> None:
    path = _book(tmp_path / "b.xlsx")
    sheets = read_workbook(path, "b.xlsx", None)
    assert [grid.path for grid in sheets.grids] == ["b.xlsx"]
    assert [(name, why.code) for name, why in sheets.skipped] == [
        ("空", Code.SHEET_EMPTY),
        ("说明", Code.SHEET_NO_UNIT_COLUMN),
        ("长表", Code.SHEET_ROWS_NO_UNIT_COLUMN),
    ]


@pytest.mark.parametrize(
    ("sheet", "code"), [("空", Code.FILE_EMPTY), ("填报说明", Code.WORKBOOK_NO_UNIT_COLUMN)]
)
def test_one_sheet_asked_for_without_header(tmp_path: Path, sheet: str, code: Code) -> None:
    path = _book(tmp_path / "b.xlsx")
    with pytest.raises(DataFileError) as refused:
        read_workbook(path, "b.xlsx", sheet)
    assert refused.value.code is code
