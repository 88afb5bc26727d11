"""The header again below the header (two tables pasted one below the other): a copy of
the header is skipped with a warning; one whose columns are in another order refuses the
file, since its rows would be read under the first header's columns. Before, 云岭市's 3
dropouts were read as 3 teachers trained and 云岭市 passed zero dropouts."""

from __future__ import annotations

from pathlib import Path

from conftest import csv_file, no_traceback, run

HEADER = "区县,国培计划培训人数,失学辍学学生数\n"
UNITS = "青山县\n白水县\n云岭市\n"


def test_a_copy_of_the_header_is_skipped_with_a_warning(tmp_path: Path) -> None:
    data = csv_file(tmp_path, HEADER + "青山县,1000,0\n" + HEADER + "白水县,2000,0\n")
    out = run("validate", data, "-f", "json")
    said = [(p["code"], p["line"], p["severity"]) for p in out.json()["problems"]]
    assert said == [("header_repeated", 3, "warning")]
    assert out.result("guopei")["actual"] == 1000 + 2000  # both tables' rows read
    assert out.json()["files"][0]["rows"] == 2


def test_a_header_in_another_order_refuses_the_file(tmp_path: Path) -> None:
    swapped = "区县,失学辍学学生数,国培计划培训人数\n"
    data = csv_file(tmp_path, HEADER + "青山县,1000,0\n" + swapped + "云岭市,3,0\n")
    units = csv_file(tmp_path, UNITS, name="units.txt")
    for lang, words in (("zh", ("第 3 行", "第 1 行")), ("en", ("line 3", "line 1"))):
        out = run("validate", data, "--units", units, "--lang", lang)
        no_traceback(out)
        assert out.exit_code == 2
        assert "data.csv" in out.stderr and all(w in out.stderr for w in words), out.stderr


def test_beside_another_file_the_file_is_set_aside_and_its_units_are_missing(
    tmp_path: Path,
) -> None:
    swapped = "区县,失学辍学学生数,国培计划培训人数\n"
    bad = csv_file(tmp_path, HEADER + "青山县,1000,0\n" + swapped + "云岭市,3,0\n", "a.csv")
    good = csv_file(tmp_path, HEADER + "白水县,2000,0\n", "b.csv")
    units = csv_file(tmp_path, UNITS, name="units.txt")
    out = run("validate", bad, good, "--units", units, "-f", "json")
    assert out.exit_code == 1
    codes = {p["code"] for p in out.json()["problems"]}
    assert "file_unreadable_skipped" in codes
    dropouts = {u["unit"]: u["status"] for u in out.result("dropouts-zero")["units"]}
    assert dropouts == {"青山县": "missing", "白水县": "pass", "云岭市": "missing"}


def test_a_workbook_sheet_with_the_header_again_is_refused_at_its_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "县区"
    for row in (HEADER, "青山县,1000,0\n", "区县,失学辍学学生数,国培计划培训人数\n"):
        sheet.append(row.strip().split(","))
    sheet.append(["云岭市", 3, 0])
    path = tmp_path / "book.xlsx"
    book.save(path)
    out = run("validate", path)
    no_traceback(out)
    assert out.exit_code == 2 and "第 3 行" in out.stderr and "book.xlsx" in out.stderr


def test_a_unit_named_like_a_header_on_a_row_of_figures_is_no_header(tmp_path: Path) -> None:
    data = csv_file(tmp_path, HEADER + "单位,3000,0\n青山县,1,0\n")
    units = csv_file(tmp_path, UNITS, name="units.txt")
    out = run("validate", data, "--units", units, "-f", "json")
    said = {(p["code"], p["line"]) for p in out.json()["problems"]}
    assert ("unexpected_unit", 2) in said and "header_repeated" not in {c for c, _ in said}


def test_a_pasted_header_is_known_by_its_columns_whatever_its_unit_cell(tmp_path: Path) -> None:
    # the second table's unit cell is blank (or 序号, or 区县:): its figure columns in the
    # other order were read under the first header, and 云岭市's 3 dropouts passed as 0
    swapped = ",失学辍学学生数,国培计划培训人数\n"
    for unit_cell in ("", "序号", "区县:"):
        text = HEADER + "青山县,1000,0\n" + unit_cell + swapped + "云岭市,3,0\n"
        out = run("validate", csv_file(tmp_path, text))
        no_traceback(out)
        assert out.exit_code == 2 and "第 3 行" in out.stderr, (unit_cell, out.stderr)


def test_a_row_of_units_a_label_or_a_footer_names_no_column(tmp_path: Path) -> None:
    # 单位 / 人 / 人 under the header, a footer of the one who filled it in: no header
    # (their cells hold no figure and name none of the file's columns), read as before
    text = HEADER + "单位,人,人\n青山县,1000,0\n单位,某县教育局(盖章),填表人:张三\n"
    out = run("validate", csv_file(tmp_path, text), "-f", "json")
    codes = {p["code"] for p in out.json()["problems"]}
    assert out.exit_code == 1 and not codes & {"header_repeated", "header_again"}
    units = {u["unit"]: u["actual"] for u in out.result("guopei")["units"]}
    assert units["青山县"] == 1000


def test_a_header_in_another_order_and_another_spelling_refuses_the_file(tmp_path: Path) -> None:
    # the columns swapped and spelt as the reader accepts them (with their unit, by id, in
    # traditional characters): it was taken for a copy, warned about, and 云岭市's 3
    # dropouts were read as 3 teachers trained (exit 0 with every unit at 0 dropouts)
    for swapped in (
        "區縣,失学辍学学生数(人),国培计划培训人数(人)\n",
        "区县,dropouts,guopei_trained\n",
        "县区,失學輟學學生數,國培計劃培訓人數\n",
    ):
        data = csv_file(tmp_path, HEADER + "青山县,1000,0\n" + swapped + "云岭市,3,0\n")
        out = run("validate", data)
        assert out.exit_code == 2 and "第 3 行又是一行表头" in out.stderr, (swapped, out)
    # two columns moved, spelt in words the reader does not know: not a copy (taken for
    # one, 云岭市's 3 dropouts were read as 3 teachers trained, exit 0)
    wide = "区县,国培计划培训人数,失学辍学学生数,省培计划培训人数,数据泄露事件数\n"
    moved = "区县,辍学人数,国培人数,省培计划培训人数,数据泄露事件数\n"
    data = csv_file(tmp_path, wide + "青山县,1000,0,1,0\n" + moved + "云岭市,3,0,1,0\n")
    out = run("validate", data)
    assert out.exit_code == 2 and "第 3 行又是一行表头" in out.stderr, out
    copy = "區縣,国培计划培训人数(人),dropouts\n"  # in place, spelt otherwise: a copy
    data = csv_file(tmp_path, HEADER + "青山县,1000,0\n" + copy + "云岭市,2000,0\n")
    out = run("validate", data, "-f", "json")
    assert [p["code"] for p in out.json()["problems"]] == ["header_repeated"]
    assert out.result("guopei")["actual"] == 3000


def test_a_copy_of_the_header_with_its_line_of_units_is_skipped_whole(tmp_path: Path) -> None:
    # the line of units under the copy was a blank unit name, an error (exit 1), where the
    # same line under the first header is skipped without a word
    units = ",人,人\n"
    data = csv_file(
        tmp_path, HEADER + units + "青山县,1000,0\n" + HEADER + units + "白水县,2000,0\n"
    )
    out = run("validate", data, "-f", "json")
    said = [(p["code"], p["line"]) for p in out.json()["problems"]]
    assert said == [("header_repeated", 4)]
    assert out.result("guopei")["actual"] == 3000
