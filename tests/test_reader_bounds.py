"""The reader's bounds hold without changing the answer: the report never depends on where
a text file is cut into blocks; real workbooks are read, hostile ones still refused;
repeated rows, header-only files and UTF-32 are each one file's problem, said plainly."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import run
from plan_check.engine import Options, check
from plan_check.errors import PlanCheckError
from plan_check.input.textfile import BlockSize
from plan_check.render import render
from plan_check.render.options import RenderOptions
from plan_check.targets import load_plan

HEADER = "区县,学校,国培计划培训人数,备注"
# (lines, bytes) per block: down to one line and one byte a block
SIZES = [(1, None), (2, None), (3, None), (5, None), (None, 1), (None, 23)]


def _report(path: Path, blocks: BlockSize | None = None) -> tuple[int, Any]:
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
            assert _report(path, BlockSize(size, lines)) == whole, (at, lines, size)


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
            assert _report(path, BlockSize(size, lines)) == whole, (at, lines, size)


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
