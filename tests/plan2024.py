"""A small 2024 plan of a county with townships, written for the tests of issue 23: its
own year, its own words (乡镇, 县直, 县教育局本级, items numbered 二(三)), Chinese only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import run

PLAN_2024 = """\
title: {zh: 某县教育局 2024 年工作要点}
period_start: 2024-01-01
unit_header: 乡镇
city_units: [县直]
city_owner: {zh: 县教育局本级}
units: [东城镇, 西城镇, 县直]
sections:
  - {id: teachers, number: 二, items: ["二(三)", "二(四)"], title: {zh: 教师队伍}}
metrics:
  - {id: trained, header: 教师培训人数, type: int, unit: 人, item: "二(三)"}
  - {id: enrolled, header: 在园幼儿数, type: int, unit: 人, item: "二(四)"}
  - {id: children, header: 适龄幼儿数, type: int, unit: 人, item: "二(四)"}
  - {id: meeting_held, header: 推进会已召开, type: bool, item: "二(三)"}
rules:
  - id: training
    item: "二(三)"
    quote: 培训教师 1000 人次
    title: {zh: 教师培训 1000 人次}
    kind: sum
    metric: trained
    target: 1000
    accrues: true
  - id: preschool
    item: "二(四)"
    quote: 学前三年毛入园率达到 92%
    title: {zh: 毛入园率 92%}
    kind: ratio
    numerator: enrolled
    denominator: children
    target: 92%
  - id: meeting
    item: "二(三)"
    quote: 召开教师队伍建设推进会
    title: {zh: 召开推进会}
    kind: milestone
    metric: meeting_held
    scope: city_row
"""

SEED_2024 = "培训教师 1000 人次。学前三年毛入园率达到 92%。召开教师队伍建设推进会。"


def write_plan(folder: Path, text: str = PLAN_2024, name: str = "targets.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rules_json(*args: str | Path) -> list[dict[str, Any]]:
    """``plan-check rules -f json``: one entry per goal."""
    out = run("rules", *args, "-f", "json")
    assert out.exit_code == 0, out
    rules: list[dict[str, Any]] = json.loads(out.stdout)
    return rules
