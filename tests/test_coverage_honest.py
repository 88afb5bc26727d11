"""Coverage that is honest (issue 22): the commitments a bureau checks with a column are
goals, every other one has its reason (a code or words), and `lint --seed` fails when a
clause of the plan that carries a commitment is in neither list. By hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, csv_file, run
from plan_check.coverage import commitments, unquoted

SEED = ROOT / "docs" / "plan-2023-items-16-28.txt"
SHIPPED = (ROOT / "targets.yaml").read_text(encoding="utf-8")


def edited(old: str, new: str) -> str:
    assert SHIPPED.count(old) == 1, old
    return SHIPPED.replace(old, new)


def _coverage(*args: str) -> dict[str, dict[str, object]]:
    out = run("rules", "--coverage", "-f", "json", *args)
    assert out.exit_code == 0, out
    return {e["quote"]: e for e in json.loads(out.stdout)}


# --- the commitments the issue names ------------------------------------------------------


def test_the_commitments_the_issue_names_are_goals_now() -> None:
    by_quote = _coverage()
    assert by_quote["严格落实教职员工准入查询制度"]["rule"] == "staff-screening"
    assert by_quote["加大暗访暗查工作力度和频次"]["rule"] == "covert-inspections"
    assert by_quote["修订完善处置机制"]["rule"] == "opinion-mechanism"
    assert by_quote["防止数据泄露"]["rule"] == "data-leaks-zero"
    assert by_quote["抓好教师工资待遇"]["rule"] == "teacher-pay"
    micro = '持续开展"微课""网络学习空间应用"、实验教师技能创新大赛、师生信息素养提升实践等活动'
    assert by_quote[micro]["rule"] == "micro-lessons"
    # 职业学校达标工程 is what the standard rate measures: pointed there, not "qualitative"
    assert by_quote["大力实施职业学校达标工程"]["rule"] == "vocational-conditions"
    assert by_quote["大力实施职业学校达标工程"]["item"] == 19


def test_the_commitments_in_neither_list_have_a_goal_or_an_honest_reason() -> None:
    by_quote = _coverage()
    # the plan states no share or date for these: no target is invented, and the entry says so
    for quote in ("督促消除安全隐患", "及时拨付使用"):
        assert by_quote[quote]["rule"] is None
        assert "计划没有给出" in str(by_quote[quote]["reason"]), quote
    # the spending pace is the execution rate: a goal answers for it
    assert by_quote["推动加快资金支出执行进度"]["rule"] == "fund-execution"
    assert by_quote["采取培训等方式"]["rule"] == "opinion-training"
    for quote in (
        "盘活编制、教师资源",
        "指导各县(市、区)结合自身实际,把握改革节奏,稳步推进",
        "认真做好防返贫动态监测帮扶",
        "加强随班就读适龄残疾儿童少年关心关爱",
        "加强对网站、平台、信息系统、公务邮箱和教育App管理",
        "加强对中小学生网络和智能手机使用日常监管",
    ):
        assert by_quote[quote]["rule"] is None and by_quote[quote]["reason"], quote
    after_school = next(q for q in by_quote if "提高课后服务质量" in q and "治理教师有偿补课" in q)
    assert "不替计划定目标" in str(by_quote[after_school]["reason"])


def test_goals_that_read_the_plan_otherwise_say_so_in_their_title() -> None:
    rows = {r["id"]: r for r in json.loads(run("rules", "-f", "json").stdout)}
    assert "计划写“抓好教师工资待遇”" in rows["teacher-pay"]["title"]
    assert "以次数计" in rows["covert-inspections"]["title"]
    assert "以已开展培训为准" in rows["opinion-training"]["title"]


# --- the new goals, judged by hand --------------------------------------------------------


def test_staff_screening_is_100_percent_in_every_unit(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        "区县,新入职教职员工数,已准入查询的新入职人数\n青山县,10,10\n白水县,10,9\n松林县,0,0\n",
    )
    out = run("validate", data, "-f", "json")
    goal = out.result("staff-screening")
    # 19 of 20 screened; 白水县 9/10 misses, 松林县 hired nobody (0/0: not applicable)
    assert goal["status"] == "fail" and goal["actual"] == 19 / 20
    units = {u["unit"]: u["status"] for u in goal["units"]}
    assert units == {"青山县": "pass", "白水县": "fail", "松林县": "n/a"}


def test_data_leaks_are_zero_in_every_unit_and_a_slash_is_no_answer(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,数据泄露事件数\n青山县,0\n白水县,无\n松林县,/\n")
    goal = run("validate", data, "-f", "json").result("data-leaks-zero")
    # 无 in a count column is 0; "/" cannot excuse a unit from a goal that binds every unit
    units = {u["unit"]: u["status"] for u in goal["units"]}
    assert units == {"青山县": "pass", "白水县": "pass", "松林县": "missing"}
    assert goal["status"] == "incomplete"
    leak = csv_file(tmp_path, "区县,数据泄露事件数\n青山县,0\n白水县,1\n", "leak.csv")
    goal = run("validate", leak, "-f", "json").result("data-leaks-zero")
    assert goal["status"] == "fail" and goal["actual"] == 1


def test_teacher_pay_is_a_pair_of_columns_per_unit(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        "区县,义务教育教师年平均工资收入,当地公务员年平均工资收入\n"
        "青山县,98000,98000\n白水县,90000,95000\n松林县,120000,100000\n",
    )
    goal = run("validate", data, "-f", "json").result("teacher-pay")
    # equal is "不低于" (met); 白水县 90,000 < 95,000 misses, though the city's ratio of
    # sums (98,000 + 90,000 + 120,000) / (98,000 + 95,000 + 100,000) = 308/293 is above 1
    assert goal["actual"] == 308_000 / 293_000
    units = {u["unit"]: u["status"] for u in goal["units"]}
    assert units == {"青山县": "pass", "白水县": "fail", "松林县": "pass"}
    assert goal["status"] == "fail"


def test_covert_inspections_are_counted_against_last_year(tmp_path: Path) -> None:
    now = csv_file(tmp_path, "区县,暗访暗查次数\n青山县,12\n白水县,9\n")
    same = csv_file(tmp_path, "区县,暗访暗查次数\n青山县,10\n白水县,11\n", "2022.csv")
    fewer = csv_file(tmp_path, "区县,暗访暗查次数\n青山县,15\n白水县,8\n", "2022b.csv")
    # 12 + 9 = 21 against 10 + 11 = 21: equal is not 加大; against 15 + 8 = 23: fewer
    assert run("validate", now, "--baseline", same, "-f", "json").result("covert-inspections")[
        "status"
    ] == ("fail")
    up = csv_file(tmp_path, "区县,暗访暗查次数\n青山县,13\n白水县,9\n", "now2.csv")
    goal = run("validate", up, "--baseline", same, "-f", "json").result("covert-inspections")
    assert (goal["status"], goal["actual"]) == ("pass", 22)  # 13 + 9 = 22 > 21
    assert run("validate", now, "--baseline", fewer, "-f", "json").result("covert-inspections")[
        "status"
    ] == ("fail")


def test_the_new_acts_are_the_bureaus_own_answered_on_the_city_row(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        "区县,网络舆情处置机制已修订完善,网络舆情处置培训已开展,微课等信息化应用活动已开展\n"
        "青山县,是,是,是\n市直,否,是,是\n",
    )
    out = run("validate", data, "-f", "json")
    # a county's 是 cannot stand in for the bureau's own act
    assert out.result("opinion-mechanism")["status"] == "fail"
    assert out.result("opinion-training")["status"] == "pass"
    assert out.result("micro-lessons")["status"] == "pass"


# --- not_checked takes any reason --------------------------------------------------------


def test_a_reason_in_words_is_shown_and_english_falls_back_to_chinese(tmp_path: Path) -> None:
    text = edited(
        '{item: 16, why: qualitative, quote: "严格落实师德师风第一标准"}',
        '{item: 16, why: 师德师风由纪检部门考核, quote: "严格落实师德师风第一标准"}',
    )
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    assert run("lint", path, "--seed", SEED).exit_code == 0
    zh = _coverage("-t", str(path))["严格落实师德师风第一标准"]
    assert zh["reason"] == "未核查:师德师风由纪检部门考核"
    en = _coverage("-t", str(path), "--lang", "en")["严格落实师德师风第一标准"]
    assert en["reason"] == "not checked: 师德师风由纪检部门考核"  # no English given: Chinese
    # the codes still map to their sentences, and a reason with English uses it
    shipped = _coverage("--lang", "en")
    assert (
        shipped['持续推进"县管校聘"']["reason"]
        == "not checked: no figure or date for the plan's year"
    )
    assert str(shipped["督促消除安全隐患"]["reason"]).startswith("not checked: a rectification")
    table = run("rules", "--coverage", "-t", path).stdout
    assert "– 严格落实师德师风第一标准 → 未核查:师德师风由纪检部门考核" in table


@pytest.mark.parametrize("why", ["low-value", "qualitativ", "{en: only English}"])
def test_a_mistyped_code_or_a_reason_without_chinese_is_refused_at_its_line(
    tmp_path: Path, why: str
) -> None:
    text = edited(
        '{item: 16, why: qualitative, quote: "严格落实师德师风第一标准"}',
        f'{{item: 16, why: {why}, quote: "严格落实师德师风第一标准"}}',
    )
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    out = run("lint", path)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "师德师风第一标准" in s)
    assert out.exit_code == 2, out
    assert f"{path}:{line}:" in out.stderr
    assert "或直接用文字写明原因" in out.stderr  # in the user's language, not pydantic's


def test_the_schema_takes_a_code_or_a_reason_in_words() -> None:
    schema = json.loads((ROOT / "targets.schema.json").read_text(encoding="utf-8"))
    why = schema["$defs"]["NotChecked"]["properties"]["why"]["anyOf"]
    assert {"$ref": "#/$defs/Reason"} in why and {"type": "string"} in why
    assert schema["$defs"]["Reason"]["required"] == ["zh"]


# --- lint --seed: coverage cannot go stale ----------------------------------------------


def test_lint_fails_when_a_commitment_is_in_neither_list(tmp_path: Path) -> None:
    gone = '  - {item: 25, quote: "督促消除安全隐患", why:'
    lines = [line for line in SHIPPED.splitlines(keepends=True) if not line.startswith(gone)]
    assert len(lines) == len(SHIPPED.splitlines()) - 1
    path = tmp_path / "targets.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    out = run("lint", path, "--seed", SEED)
    assert out.exit_code == 1, out
    assert "第 25 条“督促消除安全隐患”是一项承诺,既没有目标引用,也不在 not_checked 中" in out.stderr
    assert "1 处承诺不在覆盖清单中" in out.stderr
    en = run("lint", path, "--seed", SEED, "--lang", "en")
    assert 'Item 25: "督促消除安全隐患" is a commitment' in en.stderr
    assert run("lint", path).exit_code == 0  # without the plan's text there is nothing to cover


def test_a_covered_clause_needs_its_goal_to_name_it(tmp_path: Path) -> None:
    text = edited("      - {item: 19, quote: 大力实施职业学校达标工程}\n", "")
    text = text.replace("    covers:  # 达标工程 is what the rate measures\n", "", 1)
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    out = run("lint", path, "--seed", SEED)
    assert out.exit_code == 1 and "第 19 条“大力实施职业学校达标工程”" in out.stderr, out


def test_a_covers_quote_that_is_not_the_plans_words_is_refused(tmp_path: Path) -> None:
    text = edited(
        "{item: 19, quote: 大力实施职业学校达标工程}", "{item: 19, quote: 大力实施学校达标工程}"
    )
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    out = run("lint", path, "--seed", SEED)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "大力实施学校达标工程" in s)
    assert out.exit_code == 2 and f"{path}:{line}:" in out.stderr, out


PLAN = """\
某县教育局2024年工作要点
(一)强化教师队伍
1.建强教师队伍。新增骨干教师50名以上,围绕乡村学校需求,优化教师配置,形成合力。
培训覆盖率不低于95%。
2.办好人民满意的教育。为群众提供优质教育,促进均衡发展;2024年,完成学校改造3所。
(二)安全
3.平安校园。坚持每月排查,确保零事故。
"""


def test_which_clauses_carry_a_commitment_in_a_made_up_plan() -> None:
    found = [(c.item, c.text) for c in commitments(PLAN)]
    # headings (建强教师队伍, 办好人民满意的教育, 平安校园) are spelled out by what follows;
    # a frame (围绕…), a result (形成合力), a purpose (为…提供…, 促进…) and a date carry none;
    # a line without its own number continues its item
    assert found == [
        (1, "新增骨干教师50名以上"),
        (1, "优化教师配置"),
        (1, "培训覆盖率不低于95%"),
        (2, "完成学校改造3所"),
        (3, "坚持每月排查"),
        (3, "确保零事故"),
    ]
    quotes = [(1, "新增骨干教师50名以上"), (1, "优化教师配置,形成合力"), (3, "确保零事故")]
    # a quote within a clause, or a clause within a quote, covers it; only the same item's
    left = [(c.item, c.text) for c in unquoted(PLAN, [*quotes, (2, "坚持每月排查")])]
    assert left == [(1, "培训覆盖率不低于95%"), (2, "完成学校改造3所"), (3, "坚持每月排查")]


def test_every_commitment_of_the_shipped_plan_is_in_a_list() -> None:
    assert len(commitments(SEED.read_text(encoding="utf-8"))) == 115
    out = run("lint", ROOT / "targets.yaml", "--seed", SEED)
    assert out.exit_code == 0 and out.stderr == "", out
