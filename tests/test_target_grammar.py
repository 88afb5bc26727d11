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
    doc = check(tmp_path, targets, data.format(a=1, b=2))
    assert (doc["status"], doc["target"], doc["upto"]) == ("pass", 2, 4)
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
    assert (doc["status"], doc["alert"], doc["soft"]) == ("fail", "yellow", True)
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
    assert "≥ 5个(另 3 个单位各有目标)" in run("rules", "-t", targets).stdout
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


PER_HEAD = """\
  - {id: public_funds, header: 公用经费, name_en: Public funds, type: float, unit: 万元, item: 1}
"""


def test_a_figure_per_head_in_a_declared_unit(tmp_path: Path) -> None:
    # 生均公用经费不低于 720 元: (90 + 54) 万元 / (1000 + 1000) 人 = 1,440,000 元 / 2,000 人
    # = 720 元/人, met; with 乙县 53.9 万元: 1,439,000 / 2,000 = 719.5 元/人, missed
    body = "kind: per_capita\nnumerator: public_funds\ndenominator: students\nunit: 元/人"
    path = plan(tmp_path, rule(body + "\ntarget: 720元"))
    path.write_text(path.read_text("utf-8").replace("rules:\n", PER_HEAD + "rules:\n"), "utf-8")
    data = "区县,公用经费,学生数\n甲县,90,1000\n乙县,{b},1000"
    doc = check(tmp_path, path, data.format(b=54))
    assert (doc["status"], doc["actual"], doc["target"]) == ("pass", 720, 720)
    assert check(tmp_path, path, data.format(b="53.9"))["status"] == "fail"
    assert "720元/人" in table(path, csv_file(tmp_path, data.format(b=54)))


def test_a_unit_per_head_that_does_not_fit_its_column_is_refused(tmp_path: Path) -> None:
    # 公用经费 is counted in 万元: 人/人 cannot be its unit per head
    body = "kind: per_capita\nnumerator: public_funds\ndenominator: students\nunit: 人/人"
    path = plan(tmp_path, rule(body + "\ntarget: 720"))
    path.write_text(path.read_text("utf-8").replace("rules:\n", PER_HEAD + "rules:\n"), "utf-8")
    r = run("lint", path)
    assert r.exit_code == 2 and "人/人" in r.stderr and "万元" in r.stderr, r


TEACHERS = """\
  - {id: pre_bach, header: 学前本科学历教师数, name_en: Pre grads, type: int, unit: 人, item: 1}
  - {id: comp_bach, header: 义教本科学历教师数, name_en: Comp. grads, type: int, unit: 人, item: 1}
  - {id: pre_t, header: 学前专任教师数, name_en: Pre-school teachers, type: int, unit: 人, item: 1}
  - {id: comp_t, header: 义教专任教师数, name_en: Compulsory teachers, type: int, unit: 人, item: 1}
"""


def test_a_figure_that_adds_columns(tmp_path: Path) -> None:
    # 学前、义务教育阶段专任教师本科及以上学历达 70%: 甲县 (30 + 120) / (50 + 150), 乙县 has
    # no kindergarten ("/"): 40 / 100. (30 + 120 + 40) / (50 + 150 + 100) = 190/300 = 63.33%
    body = "kind: ratio\nnumerator: [pre_bach, comp_bach]\ndenominator: pre_t + comp_t"
    path = plan(tmp_path, rule(body + "\ntarget: 70%"))
    path.write_text(path.read_text("utf-8").replace("rules:\n", TEACHERS + "rules:\n"), "utf-8")
    data = """\
    区县,学前本科学历教师数,义教本科学历教师数,学前专任教师数,义教专任教师数
    甲县,30,120,50,150
    乙县,/,40,/,100
    """
    doc = check(tmp_path, path, data)
    assert (doc["status"], doc["numerator"], doc["denominator"]) == ("fail", 190, 300)
    by_unit = {u["unit"]: u for u in doc["units"]}
    assert (by_unit["甲县"]["numerator"], by_unit["甲县"]["denominator"]) == (150, 200)
    # a blank in one of the columns leaves the unit without a figure
    doc = check(tmp_path, path, data.replace("乙县,/,40", "乙县,/,"))
    assert doc["status"] == "incomplete"
    said = run("explain", "g", "-t", path).stdout
    assert "学前本科学历教师数+义教本科学历教师数" in said


def test_an_added_column_that_is_not_declared_is_located(tmp_path: Path) -> None:
    body = "kind: ratio\nnumerator: [pre_bach, comp_bachh]\ndenominator: pre_t + comp_t"
    path = plan(tmp_path, rule(body + "\ntarget: 70%"))
    path.write_text(path.read_text("utf-8").replace("rules:\n", TEACHERS + "rules:\n"), "utf-8")
    r = run("lint", path)
    assert r.exit_code == 2 and "comp_bachh" in r.stderr, r


