"""Rows that hold figures but name no unit that can be read (a blank unit cell: a county's
cell merged over its schools, saved as CSV; a name too long or broken over lines): each is
refused at its row and counted for no unit, and no goal whose figures they hold passes on
the rows that were read. Before, 青山二中's 1 dropout sat on such a row, and 控辍保学 (每个
单位 0) passed with every unit at 0 (review ATTACK-14 F3)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import csv_file, run

HEADER = "区县,学校,失学辍学学生数,国培计划培训人数,建成数字校园数\n"
SCHOOLS = (
    "青山县,青山一中,0,1000,\n"
    ",青山二中,1,1200,\n"  # the merged county cell: blank below its first row
    ",青山三中,0,900,\n"
    "白水县,白水一中,0,800,60\n"
    "白水县,白水二中,0,700,50\n"
)


def _reason(result: dict[str, object]) -> str:
    reasons = result["reasons"]
    assert isinstance(reasons, list)
    return " ".join(str(r) for r in reasons)


def test_a_goal_whose_figures_a_row_without_unit_holds_is_incomplete(tmp_path: Path) -> None:
    out = run("validate", csv_file(tmp_path, HEADER + SCHOOLS), "-f", "json")
    assert out.exit_code == 1
    blank = [(p["code"], p["line"]) for p in out.json()["problems"] if p["code"] == "blank_unit"]
    assert blank == [("blank_unit", 3), ("blank_unit", 4)]
    dropouts = out.result("dropouts-zero")
    # every unit read is at 0, yet line 3's 1 dropout belongs to one of them
    assert {u["unit"]: u["status"] for u in dropouts["units"]} == {
        "青山县": "pass",
        "白水县": "pass",
    }
    assert dropouts["status"] == "incomplete"
    assert "2 行" in _reason(dropouts) and "第 3 行" in _reason(dropouts)
    # 1000 + 800 + 700 read of ≥ 3000: the 2,100 on lines 3-4 could reach it
    guopei = out.result("guopei")
    assert guopei["actual"] == 1000 + 800 + 700 and guopei["status"] == "incomplete"
    # the rows hold no 数字校园 figure: that goal is judged on what was read
    digital = out.result("digital-campus")
    assert digital["actual"] == 60 + 50 and digital["status"] == "pass"
    assert "单位名称为空" not in _reason(digital)
    english = run("validate", csv_file(tmp_path, HEADER + SCHOOLS), "-f", "json", "--lang", "en")
    assert "2 rows hold figures" in _reason(english.result("dropouts-zero"))


def test_a_verdict_the_rows_cannot_change_stands(tmp_path: Path) -> None:
    # ≥ 3000 reached without the rows (a total only grows); a unit with 2 dropouts fails
    # 每个单位 0 whatever the rows hold; both say the rows were not counted
    rows = "青山县,青山一中,2,3100,\n,青山二中,0,5,\n白水县,白水一中,0,1,\n"
    out = run("validate", csv_file(tmp_path, HEADER + rows), "-f", "json")
    guopei, dropouts = out.result("guopei"), out.result("dropouts-zero")
    assert guopei["status"] == "pass" and guopei["actual"] == 3101
    assert dropouts["status"] == "fail"
    assert "1 行" in _reason(guopei) and "1 行" in _reason(dropouts)


def _merged_book(tmp_path: Path, schools: str, merges: list[str]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(["XX市2023年控辍保学统计表"])  # a title row: the header on row 2
    sheet.append(HEADER.strip().split(","))
    for line in schools.splitlines():
        sheet.append([int(c) if c.isdigit() else (c or None) for c in line.split(",")])
    for cells in merges:
        sheet.merge_cells(cells)
    path = tmp_path / "merged.xlsx"
    book.save(path)
    return path


def test_a_unit_cell_merged_over_its_schools_in_a_workbook_names_each_row(
    tmp_path: Path,
) -> None:
    # the merged cell shows 青山县 on rows 3-5 and 白水县 on 6-7: each row is that county's,
    # as Excel shows it (its 1 dropout fails 青山县); a merge beside the unit column, or
    # one across the title, changes nothing
    rows = SCHOOLS.replace("白水县,白水二中", ",白水二中")
    path = _merged_book(tmp_path, rows, ["A3:A5", "A6:A7", "E3:E5", "A1:E1"])
    out = run("validate", path, "-f", "json", "--lang", "en")
    assert out.json()["problems"] == []
    dropouts = out.result("dropouts-zero")
    assert {u["unit"]: (u["actual"], u["status"]) for u in dropouts["units"]} == {
        "青山县": (1, "fail"),
        "白水县": (0, "pass"),
    }
    assert out.result("guopei")["actual"] == 1000 + 1200 + 900 + 800 + 700
    assert out.result("digital-campus")["actual"] == 60 + 50


def test_rows_past_the_problem_limit_hold_back_every_goal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # only counted past the limit, their figures are not known: no goal passes on them
    import plan_check.input.options as options

    monkeypatch.setattr(options, "DEFAULT", replace(options.DEFAULT, max_problems=2))
    rows = "青山县,一中,0,3100,10\n" + ",二中,0,1,\n" * 3 + "白水县,一中,0,1,96\n"
    out = run("validate", csv_file(tmp_path, HEADER + rows), "-f", "json")
    counted = [p for p in out.json()["problems"] if p["code"] == "more_problems_unlisted"]
    assert counted and counted[0]["of"] == "blank_unit"
    # lines 3 and 4 listed (their figures known: no 数字校园), line 5 only counted
    digital = out.result("digital-campus")  # 106 reached: a total only grows
    assert (
        digital["status"] == "pass" and "1 行" in _reason(digital) and "第 5 行" in _reason(digital)
    )
    assert out.result("dropouts-zero")["status"] == "incomplete"


def test_a_row_without_unit_or_figure_holds_nothing_back(tmp_path: Path) -> None:
    rows = "青山县,青山一中,0,3100,106\n,备注:无,,,\n白水县,白水一中,0,1,1\n"
    out = run("validate", csv_file(tmp_path, HEADER + rows), "-f", "json")
    assert out.result("dropouts-zero")["status"] == "pass"
    assert out.result("guopei")["status"] == "pass"


def test_a_row_not_read_whose_unit_cell_is_blank_holds_back_every_goal(tmp_path: Path) -> None:
    # one cell too many (a figure typed past the last column) on a row with no county:
    # its 1 dropout could be anyone's; before, 控辍保学 passed beside the refused row
    header = "区县,国培计划培训人数,失学辍学学生数\n"
    rows = "青山县,3000,0\n,5,1,9\n白水县,100,0\n"
    out = run("validate", csv_file(tmp_path, header + rows), "-f", "json")
    assert [(p["code"], p["line"]) for p in out.json()["problems"]] == [("row_too_long", 3)]
    dropouts = out.result("dropouts-zero")
    assert dropouts["status"] == "incomplete" and "第 3 行" in _reason(dropouts)
    assert out.result("guopei")["status"] == "pass"  # 3,100 ≥ 3,000 whatever line 3 holds
    # a county's own row not read: that county is incomplete, the others are judged
    named = "青山县,3000,0\n白水县,5,1,9\n"
    out = run("validate", csv_file(tmp_path, header + named, "named.csv"), "-f", "json")
    units = {u["unit"]: u["status"] for u in out.result("dropouts-zero")["units"]}
    assert units == {"青山县": "pass", "白水县": "missing"}
    assert "单位名称为空" not in _reason(out.result("dropouts-zero"))


def test_last_years_rows_without_unit_hold_back_the_goals_against_last_year(
    tmp_path: Path,
) -> None:
    # 2,100 this year against 1,900 last year, but last year's file holds 500 more on a
    # row without its county: "more than last year" cannot be told (it passed, exit 0)
    now = csv_file(tmp_path, "区县,职业学校在校生数\n青山县,1000\n白水县,1100\n", "now.csv")
    last = csv_file(tmp_path, "区县,职业学校在校生数\n青山县,900\n,500\n白水县,1000\n", "last.csv")
    out = run("validate", now, "--baseline", last, "-f", "json")
    growth = out.result("county-vocational-growth")
    assert (growth["actual"], growth["target"]) == (2100, 1900)
    assert growth["status"] == "incomplete" and "last.csv 第 3 行" in _reason(growth)
    # this year's goals are not held back by last year's rows
    assert "单位名称为空" not in _reason(out.result("vocational-enrollment"))


def test_merged_unit_cells_past_the_rows_or_overlapping_end_at_once(tmp_path: Path) -> None:
    # a 5 KB sheet with 300 merges A2:A1048576 took 55 s (each merge's rows listed one by
    # one, to the sheet's last possible row); merges are bounded by the rows the sheet has,
    # and overlapping ones (Excel writes none) refuse the sheet
    import zipfile

    rows = "青山县,青山一中,0,3100,106\n,青山二中,0,1,1\n白水县,白水一中,0,1,1\n"
    plain = _merged_book(tmp_path, rows, [])
    for merges, code in ((["A3:A1048576"], 1), (["A3:A1048576"] * 300, 2), (["A3:A4", "A4:A5"], 2)):
        path = tmp_path / "merges.xlsx"
        with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as out:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":  # mergeCells, no cells
                    cells = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
                    data = data.replace(
                        b"</sheetData>", f"</sheetData><mergeCells>{cells}</mergeCells>".encode()
                    )
                out.writestr(item, data)
        result = run("validate", path, "-f", "json")
        assert result.exit_code == code, (merges[:2], result)
        if code == 1:  # 青山二中 is 青山县's, on every row the sheet has
            assert result.json()["problems"] == [] and result.json()["files"][0]["rows"] == 3
        assert code == 1 or "overlapping merged cells" in result.stderr


def test_with_a_roster_a_unit_not_on_it_holds_back_every_goal(tmp_path: Path) -> None:
    # a failed lookup (#N/A), a typo (白水去), a word (学校) under 区县: its 1 dropout is
    # some county's; 控辍保学 passed beside the refused row (review ATTACK-15 F3)
    roster = tmp_path / "units.txt"
    roster.write_text("青山县\n白水县\n", encoding="utf-8")
    for unit in ("#N/A", "白水去", "学校", "/"):
        rows = f"青山县,一中,0,3100,106\n白水县,一中,0,1,1\n{unit},二中,1,1,\n"
        out = run("validate", csv_file(tmp_path, HEADER + rows), "--units", roster, "-f", "json")
        assert out.result("dropouts-zero")["status"] == "incomplete", unit
        assert out.result("guopei")["status"] == "pass", unit  # reached whatever it holds
