"""The plan owns its words (issue 23, point 2): the form, explain and every report name
the plan's unit column, city row and its owner, number items as the plan does, and a
targets file in Chinese alone is complete; no word of the shipped 2023 plan shows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import csv_file, run
from plan2024 import PLAN_2024, SEED_2024, rules_json, write_plan

# words of the shipped 2023 plan that another plan's outputs must never show
SHIPPED_WORDS = ("市直", "市教育局", "青山县", "白水县", "2023", "区县", "失学辍学")

DATA = """
    乡镇,填报日期,教师培训人数,在园幼儿数,适龄幼儿数,推进会已召开
    东城镇,2024-06-30,300,450,500,
    西城镇,2024-06-30,220,380,420,是
"""


def shipped_words(text: str) -> list[str]:
    return [w for w in SHIPPED_WORDS if w in text]


def test_chinese_alone_is_a_complete_targets_file(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    seed = tmp_path / "plan.txt"
    seed.write_text(SEED_2024, encoding="utf-8")
    assert run("lint", plan, "--seed", seed).exit_code == 0
    # English falls back to the Chinese titles and headers
    assert [r["title"] for r in rules_json("-t", plan, "--lang", "en")] == [
        "教师培训 1000 人次",
        "毛入园率 92%",
        "召开推进会",
    ]


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "html", "csv", "junit"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reports_name_the_plans_city_row_not_the_shipped_one(
    tmp_path: Path, fmt: str, lang: str
) -> None:
    # no roster, and no 县直 row: the bureau's own act cannot be judged, in the plan's words
    plan = write_plan(tmp_path, PLAN_2024.replace("units: [东城镇, 西城镇, 县直]\n", ""))
    out = run("validate", csv_file(tmp_path, DATA), "-t", plan, "-f", fmt, "--lang", lang)
    assert out.exit_code == 1, out
    assert shipped_words(out.stdout) == [], out
    if fmt == "json":
        [reason] = out.result("meeting")["reasons"]
        if lang == "zh":
            assert reason == "数据中没有县直一行(县直),这项县教育局本级的工作无从判定"
        else:
            assert "no 县直 row" in reason and "县教育局本级" in reason  # no English given


def test_the_ranking_lists_the_plans_city_row_apart(tmp_path: Path) -> None:
    data = csv_file(tmp_path, DATA + "    县直,2024-06-30,10,/,/,是\n")
    out = run("validate", data, "-t", write_plan(tmp_path), env={"COLUMNS": "200"})
    assert "县直单位列出但不参加排名" in out.stdout
    assert shipped_words(out.stdout) == [], out


def test_the_form_speaks_the_plans_words(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = write_plan(tmp_path)
    form = tmp_path / "form.xlsx"
    assert run("template", "-t", plan, "--format", "xlsx", "-o", form).exit_code == 0
    book = load_workbook(form)
    assert book["填报表"]["A1"].value == "乡镇"
    notes = {
        str(r[0]): str(r[1]) for r in book["填报说明"].iter_rows(values_only=True) if r and r[0]
    }
    text = json.dumps(notes, ensure_ascii=False)
    assert shipped_words(text) == [], text
    assert "如 2024-06-30" in notes["填报日期"]  # half a year into the plan's period
    assert "(如 东城镇、西城镇),县教育局本级填在“县直”一行" in notes["每个单位一行"]
    assert notes["县直一行"] == (
        "县教育局本级的工作由“县直”一行填“是/否”,其他单位填的“是”不能代替:推进会已召开。"
    )
    assert "不得填 /" not in notes["不适用"]  # no goal of this plan binds every unit
    comment = book["填报表"]["C1"].comment
    assert comment is not None and comment.text.startswith("二(三)")  # no English name


def test_the_csv_form_filled_in_is_read_back(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    form = tmp_path / "form.csv"
    assert run("template", "-t", plan, "-o", form).exit_code == 0
    rows = list(csv.reader(io.StringIO(form.read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["乡镇", "填报日期"]
    assert [r[0] for r in rows[2:]] == ["东城镇", "西城镇", "县直"]
    rows[2][1:] = ["2024-06-30", "300", "450", "500", ""]
    rows[3][1:] = ["2024-06-30", "220", "380", "420", ""]
    rows[4][1:] = ["2024-06-30", "10", "/", "/", "是"]
    with form.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    out = run("validate", form, "-t", plan, "-f", "json")
    assert out.json()["problems"] == []
    assert out.result("training")["actual"] == 300 + 220 + 10
    assert out.result("meeting")["status"] == "pass"  # 县直 answered 是


def test_explain_uses_the_plans_units_and_numbering(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    out = run("explain", "preschool", "-t", plan)
    assert out.exit_code == 0, out
    assert "二(四),属于(二)教师队伍" in out.stdout
    assert "东城镇 " in out.stdout and "西城镇 " in out.stdout
    assert shipped_words(out.stdout) == [], out.stdout
    meeting = run("explain", "meeting", "-t", plan).stdout
    assert "县教育局本级的工作:县直一行在 推进会已召开" in meeting
    assert shipped_words(meeting) == [], meeting
    # without a roster the examples are neutral
    bare = write_plan(tmp_path, PLAN_2024.replace("units: [东城镇, 西城镇, 县直]\n", ""))
    assert "甲单位" in run("explain", "training", "-t", bare).stdout


def test_items_are_numbered_as_the_plan_writes_them(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    rules = rules_json("-t", plan)
    assert [r["item"] for r in rules] == ["二(三)", "二(四)", "二(三)"]
    coverage = run("rules", "-t", plan, "--coverage").stdout
    # in the plan's order of items, each under its own numbering (never 第 1 条)
    assert coverage.index("二(三)\n") < coverage.index("二(四)\n")
    assert "第 " not in coverage
    out = run("validate", csv_file(tmp_path, DATA), "-t", plan, "-f", "json")
    assert out.result("preschool")["item"] == "二(四)"


def test_an_item_that_is_no_numbering_is_refused(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, PLAN_2024.replace('    item: "二(四)"', "    item: yes"))
    out = run("lint", plan)
    assert out.exit_code == 2
    assert "rules.item 须为数字,收到 yes(YAML 1.1 把它读作是/否)" in out.stderr


def test_a_unit_column_the_reader_would_not_find_is_refused(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, PLAN_2024.replace("unit_header: 乡镇", "unit_header: 镇名"))
    out = run("lint", plan)
    assert out.exit_code == 2
    assert ":3:14: unit_header 镇名 不是读取数据时认得的单位列表头;可用:" in out.stderr


def test_the_shipped_plan_keeps_its_own_words() -> None:
    out = run("template")
    assert out.stdout.lstrip("\ufeff").startswith("区县,填报日期,")


def test_the_counties_scope_says_what_the_plan_calls_its_units(tmp_path: Path) -> None:
    text = PLAN_2024.replace("    accrues: true\n", "    accrues: true\n    scope: counties\n")
    plan = write_plan(
        tmp_path, text.replace("unit_header: 乡镇\n", "unit_header: 乡镇\nunit_word: {zh: 乡镇}\n")
    )
    assert rules_json("-t", plan)[0]["scope"] == "counties"
    assert "各乡镇" in run("rules", "-t", plan, env={"COLUMNS": "200"}).stdout
    explained = run("explain", "training", "-t", plan).stdout
    assert "范围:各乡镇汇总,不含县直" in explained and "县(市、区)" not in explained
