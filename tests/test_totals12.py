"""TOTALS12 (issue 26, second round): a repeated row's wording told from its key alone.
A unit's own row sent twice in a file of schools, the second with "/" under 学校 (a clerk's
"no school"), is the same row: said as a school repeated, with the school cell as typed,
whether the problem is listed or only counted past the file's limit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conftest import csv_file, run

# line 2: 县1's own row; line 3: its school 一中; line 4: its own row again ("/": no school)
DATA = """
    区县,学校,国培计划培训人数
    县1,,5
    县1,一中,1
    县1,/,7
"""


def _problems(path: Path) -> list[dict[str, Any]]:
    out = run("validate", path, "-f", "json", "--lang", "en")
    assert out.exit_code == 1, out
    problems: list[dict[str, Any]] = out.json()["problems"]
    return problems


def test_a_units_own_row_again_under_a_slash_is_a_school_repeated(tmp_path: Path) -> None:
    problems = _problems(csv_file(tmp_path, DATA))
    [again] = [p for p in problems if p["code"] == "duplicate_school"]
    assert again["line"] == 4
    assert "school / of unit 县1" in again["message"]
    assert "data.csv:2" in again["message"]  # the first row of all: the own row
    # the own row (line 2) beside the school's row (line 3): the unit sent twice over
    [twice] = [p for p in problems if p["code"] == "unit_and_school_rows"]
    assert twice["line"] == 3


def test_past_the_limit_the_same_row_is_counted_as_a_school_repeated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import plan_check.input.options as options

    monkeypatch.setattr(options, "DEFAULT", replace(options.DEFAULT, max_problems=1))
    problems = _problems(csv_file(tmp_path, DATA))
    # one listed (line 3, the first in the file); line 4's repeat only counted, by kind
    assert [p["code"] for p in problems if p["code"] != "more_problems_unlisted"] == [
        "unit_and_school_rows"
    ]
    [more] = [p for p in problems if p["code"] == "more_problems_unlisted"]
    assert more["line"] == 4
    assert (more["of"], more["count"]) == ("duplicate_school", 1)
