"""Like for like over time: a goal judged against last year (--baseline) or a change since
the previous report (--previous) compares the same units, or says which differ."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SAMPLES, Run, csv_file, run

TREND = ("schooling-years", "fund-execution", "large-classes", "disabled-enrolment")

# Last year, every unit of samples/units.txt: 青山县 had 20 oversized classes.
LAST_YEAR = """
区县,15-59周岁人口数,15-59周岁人均受教育年限,项目资金下达数,项目资金支出数,大班额班级数,适龄残疾儿童少年数,适龄残疾儿童少年接受义务教育人数
青山县,410000,10.0,5000,4000,20,120,110
白水县,355000,9.7,4000,3400,14,95,90
云岭市,520000,10.4,6000,5100,22,150,140
河东区,300000,11.0,3500,2975,9,80,76
河西区,280000,10.8,3300,2772,6,70,66
松林县,240000,9.4,2800,2352,12,68,62
石门县,250000,9.6,3000,2550,10,60,55
市直,/,/,8400,7140,2,/,/
"""


def _trend_targets(tmp_path: Path) -> Path:
    """The shipped plan with only its goals judged against last year."""
    doc = yaml.safe_load((ROOT / "targets.yaml").read_text(encoding="utf-8"))
    doc["rules"] = [r for r in doc["rules"] if r["id"] in TREND]
    doc.pop("ranking")  # its veto names a goal left out here
    path = tmp_path / "trend.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _without_qingshan(tmp_path: Path) -> Path:
    """This year: the all-met sample, but 青山县 sent nothing."""
    lines = (SAMPLES / "city-2023-all-met.csv").read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / "2023.csv"
    path.write_text("\n".join(x for x in lines if not x.startswith("青山县")) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("roster", [False, True])
def test_a_county_that_sent_nothing_this_year_makes_trend_goals_incomplete(
    tmp_path: Path, roster: bool
) -> None:
    before = csv_file(tmp_path, LAST_YEAR, "2022.csv")
    args: list[str | Path] = ["--baseline", before, "-t", _trend_targets(tmp_path)]
    args += ["--units", SAMPLES / "units.txt"] if roster else []
    out = run("validate", _without_qingshan(tmp_path), *args, "-f", "json")
    # before: every goal read 达标 without the roster (47 < 95 oversized classes), exit 0
    assert out.exit_code == 1
    assert {r["id"]: r["status"] for r in out.json()["results"]} == dict.fromkeys(
        TREND, "incomplete"
    )
    large = out.result("large-classes")
    # all units: 47 now (8+15+5+3+9+7+0) against 95 last year (20+14+22+9+6+12+10+2);
    # the same units: 47 against 95 − 20 (青山县) = 75
    assert (large["actual"], large["target"]) == (47, 95)
    same = large["same_units"]
    assert (same["actual"], same["baseline"]) == (47, 75)
    assert same["unlike"] == {"absent_now": ["青山县"]}
    assert "青山县" not in same["units"] and len(same["units"]) == 7
    reasons = " ".join(large["reasons"])
    assert "本年没有报送:青山县" in reasons
    assert "本年 47个 < 上年 75个,按此口径达标" in reasons
    fund = out.result("fund-execution")["same_units"]
    # now (3870+5490+3420+2975+2465+2790+8360) / (4300+6100.25+3800+3500+2900+3100+8800)
    # = 29370 / 32500.25; last year without 青山县: 26289 / 31000
    assert fund["actual"] == float(Fraction(29370) / Fraction("32500.25"))
    assert fund["baseline"] == float(Fraction(26289, 31000))


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
def test_the_same_units_comparison_is_said_in_the_terminal(tmp_path: Path) -> None:
    before = csv_file(tmp_path, LAST_YEAR, "2022.csv")
    out = run(
        "validate",
        _without_qingshan(tmp_path),
        "--baseline",
        before,
        "-t",
        _trend_targets(tmp_path),
        env={"COLUMNS": "200"},
    )
    assert out.exit_code == 1
    assert "同口径(两年都有数的 7 个单位):本年 47个 < 上年 75个" in out.stdout
    english = run(
        "validate",
        _without_qingshan(tmp_path),
        "--baseline",
        before,
        "-t",
        _trend_targets(tmp_path),
        "--lang",
        "en",
        env={"COLUMNS": "200"},
    )
    assert "sent nothing this year: 青山县" in english.stdout


CLASSES = "区县,大班额班级数\n{}"


@pytest.mark.parametrize(
    ("now", "before", "why", "unit"),
    [
        # 白水县 writes "/" this year: 3 < 3 + 14 would pass on different units
        ("青山县,3\n白水县,/", "青山县,5\n白水县,14", "na_now", "白水县"),
        # 白水县 was "/" last year and has 9 now: 12 > 5 fails on different units
        ("青山县,3\n白水县,9", "青山县,5\n白水县,/", "na_before", "白水县"),
        # 石门县 is in this year's file only
        ("青山县,3\n石门县,9", "青山县,5", "absent_before", "石门县"),
        # 石门县 sent nothing this year (no roster)
        ("青山县,3", "青山县,5\n石门县,9", "absent_now", "石门县"),
        # 白水县 left last year's cell blank
        ("青山县,3\n白水县,1", "青山县,5\n白水县,", "missing_before", "白水县"),
    ],
)
def test_units_without_a_figure_in_both_years_are_named(
    tmp_path: Path, now: str, before: str, why: str, unit: str
) -> None:
    data = csv_file(tmp_path, CLASSES.format(now), "now.csv")
    base = csv_file(tmp_path, CLASSES.format(before), "base.csv")
    out = run("validate", data, "--baseline", base, "-f", "json")
    r = out.result("large-classes")
    assert r["status"] == "incomplete" and out.exit_code == 1
    # the one unit with a figure in both years: 青山县, 3 now against 5
    assert r["same_units"] == {
        "units": ["青山县"],
        "actual": 3,
        "baseline": 5,
        "unlike": {why: [unit]},
    }


def test_the_same_units_in_both_years_are_judged_as_before(tmp_path: Path) -> None:
    # "/" in both years is the same unit set: 3 < 5 over 青山县 alone, met
    data = csv_file(tmp_path, CLASSES.format("青山县,3\n白水县,/"), "now.csv")
    base = csv_file(tmp_path, CLASSES.format("青山县,5\n白水县,/"), "base.csv")
    out = run("validate", data, "--baseline", base, "-f", "json")
    r = out.result("large-classes")
    assert (r["status"], r["actual"], r["target"]) == ("pass", 3, 5)
    assert "same_units" not in r


YEARS = "区县,15-59周岁人口数,15-59周岁人均受教育年限\n{}"


def test_a_zero_weight_drops_a_unit_out_of_a_weighted_mean_only_with_a_word(
    tmp_path: Path,
) -> None:
    # 白水县 has no population this year ("/" beside a weight of 0): the mean of this year
    # is 青山县's 10.5 alone, last year (100·10 + 100·12)/200 = 11: not the same units
    data = csv_file(tmp_path, YEARS.format("青山县,100,10.5\n白水县,0,/"), "now.csv")
    base = csv_file(tmp_path, YEARS.format("青山县,100,10\n白水县,100,12"), "base.csv")
    out = run("validate", data, "--baseline", base, "-f", "json")
    r = out.result("schooling-years")
    assert r["status"] == "incomplete"
    assert r["same_units"]["unlike"] == {"na_now": ["白水县"]}
    # same units: 10.5 this year against 10 last year
    assert (r["same_units"]["actual"], r["same_units"]["baseline"]) == (10.5, 10)


def test_a_zero_weight_beside_a_value_is_a_cell_problem(tmp_path: Path) -> None:
    data = csv_file(tmp_path, YEARS.format("青山县,100,10.5\n白水县,0,9.8"))
    out = run("validate", data, "-f", "json")
    [problem] = out.json()["problems"]
    assert (problem["line"], problem["column"], problem["value"]) == (3, "15-59周岁人口数", "0")
    assert problem["code"] == "weight_zero_with_value" and problem["severity"] == "error"
    assert out.exit_code == 1
    units = {u["unit"]: u["status"] for u in out.result("schooling-years")["units"]}
    assert units["白水县"] == "missing"  # not left out of the mean in silence


# --- the change since the previous report (--previous) ----------------------------------

AUGUST = """
区县,填报日期,国培计划培训人数
青山县,2023-08-31,300
白水县,2023-08-31,280
"""
# September: 云岭市 and 河东区 report for the first time
SEPTEMBER = """
区县,填报日期,国培计划培训人数
青山县,2023-09-30,380
白水县,2023-09-30,401
云岭市,2023-09-30,320
河东区,2023-09-30,355
"""


def _since_august(tmp_path: Path, september: str, *args: str) -> Run:
    aug = csv_file(tmp_path, AUGUST, "aug.csv")
    report = tmp_path / "aug.json"
    run("validate", aug, "-o", report, "-q")
    sep = csv_file(tmp_path, september, "sep.csv")
    return run("validate", sep, "--previous", report, *args, env={"COLUMNS": "200"})


def test_the_change_since_last_time_is_over_the_same_units(tmp_path: Path) -> None:
    out = _since_august(tmp_path, SEPTEMBER, "-f", "json")
    guopei = out.result("guopei")
    before = guopei["previous"]
    # all units: (380 + 401 + 320 + 355) − (300 + 280) = 1456 − 580 = +876;
    # the units of both reports: (380 + 401) − (300 + 280) = 781 − 580 = +201
    assert before["change"] == 201
    assert before["change_all_units"] == 876
    assert before["same_units"] == {"count": 2, "actual": 781, "previous": 580}
    assert before["units_only_now"] == ["云岭市", "河东区"]
    assert before["units_only_before"] == []
    reasons = " ".join(guopei["reasons"])
    assert "较上期按两期都有数的 2 个单位计(同口径):+201人;全部单位合计 +876人" in reasons
    assert "2 个单位只在本期有数,未计入较上期:云岭市、河东区" in reasons


@pytest.mark.slow
def test_every_format_says_the_change_is_over_the_same_units(tmp_path: Path) -> None:
    text = "".join(_since_august(tmp_path, SEPTEMBER).stdout.split())
    assert "+201人(同口径)" in text and "未计入较上期:云岭市、河东区" in text
    for fmt, shown in (
        ("markdown", "+201人(同口径)"),
        ("html", "+201人(同口径)"),
        ("junit", "较上期 +201人(同口径)"),
    ):
        out = _since_august(tmp_path, SEPTEMBER, "-f", fmt)
        page = out.stdout
        assert shown in page, fmt
        assert "云岭市、河东区" in page and "+876人" in page, fmt


def test_the_same_units_report_the_change_as_before(tmp_path: Path) -> None:
    # the same two units: (380 + 401) − (300 + 280) = +201, with nothing more to say
    september = "\n".join(SEPTEMBER.strip().splitlines()[:3])
    guopei = _since_august(tmp_path, september, "-f", "json").result("guopei")
    assert guopei["previous"]["change"] == 201
    assert "same_units" not in guopei["previous"]
    assert not any("较上期" in r for r in guopei["reasons"])


def test_a_year_to_date_figure_that_falls_is_a_warning(tmp_path: Path) -> None:
    # 青山县 reported 300 teachers trained by August and 290 by September
    september = SEPTEMBER.replace("青山县,2023-09-30,380", "青山县,2023-09-30,290")
    out = _since_august(tmp_path, september, "-f", "json")
    [fell] = [p for p in out.json()["problems"] if p["code"] == "year_to_date_fell"]
    assert fell["severity"] == "warning" and fell["value"] == "青山县"
    assert "上期 300,本期 290" in fell["message"] and "guopei" in fell["message"]
    assert fell["file"] == str(tmp_path / "aug.json")


def test_a_rate_changes_over_the_same_units_by_its_sums(tmp_path: Path) -> None:
    aug = (
        "区县,填报日期,项目资金下达数,项目资金支出数\n青山县,2023-08-31,100,50\n"
        "白水县,2023-08-31,200,100"
    )
    sep = (
        "区县,填报日期,项目资金下达数,项目资金支出数\n青山县,2023-09-30,100,60\n"
        "白水县,2023-09-30,200,120\n云岭市,2023-09-30,1000,900"
    )
    report = tmp_path / "aug.json"
    run("validate", csv_file(tmp_path, aug, "aug.csv"), "-o", report, "-q")
    out = run("validate", csv_file(tmp_path, sep, "sep.csv"), "--previous", report, "-f", "json")
    before = out.result("fund-execution")["previous"]
    # same units: (60 + 120) / (100 + 200) = 60% against (50 + 100) / 300 = 50%: +10 points;
    # all units: (60 + 120 + 900) / 1300 = 83.08% against 50%
    assert before["same_units"] == {"count": 2, "actual": 0.6, "previous": 0.5}
    assert before["change"] == float(Fraction(6, 10) - Fraction(5, 10))
    # (the whole figure is compared as the JSON report holds it: to the float's last digit)
    assert before["change_all_units"] == pytest.approx(float(Fraction(1080, 1300) - Fraction(1, 2)))
    assert before["units_only_now"] == ["云岭市"]


def test_explain_says_what_like_for_like_means() -> None:
    out = run("explain", "large-classes", env={"COLUMNS": "300"})
    assert "只比同一批单位(同口径)" in out.stdout and "判为数据不全并列出这些单位" in out.stdout
    english = run("explain", "large-classes", "--lang", "en", env={"COLUMNS": "300"}).stdout
    assert "over the same units (like for like)" in english


def test_the_same_units_of_a_county_goal_leave_the_city_out(tmp_path: Path) -> None:
    now = csv_file(tmp_path, "区县,职业学校在校生数\n白水县,8200\n市直,20500", "now.csv")
    before = csv_file(
        tmp_path, "区县,职业学校在校生数\n青山县,9500\n白水县,8000\n市直,18000", "base.csv"
    )
    r = run("validate", now, "--baseline", before, "-f", "json").result("county-vocational-growth")
    # the counties of both years: 白水县 alone, 8200 against 8000 (市直 is no county)
    assert r["status"] == "incomplete"
    same = r["same_units"]
    assert (same["units"], same["actual"], same["baseline"]) == (["白水县"], 8200, 8000)
    assert same["unlike"] == {"absent_now": ["青山县"]}
