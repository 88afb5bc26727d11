"""Each rule kind on small files whose figures are worked out by hand in the test."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from conftest import csv_file, run


def test_ratio_of_sums_passes_where_the_mean_of_unit_rates_would_fail(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,2023届高校毕业生数,初次毕业去向落实人数
        青山县,1000,850
        白水县,10,5
    """,
    )
    r = run("validate", data, "-f", "json").result("graduate-placement")
    # (850 + 5) / (1000 + 10) = 84.65% >= 80%; the mean (85% + 50%) / 2 = 67.5% would fail
    assert r["status"] == "pass"
    assert r["actual"] == float(Fraction(855, 1010))
    assert (r["numerator"], r["denominator"]) == (855, 1010)


def test_ratio_of_sums_fails_where_the_mean_of_unit_rates_would_pass(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,2023届高校毕业生数,初次毕业去向落实人数
        青山县,1000,700
        白水县,10,10
    """,
    )
    r = run("validate", data, "-f", "json").result("graduate-placement")
    # 710 / 1010 = 70.3% < 80%, although the mean (70% + 100%) / 2 = 85%
    assert r["status"] == "fail"
    assert r["actual"] == float(Fraction(710, 1010))


def test_rate_exactly_at_its_target_passes_and_one_below_fails(tmp_path: Path) -> None:
    at = csv_file(
        tmp_path,
        """
        区县,该届学生入学时人数,初中毕业班学生数
        青山县,40000,38600
    """,
        "at.csv",
    )
    below = csv_file(
        tmp_path,
        """
        区县,该届学生入学时人数,初中毕业班学生数
        青山县,40000,38599
    """,
        "below.csv",
    )
    r = run("validate", at, "-f", "json").result("consolidation-rate")
    assert (r["status"], r["actual"], r["target"]) == ("pass", 0.965, 0.965)
    assert run("validate", below, "-f", "json").result("consolidation-rate")["status"] == "fail"


def test_a_zero_over_zero_unit_is_left_out_not_failed(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,送教上门学生数,每月送教不少于2次的学生数,职业学校数,办学条件达标职业学校数
        青山县,12,12,5,4
        石门县,0,0,0,0
    """,
    )
    out = run("validate", data, "-f", "json")
    freq = out.result("songjiao-frequency")
    assert freq["status"] == "pass"
    assert {u["unit"]: u["status"] for u in freq["units"]} == {"青山县": "pass", "石门县": "n/a"}
    # city ratio: 石门县 0/0 is left out, 4/5 = 80% meets 80%
    conditions = out.result("vocational-conditions")
    assert (conditions["status"], conditions["actual"]) == ("pass", 0.8)


def test_a_blank_cell_is_not_reported_never_zero(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,国培计划培训人数
        青山县,2999
        白水县,
    """,
    )
    out = run("validate", data, "-f", "json")
    r = out.result("guopei")
    # read as 0 the total would be 2999 < 3000, a miss; blank means we do not know
    # (白水县 may have trained one teacher or more)
    assert r["status"] == "incomplete"
    assert r["actual"] == 2999  # the figure over the units that reported
    assert {u["unit"]: u["status"] for u in r["units"]} == {"青山县": None, "白水县": "missing"}
    assert "白水县" in r["reasons"][0]
    assert out.exit_code == 1


def test_not_applicable_leaves_a_unit_out_of_a_sum(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,建成智慧校园数
        青山县,7
        白水县,5
        市直,/
    """,
    )
    r = run("validate", data, "-f", "json").result("smart-campus")
    assert (r["status"], r["actual"]) == ("pass", 12)
    assert [u["status"] for u in r["units"]] == [None, None, "n/a"]


def test_each_unit_rule_names_the_failing_units_and_fail_beats_blank(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,失学辍学学生数
        青山县,0
        白水县,2
        云岭市,
    """,
    )
    r = run("validate", data, "-f", "json").result("dropouts-zero")
    assert r["status"] == "fail"
    assert {u["unit"]: u["status"] for u in r["units"]} == {
        "青山县": "pass",
        "白水县": "fail",
        "云岭市": "missing",
    }
    assert r["actual"] == 2  # 0 + 2 over the units that reported


def test_each_unit_ratio_must_be_exactly_full(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,有意愿就读中职的初中毕业生数,有意愿者中已就读中职人数
        青山县,300,300
        白水县,300,299
        市直,/,/
    """,
    )
    r = run("validate", data, "-f", "json").result("willing-enrolled")
    assert r["status"] == "fail"
    assert [u["status"] for u in r["units"]] == ["pass", "fail", "n/a"]
    assert r["actual"] == float(Fraction(599, 600))


def test_milestone_answered_on_the_city_row_passes_despite_blank_counties(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,煤炭产教融合联盟已组建,校园招聘月活动已开展,双减工作推进会已召开
        青山县,,,
        白水县,,否,
        市直,已完成,否,
    """,
    )
    out = run("validate", data, "-f", "json")
    coal = out.result("coal-alliance")
    assert (coal["status"], coal["actual"], coal["target"]) == ("pass", True, True)
    assert out.result("recruitment-month")["status"] == "fail"  # answered, nobody said yes
    # a column blank in every row is not an answer
    assert out.result("double-reduction-meeting")["status"] == "incomplete"
    # a column absent from the file is not an answer either
    assert out.result("teacher-test")["status"] == "incomplete"


def test_count_of_units_answering_yes(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,新增强师工程省级试点县
        青山县,否
        白水县,√
        云岭市,
    """,
    )
    r = run("validate", data, "-f", "json").result("qiangshi-pilot")
    assert (r["status"], r["actual"], r["target"]) == ("pass", 1, 1)


def test_weighted_mean_is_weighted_and_skipped_without_a_baseline(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,15-59周岁人口数,15-59周岁人均受教育年限
        青山县,300000,10.0
        白水县,100000,11.0
    """,
    )
    r = run("validate", data, "-f", "json").result("schooling-years")
    # (10.0 * 300000 + 11.0 * 100000) / 400000 = 10.25; the plain mean would be 10.5
    assert r["actual"] == 10.25
    assert r["status"] == "skipped"
    assert r["target"] is None
    assert "--baseline" in r["reasons"][0]


def test_school_rows_add_up_per_unit(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,学校,送教上门次数,不少于2学时的送教次数
        青山县,一中,10,10
        青山县,二中,6,5
        白水县,一中,4,4
    """,
    )
    r = run("validate", data, "-f", "json").result("songjiao-hours")
    units = {u["unit"]: u for u in r["units"]}
    # 青山县: (10 + 5) / (10 + 6) = 15/16
    assert units["青山县"]["actual"] == float(Fraction(15, 16))
    assert units["青山县"]["status"] == "fail"
    assert units["白水县"]["status"] == "pass"
    assert r["actual"] == float(Fraction(19, 20))


def test_a_school_left_blank_makes_its_unit_missing(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,学校,建成数字校园数
        青山县,一中,60
        青山县,二中,
        白水县,一中,50
    """,
    )
    r = run("validate", data, "-f", "json").result("digital-campus")
    assert r["status"] == "incomplete"
    assert r["actual"] == 50  # 青山县 is not counted until all its schools report
