"""-o report.xlsx: the workbook a bureau forwards, opened with openpyxl and with
python-calamine (what WPS and Excel users see), compared with the JSON report figure by
figure."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from python_calamine import CalamineWorkbook

from conftest import ROOT, SAMPLES, csv_file, run

MIXED = SAMPLES / "city-2023-mixed.csv"
UNITS = SAMPLES / "units.txt"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    book = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    out = run("validate", MIXED, "--units", UNITS, "-o", book, "-f", "json")
    assert out.exit_code == 1, out  # the sample misses goals
    return book, out.json()


def _calamine(book: Path) -> dict[str, list[list[Any]]]:
    wb = CalamineWorkbook.from_path(str(book))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def _short_titles() -> dict[str, str]:
    """Goal id -> its short Chinese title, from the targets file itself."""
    doc = yaml.safe_load((ROOT / "targets.yaml").read_text(encoding="utf-8"))
    return {r["id"]: (r.get("short") or r["title"])["zh"] for r in doc["rules"]}


def _as_shown(value: float, number_format: str) -> Decimal:
    """A JSON figure rounded as the cell's format shows it (0.00% keeps 4 decimals)."""
    if number_format.endswith("%"):
        places = len(number_format.rpartition(".")[2]) - 1 + 2
    else:
        places = len(number_format.partition(".")[2])
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places))


def test_the_overview_has_every_unit_and_a_city_total_row_figure_by_figure(
    mixed: tuple[Path, dict[str, Any]],
) -> None:
    book, doc = mixed
    ws = openpyxl.load_workbook(book)["一览表"]
    sheets = _calamine(book)
    head = [c.value for c in ws[2]]
    assert head[:4] == ["排名", "单位", "达标/判定", "预警"]
    results = {r["id"]: r for r in doc["results"]}
    by_head: dict[int, str] = {}
    for rule_id, short in _short_titles().items():
        for col, name in enumerate(head):
            if isinstance(name, str) and (name == short or name.startswith(short + "(")):
                by_head.setdefault(col, rule_id)
    assert len(by_head) >= 15, head  # the overview's goals, by their short titles
    units = [s["unit"] for s in doc["ranking"]]
    rows = {ws.cell(row=r, column=2).value: r for r in range(3, 3 + len(units) + 1)}
    assert list(rows)[: len(units)] == units  # ranking order
    checked = 0
    for col, rule_id in by_head.items():
        result = results[rule_id]
        for u in result["units"]:
            cell = ws.cell(row=rows[u["unit"]], column=col + 1)
            if u["actual"] is None:
                continue
            if isinstance(u["actual"], bool):  # 是/否, never TRUE/FALSE
                assert str(cell.value).endswith("是" if u["actual"] else "否")
                assert cell.data_type == "s"
            else:
                assert Decimal(str(cell.value)) == _as_shown(u["actual"], cell.number_format)
                checked += 1
        total = ws.cell(row=rows["全市合计"], column=col + 1)
        if isinstance(result["actual"], int | float) and not isinstance(result["actual"], bool):
            assert Decimal(str(total.value)) == _as_shown(result["actual"], total.number_format)
    assert checked > 100
    # by hand: 国培 520 + 410 + 605 + 380 + 355 + 290 + 315 + 340 = 3,215; 办学条件达标率
    # (3 + 3 + 4 + 2 + 2 + 1 + 2 + 8) / (4 + 3 + 5 + 3 + 2 + 2 + 2 + 9) = 25 / 30 = 83.33%
    calamine = sheets["一览表"]
    total_row = next(r for r in calamine if r[1] == "全市合计")
    guopei = head.index("国培(人)")
    rate = head.index("办学达标率(%)")
    assert total_row[guopei] == 3215 and total_row[rate] == pytest.approx(0.8333, abs=1e-12)
    assert ws.cell(row=rows["全市合计"], column=rate + 1).number_format.endswith("0.00%")
    # 青山县 says 是 to the pilot county, the others 否; 市直 is not asked
    pilot = head.index("强师试点县")
    assert calamine[rows["青山县"] - 1][pilot].endswith("是")
    assert calamine[rows["白水县"] - 1][pilot].endswith("否")


def test_alerts_are_fills_with_their_shape_for_greyscale(
    mixed: tuple[Path, dict[str, Any]],
) -> None:
    book, doc = mixed
    ws = openpyxl.load_workbook(book)["一览表"]
    head = [c.value for c in ws[2]]
    col = head.index("意愿就读(%)") + 1
    row = next(r for r in range(3, 20) if ws.cell(row=r, column=2).value == "河东区")
    cell = ws.cell(row=row, column=col)
    # 河东区: 298 / 300 = 99.33% of a goal of 100% for every unit: missed, red
    (result,) = [r for r in doc["results"] if r["title"].startswith("有就读意愿")]
    (hedong,) = [u for u in result["units"] if u["unit"] == "河东区"]
    assert (hedong["status"], hedong["alert"]) == ("fail", "red")
    assert cell.value == Decimal("0.9933") or cell.value == pytest.approx(0.9933, abs=1e-12)
    assert cell.fill.start_color.rgb.endswith("FFC7CE")
    assert cell.number_format.startswith('"■ "')  # the shape survives greyscale printing
    alert = ws.cell(row=row, column=4).value
    assert alert == "■ 红"


