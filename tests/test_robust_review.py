"""A hostile tester's second round: U+FFFE/U+FFFF in data written to workbooks, history
files with crafted rows, a slow history view, and errors in a library's English."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import SAMPLES, run

JULY = SAMPLES / "city-2023-mid-year-07.csv"


# --- 1. characters XML cannot hold, in every workbook -------------------------------------


def _july_with(tmp_path: Path, odd: str) -> Path:
    """July's file with the odd character in a unit name (青山县), a cell (白水县's 国培)
    and a header of its own (an extra column)."""
    lines = JULY.read_text(encoding="utf-8").splitlines()
    lines[0] += f",备注{odd}"
    first = lines[1].split(",")
    assert first[1] == "青山县"
    first[1] = f"青山县{odd}"
    lines[1] = ",".join(first) + ","
    second = lines[2].split(",")
    assert second[1] == "白水县"
    second[3] = f"25{odd}0"
    lines[2] = ",".join(second) + ","
    lines[3:] = [line + "," for line in lines[3:]]
    path = tmp_path / "july.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _texts(path: Path) -> list[str]:
    book = load_workbook(path)
    found = list(book.sheetnames)
    for ws in book.worksheets:
        found += [str(c.value) for line in ws.iter_rows() for c in line if c.value is not None]
    return found


@pytest.mark.parametrize("odd", ["\ufffe", "\uffff"])
def test_workbooks_show_a_noncharacter_as_an_escape(tmp_path: Path, odd: str) -> None:
    data = _july_with(tmp_path, odd)
    report = tmp_path / "report.xlsx"
    returns = tmp_path / "returns"
    out = run("validate", data, "-o", report, "--returns", returns, "-q")
    assert out.exit_code == 1, out
    escape = f"\\u{ord(odd):04x}"
    texts = _texts(report)
    assert not any(odd in s for s in texts)
    assert any(f"25{escape}0" in s for s in texts), texts  # the refused cell, escaped
    written = sorted(returns.rglob("*.xlsx"))
    assert written, out
    returned = [s for p in written for s in _texts(p)]
    assert not any(odd in s for s in returned)
    assert any(f"25{escape}0" in s for s in returned), returned


def test_a_sheet_name_shows_a_noncharacter_as_an_escape() -> None:
    from plan_check.render.xlsx_cells import inert, sheet_name

    assert sheet_name("青山县\ufffe", set()) == "青山县_ufffe"  # no backslash in a sheet name
    assert inert("a\uffff\x1b") == "a\\uffff\\x1b"
