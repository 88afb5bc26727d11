"""--submission under review: a file whose unit row holds no figure, or no row at all, is
nothing sent (exit 1, every cell to fill named), never "ready to send"; a unit not on the
roster is named with the roster's closest name, never "0 things to fix"."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from conftest import ROOT, SAMPLES, run

ALL_MET = SAMPLES / "city-2023-all-met.csv"
TARGETS = ROOT / "targets.yaml"
UNITS = SAMPLES / "units.txt"


def _rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(ALL_MET.read_text(encoding="utf-8-sig"))))
    return rows[0], rows[1:]


def _write(path: Path, head: list[str], rows: list[list[str]]) -> Path:
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        ws = book.active
        assert ws is not None
        ws.append(head)
        for row in rows:
            ws.append([int(v) if v.isdigit() else (v or None) for v in row])
        book.save(path)
    else:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([head, *rows])
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _row(unit: str, blank: bool = False) -> list[str]:
    """``unit``'s row of the all-met sample; ``blank``: its name alone."""
    head, rows = _rows()
    row = next(r for r in rows if r[head.index("区县")] == unit)
    if blank:
        keep = {head.index("区县")}
        row = [v if j in keep else "" for j, v in enumerate(row)]
    return row


def _check(data: Path, *more: str) -> tuple[int, str]:
    out = run("validate", data, "--submission", "-t", TARGETS, *more)
    return out.exit_code, out.stdout


def _must_fill() -> list[str]:
    """What 青山县 must fill, as the check of its clean file lists it."""
    units = _json(_clean())["units"]
    assert isinstance(units, list)
    return list(units[0]["must_fill"])


def _clean() -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    head, _ = _rows()
    return _write(folder / "clean.csv", head, [_row("青山县")])


def _json(data: Path, *more: str) -> dict[str, object]:
    out = run("validate", data, "--submission", "-t", TARGETS, "--format", "json", *more)
    doc = json.loads(out.stdout)
    assert doc["exit_code"] == out.exit_code
    return dict(doc)


def test_a_unit_row_without_any_figure_is_nothing_sent(tmp_path: Path) -> None:
    head, _ = _rows()
    data = _write(tmp_path / "qs.csv", head, [_row("青山县", blank=True)])
    for more in ((), ("--units", str(UNITS))):
        code, out = _check(data, *more)
        assert code == 1, out
        assert "可以报送" not in out
        # the header is line 1, 青山县's row line 2: its blank cells are on line 2
        assert "第 2 行 失学辍学学生数: 青山县 须填报此格,现为空" in out
        assert "第 2 行 国培计划培训人数: 青山县 须填报此格,现为空" in out
        # the bureau's own act is not asked of a county, even blank
        assert "名师扶百校帮扶工程已实施: 青山县" not in out


def test_every_cell_the_unit_must_fill_is_listed_blank_in_json(tmp_path: Path) -> None:
    head, _ = _rows()
    data = _write(tmp_path / "qs.csv", head, [_row("青山县", blank=True)])
    wanted = _must_fill()
    assert "失学辍学学生数" in wanted and "名师扶百校帮扶工程已实施" not in wanted
    for more in ((), ("--units", str(UNITS))):
        doc = _json(data, *more)
        assert doc["exit_code"] == 1
        units = doc["units"]
        assert isinstance(units, list) and [u["unit"] for u in units] == ["青山县"]
        blanks = [p for p in units[0]["problems"] if p["code"] == "cell_blank"]
        assert sorted(p["column"] for p in blanks) == sorted(wanted)
        assert {p["line"] for p in blanks} == {2}
        assert all(p["severity"] == "error" for p in blanks)


def test_a_workbook_row_without_figures_names_each_cell(tmp_path: Path) -> None:
    head, _ = _rows()
    data = _write(tmp_path / "qs.xlsx", head, [_row("青山县", blank=True)])
    doc = _json(data)
    assert doc["exit_code"] == 1
    units = doc["units"]
    assert isinstance(units, list)
    cells = {p["column"]: p.get("cell") for p in units[0]["problems"]}
    # the workbook's own letter for the column, row 2
    column = head.index("失学辍学学生数") + 1
    assert cells["失学辍学学生数"] == f"{get_column_letter(column)}2"


def test_other_units_blank_template_rows_beside_ones_own_are_not_asked_for(
    tmp_path: Path,
) -> None:
    head, _ = _rows()
    rows = [_row("青山县"), _row("白水县", blank=True)]
    code, out = _check(_write(tmp_path / "qs.csv", head, rows))
    assert code == 0, out
    assert "白水县 须填报此格" not in out


def test_several_units_blank_rows_alone_are_no_units_data(tmp_path: Path) -> None:
    head, _ = _rows()
    rows = [_row("青山县", blank=True), _row("白水县", blank=True)]
    code, out = _check(_write(tmp_path / "two.csv", head, rows))
    assert code == 1, out
    assert "没有单位的数据" in out and "可以报送" not in out


def test_a_header_alone_is_no_units_data_exit_1(tmp_path: Path) -> None:
    head, _ = _rows()
    data = _write(tmp_path / "head.csv", head, [])
    code, out = _check(data)
    assert code == 1, out
    assert "没有单位的数据" in out and "只有表头" in out
    assert _json(data)["exit_code"] == 1
    # the bureau's own check of such a file still cannot run
    assert run("validate", data, "-t", TARGETS).exit_code == 2


def test_a_unit_off_the_roster_is_named_with_the_closest_roster_name(tmp_path: Path) -> None:
    head, _ = _rows()
    row = _row("青山县")
    row[head.index("区县")] = "青山具"  # 县 mistyped 具
    data = _write(tmp_path / "typo.csv", head, [row])
    code, out = _check(data, "--units", str(UNITS))
    assert code == 1, out
    assert "有 0 处" not in out and "可以报送" not in out
    assert "单位 青山具 不在应报单位名单中" in out
    assert "是不是名单中的 青山县" in out
    doc = _json(data, "--units", str(UNITS))
    problems = doc["file_problems"]
    assert isinstance(problems, list)
    assert [(p["code"], p["value"]) for p in problems] == [("unexpected_unit_like", "青山具")]
