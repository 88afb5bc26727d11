"""A 督导's review of the 退回修改单 and the workbook: a list is sent only for data to fix
or a unit's own goal missed for good (never for being behind before the deadline, never
with a figure to put in instead of the true one); a unit's sheet shows only its own
targets and says when it sent nothing; the 目标 sheet stores its shares and figures as
numbers and words its reasons for the bureau; no empty 催报 list."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from conftest import SAMPLES, run

JULY = SAMPLES / "city-2023-mid-year-07.csv"
AUGUST = SAMPLES / "city-2023-mid-year-08.csv"
ALL_MET = SAMPLES / "city-2023-all-met.csv"
UNITS = SAMPLES / "units.txt"
ALLOCATIONS = SAMPLES / "allocations-2023.csv"
SEPT_30 = {"SOURCE_DATE_EPOCH": "1696032000"}  # 2023-09-30 00:00 UTC


def _without(tmp_path: Path, source: Path, unit: str) -> Path:
    """``source`` with ``unit``'s row taken out: that unit sent nothing."""
    text = source.read_text(encoding="utf-8-sig")
    kept = [line for line in text.splitlines() if f",{unit}," not in line]
    assert len(kept) == len(text.splitlines()) - 1
    path = tmp_path / "data" / source.name
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def _rows(path: Path) -> list[list[Any]]:
    return list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())


def _returns(tmp_path: Path, *args: str | Path) -> tuple[Any, Path]:
    out = run("validate", *args, "--returns", tmp_path / "r", "-q")
    return out, tmp_path / "r"


def test_units_behind_their_pace_in_july_get_no_return(tmp_path: Path) -> None:
    # July 31: 河东区 trained 190 of its quota 400 (due 400 × 212/365 = 232.3 → 233) and
    # 青山县 built 9 of 16 digital campuses (due 16 × 212/365 = 9.3 → 10): both behind,
    # not missed; their data is clean. Only 松林县, which sent nothing, is chased.
    data = _without(tmp_path, JULY, "松林县")
    out, returns = _returns(tmp_path, data, "--units", UNITS, "--allocations", ALLOCATIONS)
    folder = returns / "2023-07-31"
    assert sorted(p.name for p in folder.iterdir()) == ["催报.xlsx"]
    assert "退回修改单 0 份" in out.stderr


def test_a_goal_missed_for_good_is_a_result_never_a_figure_to_put_in(tmp_path: Path) -> None:
    # the all-met sample (final) with 河东区's visits of two hours 350 of 360: its own goal
    # (every unit 100%) missed for good, 350 / 360 = 97.2222% → 97.22%
    rows = list(csv.reader(io.StringIO(ALL_MET.read_text(encoding="utf-8-sig"))))
    col = rows[0].index("不少于2学时的送教次数")
    for row in rows[1:]:
        if row[0] == "河东区":
            row[col] = "350"
    data = tmp_path / "city.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    data.write_text(buffer.getvalue(), encoding="utf-8")
    out = run("validate", data, "--returns", tmp_path / "r", "-q", env=SEPT_30)
    folder = tmp_path / "r" / "2023-09-30"
    assert sorted(p.name for p in folder.iterdir()) == ["退回修改单-河东区.xlsx"]
    hedong = _rows(folder / "退回修改单-河东区.xlsx")
    (missed,) = hedong[2:]
    assert missed[0] == "本单位未达标"
    assert missed[6] == "本单位未达到:送教上门每次不少于 2 学时,目标 = 100%,实际 97.22%"
    assert missed[4:6] == ["", ""] and missed[7] == ""  # nothing "accepted" to write in
    assert out.exit_code == 1
    # the workbook's unit sheet lists it under its heading: no heading without content
    book = tmp_path / "r.xlsx"
    run("validate", data, "-o", book, "-q", env=SEPT_30)
    ws = openpyxl.load_workbook(book)["河东区"]
    cells = [(c.coordinate, c.value) for row in ws.iter_rows() for c in row if c.value]
    (heading,) = [(k, v) for k, v in cells if v == "需修改、补报"]
    below = int(heading[0][1:]) + 1
    assert ws.cell(row=below, column=7).value == missed[6]