def test_a_count_of_rows_meeting_a_standard(tmp_path: Path) -> None:
    # the schools meeting the standard, one row per school: 甲县 是, 是, 否 → 2;
    # 乙县 是, / → 1; 2 + 1 = 3 ≥ 3 met; with 甲县's second school blank the count is
    # not known (数据不全)
    metric = (
        "  - {id: meets, header: 办学条件达标, name_en: Meets the standard, type: bool, item: 1}\n"
    )
    body = "kind: count_rows\nmetric: meets\nunit: 所\ntarget: 3"
    path = plan(tmp_path, rule(body))
    path.write_text(path.read_text("utf-8").replace("rules:\n", metric + "rules:\n"), "utf-8")
    data = "区县,学校,办学条件达标\n甲县,一中,是\n甲县,二中,{b}\n甲县,三中,否\n"
    data += "乙县,一小,是\n乙县,二小,/"
    doc = check(tmp_path, path, data.format(b="是"))
    assert (doc["status"], doc["actual"]) == ("pass", 3)
    assert {u["unit"]: u["actual"] for u in doc["units"]} == {"甲县": 2, "乙县": 1}
    assert "3所" in table(path, csv_file(tmp_path, data.format(b="是")))
    doc = check(tmp_path, path, data.format(b=""))
    assert doc["status"] == "incomplete"


def test_grammar_slips_are_located(tmp_path: Path) -> None:
    # per-unit targets on a city goal, a group nobody declared (with a roster), a change
    # without last year, a goal starting after its deadline: each at its line
    body = "kind: sum\nmetric: seats\ntarget: 5\nunit_targets: {四区: 8}"
    late = "kind: sum\nmetric: seats\ntarget: 5\nstart: 2025-01-01\ndeadline: 2024-12-31"
    targets = plan(
        tmp_path,
        rule(body),
        rule("kind: sum\nmetric: seats\ntarget: 5\nchange: +5%", "c"),
        rule(late, "d"),
        rule('kind: sum\nmetric: seats\ntarget: ≥ 5\nop: "<="', "e"),
        rule("kind: count_rows\nmetric: seats\ntarget: 5", "f"),
        top="units: [镜湖区, 无为市]\n",
    )
    r = run("lint", targets)
    assert r.exit_code == 2, r
    said_all = (
        "scope: each_unit",
        "四区",
        "target: baseline",
        "2025-01-01",
        "op 是 <=",
        "哪些行计数",
    )
    for said in said_all:
        assert said in r.stderr, (said, r)


def test_each_unit_against_its_own_last_year_with_a_change(tmp_path: Path) -> None:
    # 各县提高 2 个百分点: 甲县 40/50 = 80% → 41/50 = 82% (+2 points, met); 乙县 160/200 =
    # 80% → 163/200 = 81.5% (+1.5 points, short of 82%)
    body = RATE + "target: baseline\nchange: +2个百分点\neach_unit_trend: true"
    targets = plan(tmp_path, rule(body))
    base = csv_file(tmp_path, "区县,达标人数,学生数\n甲县,40,50\n乙县,160,200", "last.csv")
    data = "区县,达标人数,学生数\n甲县,41,50\n乙县,163,200"
    doc = check(tmp_path, targets, data, "--baseline", str(base))
    assert {u["unit"]: u["status"] for u in doc["units"]} == {"甲县": "pass", "乙县": "fail"}
    assert doc["status"] == "fail"


def test_a_count_of_rows_whose_figure_meets_a_condition(tmp_path: Path) -> None:
    # schools whose 生均面积 ≥ 4.5 (an amount column, read in millionths): 甲县 4.5, 4.49,
    # 6 → 2; 乙县 5, / → 1; 2 + 1 = 3 ≥ 3 met. 4.49 is not counted, 4.5 is (exactly)
    metric = "  - {id: area, header: 生均面积, name_en: Area, type: float, unit: 平方米, item: 1}\n"
    body = "kind: count_rows\nmetric: area\nwhere: {op: ≥, value: 4.5}\nunit: 所\ntarget: 3"
    path = plan(tmp_path, rule(body))
    path.write_text(path.read_text("utf-8").replace("rules:\n", metric + "rules:\n"), "utf-8")
    data = "区县,学校,生均面积\n甲县,一中,4.5\n甲县,二中,{b}\n甲县,三中,6\n"
    data += "乙县,一小,5\n乙县,二小,/"
    doc = check(tmp_path, path, data.format(b="4.49"))
    assert (doc["status"], doc["actual"]) == ("pass", 3)
    assert {u["unit"]: u["actual"] for u in doc["units"]} == {"甲县": 2, "乙县": 1}
    # 二中 blank: 甲县's count is not known
    doc = check(tmp_path, path, data.format(b=""))
    assert doc["status"] == "incomplete"
    # a strict bound on a count column: classes with more than 45 pupils (46 and 50 of 45, 46, 50)
    metric = "  - {id: pupils, header: 班额, name_en: Class size, type: int, unit: 人, item: 1}\n"
    body = 'kind: count_rows\nmetric: pupils\nwhere: {op: ">", value: 45}\ntarget: 0\nop: "=="'
    path = plan(tmp_path, rule(body))
    path.write_text(path.read_text("utf-8").replace("rules:\n", metric + "rules:\n"), "utf-8")
    data = "区县,学校,班额\n甲县,一班,45\n甲县,二班,46\n甲县,三班,50"
    doc = check(tmp_path, path, data)
    assert (doc["status"], doc["actual"]) == ("fail", 2)
