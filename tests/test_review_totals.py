"""Findings of the review of the CELLS/TOTALS re-cut (issue 26): a metric named like one
of the totals stage's own columns, and a condition on a column a unit reported twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import csv_file, no_traceback, run

HEAD = """\
title: {zh: 测试计划, en: Test plan}
period_start: 2024-01-01
sections:
  - {id: s, number: 一, items: [1], title: {zh: 第一部分, en: Part one}}
"""


@pytest.mark.parametrize("metric", ["line", "unit", "own"])
def test_a_metric_named_like_a_key_column_of_the_totals_is_summed(
    tmp_path: Path, metric: str
) -> None:
    plan = tmp_path / "targets.yaml"
    plan.write_text(
        HEAD
        + "metrics:\n"
        + f"  - {{id: {metric}, header: 新增学位数, name_en: Seats, type: int, unit: 个,"
        + " item: 1}\n"
        + "rules:\n  - id: g\n    item: 1\n    quote: 测试目标\n"
        + "    title: {zh: 测试目标, en: Test goal}\n"
        + f"    kind: sum\n    metric: {metric}\n    target: 5\n",
        encoding="utf-8",
    )
    data = csv_file(tmp_path, "区县,新增学位数\n甲县,3\n乙县,3\n")
    out = run("validate", data, "-t", plan, "-f", "json")
    no_traceback(out)
    # 3 + 3 = 6 ≥ 5
    assert out.exit_code == 0, out
    assert out.result("g")["actual"] == 6 and out.result("g")["status"] == "pass"


def test_a_condition_on_a_column_a_unit_reported_twice_is_incomplete_not_counted_twice(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "targets.yaml"
    plan.write_text(
        HEAD
        + "metrics:\n"
        + "  - {id: a, header: 生均面积, name_en: Area, type: float, unit: 平方米, item: 1}\n"
        + "  - {id: y, header: 达标, name_en: Meets, type: bool, item: 1}\n"
        + "rules:\n"
        + "  - {id: rows-a, item: 1, quote: 测试目标, title: {zh: 面积达标学校, en: rows},"
        + " kind: count_rows, metric: a, unit: 所, where: {op: '>=', value: 4.5}, target: 2}\n"
        + "  - {id: rows-y, item: 1, quote: 测试目标, title: {zh: 达标学校, en: rowsy},"
        + " kind: count_rows, metric: y, unit: 所, target: 2}\n",
        encoding="utf-8",
    )
    # 丁县 sends its own row and a school row with the same figures: reported twice, so
    # neither column's count can be trusted; 2 rows ≥ 2 would be a false 达标
    data = csv_file(tmp_path, "区县,学校,生均面积,达标\n丁县,,5,是\n丁县,一中,5,是\n")
    out = run("validate", data, "-t", plan, "-f", "json")
    no_traceback(out)
    assert out.exit_code == 1, out
    assert out.result("rows-y")["status"] == "incomplete"
    assert out.result("rows-a")["status"] == "incomplete"
