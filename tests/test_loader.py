"""Reading county files: layout, cells as clerks type them, and every problem located."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from conftest import csv_file, no_traceback, run
from plan_check.cells import CellError, parse_bool, parse_number


@pytest.mark.parametrize(
    ("text", "kind", "unit", "expected"),
    [
        ("3000", "int", "人", Decimal(3000)),
        ("3,000", "int", "人", Decimal(3000)),
        ("12,000", "int", "人", Decimal(12000)),
        ("３０００", "int", "人", Decimal(3000)),
        ("300人", "int", "人", Decimal(300)),
        (" 15所 ", "int", "所", Decimal(15)),
        ("8.58万", "int", "人", Decimal(85800)),
        ("1.13万", "int", "人", Decimal(11300)),
        ("8.58万人", "int", "人", Decimal(85800)),
        ("300万", "float", "万元", Decimal(300)),  # in a 万元 column 万 is the unit word
        ("1,200.5万元", "float", "万元", Decimal("1200.5")),
        ("96.5%", "rate", "", Decimal("0.965")),
        ("0.965", "rate", "", Decimal("0.965")),
    ],
)
def test_numbers_as_clerks_type_them(text: str, kind: str, unit: str, expected: Decimal) -> None:
    assert parse_number(text, kind, unit) == expected  # type: ignore[arg-type]


def test_wan_multiplier_has_no_float_residue() -> None:
    value = parse_number("1.13万", "int", "人")
    assert isinstance(value, Decimal)
    assert str(value) == "11300.00"  # decimal arithmetic: not 11299.999999999998
    assert float(value) == 11300.0


@pytest.mark.parametrize(
    ("text", "kind", "unit", "code"),
    [
        ("18.5", "int", "人", "cell_not_whole"),
        ("-3", "int", "人", "cell_negative"),
        ("abc", "int", "人", "cell_not_number"),
        ("96.5%", "int", "人", "cell_percent_not_rate"),
        ("12,00", "int", "人", "cell_not_number"),
        ("1.5", "rate", "", "rate_out_of_range"),
        ("300元", "float", "万元", "cell_wrong_unit"),
        ("15个", "int", "所", "cell_not_number"),
    ],
)
def test_cells_refused_with_a_reason(text: str, kind: str, unit: str, code: str) -> None:
    result = parse_number(text, kind, unit)  # type: ignore[arg-type]
    assert isinstance(result, CellError)
    assert result.code == code


@pytest.mark.parametrize("yes", ["是", "√", "✓", "Y", "yes", "TRUE", "1", "已完成", "Ｙ"])
def test_yes_answers(yes: str) -> None:
    assert parse_bool(yes) is True


@pytest.mark.parametrize("no", ["否", "×", "✗", "N", "no", "false", "0", "未完成"])
def test_no_answers(no: str) -> None:
    assert parse_bool(no) is False


def test_title_line_units_line_blank_rows_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "messy.csv"
    path.write_bytes(
        "XX市2023年教育工作目标汇总表,,\r\n"
        "区县,国培计划培训人数,建成智慧校园数\r\n"
        ",人,所\r\n"
        '青山县,"1,800",5\r\n'
        "白水县,0.12万,7所\r\n"
        ",,\r\n"
        ",,\r\n".encode()
    )
    out = run("validate", path, "-f", "json")
    assert out.json()["problems"] == []
    assert out.result("guopei")["actual"] == 3000  # 1,800 + 0.12万 = 1800 + 1200
    assert out.result("smart-campus")["actual"] == 12
    assert out.json()["files"] == [
        {"path": str(path), "encoding": "UTF-8", "delimiter": ",", "rows": 2}
    ]


def test_a_units_line_giving_a_column_in_another_scale_refuses_the_file(tmp_path: Path) -> None:
    # 万元 under a column the plan counts in 元: it was skipped as a units line, and
    # 9.34 (万元) read as 9.34 元 passed teachers' pay of 92,100 against 93,400 (exit 0)
    path = tmp_path / "pay.csv"
    path.write_text(
        "区县,义务教育教师年平均工资收入,当地公务员年平均工资收入,项目资金支出数\n"
        ",元,(万元),万元\n"
        "青山县,92100,9.34,100\n",
        encoding="utf-8",
    )
    out = run("validate", path)
    assert out.exit_code == 2
    assert "第 2 行" in out.stderr and "当地公务员年平均工资收入" in out.stderr
    assert "万元" in out.stderr and "Traceback" not in out.stderr
    path.write_text(path.read_text(encoding="utf-8").replace("(万元)", "元"), encoding="utf-8")
    out = run("validate", path, "-f", "json")  # the plan's own units: a units line
    assert out.json()["problems"] == [] and out.json()["files"][0]["rows"] == 1
    for label in ("单位", "计量单位:"):  # its unit cell labelled (two cells not numbers before)
        path.write_text(
            "区县,义务教育教师年平均工资收入\n" + label + ",元\n青山县,92100\n", encoding="utf-8"
        )
        out = run("validate", path, "-f", "json")
        assert out.json()["problems"] == [] and out.json()["files"][0]["rows"] == 1, label


@pytest.mark.parametrize(
    ("encoding", "shown"),
    [("gb18030", "GB18030"), ("utf-8-sig", "UTF-8 BOM"), ("utf-16", "UTF-16")],
)
def test_encodings_are_detected_from_the_whole_file(
    tmp_path: Path, encoding: str, shown: str
) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,国培计划培训人数
        青山县,1800
        白水县,1200
    """,
        encoding=encoding,
    )
    out = run("validate", data, "-f", "json")
    assert out.json()["files"][0]["encoding"] == shown
    assert out.result("guopei")["actual"] == 3000
    assert [u["unit"] for u in out.result("guopei")["units"]] == ["青山县", "白水县"]


