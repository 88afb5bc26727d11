"""A hostile tester's second round: U+FFFE/U+FFFF in data written to workbooks, history
files with crafted rows, a slow history view, and errors in a library's English."""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import SAMPLES, run
from plan_check.history.store import GoalFigure, GoalInfo, PlanKey, Run, UnitFigure

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


# --- 2. every value read from a history file is checked ------------------------------------

JUNE = SAMPLES / "city-2023-mid-year.csv"


@pytest.fixture(scope="module")
def june_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "h.sqlite"
    assert run("validate", JUNE, "--history", path, "-q").exit_code == 0
    return path


CRAFTED = {  # the crafted rows: SQL, then the table and column the message names
    "huge": ("UPDATE goals SET actual = printf('%.*c', 5000000, '9')", "goals", "actual"),
    "junk": ("UPDATE units SET actual = 'abc'", "units", "actual"),
    "nan": ("UPDATE goals SET actual = 'NaN'", "goals", "actual"),
    "date": ("UPDATE runs SET as_of = 'not-a-date'", "runs", "as_of"),
    "status": ("UPDATE goals SET status = '[red]PWN[/red]'", "goals", "status"),
    "alert": ("UPDATE goals SET alert = 'purple' WHERE alert IS NOT NULL", "goals", "alert"),
    "rank": ("UPDATE run_units SET rank = 'xx'", "run_units", "rank"),
    "state": ("UPDATE units SET state = 'reported'", "units", "state"),
    "id": (
        "UPDATE units SET goal = printf('%.*c', 100000, 'g') WHERE goal = 'guopei'",
        "units",
        "goal",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_a_crafted_history_row_is_refused_naming_its_place(
    tmp_path: Path, june_history: Path, case: str
) -> None:
    sql, table, column = CRAFTED[case]
    path = tmp_path / f"{case}.sqlite"
    shutil.copy(june_history, path)
    with sqlite3.connect(path) as db:
        db.execute(sql)
    db.close()
    before = path.read_bytes()
    for args in (
        ("history", path),
        ("history", path, "-f", "json"),
        ("validate", JULY, "--history", path, "-q"),
    ):
        out = run(*args, "--lang", "en")
        assert out.exit_code == 2, out
        assert f"in table {table}, run 1, column {column} holds" in out.stderr, out
        assert "damaged or was not written by plan-check" in out.stderr, out
        assert len(out.stderr) < 1000, out  # a 5-million-digit value is cut
        assert path.read_bytes() == before  # no run recorded, nothing changed


def test_a_history_with_a_view_is_refused_in_our_words(tmp_path: Path, june_history: Path) -> None:
    path = tmp_path / "view.sqlite"
    shutil.copy(june_history, path)
    with sqlite3.connect(path) as db:
        db.execute("CREATE VIEW extra AS SELECT * FROM goals")
    db.close()
    before = path.read_bytes()
    out = run("validate", JULY, "--history", path, "-q", "--lang", "en")
    assert out.exit_code == 2, out
    assert "is not a plan-check history, or is damaged" in out.stderr, out
    assert path.read_bytes() == before
    with sqlite3.connect(path) as db:  # the goals table itself a view (the tester's file)
        db.executescript(
            "DROP VIEW extra; ALTER TABLE goals RENAME TO goals_t;"
            "CREATE VIEW goals AS SELECT * FROM goals_t"
        )
    db.close()
    out = run("validate", JULY, "--history", path, "-q", "--lang", "en")
    assert out.exit_code == 2 and "is not a plan-check history" in out.stderr, out
    assert "cannot modify" not in out.stderr, out  # never sqlite's own words


def test_a_run_whose_report_cannot_be_written_is_not_recorded(
    tmp_path: Path, june_history: Path
) -> None:
    path = tmp_path / "h.sqlite"
    shutil.copy(june_history, path)
    before = path.read_bytes()
    nowhere = tmp_path / "no-such-folder" / "report.xlsx"
    out = run("validate", JULY, "--history", path, "-o", nowhere, "-q")
    assert out.exit_code == 2, out
    assert path.read_bytes() == before  # July was not recorded
    doc = run("history", path, "-f", "json").json()
    assert [r["as_of"] for r in doc["plans"][0]["runs"]] == ["2023-06-30"]
    # written, it is recorded
    assert run("validate", JULY, "--history", path, "-q").exit_code in (0, 1)
    doc = run("history", path, "-f", "json").json()
    assert [r["as_of"] for r in doc["plans"][0]["runs"]] == ["2023-06-30", "2023-07-31"]


# --- 3. a unit's series is found once per run, not once per unit ---------------------------


class Name(str):
    """A unit's name that counts its comparisons."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        Name.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


class Store:
    def __init__(self, runs: list[Run]) -> None:
        self.source = "memory"
        self._runs = runs

    def plans(self) -> list[tuple[PlanKey, list[GoalInfo]]]:
        return [
            (PlanKey("f", "t", "t"), [GoalInfo("guopei", 16, "国培", "guopei", False, False, True)])
        ]

    def runs(self, plan: PlanKey, units_of: str | None = None) -> list[Run]:
        return self._runs


def _store(units: int) -> Store:
    """Three runs of one goal: every unit in the first two, one unit fewer in the third
    (a change over the units in both, compare.py)."""
    names = [Name(f"单位{i}") for i in range(units)]
    runs = []
    for month, have in ((6, names), (7, names), (8, names[1:])):
        figures = tuple(UnitFigure(n, Fraction(month), "pass", "green", "value") for n in have)
        total = Fraction(month * len(have))
        goal = GoalFigure("guopei", total, "pass", "green", units=figures)
        runs.append(Run(date(2023, month, 28), "now", (goal,), (), tuple(have)))
    return Store(runs)


@pytest.mark.parametrize("goal", ["guopei", None])
def test_the_history_view_is_linear_in_the_units(goal: str | None) -> None:
    from plan_check.history.view import series

    units = 1_000
    store = _store(units)
    Name.compared = 0
    found = series(store, "zh", goal)  # type: ignore[arg-type]
    lines = found[0][2]
    if goal:
        assert len(lines) == units
        assert [p["change"] for p in lines[1].points] == [None, 1, 1]  # 7 - 6, 8 - 7
    else:  # the change over the 999 units in both: 999 x 8 - 999 x 7 = 999
        assert lines[0].points[-1]["change"] == 999
    # a quadratic step compares every unit with every other (about 1,000,000 times)
    assert Name.compared < 20 * units, Name.compared


@pytest.mark.slow
def test_the_history_of_20000_units_by_unit_is_fast() -> None:
    from plan_check.history.view import series

    store = _store(20_000)
    start = time.perf_counter()
    assert len(series(store, "zh", "guopei")[0][2]) == 20_000  # type: ignore[arg-type]
    assert time.perf_counter() - start < 10  # a quadratic takes minutes


# --- 4. --returns names a folder --------------------------------------------------------------


def test_returns_naming_a_file_is_refused_before_the_check(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    for target in (afile, afile / "sub"):
        out = run("validate", JULY, "--returns", target, "-q")
        assert out.exit_code == 2, out
        assert f"--returns 须为文件夹,{afile} 是文件" in out.stderr, out
        assert "File exists" not in out.stderr and "Not a directory" not in out.stderr
        assert out.stdout == ""  # refused before the check: no report
    assert afile.read_text(encoding="utf-8") == "x"
