"""Progress through the year, last year's baseline, and per-unit quotas (任务分解)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, csv_file, run

PACED = """
    区县,国培计划培训人数,省培计划培训人数,职业学校在校生数,失学辍学学生数
    青山县,900,140,40000,0
    白水县,620,100,34350,1
"""
# 国培 1520 of 3000, 省培 240 of 500, enrolment 74,350 of 76,000, one dropout in 白水县.


@pytest.mark.parametrize(
    ("as_of", "share", "guopei", "shengpei", "enrolment", "dropouts"),
    [
        # 2023-01-01: day 1 of 365
        # enrolment is not paced (known in the autumn): not met yet is 尚未达标, not 滞后
        ("2023-01-01", Fraction(1, 365), "on_pace", "on_pace", "not_yet", "fail"),
        # 2023-06-30: 31+28+31+30+31+30 = 181 days of 365. Expected 国培 3000·181/365 =
        # 1487.67 < 1520 (a little above); 省培 500·181/365 = 247.95 > 240 (a little below)
        ("2023-06-30", Fraction(181, 365), "on_pace", "behind", "not_yet", "fail"),
        ("2023-12-31", None, "fail", "fail", "fail", "fail"),  # the deadline: final
        ("2024-03-01", None, "fail", "fail", "fail", "fail"),  # after it: final
    ],
)
def test_pace_through_the_year(
    tmp_path: Path,
    as_of: str,
    share: Fraction | None,
    guopei: str,
    shengpei: str,
    enrolment: str,
    dropouts: str,
) -> None:
    data = csv_file(tmp_path, PACED)
    out = run("validate", data, "--as-of", as_of, "-f", "json")
    g, s = out.result("guopei"), out.result("shengpei")
    assert (g["status"], s["status"]) == (guopei, shengpei)
    assert out.result("vocational-enrollment")["status"] == enrolment  # not paced
    assert out.result("dropouts-zero")["status"] == dropouts  # must hold at every moment
    if share is None:
        assert g["expected"] is None and g["elapsed_share"] is None
    else:
        assert g["elapsed_share"] == float(share)
        assert g["expected"] == float(3000 * share)
        assert s["expected"] == float(500 * share)
    assert out.json()["as_of"] == as_of


def test_a_goal_already_met_passes_before_the_deadline(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,建成智慧校园数\n青山县,12")
    r = run("validate", data, "--as-of", "2023-03-01", "-f", "json").result("smart-campus")
    assert r["status"] == "pass"
    assert r["expected"] == float(Fraction(12 * 60, 365))  # Jan 31 + Feb 28 + 1 = 60 days


def test_the_report_states_the_pace_in_the_plans_words(tmp_path: Path) -> None:
    data = csv_file(tmp_path, PACED)
    out = run("validate", data, "--as-of", "2023-06-30", env={"COLUMNS": "160"}).stdout
    assert "核查日期:2023-06-30,全年序时进度 49.59%(181/365 天)" in out
    # 1520/3000 = 50.67%, 181/365 = 49.59%: 1.08 points ahead; 240/500 = 48% is 1.59 behind
    assert "快于序时进度 1.1 个百分点" in out
    assert "慢于序时进度 1.6 个百分点" in out
    assert "1,488人" in out  # 3000 × 181/365 = 1,487.67: due by now in whole teachers, rounded up
    english = run(
        "validate", data, "--as-of", "2023-06-30", "--lang", "en", env={"COLUMNS": "160"}
    ).stdout
    assert "1.1 points ahead of pace" in english


def test_mid_year_sample_exits_0_and_1_when_strict() -> None:
    sample = SAMPLES / "city-2023-mid-year.csv"
    out = run("validate", sample, "-f", "json")
    assert out.json()["as_of"] == "2023-06-30"  # from its 填报日期 column
    assert out.json()["summary"]["fail"] == 0 and out.json()["summary"]["behind"] > 0
    assert out.exit_code == 0, out
    assert run("validate", sample, "--strict").exit_code == 1


def test_strict_without_a_baseline_exits_1() -> None:
    out = run("validate", SAMPLES / "city-2023-all-met.csv", "--strict")
    assert out.exit_code == 1  # strict means every goal judged: the trend goals are not


def test_as_of_overrides_the_report_date(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "填报日期,区县,国培计划培训人数\n2023/6/30,青山县,1520")
    out = run("validate", data, "--as-of", "2023-12-31", "-f", "json")
    assert out.json()["as_of"] == "2023-12-31" and out.result("guopei")["status"] == "fail"


def test_report_dates_that_differ_are_a_data_problem(tmp_path: Path) -> None:
    a = csv_file(tmp_path, "填报日期,区县,国培计划培训人数\n2023-06-30,青山县,900", "a.csv")
    b = csv_file(tmp_path, "填报日期,区县,国培计划培训人数\n2023年9月30日,白水县,620", "b.csv")
    out = run("validate", a, b, "-f", "json")
    # one file each: a tie, which goes to the later date; the earlier file is set aside
    stale, alone = out.json()["problems"]
    assert (stale["file"], stale["code"]) == (str(a), "report_date_stale")
    assert "2023-06-30" in stale["message"] and "2023-09-30" in stale["message"]
    assert alone["code"] == "report_date_stale_units" and "青山县" in alone["message"]
    assert out.json()["as_of"] == "2023-09-30" and out.exit_code == 1


def test_two_dates_in_one_file_and_a_bad_date(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        "填报日期,区县,国培计划培训人数\n2023-06-30,青山县,1\n2023-07-31,白水县,2\n上半年,云岭市,3",
    )
    problems = run("validate", data, "-f", "json").json()["problems"]
    assert {(p["line"], p["column"]) for p in problems} == {(3, "填报日期"), (4, "填报日期")}


def test_bad_as_of_option_exits_2() -> None:
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "--as-of", "June")
    assert out.exit_code == 2 and "June" in out.stderr


# --- baselines -------------------------------------------------------------------------

YEARS = "区县,15-59周岁人口数,15-59周岁人均受教育年限\n青山县,100,{a}\n白水县,900,{b}"


@pytest.mark.parametrize(
    ("now", "status"),
    [
        # weighted (100·9 + 900·8.5)/1000 = 8.55 rises from (100·10 + 900·8)/1000 = 8.2,
        # while the plain mean falls from 9 to 8.75: judged by the weighted one
        ((9, 8.5), "pass"),
        # weighted (100·13 + 900·7.6)/1000 = 8.14 falls below 8.2; the plain mean rises to 10.3
        ((13, 7.6), "fail"),
        # (100·10 + 900·8)/1000 = 8.2 again: equal is not a rise
        ((10, 8), "fail"),
    ],
)
def test_trend_goals_follow_the_weighted_mean(
    tmp_path: Path, now: tuple[float, float], status: str
) -> None:
    base = csv_file(tmp_path, YEARS.format(a=10, b=8), "2022.csv")
    data = csv_file(tmp_path, YEARS.format(a=now[0], b=now[1]), "2023.csv")
    out = run("validate", data, "--baseline", base, "-f", "json")
    r = out.result("schooling-years")
    assert r["status"] == status
    assert r["target"] == 8.2
    assert r["actual"] == float(
        (Fraction(100) * Fraction(str(now[0])) + 900 * Fraction(str(now[1]))) / 1000
    )
    assert [u["baseline"] for u in r["units"]] == [10, 8]


@pytest.mark.slow
def test_baseline_sample_judges_the_three_trend_goals() -> None:
    out = run(
        "validate",
        SAMPLES / "city-2023-mixed.csv",
        "--baseline",
        SAMPLES / "city-2022-baseline.csv",
        "-f",
        "json",
    )
    # fund execution: 34050.45 / 37700.75 = 90.32% fell from 33454 / 36000 = 92.93%
    fund = out.result("fund-execution")
    assert fund["status"] == "fail" and fund["target"] == float(Fraction(33454, 36000))
    # oversized classes: 59 fell from 20+14+22+9+6+12+10+2 = 95
    large = out.result("large-classes")
    assert (large["status"], large["actual"], large["target"]) == ("pass", 59, 95)
    assert out.result("schooling-years")["status"] == "pass"
    text = run(
        "validate",
        SAMPLES / "city-2023-mixed.csv",
        "--baseline",
        SAMPLES / "city-2022-baseline.csv",
        "--verbose",
        env={"COLUMNS": "120"},
    ).stdout
    assert "12个(上年 20个,变化 −8个)" in text  # 青山县: 12 now, 20 last year
    # wrapped wherever the clone's path ends a line: compared without any white space
    assert "city-2022-baseline.csv(UTF-8,8行,上年基数)" in "".join(text.split())


def test_units_in_only_one_year_are_named(tmp_path: Path) -> None:
    base = csv_file(tmp_path, "区县,大班额班级数\n青山县,10\n石门县,3", "2022.csv")
    data = csv_file(tmp_path, "区县,大班额班级数\n青山县,8\n白水县,1", "2023.csv")
    r = run("validate", data, "--baseline", base, "-f", "json").result("large-classes")
    # not the same units in the two years: no verdict, each unit named with its reason
    assert r["status"] == "incomplete"
    assert any("上年文件中没有:白水县" in x for x in r["reasons"])
    assert any("本年没有报送:石门县" in x for x in r["reasons"])


def test_problems_in_the_baseline_are_data_problems(tmp_path: Path) -> None:
    base = csv_file(tmp_path, "区县,大班额班级数\n青山县,很多", "2022.csv")
    data = csv_file(tmp_path, "区县,大班额班级数\n青山县,8", "2023.csv")
    out = run("validate", data, "--baseline", base, "-f", "json")
    [problem] = out.json()["problems"]
    assert (problem["file"], problem["line"], problem["value"]) == (str(base), 2, "很多")
    assert out.result("large-classes")["status"] == "incomplete"
    assert out.exit_code == 1


# --- quotas ----------------------------------------------------------------------------


def test_units_below_their_quota_are_named() -> None:
    out = run(
        "validate",
        SAMPLES / "city-2023-mixed.csv",
        "--allocations",
        SAMPLES / "allocations-2023.csv",
        "-f",
        "json",
    )
    guopei = out.result("guopei")
    assert guopei["status"] == "pass"  # the city goal is met: 3215 >= 3000
    below = [u["unit"] for u in guopei["units"] if u["status"] == "fail"]
    assert below == ["河东区", "松林县"]  # 380 < 400 and 290 < 300, by hand
    assert any("河东区" in x for x in guopei["reasons"])
    quotas = {u["unit"]: u["quota"] for u in guopei["units"]}
    assert quotas["青山县"] == 450


def test_quotas_are_paced_too() -> None:
    out = run(
        "validate",
        SAMPLES / "city-2023-mid-year.csv",
        "--allocations",
        SAMPLES / "allocations-2023.csv",
        "-f",
        "json",
    )
    units = {u["unit"]: u for u in out.result("guopei")["units"]}
    # 河东区: 180 of a 400 quota, 400·181/365 = 198.36 due: behind; 青山县 260 >= 223.15
    assert units["河东区"]["status"] == "behind"
    assert units["河东区"]["expected"] == float(Fraction(400 * 181, 365))
    assert units["青山县"]["status"] == "on_pace"


def test_quotas_that_do_not_add_up_are_refused(tmp_path: Path) -> None:
    alloc = csv_file(tmp_path, "单位,规则,任务数\n青山县,guopei,1000\n白水县,guopei,1500", "q.csv")
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "--allocations", alloc, "--lang", "en")
    assert out.exit_code == 2
    assert f"{alloc}:2" in out.stderr and "guopei" in out.stderr
    assert "add up to 2500, not the city target 3000" in out.stderr


@pytest.mark.parametrize(
    ("rows", "says"),
    [
        ("青山县,nonsense,3000", "unknown rule nonsense"),
        ("青山县,vocational-conditions,1", "cannot be split into quotas"),
        ("青山县,guopei,lots", "quota lots is not a number"),
    ],
)
def test_bad_allocations(tmp_path: Path, rows: str, says: str) -> None:
    alloc = csv_file(tmp_path, f"unit,rule,quota\n{rows}", "q.csv")
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "--allocations", alloc, "--lang", "en")
    assert out.exit_code == 2 and says in out.stderr, out


def test_quota_for_a_unit_not_expected(tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    units.write_text("青山县\n白水县\n", encoding="utf-8")
    alloc = csv_file(tmp_path, "unit,rule,quota\n青山县,smart-campus,6\n黑水县,smart-campus,6")
    out = run(
        "validate",
        SAMPLES / "city-2023-mixed.csv",
        "--units",
        units,
        "--allocations",
        alloc,
        "--lang",
        "en",
    )
    assert out.exit_code == 2 and "黑水县" in out.stderr and f"{alloc}:3" in out.stderr


def test_quotas_in_the_targets_file_with_their_line(tmp_path: Path) -> None:
    shipped = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    targets = tmp_path / "targets.yaml"
    text = shipped + "quotas:\n  smart-campus:\n    青山县: 5\n    白水县: 5\n"
    targets.write_text(text, encoding="utf-8")
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "--targets", targets, "--lang", "en")
    assert out.exit_code == 2
    line = len(shipped.splitlines()) + 3  # the first quota's line
    assert (
        f"{targets}:{line}" in out.stderr and "add up to 10, not the city target 12" in out.stderr
    )
