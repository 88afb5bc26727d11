"""Real statistics (issue 23): gross ratios, a "/" on one side of a ratio, and goals
every unit must reach that build up over the year, paced unit by unit. Every expected
figure is worked out by hand in a comment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import csv_file, run

HEAD = """\
title: {zh: 测试计划, en: Test plan}
period_start: 2024-01-01
sections:
  - {id: s, number: 一, items: [1], title: {zh: 第一部分, en: Part one}}
metrics:
  - {id: enrolled, header: 在园幼儿数, name_en: Children enrolled, type: int, unit: 人, item: 1}
  - {id: population, header: 适龄人口数, name_en: Age population, type: int, unit: 人, item: 1}
  - {id: seats, header: 新增学位数, name_en: New seats, type: int, unit: 个, item: 1}
rules:
"""

RATIO = """\
  - id: gross-rate
    item: 1
    quote: 学前三年毛入园率达到 95%
    title: {zh: 毛入园率, en: Gross enrolment rate}
    kind: ratio
    numerator: enrolled
    denominator: population
    target: 95%
"""

SEATS = """\
  - id: seats-each
    item: 1
    quote: 各县新增学位不少于 3 个
    title: {zh: 各县新增学位, en: New seats per county}
    kind: sum
    scope: each_unit
    metric: seats
    target: 3
    accrues: true
    deadline: 2024-12-31
