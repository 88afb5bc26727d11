"""Verdicts a 督导 official would sign (issue 22): the verdict that is certain despite blank
units, and holding a bound meets a "raise / lower" goal. Figures worked out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import csv_file, run


def test_a_total_already_reached_is_met_with_the_blank_units_named(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,国培计划培训人数
        青山县,1800
        白水县,1305
        云岭市,
        """,
    )
    r = run("validate", data, "-f", "json").result("guopei")
    # 1800 + 1305 = 3105 ≥ 3000: whatever 云岭市 trained (≥ 0) the city is over the line
    assert (r["status"], r["alert"], r["actual"]) == ("pass", "green", 3105)
    assert r["reasons"] == ["1 个单位未填报:云岭市;已报单位合计已达目标,无论其填报多少均达标"]


def test_a_total_short_of_its_line_with_a_blank_stays_incomplete(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,1800\n白水县,1000\n云岭市,\n")
    r = run("validate", data, "-f", "json").result("guopei")
    assert r["status"] == "incomplete"  # 2800: 云岭市's 200 or more would reach 3000


def _large_classes(tmp_path: Path, now: tuple[str, str], before: tuple[str, str]) -> dict[str, Any]:
    header = "区县,大班额班级数\n"
    this_year = csv_file(tmp_path, header + f"青山县,{now[0]}\n白水县,{now[1]}\n", "now.csv")
    last_year = csv_file(
        tmp_path, header + f"青山县,{before[0]}\n白水县,{before[1]}\n", "before.csv"
    )
    out = run("validate", this_year, "--baseline", last_year, "-f", "json")
    result: dict[str, Any] = out.result("large-classes")
    return result


def test_a_count_to_be_reduced_held_at_zero_is_met(tmp_path: Path) -> None:
    r = _large_classes(tmp_path, ("0", "0"), ("0", "0"))
    # 大班额 0 → 0: "<" last year is impossible below 0; holding 0 is meeting it
    assert r["status"] == "pass"
    assert any("保持 0" in reason for reason in r["reasons"])


def test_a_count_that_stays_above_zero_is_still_missed(tmp_path: Path) -> None:
    r = _large_classes(tmp_path, ("3", "0"), ("3", "0"))
    assert r["status"] == "fail"  # 3 → 3 is not reduced, and 3 is no bound


def test_a_rate_held_at_100_percent_is_met(tmp_path: Path) -> None:
    header = "区县,适龄残疾儿童少年数,适龄残疾儿童少年接受义务教育人数\n"
    now = csv_file(tmp_path, header + "青山县,120,120\n白水县,96,96\n", "now.csv")
    before = csv_file(tmp_path, header + "青山县,110,110\n白水县,90,90\n", "before.csv")
    r = run("validate", now, "--baseline", before, "-f", "json").result("disabled-enrolment")
    # 216/216 = 100% this year, 200/200 = 100% last year: holding 100% is 巩固
    assert r["status"] == "pass"
    assert any("保持 100%" in reason for reason in r["reasons"])


def test_a_unit_held_at_100_percent_is_not_named_as_falling(tmp_path: Path) -> None:
    header = "区县,项目资金下达数,项目资金支出数\n"
    now = csv_file(tmp_path, header + "青山县,10000,9000\n市直,3900,3900\n", "now.csv")
    before = csv_file(tmp_path, header + "青山县,10000,8000\n市直,3600,3600\n", "before.csv")
    r = run("validate", now, "--baseline", before, "-f", "json").result("fund-execution")
    # city: 12900/13900 = 92.81% > 11600/13600 = 85.29%; 青山县 90% > 80%; 市直 100% → 100%
    assert r["status"] == "pass", r["reasons"]
    units = {u["unit"]: u["status"] for u in r["units"]}
    assert units == {"青山县": "pass", "市直": "pass"}


def test_a_figure_fixed_on_its_date_is_final_after_it(tmp_path: Path) -> None:
    """初次毕业去向落实率 is fixed on 31 August: after it a figure below 80% is 未达标."""
    data = csv_file(tmp_path, "区县,2023届高校毕业生数,初次毕业去向落实人数\n青山县,1000,750\n")
    # 750 / 1000 = 75% < 80%
    july = run("validate", data, "--as-of", "2023-07-31", "-f", "json")
    assert july.result("graduate-placement")["status"] == "not_yet"  # before its date
    september = run("validate", data, "--as-of", "2023-09-15", "-f", "json")
    assert september.result("graduate-placement")["status"] == "fail"
    # the year's other goals are still before their deadline on 15 September
    assert september.result("guopei")["elapsed_share"] is not None


def test_new_vocational_seats_are_not_paced_by_days(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,新增中职学位数\n青山县,0\n")
    r = run("validate", data, "--as-of", "2023-06-30", "-f", "json").result("zhongzhi-seats")
    # seats open with the autumn enrolment: 0 in June is not yet met, not behind a pace
    assert (r["status"], r["expected"], r["elapsed_share"]) == ("not_yet", None, None)


def test_a_city_above_last_year_is_never_said_to_be_short(tmp_path: Path) -> None:
    header = "区县,项目资金下达数,项目资金支出数\n"
    now = csv_file(tmp_path, header + "青山县,10000,9495\n清河县,1000,800\n", "now.csv")
    before = csv_file(tmp_path, header + "青山县,10000,9000\n清河县,1000,900\n", "before.csv")
    out = run("validate", now, "--baseline", before, env={"COLUMNS": "160"})
    # city 10295/11000 = 93.59% against 9900/11000 = 90.00%: +3.59 points; 清河县 fell
    # from 90% to 80%, so the goal (every unit raising it) is missed, and the words say why
    assert "全市提高 3.59 个百分点;清河县未提高" in out.stdout
    assert "差 3.59" not in out.stdout


def test_a_pace_gap_keeps_its_sign(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,1487\n")
    out = run("validate", data, "--as-of", "2023-06-30", env={"COLUMNS": "160"})
    # 1487/3000 = 49.5667% against 181/365 = 49.5890%: 0.0224 points behind, shown 0.02
    assert "慢于序时进度 0.02 个百分点" in out.stdout
    assert "0.0 个百分点" not in out.stdout


def test_years_of_schooling_are_compared_as_published(tmp_path: Path) -> None:
    header = "区县,15-59周岁人口数,15-59周岁人均受教育年限\n"
    now = csv_file(tmp_path, header + "青山县,410000,10.2\n白水县,355000,9.8\n", "now.csv")
    before = csv_file(tmp_path, header + "青山县,409900,10.2\n白水县,355100,9.8\n", "b.csv")
    r = run("validate", now, "--baseline", before, "-f", "json").result("schooling-years")
    # now (410000×10.2 + 355000×9.8) / 765000 = 10.014379…; last year 100 people the other
    # way, 7660960 / 765000 = 10.014327…: both 10.01 年 as published, so not raised
    assert r["status"] == "fail"


def test_a_count_unchanged_on_last_year_reads_level_not_short(tmp_path: Path) -> None:
    header = "区县,大班额班级数\n"
    now = csv_file(tmp_path, header + "青山县,3\n白水县,0\n", "now.csv")
    before = csv_file(tmp_path, header + "青山县,3\n白水县,0\n", "before.csv")
    out = run("validate", now, "--baseline", before, env={"COLUMNS": "160"})
    # 3 → 3 oversized classes: the goal (fewer than last year) is missed, and the words say
    # it is level with last year, never "差 与上年持平"
    assert "与上年持平,未减少" in out.stdout and "差 与上年持平" not in out.stdout


def test_a_rate_goal_reads_points_above_or_below_not_a_completion() -> None:
    from conftest import SAMPLES

    out = run("validate", SAMPLES / "city-2023-mixed.csv", env={"COLUMNS": "100"}).stdout
    line = next(x for x in out.splitlines() if "中职毕业生升学率" in x)
    # 14850 / 23200 = 64.0086% against 65%: 0.99 points below, never "98.5%" done
    assert "低0.99点" in line and "98.5%" not in line
    md = run("validate", SAMPLES / "city-2023-mixed.csv", "-f", "markdown").stdout
    assert "低于目标 0.99 个百分点" in md


def test_the_as_of_line_counts_days_not_a_reduced_fraction(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,3000\n")
    out = run("validate", data, "--as-of", "2023-12-01", env={"COLUMNS": "160"}).stdout
    # 1 January to 1 December 2023: 334 days of January–November + 1 = 335 of 365
    assert "(335/365 天)" in out and "67/73" not in out


def test_a_unit_that_fell_decides_even_when_another_is_not_comparable(tmp_path: Path) -> None:
    header = "区县,项目资金下达数,项目资金支出数\n"
    now = csv_file(tmp_path, header + "青山县,10000,9000\n白水县,1000,800\n", "now.csv")
    before = csv_file(
        tmp_path, header + "青山县,10000,8000\n白水县,1000,900\n云岭市,500,400\n", "before.csv"
    )
    r = run("validate", now, "--baseline", before, "-f", "json").result("fund-execution")
    # 云岭市 has last year's figure only (not comparable), but 白水县 fell from 90% to 80%:
    # the goal asks every unit to raise it, so it is missed whatever 云岭市 would show
    assert r["status"] == "fail"
    assert {u["unit"]: u["status"] for u in r["units"]}["白水县"] == "fail"
