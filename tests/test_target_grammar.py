"""The target grammar (issue 23): targets as a bureau types them (≥ 92％, 2.78亿元), ranges,
changes against last year, soft targets, per-unit targets and groups, a goal's own start.
Every expected figure is worked out by hand in a comment."""

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
  - {id: passed, header: 达标人数, name_en: Passed, type: int, unit: 人, item: 1}
  - {id: students, header: 学生数, name_en: Students, type: int, unit: 人, item: 1}
  - {id: seats, header: 新增学位数, name_en: New seats, type: int, unit: 个, item: 1}
  - {id: invest, header: 投入资金, name_en: Investment, type: float, unit: 万元, item: 1}
"""


def rule(body: str, rid: str = "g") -> str:
    return f"""\
  - id: {rid}
    item: 1
    quote: 测试目标
    title: {{zh: 测试目标, en: Test goal}}
""" + "".join(f"    {line}\n" for line in body.strip().splitlines())


def plan(tmp_path: Path, *rules: str, top: str = "") -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(HEAD + top + "rules:\n" + "".join(rules), encoding="utf-8")
    return path


def check(tmp_path: Path, targets: Path, data: str, *args: str) -> dict[str, Any]:
    r = run("validate", csv_file(tmp_path, data), "-t", targets, "-f", "json", *args)
    assert r.exit_code in (0, 1), r
    doc: dict[str, Any] = r.json()["results"][0]
    return doc


def table(targets: Path, data: Path, *args: str) -> str:
    r = run("validate", data, "-t", targets, *args)
    assert r.exit_code in (0, 1), r
    return r.stdout


RATE = "kind: ratio\nnumerator: passed\ndenominator: students\n"


def test_a_target_typed_with_a_full_width_percent_and_a_symbol(tmp_path: Path) -> None:
    # target: ≥ 92％ is op >= and 0.92; 46/50 = 92% meets it, 45/50 = 90% does not
    targets = plan(tmp_path, rule(RATE + "target: ≥ 92％"))
    assert check(tmp_path, targets, "区县,达标人数,学生数\n甲县,46,50")["status"] == "pass"
    doc = check(tmp_path, targets, "区县,达标人数,学生数\n甲县,45,50")
    assert (doc["status"], doc["target"]) == ("fail", 0.92)


def test_op_typed_as_a_symbol(tmp_path: Path) -> None:
    # op: ≤ is <=: 5 ≤ 4 is missed
    targets = plan(tmp_path, rule("kind: sum\nmetric: seats\nop: ≤\ntarget: 4"))
    assert check(tmp_path, targets, "区县,新增学位数\n甲县,5")["status"] == "fail"


def test_a_range_is_met_within_it(tmp_path: Path) -> None:
    # 新增 2-4 个: 1 + 2 = 3 is within, 3 + 2 = 5 is above, 1 + 0 = 1 below
    targets = plan(tmp_path, rule("kind: sum\nmetric: seats\ntarget: 2-4"))
    data = "区县,新增学位数\n甲县,{a}\n乙县,{b}"
    assert check(tmp_path, targets, data.format(a=1, b=2))["status"] == "pass"
    assert check(tmp_path, targets, data.format(a=3, b=2))["status"] == "fail"
    assert check(tmp_path, targets, data.format(a=1, b=0))["status"] == "fail"
    assert "2–4个" in table(targets, csv_file(tmp_path, data.format(a=1, b=2)))


def test_a_money_target_in_yi_against_a_wan_column(tmp_path: Path) -> None:
    # 投入 2.78亿元 = 278,000,000 元 = 27,800 万元: 15000 + 12800 = 27800 meets it,
    # 15000 + 12799.5 = 27799.5 does not
    targets = plan(tmp_path, rule("kind: sum\nmetric: invest\ntarget: 2.78亿元"))
    doc = check(tmp_path, targets, "区县,投入资金\n甲县,15000\n乙县,12800")
    assert (doc["status"], doc["target"]) == ("pass", 27800)
    doc = check(tmp_path, targets, "区县,投入资金\n甲县,15000\n乙县,12799.5")
    assert doc["status"] == "fail"


def test_a_soft_target_missed_is_yellow_and_says_so(tmp_path: Path) -> None:
    # 力争 85% 左右: 40/50 = 80% misses it, shown as 预期性 and yellow, not red
    targets = plan(tmp_path, rule(RATE + "target: 85%\nsoft: true"))
    doc = check(tmp_path, targets, "区县,达标人数,学生数\n甲县,40,50")
    assert (doc["status"], doc["alert"]) == ("fail", "yellow")
    assert "预期性" in table(targets, csv_file(tmp_path, "区县,达标人数,学生数\n甲县,40,50"))


MYOPIA = RATE + 'op: "<="\ntarget: baseline\nchange: -0.5个百分点'


def test_a_change_in_points_against_last_year(tmp_path: Path) -> None:
    # 近视率较上年下降不低于 0.5 个百分点: last year 500/1000 = 50%, so at most 49.5%;
    # 494/1000 = 49.4% meets it, 496/1000 = 49.6% (down 0.4 points) does not
    targets = plan(tmp_path, rule(MYOPIA))
    base = csv_file(tmp_path, "区县,达标人数,学生数\n甲县,500,1000", "last.csv")
    doc = check(tmp_path, targets, "区县,达标人数,学生数\n甲县,494,1000", "--baseline", str(base))
    assert (doc["status"], doc["target"]) == ("pass", 0.495)
    doc = check(tmp_path, targets, "区县,达标人数,学生数\n甲县,496,1000", "--baseline", str(base))
    assert doc["status"] == "fail"


def test_a_raise_in_points_and_in_percent(tmp_path: Path) -> None:
    # 提高 2 个百分点: 80% last year → at least 82%; 41/50 = 82% meets it
    targets = plan(tmp_path, rule(RATE + "target: baseline\nchange: +2个百分点"))
    base = csv_file(tmp_path, "区县,达标人数,学生数\n甲县,40,50", "last.csv")
    doc = check(tmp_path, targets, "区县,达标人数,学生数\n甲县,41,50", "--baseline", str(base))
    assert (doc["status"], doc["target"]) == ("pass", 0.82)
    # +10% of last year's 200 seats: at least 220; 219 misses it
    targets = plan(tmp_path, rule("kind: sum\nmetric: seats\ntarget: baseline\nchange: +10%"))
    base = csv_file(tmp_path, "区县,新增学位数\n甲县,200", "last.csv")
    doc = check(tmp_path, targets, "区县,新增学位数\n甲县,219", "--baseline", str(base))
    assert (doc["status"], doc["target"]) == ("fail", 220)


GROUPS = "groups:\n  三区: [镜湖区, 鸠江区, 弋江区]\n"


def test_per_unit_targets_by_group_without_a_city_total(tmp_path: Path) -> None:
    # the three districts each ≥ 8, the others ≥ 5: 镜湖区 8 ok, 鸠江区 7 < 8 fails,
    # 弋江区 9 ok, 无为市 5 ≥ 5 ok; 鸠江区 alone is named, and no target of 8·3 + 5 is made
    body = "kind: sum\nscope: each_unit\nmetric: seats\ntarget: 5\nunit_targets: {三区: 8}"
    targets = plan(tmp_path, rule(body), top=GROUPS)
    data = "区县,新增学位数\n镜湖区,8\n鸠江区,7\n弋江区,9\n无为市,5"
    doc = check(tmp_path, targets, data)
    assert doc["status"] == "fail"
    by_unit = {u["unit"]: u for u in doc["units"]}
    assert by_unit["鸠江区"]["status"] == "fail" and by_unit["鸠江区"]["quota"] == 8
    assert by_unit["无为市"]["status"] == "pass" and "quota" not in by_unit["无为市"]
    assert doc["target"] == 5 and doc.get("completion") is None
    assert [r for r in doc["reasons"] if "鸠江区" in r] and "无为市" not in " ".join(doc["reasons"])


def test_a_group_threshold_on_a_rate(tmp_path: Path) -> None:
    # 市区 98%, 县 92%: 镜湖区 49/50 = 98% ok, 无为市 46/50 = 92% ok; 鸠江区 48/50 = 96% < 98%
    body = RATE + "scope: each_unit\ntarget: 92%\nunit_targets: {三区: 98%}"
    targets = plan(tmp_path, rule(body), top=GROUPS)
    data = "区县,达标人数,学生数\n镜湖区,49,50\n鸠江区,48,50\n无为市,46,50"
    doc = check(tmp_path, targets, data)
    statuses = {u["unit"]: u["status"] for u in doc["units"]}
    assert statuses == {"镜湖区": "pass", "鸠江区": "fail", "无为市": "pass"}


def test_a_goal_with_its_own_start_is_paced_from_it(tmp_path: Path) -> None:
    # 2021-2025 增加学位 1000 个, as of 2024-06-30: 2021-01-01..2024-06-30 is
    # 365 + 365 + 365 + 182 = 1277 of 1826 days, so 1000 × 1277/1826 = 699.34 are due:
    # 700 is on pace, 699 behind (from the plan's 2024-01-01 it would be 182/731 → 248.97)
    body = "kind: sum\nmetric: seats\ntarget: 1000\naccrues: true\nstart: 2021-01-01"
    targets = plan(tmp_path, rule(body + "\ndeadline: 2025-12-31"))
    doc = check(tmp_path, targets, "区县,新增学位数\n甲县,700", "--as-of", "2024-06-30")
    assert doc["status"] == "on_pace"
    assert abs(doc["expected"] - 1000 * 1277 / 1826) < 1e-9
    doc = check(tmp_path, targets, "区县,新增学位数\n甲县,699", "--as-of", "2024-06-30")
    assert doc["status"] == "behind"


def test_explain_says_what_the_grammar_means(tmp_path: Path) -> None:
    body = "kind: sum\nscope: each_unit\nmetric: seats\ntarget: 5\nunit_targets: {三区: 8}"
    targets = plan(
        tmp_path,
        rule(body + "\nsoft: true\nstart: 2021-01-01"),
        rule("kind: sum\nmetric: seats\ntarget: 2-4", "r"),
        top=GROUPS,
    )
    said = run("explain", "g", "-t", targets).stdout
    assert "镜湖区 8个" in said and "其余单位 5个" in said
    assert "2021-01-01" in said and "预期性" in said
    assert "在 2个 至 4个 之间" in run("explain", "r", "-t", targets).stdout
