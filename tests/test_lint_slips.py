"""Lint catches modelling slips (issue 23, point 5), each at its line and column with the
fix, in Chinese (English with --lang en), never in a library's own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run
from plan2024 import PLAN_2024, SEED_2024, write_plan

# pydantic's and libyaml's own English, which no message may show
LIBRARY_WORDS = re.compile(
    r"Input should|String should|Value error|validation error|mapping values|"
    r"while scanning|expected chomping|could not find expected|did not find expected"
)


def lint(tmp_path: Path, edit: tuple[str, str], *extra: str | Path) -> tuple[str, str]:
    """lint's stderr in Chinese and in English for the 2024 plan with one edit."""
    text = PLAN_2024.replace(*edit)
    assert text != PLAN_2024, edit
    plan = write_plan(tmp_path, text)
    zh, en = run("lint", plan, *extra), run("lint", plan, *extra, "--lang", "en")
    assert zh.exit_code == en.exit_code == 2, zh
    assert not LIBRARY_WORDS.search(zh.stderr + en.stderr), zh.stderr + en.stderr
    return zh.stderr, en.stderr


def at(tmp_path: Path, needle: str, column: int, after: str = "") -> str:
    """path:line:column of the first line holding needle (after the first holding
    ``after``), found without plan-check."""
    rows = (tmp_path / "targets.yaml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, row in enumerate(rows) if after in row)
    line = next(i for i, row in enumerate(rows[start:], start + 1) if needle in row)
    return f"{tmp_path / 'targets.yaml'}:{line}:{column}: "


def test_a_ratio_target_without_its_percent_sign(tmp_path: Path) -> None:
    zh, en = lint(tmp_path, ("    target: 92%", "    target: 92"))
    # 92 on a ratio is 92 × 100% = 9200%
    where = at(tmp_path, "    target: 92", 13)
    assert where + "规则 preschool:比率的目标写成 92,即 9200.00%,不会是本意:写 92% 或 0.92" in zh
    assert "write 92% or 0.92" in en
    assert zh.count("preschool") == 1  # said once, not again as a quote's figure


def test_a_ratio_of_one_or_less_is_a_fraction() -> None:
    assert run("lint").exit_code == 0  # the shipped plan writes 0.8 and 96.50% alike


def test_a_quotes_figure_that_is_not_the_target(tmp_path: Path) -> None:
    seed = tmp_path / "plan.txt"
    seed.write_text(SEED_2024, encoding="utf-8")
    zh, en = lint(tmp_path, ("    target: 92%", "    target: 95%"), "--seed", seed)
    where = at(tmp_path, "    target: 95%", 13)
    assert where + "规则 preschool:引文里的数字是 92.00%,与 target 95.00% 不符" in zh
    assert "the quote's figures are 92.00%, not the target 95.00%" in en
    # a count too: 1000 人次 in the quote, 100 as the target
    zh, _ = lint(tmp_path, ("    target: 1000", "    target: 100"), "--seed", seed)
    assert "规则 training:引文里的数字是 1,000,与 target 100 不符" in zh


def test_without_the_plans_text_quotes_are_not_read_for_figures(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, PLAN_2024.replace("    target: 92%", "    target: 95%"))
    assert run("lint", plan).exit_code == 0


def test_a_scope_the_kind_does_not_judge(tmp_path: Path) -> None:
    zh, en = lint(tmp_path, ("    scope: city_row", "    scope: each_unit"))
    where = at(tmp_path, "    scope: each_unit", 12)
    assert where + "规则 meeting:kind: milestone 不支持 scope: each_unit" in zh
    assert "可用的 scope:city city_row counties" in zh
    assert "kind: milestone does not judge scope: each_unit" in en


@pytest.mark.parametrize(
    ("edit", "key", "says"),
    [
        (("    target: 92%", "    target: 92%\n    accrues: true"), "accrues", "请删去 accrues"),
        (
            ("    target: 1000\n", "    target: 1000\n    each_unit_trend: true\n"),
            "each_unit_trend",
            "each_unit_trend 只用于 target: baseline",
        ),
        (
            ("    accrues: true\n", "    accrues: true\n    always: true\n"),
            "always",
            "accrues 与 always 不能同时为 true",
        ),
    ],
)
def test_fields_that_contradict_each_other(
    tmp_path: Path, edit: tuple[str, str], key: str, says: str
) -> None:
    zh, _ = lint(tmp_path, edit)
    assert at(tmp_path, f"    {key}: true", len(key) + 7, edit[0].strip()) in zh and says in zh


@pytest.mark.parametrize(
    ("written", "zh_says", "en_says"),
    [
        ("0x10", '0x10 被 YAML 读作十六进制数 16:数字请写 16,文本请加引号写作 "0x10"', "write 16"),
        ("0500", "0500 在 YAML 1.1 中读作 320,不是所写的数:数字请写 500", "write 500"),
        ("!!int '0500'", "0500 在 YAML 1.1 中读作 320", "reads as 320"),
        ("1:40", "1:40 在 YAML 1.1 中按六十进制读作 100", "(base 60)"),
        ("!!int 'lots'", "lots 标为数字(!!int、!!float)却读不出数", "drop the tag"),
    ],
)
def test_yaml_1_1_numbers_are_refused_with_the_fix(
    tmp_path: Path, written: str, zh_says: str, en_says: str
) -> None:
    zh, en = lint(tmp_path, ("    target: 1000", f"    target: {written}"))
    assert at(tmp_path, f"    target: {written}", 13) + zh_says in zh
    assert en_says in en


def test_a_yes_where_a_number_is_meant(tmp_path: Path) -> None:
    zh, en = lint(tmp_path, ("    target: 1000", "    target: on"))
    assert "rules.target 须为数字,收到 on(YAML 1.1 把它读作是/否)" in zh
    assert "rules.target must be a number, got on (YAML 1.1 reads it as true/false)" in en


def test_an_unquoted_operator_is_a_located_fix_not_a_yaml_error(tmp_path: Path) -> None:
    zh, en = lint(tmp_path, ("    target: 1000\n", "    target: 1000\n    op: >=\n"))
    assert (
        at(tmp_path, "    op: >=", 9)
        + "YAML 把开头的 > 或 | 读作多行文本的记号:请加引号,写作 op: '>='"
        in zh
    )
    assert "quote it, op: '>='" in en


@pytest.mark.parametrize(
    ("edit", "zh_says", "en_says"),
    [
        (
            ("    target: 1000\n", "    target: 1000\n    op: '=>'\n"),
            "rules.op 的值 '=>' 不可用;可选:>= > <= < ==",
            "rules.op: '=>' is not one of >= > <= < ==",
        ),
        (
            ("  - id: training", "  - id: Training"),
            "rules.id 的写法不合要求:'Training';只用小写英文字母、数字和连字符",
            "is no id",
        ),
        (
            ("{id: trained,", "{id: Trained,"),
            "metrics.id 的写法不合要求:'Trained';只用小写英文字母、数字和下划线",
            "is no metric id",
        ),
        (
            ("    target: 1000\n", "    target: 1000\n    precision: 5000\n"),
            "rules.precision 须不大于 1000,收到 5000",
            "must be at most 1000",
        ),
        (
            ("    target: 1000\n", "    target: lots\n"),
            "无法读取目标 'lots':请写数字(3000、7.6万)、百分数(96.50%)或 baseline",
            "cannot read target 'lots'",
        ),
        (
            ('item: "二(三)"}', "item: 0}"),
            "metrics.item 须为条目编号:整数如 16,或计划自己的编号如 二(三),收到 0",
            "must be an item number",
        ),
        (
            ("    accrues: true\n", "    accrues: maybe\n"),
            "rules.accrues 须为 true 或 false,收到 'maybe'",
            "must be true or false",
        ),
        (
            ("title: {zh: 毛入园率 92%}", "title: {en: Preschool}"),
            "rules.title.zh",
            "title.zh: required key is missing",
        ),
    ],
)
def test_schema_errors_are_in_our_words(
    tmp_path: Path, edit: tuple[str, str], zh_says: str, en_says: str
) -> None:
    zh, en = lint(tmp_path, edit)
    assert zh_says in zh and en_says in en
