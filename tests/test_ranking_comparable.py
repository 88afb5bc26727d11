"""A 排名 that can be published (issue 22): a ranking compared with a previous report that
judged the units on other goals (June without --allocations, July with) shows no rank
moves, in any format, and names the goals that differ. Reports made and edited by hand."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import SAMPLES, run

JUNE = SAMPLES / "city-2023-mid-year.csv"
JULY = SAMPLES / "city-2023-mid-year-07.csv"
ALLOCATIONS = SAMPLES / "allocations-2023.csv"
BASELINE = SAMPLES / "city-2022-baseline.csv"


def _report(tmp_path: Path, name: str, *args: str | Path) -> Path:
    path = tmp_path / name
    out = run("validate", JUNE, *args, "-o", path, "-q")
    assert path.is_file(), out
    return path


def _july(previous: Path, *args: str | Path, fmt: str = "json") -> Any:
    return run("validate", JULY, "--previous", previous, *args, "-f", fmt, env={"COLUMNS": "160"})


def _ranking_rows(markdown: str) -> list[str]:
    lines = markdown[markdown.index("### 排名") :].splitlines()[4:]  # the heading, header rows
    return lines[: next(i for i, line in enumerate(lines) if not line.startswith("|"))]


def test_june_without_quotas_and_july_with_them_show_no_rank_moves(tmp_path: Path) -> None:
    june = _report(tmp_path, "june.json")  # no --allocations: 国培 and 数字校园 bind no unit
    files = {ext: tmp_path / f"july.{ext}" for ext in ("json", "md", "html", "xml", "csv", "txt")}
    args: list[str | Path] = ["validate", JULY, "--previous", june, "--allocations", ALLOCATIONS]
    for path in files.values():
        args += ["-o", path]
    run(*args, "-q")
    read = {ext: path.read_text(encoding="utf-8-sig") for ext, path in files.items()}
    doc = json.loads(read["json"])
    # July judges every unit on its quota of 国培 and of the digital campuses; June did not
    assert doc["previous"]["ranking_comparable"] is False
    assert doc["previous"]["ranked_only_now"] == ["guopei", "digital-campus"]
    assert doc["previous"]["ranked_only_before"] == []
    assert all(s["previous_rank"] is None for s in doc["ranking"])
    assert [s["rank"] for s in doc["ranking"]] == [1, 2, 3, 4, 5, 6, 7, None]  # still ranked

    note = "排名所依据的目标与上期不同(本期计入、上期未计入:国培、数字校园),名次变化不可比,不列出"
    rows = _ranking_rows(read["md"])
    assert note in read["md"]
    assert len(rows) == 8 and all("不可比" in r for r in rows[:7])
    assert not any(mark in r for r in rows for mark in ("↑", "↓", "持平", "| 新 |"))

    assert note in read["html"] and read["html"].count('<td class="num">不可比</td>') == 7
    assert "↑" not in read["html"] and "↓" not in read["html"]

    text = read["txt"]  # the terminal report, at 160 columns
    assert "名次变化不可比" in text and text.count("不可比") == 7 + 1
    assert "↑" not in text and "↓" not in text

    assert "名次变化不可比" in read["xml"]  # the JUnit report's system-out

    table = list(csv.reader(io.StringIO(read["csv"])))
    ranking = [r for r in table if r[0] == "ranking"]
    assert len(ranking) == 8
    assert all(r[table[0].index("上期排名")] == "" for r in ranking)
    assert [r[3] for r in table if r[0] == "previous"] == ["guopei", "digital-campus"]


def test_quotas_in_june_only_are_named_as_judged_then(tmp_path: Path) -> None:
    june = _report(tmp_path, "june.json", "--allocations", ALLOCATIONS)
    doc = _july(june).json()
    assert doc["previous"]["ranked_only_before"] == ["guopei", "digital-campus"]
    assert all(s["previous_rank"] is None for s in doc["ranking"])
    en = _july(june, "--lang", "en", fmt="markdown").stdout
    assert "judged then, not now: National tr., Digital" in en
    assert "not comp." in en


def test_a_baseline_in_june_only_makes_the_ranks_incomparable(tmp_path: Path) -> None:
    # with last year's figures, every unit is judged against its own last year on the
    # execution rate and (counties) on vocational enrolment; in July without them it is not
    june = _report(tmp_path, "june.json", "--baseline", BASELINE)
    doc = _july(june).json()
    assert doc["previous"]["ranked_only_before"] == ["county-vocational-growth", "fund-execution"]
    assert doc["previous"]["ranking_comparable"] is False


def test_the_same_goals_keep_the_rank_moves(tmp_path: Path) -> None:
    june = _report(tmp_path, "june.json", "--allocations", ALLOCATIONS)
    doc = _july(june, "--allocations", ALLOCATIONS).json()
    assert doc["previous"]["ranking_comparable"] is True
    assert doc["previous"]["ranked_only_now"] == doc["previous"]["ranked_only_before"] == []
    lines = {s["unit"]: s for s in doc["ranking"]}
    assert (lines["青山县"]["rank"], lines["青山县"]["previous_rank"]) == (4, 2)
    md = _july(june, "--allocations", ALLOCATIONS, fmt="markdown").stdout
    assert "不可比" not in md and "| 4 | 青山县 | 9/10 | 90.0% | 61.46% | ↓2 |" in md


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize("edit", ["drop_quotas", "rename_goal"])
def test_a_hand_edited_report_is_read_as_it_says(tmp_path: Path, edit: str) -> None:
    june = _report(tmp_path, "june.json", "--allocations", ALLOCATIONS)
    doc = json.loads(june.read_text(encoding="utf-8"))
    [guopei] = [r for r in doc["results"] if r["id"] == "guopei"]
    if edit == "drop_quotas":  # an older report of the same goals, made without quotas
        for u in guopei["units"]:
            u.pop("quota", None)
        expected_now, expected_before = ["guopei"], []
    else:  # a report whose goal these targets no longer have, judged by quotas
        guopei["id"] = "guopei-old"
        expected_now, expected_before = ["guopei"], ["guopei-old"]
    june.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = _july(june, "--allocations", ALLOCATIONS)
    assert out.json()["previous"]["ranked_only_now"] == expected_now
    assert out.json()["previous"]["ranked_only_before"] == expected_before
    md = _july(june, "--allocations", ALLOCATIONS, fmt="markdown").stdout
    assert "本期计入、上期未计入:国培" in md
    if expected_before:
        assert "上期计入、本期未计入:guopei-old" in md  # a goal no longer known: its id
