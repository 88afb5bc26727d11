"""The plan owns its calendar (issue 23, point 1): a goal without its own deadline is due
at the end of period_start's year or on the plan's deadline, never on 2023-12-31; lint
refuses a deadline before period_start; validate refuses an --as-of before the plan's
period and names the plan's dates for a 填报日期 outside it."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from conftest import csv_file, no_traceback, run
from plan2024 import PLAN_2024, rules_json, write_plan

MID_2024 = """
    乡镇,填报日期,教师培训人数,在园幼儿数,适龄幼儿数,推进会已召开
    东城镇,2024-06-30,300,450,500,
    西城镇,2024-06-30,220,380,420,
    县直,2024-06-30,10,/,/,否
"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_2024_plan_is_paced_through_2024(tmp_path: Path) -> None:
    """Silent result 1: at mid-2024 every goal read final (deadline 2023-12-31), ten goals
    未达标 and 序时进度 100.00%(1/1 天)."""
    plan = write_plan(tmp_path)
    data = csv_file(tmp_path, MID_2024)
    out = run("validate", data, "-t", plan, "-f", "json")
    doc = out.json()
    assert doc["as_of"] == "2024-06-30"
    # 2024-01-01 through 2024-06-30: 31 + 29 + 31 + 30 + 31 + 30 = 182 of 366 days
    share = Fraction(182, 366)
    training = out.result("training")
    assert training["elapsed_share"] == float(share)
    assert training["expected"] == float(1000 * share)  # 497.27… due by now
    # 300 + 220 + 10 = 530 ≥ 497.27: on pace, not 未达标
    assert (training["actual"], training["status"]) == (530, "on_pace")
    # (450 + 380) / (500 + 420) = 830/920 = 90.22% < 92%: not yet met, not missed
    preschool = out.result("preschool")
    assert preschool["actual"] == float(Fraction(830, 920))
    assert preschool["status"] == "not_yet"
    assert out.result("meeting")["status"] == "not_yet"  # 县直 否 before the year's end
    assert not [r for r in doc["results"] if r["status"] == "fail"]
    assert out.exit_code == 0, out
    table = run("validate", data, "-t", plan, env={"COLUMNS": "200"}).stdout
    assert "182/366 天" in table and "1/1 天" not in table


def test_rules_show_the_plans_year_end(tmp_path: Path) -> None:
    assert {r["deadline"] for r in rules_json("-t", write_plan(tmp_path))} == {"2024-12-31"}


def test_a_top_level_deadline_dates_the_goals_without_their_own(tmp_path: Path) -> None:
    text = PLAN_2024.replace(
        "period_start: 2024-01-01\n", "period_start: 2024-01-01\ndeadline: 2024-08-31\n"
    )
    plan = write_plan(tmp_path, text)
    out = run("validate", csv_file(tmp_path, MID_2024), "-t", plan, "-f", "json")
    # 182 days gone of 2024-01-01 … 2024-08-31: 182 + 31 + 31 = 244
    training = out.result("training")
    assert training["elapsed_share"] == float(Fraction(182, 244))
    assert training["expected"] == float(1000 * Fraction(182, 244))  # 745.90…
    assert training["status"] == "behind"  # 530 < 745.90
    assert {r["deadline"] for r in rules_json("-t", plan)} == {"2024-08-31"}


def test_lint_refuses_a_deadline_before_period_start(tmp_path: Path) -> None:
    text = PLAN_2024.replace("    accrues: true\n", "    accrues: true\n    deadline: 2023-12-31\n")
    text = text.replace(
        "period_start: 2024-01-01\n", "period_start: 2024-01-01\ndeadline: 2023-06-30\n"
    )
    plan = write_plan(tmp_path, text)
    out = run("lint", plan)
    assert out.exit_code == 2, out
    goal, top = line_of(text, "    deadline: 2023-12-31"), line_of(text, "deadline: 2023-06-30")
    assert (
        f"{plan}:{goal}:15: 规则 training:截止日期 2023-12-31 早于计划起始日 2024-01-01"
        in out.stderr
    )
    assert f"{plan}:{top}:11: 截止日期 2023-06-30 早于计划起始日 2024-01-01" in out.stderr
    assert "请改正 deadline" in out.stderr
    en = run("lint", plan, "--lang", "en")
    assert "the deadline 2023-12-31 comes before the plan's start 2024-01-01" in en.stderr


def test_a_plan_without_period_start_is_told_what_to_write(tmp_path: Path) -> None:
    text = PLAN_2024.replace("period_start: 2024-01-01\n", "")
    out = run("lint", write_plan(tmp_path, text))
    assert out.exit_code == 2
    assert ":1:1: 缺少 period_start:计划的起始日,如 2024-01-01" in out.stderr
    no_traceback(out)


def test_an_as_of_before_the_plan_is_refused_with_the_plans_dates(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    data = csv_file(tmp_path, MID_2024)
    out = run("validate", data, "-t", plan, "--as-of", "2023-06-30")
    assert out.exit_code == 2, out
    assert "--as-of 2023-06-30 早于计划期(2024-01-01 至 2024-12-31)" in out.stderr


def test_a_submission_of_last_year_is_refused_with_the_plans_dates(tmp_path: Path) -> None:
    """Every file dated 2023 against the 2024 plan: last year's forms or the wrong plan,
    never judged final in silence."""
    plan = write_plan(tmp_path)
    data = csv_file(tmp_path, MID_2024.replace("2024-06-30", "2023-06-30"))
    out = run("validate", data, "-t", plan, "-f", "json")
    assert out.exit_code == 2 and out.stdout == "", out
    assert (
        f"数据的填报日期(2023-06-30)都不在计划期(2024-01-01 至 2024-12-31,目标文件 {plan})内"
        in (out.stderr)
    )
    # with a file of the period beside it, the stale one is a problem of its file
    now = csv_file(tmp_path, "乡镇,填报日期,教师培训人数\n东城镇,2024-06-30,5", "now.csv")
    both = run("validate", now, data, "-t", plan, "-f", "json")
    [p] = [p for p in both.json()["problems"] if p["code"] == "report_date_outside_plan"]
    assert "2024-01-01" in p["accepted"] and "2024-12-31" in p["accepted"]
    assert both.json()["as_of"] == "2024-06-30" and both.exit_code == 1
    # an --as-of the user gives dates the check: the files' dates are their problems
    given = run("validate", data, "-t", plan, "--as-of", "2024-06-30", "-f", "json")
    assert given.exit_code == 1 and given.json()["as_of"] == "2024-06-30"


def test_no_2023_in_the_schema() -> None:
    out = run("schema")
    assert out.exit_code == 0 and "2023" not in out.stdout
