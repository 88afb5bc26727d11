"""--returns DIR: a 退回修改单 per unit with something to fix and the 催报 list, read back
with openpyxl, python-calamine and the csv module; --problems lists blank required
cells with the row's unit."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
from python_calamine import CalamineWorkbook

from conftest import SAMPLES, run

ALL_MET = SAMPLES / "city-2023-all-met.csv"
UNITS = SAMPLES / "units.txt"
SEPT_30 = {"SOURCE_DATE_EPOCH": "1696032000"}  # 2023-09-30 00:00 UTC: the folder's name


def _submission(tmp_path: Path) -> Path:
    """The all-met sample with: 青山县's 失学辍学学生数 blank, 白水县's 国培 typed 18.5,
    河东区's visits of two hours 350 of 360, and 松林县's row gone."""
    rows = list(csv.reader(io.StringIO(ALL_MET.read_text(encoding="utf-8-sig"))))
    head = rows[0]
    col = {name: head.index(name) for name in head}
    out = [head]
    for row in rows[1:]:
        unit = row[0]
        if unit == "松林县":
            continue
        if unit == "青山县":
            row[col["失学辍学学生数"]] = ""
        if unit == "白水县":
            row[col["国培计划培训人数"]] = "18.5"
        if unit == "河东区":
            row[col["不少于2学时的送教次数"]] = "350"
        out.append(row)
    path = tmp_path / "data" / "city.csv"
    path.parent.mkdir()
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(out)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _rows(path: Path) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(path))
    return list(book.get_sheet_by_index(0).to_python())


def test_a_return_per_unit_with_blank_cells_bad_cells_and_missed_goals(tmp_path: Path) -> None:
    data = _submission(tmp_path)
    returns = tmp_path / "returns"  # created: it does not exist yet
    out = run("validate", data, "--units", UNITS, "--returns", returns, "-q", env=SEPT_30)
    assert out.exit_code == 1
    folder = returns / "2023-09-30"
    assert str(folder) in out.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "催报.xlsx",
        "退回修改单-河东区.xlsx",
        "退回修改单-白水县.xlsx",
        "退回修改单-青山县.xlsx",
    ]
    # 青山县: the blank 失学辍学学生数 at its row (line 2 of city.csv), which --problems
    # used to leave out (it showed only as 青山县 未填报 under the goal)
    qingshan = _rows(folder / "退回修改单-青山县.xlsx")
    assert qingshan[1][:8] == ["类别", "文件", "行", "单元格", "列", "原值", "问题", "可接受"]
    blank = [r for r in qingshan[2:] if r[0] == "须填未填"]
    assert len(blank) == 1
    assert blank[0][1] == str(data) and blank[0][2] == 2 and blank[0][4] == "失学辍学学生数"
    assert "不可留空" in str(blank[0][7])
    # 白水县: the bad cell, its value as typed and what is accepted
    baishui = _rows(folder / "退回修改单-白水县.xlsx")
    (bad,) = [r for r in baishui[2:] if r[0] == "数据有误"]
    assert (bad[2], bad[4], bad[5], bad[8]) == (3, "国培计划培训人数", "18.5", "cell_not_whole")
    assert "整数" in str(bad[6]) and bad[7]
    # 河东区: its own missed goal, 350 / 360 = 97.22% of visits of two hours, goal 100%
    hedong = _rows(folder / "退回修改单-河东区.xlsx")
    (missed,) = [r for r in hedong[2:] if r[0] == "本单位未达标"]
    # a result, never a figure to put in: nothing in 可接受 (review of the 督导)
    assert missed[6] == "本单位未达到:送教上门每次不少于 2 学时,目标 = 100%,实际 97.22%"
    assert missed[7] == ""
    # 催报: 松林县 sent nothing; what it owes is every column a county fills
    chase = _rows(folder / "催报.xlsx")
    assert chase[1] == ["单位", "状态", "缺报内容"]
    assert [r[:2] for r in chase[2:]] == [["松林县", "未报送"]]
    owed = str(chase[2][2])
    assert "国培计划培训人数" in owed and "失学辍学学生数" in owed
    assert "名师扶百校帮扶工程已实施" not in owed  # the city bureau's own act
    # text from data is text: opened with openpyxl, nothing is a formula
    wb = openpyxl.load_workbook(folder / "退回修改单-青山县.xlsx")
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)


def test_a_county_leaving_the_city_acts_blank_has_nothing_to_return(tmp_path: Path) -> None:
    out = run("validate", ALL_MET, "--returns", tmp_path / "r", "-q", env=SEPT_30)
    assert out.exit_code == 0  # every county leaves the 市直 columns blank: not asked
    assert not (tmp_path / "r" / "2023-09-30").exists()  # nothing to send: no folder


def test_a_second_run_never_writes_over_the_first(tmp_path: Path) -> None:
    data = _submission(tmp_path)
    returns = tmp_path / "returns"
    run("validate", data, "--returns", returns, "-q", env=SEPT_30)
    first = returns / "2023-09-30" / "退回修改单-青山县.xlsx"
    before = first.read_bytes()
    first.write_bytes(before + b"")  # sent out as it is
    run("validate", data, "--returns", returns, "-q", env=SEPT_30)
    assert first.read_bytes() == before
    assert (returns / "2023-09-30-2" / "退回修改单-青山县.xlsx").exists()


def test_returns_as_csv_in_english_with_formulas_neutralised(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("区县,国培计划培训人数\n=cmd|x,=1+2\n", encoding="utf-8")
    returns = tmp_path / "r"
    out = run(
        "validate", data, "--returns", returns, "--returns-format", "csv", "--lang", "en", "-q",
        env=SEPT_30,
    )  # fmt: skip
    assert out.exit_code == 1
    (path,) = (returns / "2023-09-30").iterdir()
    assert path.name == "returns-=cmd_x.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfKind,File,Line,Cell,Column,Value,Problem,Accepted,Code")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    (bad,) = [r for r in rows[1:] if r[0] == "unreadable"]
    assert bad[2] == "2" and bad[4] == "国培计划培训人数" and bad[5] == "'=1+2"


def test_problems_list_blank_required_cells_with_the_unit(tmp_path: Path) -> None:
    data = _submission(tmp_path)
    problems = tmp_path / "problems.csv"
    run("validate", data, "--problems", problems, "-q", "--lang", "en")
    rows = list(csv.DictReader(io.StringIO(problems.read_text(encoding="utf-8-sig"))))
    assert list(rows[0])[:6] == ["code", "severity", "Unit", "File", "Line", "Cell"]
    blank = [r for r in rows if r["code"] == "cell_blank"]
    assert [(r["Unit"], r["Line"], r["Column"]) for r in blank] == [
        ("青山县", "2", "失学辍学学生数")
    ]
    (bad,) = [r for r in rows if r["code"] == "cell_not_whole"]
    assert (bad["Unit"], bad["Line"], bad["Value"]) == ("白水县", "3", "18.5")
    # the counties' blank 市直 columns are not theirs to fill: not listed
    assert all(r["Column"] != "名师扶百校帮扶工程已实施" for r in rows)


def test_a_problem_of_a_county_file_goes_to_that_county_and_an_unreadable_file_is_kept(
    tmp_path: Path,
) -> None:
    rows = list(csv.reader(io.StringIO(ALL_MET.read_text(encoding="utf-8-sig"))))
    head = rows[0]
    data = tmp_path / "data"
    data.mkdir()
    for unit, name in (("青山县", "qs.csv"), ("白水县", "bs.csv")):
        row = next(r for r in rows if r[0] == unit)
        if unit == "青山县":  # 421 enrolled of 420 willing: a numerator above its denominator
            row[head.index("有意愿者中已就读中职人数")] = "421"
        if unit == "白水县":  # a cell more than the header has: the row's, not a column's
            row = [*row, "x"]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([head, row])
        (data / name).write_text(buffer.getvalue(), encoding="utf-8")
    (data / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    returns = tmp_path / "r"
    out = run("validate", data, "--returns", returns, "-q", env=SEPT_30)
    assert out.exit_code == 1
    folder = returns / "2023-09-30"
    qingshan = _rows(folder / "退回修改单-青山县.xlsx")
    codes = [r[8] for r in qingshan[2:]]
    assert "numerator_above_denominator" in codes
    baishui = _rows(folder / "退回修改单-白水县.xlsx")
    assert [r[1] for r in baishui[2:] if r[0] == "数据有误"] == [str(data / "bs.csv")]
    # the file no unit can be charged with is listed on its own, never dropped
    others = _rows(folder / "无法归属单位的问题.xlsx")
    assert [r[1] for r in others[2:]] == [str(data / "broken.xlsx")]


def test_a_corrupt_workbook_beside_a_good_file_is_reported_with_its_reason(
    tmp_path: Path,
) -> None:
    # its reason (the zip error) used to overwrite the message code: every report crashed
    (tmp_path / "qs.csv").write_text("区县,国培计划培训人数\n青山县,520\n", encoding="utf-8")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    out = run("validate", tmp_path, "-f", "json")
    assert out.exit_code == 1
    (p,) = [p for p in out.json()["problems"] if p["code"] == "file_unreadable_skipped"]
    assert "File is not a zip file" in p["message"] and "未计入" in p["message"]


def test_a_unit_behind_its_quota_before_the_deadline_gets_no_return(tmp_path: Path) -> None:
    out = run(
        "validate", SAMPLES / "city-2023-mid-year-07.csv",
        "--allocations", SAMPLES / "allocations-2023.csv",
        "--returns", tmp_path, "--returns-format", "csv", "-q",
    )  # fmt: skip
    assert out.exit_code == 0  # behind is a warning, and no data to fix: nothing is sent
    # 河东区 trained 190 of its quota 400 (due by 31 July: 400 × 212 / 365 = 232.3 → 233):
    # behind before the deadline is not missed, and 233 is no figure for it to report
    assert not (tmp_path / "2023-07-31").exists()


def test_blank_cells_past_a_thousand_a_column_are_counted_alike_for_any_blocks(
    tmp_path: Path,
) -> None:
    from plan_check.engine import Options, check
    from plan_check.input.options import ReadOptions
    from plan_check.targets import load_plan

    # 2,500 schools of 青山县, each leaving 失学辍学学生数 blank
    lines = ["区县,学校,国培计划培训人数,失学辍学学生数"]
    lines += [f"青山县,学校{i},1," for i in range(2500)]
    data = tmp_path / "schools.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = load_plan(None)
    whole = check(plan, [data]).blanks
    located = [p for p in whole if p.code == "cell_blank"]
    (more,) = [p for p in whole if p.code == "cell_blank_more"]
    # the first 1,000 by line (lines 2 to 1,001), then 2,500 - 1,000 = 1,500 counted
    assert [p.line for p in located] == list(range(2, 1002))
    assert more.params["count"] == 1500 and more.column == "失学辍学学生数"
    for size in (700, 1500):  # blocks under and over the bound of a block
        assert check(plan, [data], Options(blocks=ReadOptions(None, size))).blanks == whole