def test_undecodable_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes("区县,国培计划培训人数\n青山县,1800\n".encode() + b"\xff\xfe\xfa,1\n")
    out = run("validate", path)
    assert out.exit_code == 2, out
    assert "bad.csv" in out.stderr and "第 3 行" in out.stderr
    no_traceback(out)


def test_every_cell_problem_is_reported_at_once_with_its_place(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,国培计划培训人数,失学辍学学生数,新增强师工程省级试点县,九年义务教育巩固率
        青山县,18.5,-3,也许,96.5%
        白水县,abc,0,是,1.2
    """,
    )
    out = run("validate", data, "-f", "json")
    assert out.exit_code == 1, out
    found = {(p["line"], p["column"], p["value"]) for p in out.json()["problems"]}
    assert found == {
        (2, "国培计划培训人数", "18.5"),
        (2, "失学辍学学生数", "-3"),
        (2, "新增强师工程省级试点县", "也许"),
        (3, "国培计划培训人数", "abc"),
        (3, "九年义务教育巩固率", "1.2"),
    }
    for p in out.json()["problems"]:
        assert p["file"] == str(data)
        assert p["message"] and p["accepted"]
    # a refused cell counts as not reported: the rules that need it are incomplete
    assert out.result("guopei")["status"] == "incomplete"


def test_a_numerator_above_its_denominator_is_a_problem(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,有意愿就读中职的初中毕业生数,有意愿者中已就读中职人数
        青山县,300,301
    """,
    )
    out = run("validate", data, "-f", "json")
    [problem] = out.json()["problems"]
    assert (problem["line"], problem["column"], problem["value"]) == (
        2,
        "有意愿者中已就读中职人数",
        "301",
    )
    assert "青山县" in problem["message"] and "有意愿就读中职的初中毕业生数" in problem["message"]
    assert out.result("willing-enrolled")["status"] == "incomplete"


def test_unit_twice_without_school_keys_names_both_lines(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,国培计划培训人数
        青山县,1800
        白水县,1200
        青山县,1800
    """,
    )
    out = run("validate", data, "-f", "json")
    [problem] = out.json()["problems"]
    assert problem["line"] == 4
    assert f"{data}:2" in problem["message"]
    assert out.result("guopei")["actual"] == 3000  # counted once
    assert out.exit_code == 1


def test_unknown_column_is_a_warning_only(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,国培计划培训人数,备注
        青山县,3000,按时上报
    """,
    )
    out = run("validate", data, "-f", "json")
    [problem] = out.json()["problems"]
    assert (problem["severity"], problem["column"], problem["line"]) == ("warning", "备注", 1)


def test_headers_match_by_id_with_spaces_and_full_width_brackets(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        county, guopei_trained ,国培计划培训人数（人）
        青山县,3000,
    """,
    )
    out = run("validate", data, "-f", "json")
    # the id column is read; the second spelling of the same metric is a warning
    assert out.result("guopei")["actual"] == 3000
    assert [p["severity"] for p in out.json()["problems"]] == ["warning"]


def test_total_rows_are_not_counted(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,国培计划培训人数
        青山县,1800
        白水县,1200
        合计,3000
    """,
    )
    out = run("validate", data, "-f", "json")
    assert out.result("guopei")["actual"] == 3000
    assert out.json()["units"] == ["青山县", "白水县"]


