"""A 督导 official's review of a month without one county (July with 松林县's row removed):
a goal the reporting units already keep on pace is on pace, not 数据不全 in red; rank moves
are made among the units ranked in both months; a mean completion is never made of a
missing figure taken as 0."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from conftest import SAMPLES, run

JUNE = SAMPLES / "city-2023-mid-year.csv"
JULY = SAMPLES / "city-2023-mid-year-07.csv"
ALLOCATIONS = SAMPLES / "allocations-2023.csv"
UNITS = SAMPLES / "units.txt"


def _without(tmp_path: Path, unit: str) -> Path:
    """The July sample with every row of ``unit`` removed (it sent nothing)."""
    lines = JULY.read_text(encoding="utf-8").splitlines(keepends=True)
    data = tmp_path / "july-without.csv"
    data.write_text("".join(x for x in lines if unit not in x), encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def july_without_songlin(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("review")
    june = tmp / "june.json"
    assert run("validate", JUNE, "--allocations", ALLOCATIONS, "-o", june, "-q").exit_code == 0
    out = run(
        "validate", _without(tmp, "松林县"), "--units", UNITS, "--allocations", ALLOCATIONS,
        "--previous", june, "-f", "json",
    )  # fmt: skip
    doc: dict[str, Any] = out.json()
    return doc


def _goal(doc: dict[str, Any], goal_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in doc["results"] if r["id"] == goal_id)
    return found


def test_a_total_the_reporting_units_keep_on_pace_is_on_pace(
    july_without_songlin: dict[str, Any],
) -> None:
    doc = july_without_songlin
    # 智慧校园: 1 + 1 + 3 + 0 + 1 + 0 + 3 = 9 without 松林县; due 12 × 212/365 = 6.97:
    # whatever 松林县 holds the total only grows, so the goal is on pace (green), its
    # blank named
    smart = _goal(doc, "smart-campus")
    assert (smart["status"], smart["alert"], smart["actual"]) == ("on_pace", "green", 9)
    assert any("松林县" in x and "已达序时进度" in x for x in smart["reasons"])
    # 国培: 1,840 − 200 (松林县) = 1,640, due 3000 × 212/365 = 1,742.47: 松林县 could still
    # bring it up to pace, so it stays 数据不全
    guopei = _goal(doc, "guopei")
    assert (guopei["status"], guopei["actual"]) == ("incomplete", 1640)


def test_rank_moves_are_made_among_the_units_ranked_in_both_months(
    july_without_songlin: dict[str, Any],
) -> None:
    doc = july_without_songlin
    ranks = {s["unit"]: (s["rank"], s["previous_rank"], s.get("moved")) for s in doc["ranking"]}
    # June: 云岭市 1, 青山县 2, 石门县 3, 河西区 4, 白水县 5, 松林县 6, 河东区 7. July without
    # 松林县: 云岭市 1, 石门县 2, 河西区 3, 青山县 4, 白水县 5, 河东区 6. Among the six ranked
    # in both, 河东区 is last both times (6th of 6 then and now): no move, though its rank
    # reads 7 → 6; 青山县 2nd → 4th of six: down 2; 石门县 3rd → 2nd: up 1
    assert ranks["河东区"] == (6, 7, 0)
    assert ranks["青山县"] == (4, 2, -2)
    assert ranks["石门县"] == (2, 3, 1)
    assert ranks["松林县"][0] is None and ranks["松林县"][2] is None  # 未报送: not ranked


def test_a_rank_move_shows_the_like_for_like_move(tmp_path: Path) -> None:
    june = tmp_path / "june.json"
    assert run("validate", JUNE, "--allocations", ALLOCATIONS, "-o", june, "-q").exit_code == 0
    md = run(
        "validate", _without(tmp_path, "松林县"), "--units", UNITS, "--allocations",
        ALLOCATIONS, "--previous", june, "-f", "markdown",
    ).stdout  # fmt: skip
    row = next(line for line in md.splitlines() if line.startswith("| 6 | 河东区"))
    assert "持平" in row and "↑" not in row  # last of the same six units, both months


def test_a_mean_completion_is_never_made_of_a_figure_not_reported(tmp_path: Path) -> None:
    """白水县's 国培 cell is unreadable (18.5 people): its mean completion of the paced
    goals it has a quota in cannot be computed, and is shown as none, never as if the
    cell held 0."""
    rows = list(csv.reader(io.StringIO(JULY.read_text(encoding="utf-8"))))
    head = rows[0]
    for row in rows[1:]:
        if row[head.index("区县")] == "白水县":
            row[head.index("国培计划培训人数")] = "18.5"
    data = tmp_path / "bad.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    data.write_text(buffer.getvalue(), encoding="utf-8")
    doc = run("validate", data, "--allocations", ALLOCATIONS, "-f", "json").json()
    standing = {s["unit"]: s for s in doc["ranking"]}
    assert standing["白水县"]["completion"] is None
    # 青山县 reported both: 国培 300 of its 400 quota = 75%, capped shares averaged with
    # 数字校园 (a figure, not 0) — some mean is shown
    assert standing["青山县"]["completion"] is not None


@pytest.mark.slow
def test_the_tongbao_names_only_like_for_like_rank_moves(tmp_path: Path) -> None:
    from docx import Document

    june = tmp_path / "june.json"
    assert run("validate", JUNE, "--allocations", ALLOCATIONS, "-o", june, "-q").exit_code == 0
    docx = tmp_path / "t.docx"
    run(
        "validate", _without(tmp_path, "松林县"), "--units", UNITS, "--allocations",
        ALLOCATIONS, "--previous", june, "-o", docx, "-q",
    )  # fmt: skip
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    # among the six ranked both months: 石门县 3rd → 2nd and 河西区 4th → 3rd rise, 青山县
    # 2nd → 4th falls; 河东区 (7 → 6, last both times) is no rise
    since = next(line for line in text.splitlines() if "与上期" in line and "排名" in line)
    assert "石门县" in since and "青山县" in since and "河东区" not in since


def test_a_soft_target_missed_does_not_turn_ci_red_unless_strict(tmp_path: Path) -> None:
    """力争…85% 左右 (预期性指标): 40/50 = 80% misses it; a warning (yellow), exit 0; with
    --strict, exit 1. The same goal as a binding target exits 1."""
    data = tmp_path / "d.csv"
    data.write_text("区县,达标人数,学生数\n甲县,40,50\n", encoding="utf-8")
    body = (
        "title: {zh: 试行计划}\nperiod_start: 2024-01-01\nunit_header: 区县\n"
        "sections: [{id: s, number: 一, items: [1], title: {zh: 质量}}]\n"
        "metrics:\n"
        "  - {id: ok, header: 达标人数, type: int, unit: 人, item: 1}\n"
        "  - {id: all, header: 学生数, type: int, unit: 人, item: 1}\n"
        "rules:\n"
        "  - {id: rate, item: 1, quote: 力争达标率85%左右, title: {zh: 达标率85%左右},\n"
        "     kind: ratio, numerator: ok, denominator: all, op: '>=', target: 85%SOFT}\n"
    )
    soft = tmp_path / "soft.yaml"
    soft.write_text(body.replace("SOFT", ", soft: true"), encoding="utf-8")
    hard = tmp_path / "hard.yaml"
    hard.write_text(body.replace("SOFT", ""), encoding="utf-8")
    assert run("validate", data, "-t", soft, "-q").exit_code == 0
    assert run("validate", data, "-t", soft, "-q", "--strict").exit_code == 1
    assert run("validate", data, "-t", hard, "-q").exit_code == 1