"""


def targets(tmp_path: Path, rules: str) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(HEAD + rules, encoding="utf-8")
    return path


def result(tmp_path: Path, rules: str, data: str, *args: str) -> dict[str, Any]:
    r = run(
        "validate", csv_file(tmp_path, data), "-t", targets(tmp_path, rules), "-f", "json", *args
    )
    assert r.exit_code in (0, 1), r
    doc: dict[str, Any] = r.json()["results"][0]
    return doc


def units(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["unit"]: u for u in doc["units"]}


CITY_OWN = """\
区县,在园幼儿数,适龄人口数
甲县,900,1000
乙县,950,1000
市直,200,/
"""


def test_a_gross_rate_counts_children_enrolled_where_there_is_no_population(
    tmp_path: Path,
) -> None:
    # 毛入园率: Σ enrolled over every unit / Σ population over every unit
    # (900 + 950 + 200) / (1000 + 1000) = 2050 / 2000 = 102.50% ≥ 95%
    doc = result(tmp_path, RATIO + "    gross: true\n", CITY_OWN)
    assert doc["status"] == "pass"
    assert doc["numerator"] == 2050 and doc["denominator"] == 2000
    assert doc["actual"] == 1.025
    city_own = units(doc)["市直"]
    assert (city_own["numerator"], city_own["denominator"]) == (200, None)  # counted


def test_a_numerator_without_its_denominator_is_named_not_dropped(tmp_path: Path) -> None:
    # without gross: 市直's 200 children have no population to be a share of. Leaving 市直
    # out would show 1850/2000 = 92.50%, a silent loss of 200 children: the goal is
    # 数据不全 and names 市直 with its figures
    doc = result(tmp_path, RATIO, CITY_OWN)
    assert doc["status"] == "incomplete"
    assert units(doc)["市直"]["status"] == "missing"
    said = " ".join(doc["reasons"])
    assert "市直" in said and "gross" in said


def test_a_slash_numerator_beside_a_denominator_is_left_out_and_named(tmp_path: Path) -> None:
    # "/" is left out of sums and ratios (README, explain): 乙县 has no kindergarten.
    # (900 + 960) / (1000 + 1000) = 1860 / 2000 = 93.00% < 95%: 未达标, not 数据不全
    data = """\
    区县,在园幼儿数,适龄人口数
    甲县,900,1000
    乙县,/,500
    丙县,960,1000
    """
    doc = result(tmp_path, RATIO, data)
    assert doc["status"] == "fail"
    assert (doc["numerator"], doc["denominator"]) == (1860, 2000)
    assert units(doc)["乙县"]["actual"] is None
    assert any("乙县" in reason for reason in doc["reasons"])


def test_a_slash_numerator_in_a_gross_rate_counts_its_population(tmp_path: Path) -> None:
    # gross: every unit's population counts, whether or not it has a kindergarten
    # (900 + 960) / (1000 + 500 + 1000) = 1860 / 2500 = 74.40%
    data = """\
    区县,在园幼儿数,适龄人口数
    甲县,900,1000
    乙县,/,500
    丙县,960,1000
    """
    doc = result(tmp_path, RATIO + "    gross: true\n", data)
    assert (doc["numerator"], doc["denominator"]) == (1860, 2500)
    assert doc["status"] == "fail"


def test_a_blank_in_a_gross_rate_is_still_not_reported(tmp_path: Path) -> None:
    data = """\
    区县,在园幼儿数,适龄人口数
    甲县,900,1000
    乙县,,500
    """
    doc = result(tmp_path, RATIO + "    gross: true\n", data)
    assert doc["status"] == "incomplete"
    assert units(doc)["乙县"]["status"] == "missing"


SEATS_DATA = """\
区县,新增学位数
甲县,2
乙县,1
丙县,3
"""


def test_an_each_unit_goal_that_accrues_is_paced_unit_by_unit(tmp_path: Path) -> None:
    # as of 2024-07-01: 183 of 2024's 366 days = 1/2; each county is due 3 × 1/2 = 1.5
    # 甲县 2 ≥ 1.5 on pace, 乙县 1 < 1.5 behind, 丙县 3 ≥ 3 met: the goal is behind
    # (before: the city's 6 ≥ 1.5 read 进度正常 whatever the units did)
    doc = result(tmp_path, SEATS, SEATS_DATA, "--as-of", "2024-07-01")
    by_unit = units(doc)
    assert by_unit["甲县"]["status"] == "on_pace"
    assert by_unit["乙县"]["status"] == "behind"
    assert by_unit["丙县"]["status"] == "pass"
    assert doc["status"] == "behind"
    assert any("乙县" in reason for reason in doc["reasons"])


def test_an_each_unit_goal_on_pace_when_every_unit_is(tmp_path: Path) -> None:
    # 甲县 2 and 乙县 2 ≥ 1.5, 丙县 3 met: on pace, and no city total (7 of 3) is completed
    data = SEATS_DATA.replace("乙县,1", "乙县,2")
    doc = result(tmp_path, SEATS, data, "--as-of", "2024-07-01")
    assert doc["status"] == "on_pace"
    assert doc.get("completion") is None


def test_an_each_unit_goal_reads_the_pace_of_its_unit_furthest_behind(tmp_path: Path) -> None:
    # 乙县 1 of 3 = 33.3% of its target against 50% of the year gone: 16.7 points behind
    # (the city's 6 of 3 would read 150 points ahead)
    plan = targets(tmp_path, SEATS)
    out = run("validate", csv_file(tmp_path, SEATS_DATA), "-t", plan, "--as-of", "2024-07-01")
    assert "慢于序时进度 16.7 个百分点" in out.stdout, out
    assert "快于序时进度" not in out.stdout


def test_a_slash_in_a_part_beside_a_whole_above_zero_is_refused(tmp_path: Path) -> None:
    # 58 new staff, of them screened "/": a part of 58 cannot be "not applicable". It was
    # left out as n/a, and 每个单位 100% passed (exit 0) on the other county alone.
    # Beside 0 new staff "/" still means none to screen.
    data = tmp_path / "staff.csv"
    data.write_text(
        "区县,新入职教职员工数,已准入查询的新入职人数\n青山县,40,40\n云岭市,58,/\n白水县,0,/\n",
        encoding="utf-8",
    )
    out = run("validate", data, "-f", "json")
    said = [(p["code"], p["line"], p["value"]) for p in out.json()["problems"]]
    assert said == [("numerator_na", 3, "/")]
    staff = out.result("staff-screening")
    assert staff["status"] == "incomplete"
    assert {u["unit"]: u["status"] for u in staff["units"]}["云岭市"] == "missing"
    english = run("validate", data, "--lang", "en", "-f", "json")
    [message] = [p["message"] for p in english.json()["problems"]]
    assert 'cannot be "not applicable"' in message and english.exit_code == 1
