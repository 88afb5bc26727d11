"""Clerk-proof submissions: a wrong county name, a deleted county, a targets file kept with
the data; each on a small file made here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, csv_file, run

ROSTER = SAMPLES / "units.txt"


def _mixed_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (SAMPLES / "city-2023-mixed.csv").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "city.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_misspelt_county_is_named_with_the_county_it_probably_is(tmp_path: Path) -> None:
    data = _mixed_with(tmp_path, "青山县,", "青山具,")
    out = run("validate", data, "--units", ROSTER, "-f", "json")
    assert out.exit_code == 1
    [problem] = [p for p in out.json()["problems"] if p["value"] == "青山具"]
    assert problem["code"] == "unexpected_unit_like" and "青山县" in problem["message"]
    assert problem["line"] == 2
    assert "青山县" in out.json()["results"][1]["reasons"][0]  # guopei: 青山县 did not report


def test_a_deleted_county_is_said_to_be_missing(tmp_path: Path) -> None:
    text = (SAMPLES / "city-2023-mixed.csv").read_text(encoding="utf-8").splitlines()
    data = tmp_path / "city.csv"
    data.write_text("\n".join(x for x in text if not x.startswith("松林县")), encoding="utf-8")
    out = run("validate", data, "--units", ROSTER)
    top = "\n".join(out.stdout.splitlines()[:6])  # the heading, however its paths wrap
    assert out.exit_code == 1 and "松林县" in top  # said at the top


@pytest.mark.parametrize("spelling", ["青山縣", "青山 县", "青山\u3000县", "青山县\u3164"])
def test_one_unit_written_two_ways_is_one_unit_and_said_so(tmp_path: Path, spelling: str) -> None:
    data = csv_file(tmp_path, f"区县,国培计划培训人数\n青山县,10\n白水县,5\n{spelling},7", "a.csv")
    out = run("validate", data, "-f", "json")
    codes = sorted((p["line"], p["code"]) for p in out.json()["problems"])
    assert codes == [(4, "duplicate_unit"), (4, "unit_invisible_chars")], codes
    assert out.result("guopei")["actual"] == 15  # 青山县 once: the second row is a duplicate
    assert out.json()["roster"] is None


def test_full_width_letters_in_a_name_are_the_same_unit(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,国培计划培训人数\nＱＳ县,10\nQS县,7", "a.csv")
    codes = [p["code"] for p in run("validate", data, "-f", "json").json()["problems"]]
    assert "duplicate_unit" in codes


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
def test_without_a_roster_every_report_says_so(tmp_path: Path) -> None:
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "-f", "json")
    assert out.json()["roster"] is None and out.json()["targets"] == "targets.yaml"
    table = run("validate", SAMPLES / "city-2023-mixed.csv", env={"COLUMNS": "200"}).stdout
    assert "未提供应报名单,无法发现没有填报的单位" in table.splitlines()[2]
    with_roster = run("validate", SAMPLES / "city-2023-mixed.csv", "--units", ROSTER, "-f", "json")
    assert with_roster.json()["roster"] == {
        "source": str(ROSTER),
        "units": ["青山县", "白水县", "云岭市", "河东区", "河西区", "松林县", "石门县", "市直"],
    }


def test_a_misspelt_unit_in_the_allocations_is_pointed_out(tmp_path: Path) -> None:
    alloc = tmp_path / "alloc.csv"
    text = (SAMPLES / "allocations-2023.csv").read_text(encoding="utf-8")
    alloc.write_text(text.replace("河东区,guopei", "河栋区,guopei"), encoding="utf-8")
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "--allocations", alloc, "-f", "json")
    [warning] = [p for p in out.json()["problems"] if p["value"] == "河栋区"]
    assert warning["code"] == "quota_unit_not_reported_like" and "河东区" in warning["message"]
    assert warning["file"] == str(alloc) and warning["line"] is not None


def test_a_unit_renamed_between_the_years_is_pointed_out(tmp_path: Path) -> None:
    now = csv_file(tmp_path, "区县,大班额班级数\n青山具,3\n白水县,1", "now.csv")
    before = csv_file(tmp_path, "区县,大班额班级数\n青山县,5\n白水县,1", "before.csv")
    out = run("validate", now, "--baseline", before, "-f", "json")
    [warning] = [p for p in out.json()["problems"] if p["code"] == "unit_like_other_year"]
    assert warning["value"] == "青山具" and "青山县" in warning["message"]
    assert (warning["file"], warning["line"]) == (str(now), 2)


def test_a_targets_file_kept_with_the_data_is_used_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "submissions"
    (repo / ".git").mkdir(parents=True)
    (repo / "2023").mkdir()
    text = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    (repo / "targets.yaml").write_text(text.replace("target: 3000", "target: 4000"), "utf-8")
    shutil.copy(SAMPLES / "city-2023-mixed.csv", repo / "2023" / "city.csv")
    monkeypatch.chdir(repo / "2023")  # a parent holds the targets file
    out = run("validate", "city.csv", "-f", "json")
    assert out.json()["targets"] == str(repo / "targets.yaml")
    assert next(r for r in out.json()["results"] if r["id"] == "guopei")["target"] == 4000
    # a repository root stops the search: the shipped targets are used
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    out = run("validate", repo / "2023" / "city.csv", "-f", "json")
    assert out.json()["targets"] == "<plan_check>/targets.yaml"


# --- Excel habits, recognised by name ----------------------------------------------------


@pytest.mark.parametrize("error", ["#DIV/0!", "#REF!", "#N/A", "#VALUE!"])
def test_excel_error_cells_are_named_as_formula_errors(tmp_path: Path, error: str) -> None:
    data = csv_file(tmp_path, f"区县,国培计划培训人数,校园招聘月活动已开展\n青山县,{error},{error}")
    problems = run("validate", data, "-f", "json").json()["problems"]
    assert [p["code"] for p in problems] == ["cell_excel_error", "cell_excel_error"]
    assert all("Excel 公式错误" in p["message"] and error in p["message"] for p in problems)


def test_scientific_notation_from_a_narrow_column_is_refused_with_the_fix(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,职业学校在校生数\n青山县,4.1E+05")
    [problem] = run("validate", data, "-f", "json").json()["problems"]
    assert problem["code"] == "cell_scientific" and "加宽该列" in problem["message"]


def test_ming_is_a_unit_word_for_people(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,380名\n白水县,3000名以上")
    out = run("validate", data, "-f", "json")
    assert out.result("guopei")["actual"] == 380  # 3000名以上 is no figure: refused
    assert [p["value"] for p in out.json()["problems"]] == ["3000名以上"]


def test_an_excel_date_serial_in_the_report_date_is_read(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "填报日期,区县,国培计划培训人数\n45107,青山县,1500")
    out = run("validate", data, "-f", "json")
    assert out.json()["as_of"] == "2023-06-30"  # 45107 days after 1899-12-30


@pytest.mark.parametrize("header", ["县区", "地区", "区县名称", '"县(市,区)"', "县(市、区)"])
def test_more_unit_headers_are_recognised(tmp_path: Path, header: str) -> None:
    data = csv_file(tmp_path, f"{header},国培计划培训人数\n青山县,3000")
    assert run("validate", data, "-f", "json").result("guopei")["actual"] == 3000


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "旧版 .xls"),
        (b"PK\x03\x04" + b"\0" * 60, "请把扩展名改为 .xlsx"),
    ],
)
def test_a_workbook_named_csv_is_named_for_what_it_is(
    tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "city.csv"
    path.write_bytes(content)
    out = run("validate", path)
    assert out.exit_code == 2 and says in out.stderr and "解码" not in out.stderr, out


def test_an_unquoted_thousands_separator_is_one_problem_with_the_hint(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        "区县,国培计划培训人数,省培计划培训人数,新增中职学位数,职业学校在校生数\n"
        "青山县,520,80,350,9,800\n白水县,410,60,300,8200",
    )
    out = run("validate", data, "-f", "json")
    [problem] = out.json()["problems"]  # not six more about the shifted cells
    assert (problem["line"], problem["code"]) == (2, "row_unquoted_thousands")
    assert "9,800" in problem["value"] and "9,800" in problem["message"]
    assert out.result("guopei")["actual"] == 410  # 青山县's row is not read at all


# --- one voice -------------------------------------------------------------------------


def _console(*args: str) -> tuple[int, str]:
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "plan_check", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        cwd=ROOT,
        timeout=60,
    )
    return done.returncode, done.stderr


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["--color", "sometimes"],
            "用法错误:选项 --color 不接受 sometimes;可用:auto、always、never",
        ),
        (["--nope"], "用法错误:没有 --nope 这个选项"),
        (["--lang", "en", "--color", "bad"], "usage error: --color does not take bad"),
    ],
)
def test_usage_mistakes_are_answered_in_the_users_language(args: list[str], says: str) -> None:
    code, err = _console("validate", str(SAMPLES / "city-2023-mixed.csv"), *args)
    assert code == 2 and says in err and "Value error" not in err, err


def test_allocation_mistakes_are_headed_as_the_allocations_file(tmp_path: Path) -> None:
    alloc = tmp_path / "alloc.csv"
    alloc.write_text("单位,规则,任务数\n青山县,guopei,abc\n", encoding="utf-8")
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "--allocations", alloc)
    assert out.exit_code == 2 and out.stderr.startswith(f"任务分解文件 {alloc}"), out
    assert "目标文件" not in out.stderr


# --- every sheet considered ------------------------------------------------------------


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def test_counties_on_one_sheet_and_the_city_row_on_another_are_one_submission(
    tmp_path: Path,
) -> None:
    book = _book(
        tmp_path / "city.xlsx",
        {
            "说明": [["本表由各县填报"]],
            "各县": [["区县", "国培计划培训人数"], ["青山县", 2000], ["白水县", 700]],
            "市直": [["单位", "国培计划培训人数", "教师教学技能比赛已开展"], ["市直", 300, "是"]],
        },
    )
    out = run("validate", book, "-f", "json")
    assert out.result("guopei")["actual"] == 3000  # 市直's sheet is not ignored
    assert out.result("teaching-contest")["status"] == "pass"
    [skipped] = [p for p in out.json()["problems"] if p["code"] == "sheet_no_unit_column"]
    assert skipped["value"] == "说明" and skipped["severity"] == "warning"
    assert [f["path"] for f in out.json()["files"]] == [f"{book}[各县]", f"{book}[市直]"]


def test_data_on_the_second_sheet_is_found_and_the_first_is_named(tmp_path: Path) -> None:
    book = _book(
        tmp_path / "city.xlsx",
        {"封面": [["2023 年统计"]], "数据": [["区县", "国培计划培训人数"], ["青山县", 3000]]},
    )
    out = run("validate", book, "-f", "json")
    assert out.result("guopei")["actual"] == 3000
    assert out.json()["files"][0]["encoding"] == "xlsx:数据"


def test_no_sheet_with_a_unit_column_names_every_sheet_and_the_option(tmp_path: Path) -> None:
    book = _book(tmp_path / "city.xlsx", {"甲": [["a", "b"]], "乙": [["c"]]})
    out = run("validate", book)
    assert out.exit_code == 2 and "甲、乙" in out.stderr and "--sheet" in out.stderr, out
    wrong = run("validate", book, "--sheet", "丙")
    assert wrong.exit_code == 2 and "甲" in wrong.stderr and "乙" in wrong.stderr, wrong


# --- one bad file is one problem ---------------------------------------------------------


def test_one_corrupt_file_in_a_folder_is_one_problem_and_the_rest_are_judged(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    lines = (SAMPLES / "city-2023-mixed.csv").read_text(encoding="utf-8").splitlines()
    for n, row in enumerate(lines[1:]):  # one file per unit, as counties send them
        (folder / f"{n}.csv").write_text(lines[0] + "\n" + row + "\n", encoding="utf-8")
    (folder / "3.csv").write_bytes(b"\xff\xfe\x00garbage\x80\x81" * 10)  # 河东区's file
    out = run("validate", folder, "--units", ROSTER, "-f", "json")
    assert out.exit_code == 1, out
    [problem] = [p for p in out.json()["problems"] if p["code"] == "file_unreadable_skipped"]
    assert problem["file"] == str(folder / "3.csv") and problem["severity"] == "error"
    assert "未计入" in problem["message"]
    guopei = out.result("guopei")
    assert guopei["status"] == "incomplete" and "河东区" in guopei["reasons"][0]
    assert guopei["actual"] == 3215 - 380  # the seven readable files are judged


def test_nothing_readable_still_stops_the_check(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.csv").write_bytes(b"\x00\x01")
    (folder / "b.csv").write_bytes(b"")
    out = run("validate", folder)
    assert out.exit_code == 2, out


# --- a template that agrees with the reader ---------------------------------------------

SPELLINGS = {
    "int": ["3000", "3,000", "0.3万", "3000人", "３０００", "/", "—"],
    "bool": ["是", "√", "Y", "已完成", "否", "/"],
}


def test_the_xlsx_template_warns_but_never_refuses_and_reaches_10000_rows(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "form.xlsx"
    assert run("template", "--format", "xlsx", "-o", path).exit_code == 0
    ws = load_workbook(path)["填报表"]
    validations = ws.data_validations.dataValidation
    assert validations and all(v.errorStyle == "warning" for v in validations)
    last_rows = [
        int(str(v.sqref).split(":")[-1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for v in validations
    ]
    assert min(last_rows) >= 10_002


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize("kind", ["int", "bool"])
def test_the_filled_template_reads_every_accepted_spelling(tmp_path: Path, kind: str) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "form.xlsx"
    assert run("template", "--format", "xlsx", "--units", ROSTER, "-o", path).exit_code == 0
    book = load_workbook(path)
    ws = book["填报表"]
    header = [c.value for c in ws[1]]
    column = header.index("国培计划培训人数" if kind == "int" else "新增强师工程省级试点县") + 1
    for n, spelling in enumerate(SPELLINGS[kind]):
        ws.cell(row=3 + n, column=column, value=spelling)
    book.save(path)
    out = run("validate", path, "--units", ROSTER, "-f", "json")
    assert [p for p in out.json()["problems"] if p["severity"] == "error"] == [], out
    if kind == "int":  # 3000 + 3000 + 3000 + 3000 + 3000, two not applicable, one blank
        assert out.result("guopei")["actual"] == 5 * 3000
    else:
        assert out.result("qiangshi-pilot")["actual"] == 4  # 是 √ Y 已完成 from counties


def test_a_bad_format_is_worded_too() -> None:
    code, err = _console("validate", str(SAMPLES / "city-2023-mixed.csv"), "-f", "pdf")
    assert code == 2 and "选项 --format 不接受 pdf" in err and "Invalid value" not in err, err


def test_a_targets_yaml_that_is_no_file_is_said_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "targets.yaml").mkdir()  # a folder where the goals should be
    monkeypatch.chdir(tmp_path)
    out = run("validate", SAMPLES / "city-2023-mixed.csv")
    assert out.exit_code == 2 and "不是普通文件" in out.stderr, out


def test_a_legacy_xls_is_refused_with_the_way_on(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    out = run("validate", path)
    assert out.exit_code == 2 and "另存为 .xlsx" in out.stderr, out
