"""Cases a hostile reviewer found after issue 21's first pass: each was a false 达标 or a
lost row. Expected figures worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import csv_file, run


def _second_row_labelled(tmp_path: Path, label: str) -> Path:
    """青山县's school 一中 (1500), then a second 青山县 row (1500) whose 学校 cell is
    ``label``, and 白水县's 一中 (1400)."""
    text = f"区县,学校,国培计划培训人数\n青山县,一中,1500\n青山县,{label},1500\n白水县,一中,1400\n"
    return csv_file(tmp_path, text)


@pytest.mark.parametrize("label", ["共计", "全县", "总和", "Subtotal", "青山县全县", "共計"])
def test_a_total_row_in_the_school_column_is_never_a_school(tmp_path: Path, label: str) -> None:
    out = run("validate", _second_row_labelled(tmp_path, label), "-f", "json")
    # 1500 + 1400 = 2900 < 3000; read as a school the total row would make it 4400, 达标
    assert out.result("guopei")["actual"] == 2900 and out.result("guopei")["status"] == "fail"
    assert "school_total_row" in {p["code"] for p in out.json()["problems"]}


@pytest.mark.parametrize("label", ["/", "-", "无", "青山县", "青山縣"])
def test_a_school_cell_naming_no_school_is_the_units_own_row(tmp_path: Path, label: str) -> None:
    out = run("validate", _second_row_labelled(tmp_path, label), "-f", "json")
    # the second 青山县 row is the county's own (total) row beside its school row: a double
    # submission, so 青山县's figure is not known and the goal cannot be met on it
    assert out.result("guopei")["status"] == "incomplete"
    assert "unit_and_school_rows" in {p["code"] for p in out.json()["problems"]}
    assert out.exit_code == 1


def test_student_ids_excel_wrote_as_numbers_are_refused_not_merged(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,学校,学籍号,该届学生入学时人数,初中毕业班学生数
        青山县,一中,1.10101E+17,1,1
        青山县,一中,1.10101E+17,1,1
        青山县,一中,1.10101E+17,1,0
        """,
    )
    out = run("validate", data, "-f", "json")
    # three students (true rate 2/3) whose ids lost their digits: never one student at 1/1
    codes = [p["code"] for p in out.json()["problems"]]
    assert codes == ["student_id_scientific"] * 3
    assert out.result("consolidation-rate")["status"] == "incomplete"


def test_a_roster_line_of_invisible_characters_is_refused_at_its_line(tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    units.write_text("青山县\n\u200b\n", encoding="utf-8")
    data = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,3000\n")
    out = run("validate", data, "--units", units)
    assert out.exit_code == 2 and "第 2 行只有不可见字符" in out.stderr


def test_a_row_whose_quote_swallows_the_next_rows_leaves_its_unit_incomplete(
    tmp_path: Path,
) -> None:
    data = tmp_path / "q.csv"
    data.write_text(
        '区县,失学辍学学生数,备注\n青山县,0,\n河西区,0,"见附件\n松林县,2,"\n白水县,0,\n',
        encoding="utf-8",
    )
    out = run("validate", data, "-f", "json")
    # 松林县's row (2 dropouts) is inside 河西区's 备注 cell: 河西区's own figures cannot be
    # trusted and 松林县's are unread, so zero dropouts is never 达标 on the rows left
    assert out.result("dropouts-zero")["status"] != "pass"
    assert "quote_swallows_rows" in {p["code"] for p in out.json()["problems"]}


def test_counties_filing_on_different_days_of_the_month_are_all_read(tmp_path: Path) -> None:
    for name, day, unit, trained in (
        ("a.csv", "2023-12-31", "青山县", 1600),
        ("b.csv", "2023-12-31", "白水县", 900),
        ("c.csv", "2023-12-29", "松林县", 600),
    ):
        csv_file(tmp_path, f"填报日期,区县,国培计划培训人数\n{day},{unit},{trained}\n", name)
    out = run("validate", tmp_path, "-f", "json")
    # one month's report: all three read (1600 + 900 + 600 = 3100 ≥ 3000), as of the date
    # most carry, and 松林县's other day is a note, never a stale file
    assert out.json()["as_of"] == "2023-12-31"
    assert out.result("guopei")["actual"] == 3100
    assert [(p["code"], p["severity"]) for p in out.json()["problems"]] == [
        ("report_date_near", "warning")
    ]


def test_a_template_named_xlsx_is_a_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "填报表.xlsx"
    assert run("template", "--units", "samples/units.txt", "-o", out).exit_code == 0
    sheet = load_workbook(out).worksheets[0]  # opened as a clerk's Excel would: a workbook
    assert sheet.max_row >= 9  # the header and the eight units of the roster
    wrong = run("template", "-f", "csv", "-o", tmp_path / "form.xlsx")
    assert wrong.exit_code == 2 and "不符" in wrong.stderr


def test_a_units_own_row_and_school_rows_of_other_figures_are_said(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,学校,国培计划培训人数,建成智慧校园数
        青山县,,3100,
        青山县,一中,,12
        """,
    )
    out = run("validate", data, "-f", "json")
    # each side leaves the other's figure blank: both goals lack 青山县's figure, and a
    # warning names the two ways of reporting as the reason
    assert out.result("guopei")["status"] == "incomplete"
    problems = [(p["code"], p["severity"], p["line"]) for p in out.json()["problems"]]
    assert problems == [("unit_and_school_rows_apart", "warning", 3)]


def test_a_national_student_id_in_two_counties_is_one_student(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,学校,学籍号,该届学生入学时人数,初中毕业班学生数
        青山县,一中,G11010120080101001X,1,1
        青山县,一中,G110101200801010028,1,0
        白水县,一中,g11010120080101001x,1,1
        白水县,一中,S001,1,1
        青山县,一中,S001,1,1
        """,
    )
    out = run("validate", data, "-f", "json")
    # the national id of line 2 again in 白水县 (lower case): one student, the later row
    # ignored; S001 is no national id, so 白水县's and 青山县's S001 are two students.
    # consolidation 1 + 0 + 1 + 1 = 3 of 4
    problems = [(p["code"], p["line"]) for p in out.json()["problems"]]
    assert problems == [("duplicate_national_id", 4)]
    r = out.result("consolidation-rate")
    assert (r["numerator"], r["denominator"]) == (3, 4)


def test_a_plan_of_another_year_paces_its_goals_through_its_own_year(tmp_path: Path) -> None:
    from conftest import ROOT

    shipped = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    targets = tmp_path / "targets-2024.yaml"
    targets.write_text(shipped.replace("2023", "2024").replace("2022", "2023"), "utf-8")
    data = csv_file(tmp_path, "填报日期,区县,国培计划培训人数\n2024-07-31,东城区,2750\n")
    out = run("validate", data, "--targets", targets, "-f", "json")
    # 2024 is a leap year: 1 January to 31 July is 213 of its 366 days; 国培, set no
    # deadline of its own, is due on 2024-12-31, so 2750/3000 = 91.7% is ahead of pace
    assert out.json()["elapsed_share"] == 213 / 366
    assert out.result("guopei")["status"] == "on_pace"
