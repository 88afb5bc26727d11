"""A 督导 official's review of a three-month history (June, July without 松林县, August):
like for like (a run lacking a unit's figure is never joined to full totals; changes over
the units in both runs) and figures shown as the reports show them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import SAMPLES, run

MONTHS = [SAMPLES / f"city-2023-mid-year{m}.csv" for m in ("", "-07", "-08")]
QUOTAS = SAMPLES / "allocations-2023.csv"
ROSTER = SAMPLES / "units.txt"


def _july_without_songlin(folder: Path) -> Path:
    lines = MONTHS[1].read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if ",松林县," not in line]
    assert len(kept) == len(lines) - 1
    path = folder / "july-nosonglin.csv"
    path.write_text("".join(kept), encoding="utf-8")
    return path


def _validate(month: Path, history: Path, *extra: str | Path) -> None:
    done = run(
        "validate",
        month,
        "--units",
        ROSTER,
        "--allocations",
        QUOTAS,
        "--history",
        history,
        "-q",
        *extra,
    )
    assert done.exit_code in (0, 1), done


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("review")
    history = folder / "h.sqlite"
    _validate(MONTHS[0], history)
    _validate(_july_without_songlin(folder), history)
    html = folder / "august.html"
    _validate(MONTHS[2], history, "-o", html)
    return history, html


def _history(*args: str | Path) -> str:
    done = run("history", *args, env={"COLUMNS": "220"})
    assert done.exit_code == 0, done
    return done.stdout


def _row(table: str, goal: str) -> str:
    return next(line for line in table.splitlines() if re.search(rf"\s{goal}\s", line))


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
def test_history_json_says_which_units_each_point_covers(review: tuple[Path, Path]) -> None:
    doc = json.loads(_history(review[0], "--format", "json"))
    guopei = next(g for g in doc["plans"][0]["goals"] if g["id"] == "guopei")["series"]
    june, july, august = guopei
    # eight units report 国培 each month; July's file has no 松林县 row: 7 of 8
    assert (june["units"], june["units_of"], june["lacks"]) == (8, 8, [])
    assert (july["units"], july["units_of"], july["lacks"]) == (7, 8, ["松林县"])
    assert (august["units"], august["units_of"], august["lacks"]) == (8, 8, [])
    # July is not joined to June, nor August to July (other units)
    assert (july["joined"], august["joined"]) == (False, False)
    # like for like, over the 7 units in both runs:
    # June without 松林县 (130): 1,520 − 130 = 1,390; July 1,640: +250
    # August without 松林县 (230): 2,100 − 230 = 1,870; July 1,640: +230 (never +460)
    assert (july["change"], july["change_units"]) == (250, 7)
    assert (august["change"], august["change_units"]) == (230, 7)


def test_history_table_gives_the_same_units_change_and_marks_the_partial_run(
    review: tuple[Path, Path],
) -> None:
    table = _history(review[0])
    guopei = _row(table, "guopei")
    # the change shown is the 通报's: 1,870 − 1,640 = +230 人 over the same units
    assert "+230人(同口径)" in guopei
    assert "+460" not in guopei
    # the July figure is marked as 7 of the 8 units, under it, and the mark explained
    assert re.search(r"7/8 单位", table)
    assert "数据不全" in table


def test_history_goal_by_unit_shows_the_gap(review: tuple[Path, Path]) -> None:
    table = _history(review[0], "--goal", "guopei")
    songlin = next(line for line in table.splitlines() if line.startswith("松林县"))
    # June 130, July no figure (the gap), August 230; no change from a month without one
    assert re.search(r"130人 \S+\s+缺数据\s+230人", songlin)
    assert "+" not in songlin


def test_history_figures_as_the_reports_show_them(review: tuple[Path, Path]) -> None:
    table = _history(review[0])
    years = _row(table, "schooling-years")
    # June: Σ(years × people) / Σ people = 24,260,000 / 2,355,000 = 10.3014…, shown at the
    # plan's precision 0.01 half up, trailing zero off: 10.3年 (never 10.301486)
    assert "10.3年" in years and "10.301486" not in table
    # August over the 6 counties in both with July: (24,260,000 − 2,280,000) /
    # (2,355,000 − 240,000) = 21,980,000 / 2,115,000 = 10.3924…, July's own figure:
    # no change, 持平 (never −0.090949)
    assert "持平(同口径)" in years and "0.090949" not in table
    # a rate that did not move: 持平, never "0 个百分点"
    assert "0 个百分点" not in table
    assert "持平" in _row(table, "graduate-placement")


def test_history_rate_change_is_over_the_same_units(review: tuple[Path, Path]) -> None:
    doc = json.loads(_history(review[0], "--format", "json"))
    placement = next(g for g in doc["plans"][0]["goals"] if g["id"] == "vocational-conditions")
    # June 5 of 6 schools up to standard, July 6 of 7 (松林县's school left out), August
    # 5 of 6: over the units in both, July and August are alike
    assert placement["series"][2]["change"] == 0


def test_august_chart_draws_july_apart_and_hollow(review: tuple[Path, Path]) -> None:
    pytest.importorskip("matplotlib")
    html = review[1].read_text(encoding="utf-8")
    charts = re.findall(r"<figure>.*?</figure>", html, flags=re.S)
    guopei = charts[0]
    assert "国培" in guopei
    # the July point says it is 7 of 8 units; the legend says what a hollow point is
    assert "7/8 单位" in guopei
    assert "空心点" in html
    # no line joins June, July and August: each stretch of the figure's solid line (#111,
    # 1.5 wide) is one point, so none of its paths draws a segment (an "L")
    line = re.findall(r'<path d="(M [^"]*)"[^>]*stroke: #111111; stroke-width: 1\.5', guopei)
    assert len(line) == 3 and not any("L" in d for d in line)


def test_report_json_change_is_like_for_like(review: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "august.json"
    _validate(MONTHS[2], review[0], "-o", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    series = next(g for g in doc["history"]["goals"] if g["id"] == "guopei")["points"]
    # August over the 7 units in both with July: 1,870 − 1,640 = 230 (never 2,100 − 1,640)
    assert series[-1]["change"] == 230


def test_terminal_sparkline_marks_the_partial_run(review: tuple[Path, Path]) -> None:
    done = run(
        "validate",
        MONTHS[2],
        "--units",
        ROSTER,
        "--allocations",
        QUOTAS,
        "--history",
        review[0],
        env={"COLUMNS": "220"},
    )
    line = next(x for x in done.stdout.splitlines() if "国培计划" in x)
    # June 1,520 and August 2,100 up to the target 3,000 (1520/3000 × 7 = 3.5 → ▄,
    # 2100/3000 × 7 = 4.9 → ▅); July, 7 of 8 units, a dot, never a bar beside them
    assert "▄·▅" in line
