"""Who may meet a goal, and what a blank or "/" may excuse: the verdicts of the issue
"Right verdicts", each on a small city file with the expected outcome worked out by hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from conftest import SAMPLES, csv_file, run


@pytest.mark.parametrize(
    "rule",
    [
        "teacher-test",
        "teaching-contest",
        "demo-bases",
        "coal-alliance",
        "recruitment-month",
        "double-reduction-meeting",
        "mingshi-fubaixiao",
        "rhine-college",
    ],
)
def test_a_county_yes_does_not_meet_the_city_bureaus_own_act(tmp_path: Path, rule: str) -> None:
    from plan_check.plan import load_plan

    header = next(
        load_plan(None).metric(r.metric).header  # type: ignore[attr-defined]
        for r in load_plan(None).rules
        if r.id == rule
    )
    data = csv_file(tmp_path, f"区县,{header}\n青山县,是\n白水县,\n市直,否")
    r = run("validate", data, "-f", "json").result(rule)
    assert (r["status"], r["actual"]) == ("fail", False)  # 市直 said 否: the city's answer
    assert any("青山县" in reason and "市直" in reason for reason in r["reasons"])


def test_the_city_row_alone_decides_and_its_silence_is_incomplete(tmp_path: Path) -> None:
    header = "区县,教师专业能力素养测试已开展,教师教学技能比赛已开展,示范校和培训基地已评选"
    data = csv_file(tmp_path, f"{header}\n青山县,是,是,\n市直,√,,/")
    out = run("validate", data, "-f", "json")
    assert out.result("teacher-test")["status"] == "pass"  # 市直 √
    blank = out.result("teaching-contest")  # 市直 blank, a county 是: not the city's answer
    assert (blank["status"], blank["actual"]) == ("incomplete", None)
    slash = out.result("demo-bases")  # "/" from the city for its own act: not an answer
    assert slash["status"] == "incomplete"


def test_no_city_row_at_all_leaves_the_bureaus_acts_incomplete(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,教师专业能力素养测试已开展\n青山县,是\n白水县,是")
    r = run("validate", data, "-f", "json").result("teacher-test")
    assert r["status"] == "incomplete"
    assert "市直" in r["reasons"][0]


def test_only_a_county_can_be_the_new_pilot_county(tmp_path: Path) -> None:
    city_only = csv_file(tmp_path, "区县,新增强师工程省级试点县\n青山县,否\n市直,是", "a.csv")
    r = run("validate", city_only, "-f", "json").result("qiangshi-pilot")
    assert (r["status"], r["actual"]) == ("fail", 0)  # 0 counties said 是
    assert [u["unit"] for u in r["units"]] == ["青山县"]  # 市直 is not a county
    county = csv_file(tmp_path, "区县,新增强师工程省级试点县\n青山县,是\n市直,否", "b.csv")
    assert run("validate", county, "-f", "json").result("qiangshi-pilot")["status"] == "pass"


def test_the_city_row_may_be_named_in_the_targets_file(tmp_path: Path) -> None:
    targets = (SAMPLES.parent / "targets.yaml").read_text(encoding="utf-8")
    path = tmp_path / "targets.yaml"
    path.write_text(targets + "\ncity_units: [市本级单位]\n", encoding="utf-8")
    data = csv_file(tmp_path, "区县,新增强师工程省级试点县\n青山县,否\n市本级单位,是\n市直,否")
    r = run("validate", data, "-t", path, "-f", "json").result("qiangshi-pilot")
    assert [u["unit"] for u in r["units"]] == ["青山县", "市直"]  # 市直 is a county now


def test_a_slash_does_not_excuse_a_county_from_zero_dropouts(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,失学辍学学生数\n青山县,0\n河东区,/\n市直,0")
    r = run("validate", data, "-f", "json").result("dropouts-zero")
    assert r["status"] == "incomplete"  # 数据不全, never a pass
    assert {u["unit"]: u["status"] for u in r["units"]}["河东区"] == "missing"
    # where "/" does excuse (a unit without home-taught students), it still does
    ok = csv_file(
        tmp_path, "区县,送教上门学生数,每月送教不少于2次的学生数\n青山县,4,4\n石门县,/,/", "b.csv"
    )
    assert run("validate", ok, "-f", "json").result("songjiao-frequency")["status"] == "pass"


def _both_years(tmp_path: Path, now: str, before: str) -> object:
    data = csv_file(tmp_path, now, "now.csv")
    base = csv_file(tmp_path, before, "base.csv")
    return run("validate", data, "--baseline", base, "-f", "json")


def test_milestones_show_no_invented_last_year_figure(tmp_path: Path) -> None:
    out = _both_years(
        tmp_path,
        "区县,煤炭产教融合联盟已组建,大班额班级数\n青山县,,3\n市直,是,0",
        "区县,大班额班级数\n青山县,5\n白水县,1\n市直,0",
    )
    coal = out.result("coal-alliance")  # type: ignore[attr-defined]
    assert all("baseline" not in u for u in coal["units"])  # last year has no such column
    assert not any("只在其中一年" in reason for reason in coal["reasons"])
    classes = out.result("large-classes")  # type: ignore[attr-defined]
    assert (classes["status"], classes["actual"], classes["target"]) == ("pass", 3, 6)
    assert [r for r in classes["reasons"] if "只在其中一年" in r] == [
        "只在其中一年出现的单位:白水县"
    ]


def test_a_county_whose_fund_execution_fell_is_named(tmp_path: Path) -> None:
    # this year 青山县 85/100 = 85.00%, 白水县 190/200 = 95.00%, city 275/300 = 91.67%
    # last year 青山县 90/100 = 90.00%, 白水县 170/200 = 85.00%, city 260/300 = 86.67%
    out = _both_years(
        tmp_path,
        "区县,项目资金下达数,项目资金支出数\n青山县,100,85\n白水县,200,190",
        "区县,项目资金下达数,项目资金支出数\n青山县,100,90\n白水县,200,170",
    )
    r = out.result("fund-execution")  # type: ignore[attr-defined]
    assert r["actual"] == float(Fraction(275, 300)) and r["target"] == float(Fraction(260, 300))
    assert r["status"] == "fail"  # the city rose, but the plan asks every county to raise it
    assert {u["unit"]: u["status"] for u in r["units"]} == {"青山县": "fail", "白水县": "pass"}
    assert any("青山县" in reason and "白水县" not in reason for reason in r["reasons"])


def test_each_countys_vocational_enrolment_is_judged_against_its_own_last_year(
    tmp_path: Path,
) -> None:
    out = _both_years(
        tmp_path,
        "区县,职业学校在校生数\n青山县,1000\n白水县,500\n市直,300",
        "区县,职业学校在校生数\n青山县,900\n白水县,520\n市直,400",
    )
    r = out.result("county-vocational-growth")  # type: ignore[attr-defined]
    # counties only: 1000 + 500 = 1500 against 900 + 520 = 1420; 市直 left out
    assert (r["actual"], r["target"]) == (1500, 1420)
    assert r["status"] == "fail"  # 白水县 fell from 520 to 500
    assert [u["unit"] for u in r["units"] if u["status"] == "fail"] == ["白水县"]


def test_a_part_year_compared_with_a_whole_last_year_is_said(tmp_path: Path) -> None:
    now = "填报日期,区县,大班额班级数\n2023-06-30,青山县,3"
    whole = _both_years(tmp_path, now, "区县,大班额班级数\n青山县,5")
    reasons = whole.result("large-classes")["reasons"]  # type: ignore[attr-defined]
    assert any("上年同期" in reason for reason in reasons)
    same = _both_years(tmp_path, now, "填报日期,区县,大班额班级数\n2022-06-30,青山县,5")
    assert not any("上年同期" in r for r in same.result("large-classes")["reasons"])  # type: ignore[attr-defined]


SEED = SAMPLES.parent / "docs" / "plan-2023-items-16-28.txt"


def test_coverage_lists_every_commitment_item_by_item() -> None:
    import json

    out = run("rules", "--coverage", "-f", "json")
    entries = json.loads(out.stdout)
    seed = SEED.read_text(encoding="utf-8")
    assert {e["item"] for e in entries} == set(range(16, 29))  # items 16-28, none left out
    assert all(e["quote"] in seed for e in entries)
    assert all((e["rule"] is None) != (e["why"] is None) for e in entries)
    rules = [e["rule"] for e in entries if e["rule"]]
    assert len(rules) == len(set(rules)) == 35
    # the commitments the issue names are rules now, or named with a reason
    by_quote = {e["quote"]: e["rule"] or e["why"] for e in entries}
    assert by_quote['推进"中德莱茵智能矿山产业学院"建设'] == "rhine-college"
    assert by_quote['落实"一人一案"'] == "songjiao-plan"
    assert by_quote["扎实做好大学生征兵工作"] == "no_figure"
    text = run("rules", "--coverage").stdout
    assert '第 17 条\n  – 持续推进"县管校聘" → 未核查:没有 2023 年的具体数字或期限' in text


def test_lint_checks_the_quotes_of_unchecked_commitments_too(tmp_path: Path) -> None:
    targets = (SAMPLES.parent / "targets.yaml").read_text(encoding="utf-8")
    bad = targets.replace('"严格落实师德师风第一标准"', '"严格落实师德师风第二标准"', 1)
    assert bad != targets
    path = tmp_path / "targets.yaml"
    path.write_text(bad, encoding="utf-8")
    out = run("lint", path, "--seed", SEED)
    assert out.exit_code == 2 and "严格落实师德师风第二标准" in out.stderr, out


def test_the_template_says_what_open_columns_count(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "form.xlsx"
    assert run("template", "--format", "xlsx", "-o", path).exit_code == 0
    book = load_workbook(path)
    headers = [c.value for c in book["填报表"][1]]
    col = headers.index("该届学生入学时人数") + 1
    comment = book["填报表"].cell(row=1, column=col).comment
    assert comment is not None and "一年级" in comment.text
    notes = {row[0]: row[1] for row in book["填报说明"].iter_rows(values_only=True) if row}
    assert "7.6万人" in notes["职业学校在校生数"]
    assert "不得填 /" in notes["不适用"]