def test_a_sheet_per_unit_the_problems_and_the_goals_frozen_and_fitted(
    mixed: tuple[Path, dict[str, Any]],
) -> None:
    book, doc = mixed
    wb = openpyxl.load_workbook(book)
    names = wb.sheetnames
    assert names[:3] == ["一览表", "目标", "数据问题"]
    assert names[3:] == [s["unit"] for s in doc["ranking"]]
    assert wb["一览表"].freeze_panes == "C3" and wb["目标"].freeze_panes == "D3"
    assert wb["数据问题"].freeze_panes == "A3"
    assert wb["目标"].column_dimensions["C"].width > 20  # the goal's title, fitted
    goals = wb["目标"]
    by_id = {goals.cell(row=r, column=2).value: r for r in range(3, goals.max_row + 1)}
    for result in doc["results"]:
        row = by_id[result["id"]]
        assert goals.cell(row=row, column=3).value == result["title"]
        assert (
            goals.cell(row=row, column=6).value
            == {"green": "● 绿", "yellow": "▲ 黄", "red": "■ 红"}[result["alert"]]
        )
        cell = goals.cell(row=row, column=7)
        actual = result["actual"]
        if isinstance(actual, bool):
            assert cell.value == ("是" if actual else "否")
        elif actual is None:
            assert cell.value == "—"
        else:
            assert Decimal(str(cell.value)) == _as_shown(actual, cell.number_format)
    # a unit's sheet: its figure on each goal, as in the JSON
    hedong = wb["河东区"]
    rows = {hedong.cell(row=r, column=2).value: r for r in range(3, hedong.max_row + 1)}
    dropouts = next(r for r in doc["results"] if r["id"] == "dropouts-zero")
    (unit,) = [u for u in dropouts["units"] if u["unit"] == "河东区"]
    row = rows[dropouts["title"]]
    assert hedong.cell(row=row, column=3).value == unit["actual"] == 1  # one dropout
    assert hedong.cell(row=row, column=5).value == "未达标"


def test_no_float_artefacts_and_no_booleans_in_the_workbook(
    mixed: tuple[Path, dict[str, Any]],
) -> None:
    book, _ = mixed
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode()
                assert 't="b"' not in xml  # 是/否, never TRUE/FALSE
                assert "<f>" not in xml  # no formula at all
                for value in xml.split("<v>")[1:]:
                    number = value.partition("</v>")[0]
                    assert len(number.partition(".")[2]) <= 6, number  # 0.9662, not 0.96620000001


def test_hostile_unit_names_are_text_and_sheet_names_are_valid_and_unique(
    tmp_path: Path,
) -> None:
    long = "长" * 39
    data = csv_file(
        tmp_path,
        f"""区县,国培计划培训人数,失学辍学学生数
        "=HYPERLINK(""http://x"",""y"")",10,0
        a/b:c*?[d],20,0
        x?y,1,0
        x*y,2,0
        History,3,0
        'quoted',3,0
        {long}0001,4,0
        {long}0002,5,0
        """,
    )
    book = tmp_path / "r.xlsx"
    assert run("validate", data, "-o", book, "-q").exit_code == 1
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    names = wb.sheetnames
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names), names
    assert len({n.lower() for n in names}) == len(names)
    assert not any(n.startswith("'") or n.endswith("'") for n in names)
    assert "History" not in names  # a name Excel reserves
    # the two long names keep their distinct ends
    assert any(n.endswith("0001") for n in names) and any(n.endswith("0002") for n in names)
    calamine = _calamine(book)
    units = [row[1] for row in calamine["一览表"][2:10]]
    assert '=HYPERLINK("http://x","y")' in units  # text, as typed, never a link
    assert "a/b:c*?[d]" in units
    with zipfile.ZipFile(book) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_the_xlsx_is_written_with_the_other_reports_and_in_english(tmp_path: Path) -> None:
    book = tmp_path / "report.xlsx"
    out = run("validate", MIXED, "-o", book, "-o", tmp_path / "r.json", "--lang", "en", "-q")
    assert out.exit_code == 1 and book.exists() and (tmp_path / "r.json").exists()
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:3] == ["Overview", "Goals", "Problems"]
    overview = wb["Overview"]
    assert any(overview.cell(row=r, column=2).value == "City total" for r in range(3, 15))