def test_expected_units_missing_and_unexpected(tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    units.write_text("青山县\n白水县\n云岭市\n", encoding="utf-8")
    data = csv_file(
        tmp_path,
        """
        区县,国培计划培训人数
        青山县,1800
        白水县,1200
        青山市,500
    """,
    )
    out = run("validate", data, "--units", units, "-f", "json")
    assert out.exit_code == 1
    doc = out.json()
    assert doc["missing_units"] == ["云岭市"]
    guopei = out.result("guopei")
    # 1800 + 1200 = 3000 ≥ 3000 already: met whatever 云岭市 reports, and 云岭市 is named
    assert guopei["status"] == "pass" and guopei["actual"] == 3000
    assert "云岭市" in guopei["reasons"][0] and "均达标" in guopei["reasons"][0]
    [problem] = doc["problems"]
    assert (problem["value"], problem["line"]) == ("青山市", 4)


def test_several_files_add_up_and_a_double_submission_names_both(tmp_path: Path) -> None:
    a = csv_file(
        tmp_path,
        """
        区县,国培计划培训人数
        青山县,1800
    """,
        "a.csv",
    )
    b = csv_file(
        tmp_path,
        """
        区县,国培计划培训人数
        白水县,1200
        青山县,1800
    """,
        "b.csv",
    )
    out = run("validate", a, b, "-f", "json")
    assert out.result("guopei")["actual"] == 3000
    [problem] = out.json()["problems"]
    assert problem["file"] == str(b) and problem["line"] == 3
    assert f"{a}:2" in problem["message"]


def test_schools_spread_over_files_add_up_and_a_repeated_school_is_named(tmp_path: Path) -> None:
    a = csv_file(
        tmp_path,
        """
        区县,学校,建成数字校园数
        青山县,一中,40
        青山县,二中,30
    """,
        "a.csv",
    )
    b = csv_file(
        tmp_path,
        """
        区县,学校,建成数字校园数
        青山县,三中,36
        青山县,一中,40
    """,
        "b.csv",
    )
    out = run("validate", a, b, "-f", "json")
    assert out.result("digital-campus")["actual"] == 40 + 30 + 36  # 一中 counted once
    [problem] = out.json()["problems"]
    assert (problem["file"], problem["line"]) == (str(b), 3)
    assert f"{a}:2" in problem["message"] and "一中" in problem["message"]


def test_quoted_line_breaks_keep_line_numbers_exact(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text(
        '区县,国培计划培训人数,备注\n青山县,100,"第一行\n第二行"\n白水县,abc,\n', encoding="utf-8"
    )
    [problem] = [
        p
        for p in run("validate", path, "-f", "json").json()["problems"]
        if p["severity"] == "error"
    ]
    assert (problem["line"], problem["value"]) == (4, "abc")  # line 2 spans lines 2-3


def test_big_files_are_read_in_chunks_with_exact_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    import plan_check.input.options as options

    # many blocks from a small file
    monkeypatch.setattr(options, "DEFAULT", replace(options.DEFAULT, bytes=40))
    rows = [f"县{i},{i}" for i in range(50)]
    rows[33] = "县33,x33"
    data = csv_file(tmp_path, "区县,国培计划培训人数\n" + "\n".join(rows))
    out = run("validate", data, "-f", "json")
    [problem] = out.json()["problems"]
    assert (problem["line"], problem["value"]) == (35, "x33")
    assert out.result("guopei")["actual"] == sum(range(50)) - 33


def test_progress_reports_reach_the_end_of_each_file(tmp_path: Path) -> None:
    from plan_check.engine import Options, check
    from plan_check.targets import load_plan

    data = csv_file(tmp_path, "区县,国培计划培训人数\n" + "\n".join(f"县{i},{i}" for i in range(9)))
    calls: list[tuple[str, int, int]] = []
    check(load_plan(None), [data], Options(progress=lambda grid: lambda *a: calls.append(a)))
    assert calls[-1] == (str(data), calls[-1][2], calls[-1][2]) and calls[-1][2] >= 10


def test_large_counts_stay_exact(tmp_path: Path) -> None:
    # 2**24 + 1 = 16777217 is the first whole number float32 cannot hold: it must stay exact
    data = csv_file(
        tmp_path,
        "区县,学校,职业学校在校生数\n青山县,一中,16777217\n青山县,二中,1\n"
        "白水县,一中,16777215\n白水县,二中,1",
    )
    r = run("validate", data, "-f", "json").result("vocational-enrollment")
    assert r["actual"] == 16777217 + 1 + 16777215 + 1
    assert {u["unit"]: u["actual"] for u in r["units"]} == {"青山县": 16777218, "白水县": 16777216}


@pytest.mark.slow
def test_messy_cells_among_thousands_of_clean_ones(tmp_path: Path) -> None:
    clean = "\n".join(f"县{i},{i % 97},{i % 13}.5" for i in range(2000))
    data = csv_file(
        tmp_path,
        "区县,国培计划培训人数,15-59周岁人均受教育年限\n"
        + clean
        + '\n青山县,"1,200",10\n白水县,0.3万,9\n云岭市,300人,/',
    )
    out = run("validate", data, "-f", "json")
    assert out.exit_code == 1  # other goals have no data here
    # 0.3万 = 3000 and 300人 = 300 (the clerk's habits), "1,200" as Excel writes thousands
    assert out.result("guopei")["actual"] == sum(i % 97 for i in range(2000)) + 1200 + 3000 + 300
