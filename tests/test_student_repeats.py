"""A student's repeated row is said at the student id's own cell, as the clerk typed it:
a national 学籍号 belongs to no unit, so its problem used to show an empty value under
the unit's column, with the one-row-per-unit advice."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import csv_file, run

HEADER = "区县,学校,学籍号,该届学生入学时人数,初中毕业班学生数\n"


def test_a_national_id_repeated_in_another_county_names_the_id_cell(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        HEADER + "青山县,一中,G11010120080101001X,1,1\n"
        "青山县,一中,G110101200801010028,1,0\n"
        "白水县,一中,g11010120080101001x,1,1\n",
    )
    out = run("validate", data, "-f", "json")
    [problem] = out.json()["problems"]
    assert (problem["code"], problem["line"]) == ("duplicate_national_id", 4)
    assert (problem["column"], problem["value"]) == ("学籍号", "g11010120080101001x")
    assert problem["accepted"] == "每名学生一行,同一学籍号只填一次"
    english = run("validate", data, "-f", "json", "--lang", "en").json()["problems"][0]
    assert english["accepted"] == "one row per student: each student id once"


def test_a_student_repeated_in_one_county_names_the_id_cell(tmp_path: Path) -> None:
    data = csv_file(tmp_path, HEADER + "青山县,一中,S001,1,1\n青山县,二中,S001,1,1\n")
    [problem] = run("validate", data, "-f", "json").json()["problems"]
    assert (problem["code"], problem["line"]) == ("duplicate_student", 3)
    assert (problem["column"], problem["value"]) == ("学籍号", "S001")


def test_a_unit_row_repeated_in_a_student_file_stays_at_the_unit(tmp_path: Path) -> None:
    # no id on either row: the unit's own row, given twice
    data = csv_file(tmp_path, HEADER + "青山县,,,10,9\n青山县,,,10,9\n")
    problems = run("validate", data, "-f", "json").json()["problems"]
    [repeat] = [p for p in problems if p["code"] == "duplicate_unit"]
    assert (repeat["line"], repeat["column"], repeat["value"]) == (3, "区县", "青山县")


def test_students_repeated_past_the_listed_ones_are_counted_under_the_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import plan_check.input.options as options

    monkeypatch.setattr(options, "DEFAULT", replace(options.DEFAULT, max_problems=2))
    rows = "".join(f"青山县,一中,S{i:03},1,1\n" for i in range(6))
    data = csv_file(tmp_path, HEADER + rows + rows)  # lines 8 to 13 repeat lines 2 to 7
    problems = run("validate", data, "-f", "json").json()["problems"]
    listed = [(p["line"], p["column"]) for p in problems if p["code"] == "duplicate_student"]
    assert listed == [(8, "学籍号"), (9, "学籍号")]
    [more] = [p for p in problems if p["code"] == "more_problems_unlisted"]
    # 6 repeats, 2 listed: 4 counted from line 10, under the id's column
    assert (more["column"], more["line"]) == ("学籍号", 10) and "4 " in more["message"]


def test_a_repeated_student_in_a_workbook_names_both_id_cells(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["区县", "学籍号", "国培计划培训人数"], ["青山县", "S001", 1]):
        sheet.append(row)
    sheet.append(["青山县", "S001", 1])
    path = tmp_path / "data.xlsx"
    book.save(path)
    [problem] = run("validate", path, "-f", "json").json()["problems"]
    # row 3 repeats row 2: both at the 学籍号 column, B
    assert (problem["code"], problem["cell"]) == ("duplicate_student", "B3")
    assert "data.xlsx:B2" in problem["message"]