def test_a_clean_unit_sheet_has_no_heading_without_content(tmp_path: Path) -> None:
    # July: 青山县 is behind on digital campuses (9 of 16, 10 due), its data clean
    book = tmp_path / "r.xlsx"
    run("validate", JULY, "--allocations", ALLOCATIONS, "-o", book, "-q")
    ws = openpyxl.load_workbook(book)["青山县"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "需修改、补报" not in texts and "无需修改" in texts


def test_a_unit_sheet_shows_only_its_own_targets_and_says_it_sent_nothing(
    tmp_path: Path,
) -> None:
    data = _without(tmp_path, JULY, "松林县")
    book = tmp_path / "r.xlsx"
    run("validate", data, "--units", UNITS, "--allocations", ALLOCATIONS, "-o", book, "-q")
    wb = openpyxl.load_workbook(book)

    def targets(unit: str) -> dict[str, Any]:
        ws = wb[unit]
        return {
            str(ws.cell(row=r, column=2).value): ws.cell(row=r, column=4).value
            for r in range(3, ws.max_row + 1)
            if ws.cell(row=r, column=1).value is not None
        }

    songlin, qingshan = targets("松林县"), targets("青山县")
    assert list(songlin) == list(qingshan)
    # the city's 省培 500, 在校生 7.6万 and the counties' one pilot county are nobody's own
    assert songlin["“省培计划”500 名以上"] is None
    assert songlin["职业学校在校生规模达7.6万人"] is None
    assert songlin["新增“强师工程”省级试点县 1 个"] is None
    # its own: its 国培 quota (allocations-2023.csv: 松林县 300) and every-unit goals
    assert songlin["“国培计划”3000 名以上"] == 300
    assert songlin["控辍保学常态化动态清零(每个单位失学辍学学生为 0)"] == "= 0人"
    # the same columns filled for every unit: filled for one exactly when for the other
    assert {k for k, v in songlin.items() if v is None} == {
        k for k, v in qingshan.items() if v is None
    }
    assert str(wb["松林县"]["A1"].value).startswith("松林县  未报送")
    assert wb["青山县"]["A1"].value == "青山县"


def test_the_goals_sheet_stores_shares_and_due_figures_as_numbers(tmp_path: Path) -> None:
    data = _without(tmp_path, JULY, "松林县")
    book = tmp_path / "r.xlsx"
    run("validate", data, "--units", UNITS, "--allocations", ALLOCATIONS, "-o", book, "-q")
    ws = openpyxl.load_workbook(book)["目标"]
    assert [ws.cell(row=2, column=c).value for c in (9, 10, 11)] == ["完成度", "序时进度", "说明"]
    row = {ws.cell(row=r, column=2).value: r for r in range(3, ws.max_row + 1)}
    # 国培: 300 + 250 + 330 + 190 + 230 + 160 + 180 = 1,640 of 3,000 = 54.67% → 54.7%;
    # due by 31 July: 3,000 × 212 / 365 = 1,742.5 → 1,743 people
    done = ws.cell(row=row["guopei"], column=9)
    assert done.data_type == "n" and Decimal(str(done.value)) == Decimal("0.547")
    assert done.number_format == "0.0%"
    due = ws.cell(row=row["guopei"], column=10)
    assert due.data_type == "n" and due.value == 1743 and due.number_format == "#,##0"
    # 数字校园 9 + 7 + 12 + 5 + 6 + 5 + 14 = 58 of 106 = 54.72% → 54.7%; due
    # 106 × 212 / 365 = 61.57 → 62 schools
    done = ws.cell(row=row["digital-campus"], column=9)
    assert Decimal(str(done.value)) == Decimal("0.547")
    assert ws.cell(row=row["digital-campus"], column=10).value == 62
    # a goal against last year, judged without it: said for the bureau, no option named
    why = ws.cell(row=row["county-vocational-growth"], column=11).value
    assert why == "缺上年基数,暂无法判定"
    assert all(
        "--" not in str(ws.cell(row=r, column=11).value or "") for r in range(3, ws.max_row + 1)
    )


@pytest.mark.parametrize("roster", [True, False])
def test_no_empty_chase_list_when_nobody_is_missing(tmp_path: Path, roster: bool) -> None:
    # August: every unit of the roster sent; 河东区 is behind (not missed): nothing to send
    args: list[str | Path] = ["--allocations", ALLOCATIONS]
    if roster:
        args += ["--units", UNITS]
    out, returns = _returns(tmp_path, AUGUST, *args)
    assert not (returns / "2023-08-31" / "催报.xlsx").exists()
    assert "没有需要退回修改或催报的单位,未写入文件" in out.stderr
    assert "催报名单(0 个单位)" not in out.stderr


def test_the_message_says_no_chase_list_when_every_unit_sent(tmp_path: Path) -> None:
    # August with 白水县's 国培 typed 18.5: one return; the roster all sent: no 催报
    text = AUGUST.read_text(encoding="utf-8-sig").splitlines()
    head = text[0].split(",")
    col = head.index("国培计划培训人数")
    lines = [text[0]]
    for line in text[1:]:
        cells = line.split(",")
        if cells[1] == "白水县":
            cells[col] = "18.5"
        lines.append(",".join(cells))
    data = tmp_path / "aug.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, returns = _returns(tmp_path, data, "--units", UNITS, "--allocations", ALLOCATIONS)
    folder = returns / "2023-08-31"
    assert sorted(p.name for p in folder.iterdir()) == ["退回修改单-白水县.xlsx"]
    assert "退回修改单 1 份已写入" in out.stderr and "应报单位均已报送" in out.stderr
