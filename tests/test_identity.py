"""One identity per unit, school and student, and one row per thing (issue 21): two
spellings of one school or student are one; a unit's own row beside its schools' rows,
two city rows, a 小计 school row, a data row above the header are never summed in
silence; a blank row of a returned template is no submission."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, Run, csv_file, run
from plan_check.i18n import safe

ROSTER = SAMPLES / "units.txt"


def _json(*args: str | Path) -> Run:
    return run("validate", *args, "-f", "json")


def _unit(out: Run, rule: str, unit: str) -> dict[str, Any]:
    return next(u for u in out.result(rule)["units"] if u["unit"] == unit)


def _codes(out: Run) -> list[tuple[int | None, str]]:
    return sorted((p["line"], p["code"]) for p in out.json()["problems"])


# ---- the same school or student, spelt two ways ------------------------------------------


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("一中", "一中\u200b"),  # a zero-width space
        ("本级", "本 级"),  # an inner space
        ("第1中学", "第１中学"),  # a full-width digit
        ("第一中学", "第一中學"),  # a traditional character
        ("第一中学", "第一中学\x7f"),  # DEL
        ("第一中学", "第一中学\ue000"),  # a private-use character
    ],
)
def test_a_school_sent_twice_in_another_spelling_is_counted_once(
    tmp_path: Path, first: str, again: str
) -> None:
    data = csv_file(
        tmp_path,
        f"区县,学校,国培计划培训人数\n青山县,{first},10\n青山县,二中,5\n青山县,{again},10",
    )
    out = _json(data)
    # 一中 10 + 二中 5 = 15; the third row is the first school again, not another 10
    assert _unit(out, "guopei", "青山县")["actual"] == 15
    [repeat] = [p for p in out.json()["problems"] if p["code"] == "duplicate_school"]
    assert repeat["line"] == 4 and ":2" in repeat["message"]
    assert safe(again.strip()) in repeat["message"]  # shown as the clerk typed it


@pytest.mark.parametrize(
    ("first", "again"),
    [("G0012", "Ｇ００１２"), ("44010119900101123X", "44010119900101123x")],
)
def test_a_student_id_in_another_width_or_case_is_one_student(
    tmp_path: Path, first: str, again: str
) -> None:
    data = csv_file(
        tmp_path,
        f"区县,学籍号,失学辍学学生数\n青山县,{first},1\n青山县,G0013,0\n青山县,{again},1",
    )
    out = _json(data)
    assert _unit(out, "dropouts-zero", "青山县")["actual"] == 1  # 1 + 0; the third is the first
    assert "duplicate_student" in [p["code"] for p in out.json()["problems"]], out


def test_a_school_key_of_invisible_characters_only_is_a_problem_of_its_row(
    tmp_path: Path,
) -> None:
    data = csv_file(tmp_path, "区县,学校,国培计划培训人数\n青山县,一中,10\n青山县,\u200b,7")
    out = _json(data)
    assert out.exit_code == 1
    assert (3, "key_folds_to_nothing") in _codes(out)
    assert _unit(out, "guopei", "青山县")["actual"] is None  # 10 read, 7 not: incomplete
    assert out.result("guopei")["status"] == "incomplete"


def test_a_subtotal_row_in_the_school_column_is_not_a_school(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        "区县,学校,国培计划培训人数\n青山县,一中,10\n青山县,二中,5\n青山县,小计,15\n白水县,一中,3",
    )
    out = _json(data)
    assert _unit(out, "guopei", "青山县")["actual"] == 15  # 10 + 5, not 10 + 5 + 15
    assert out.result("guopei")["actual"] == 18  # 15 + 3
    assert (4, "school_total_row") in _codes(out)


# ---- a unit counted twice ---------------------------------------------------------------


def test_a_county_total_row_beside_its_school_rows_is_a_double_submission(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        "区县,学校,国培计划培训人数\n青山县,,15\n青山县,一中,10\n青山县,二中,5\n白水县,一中,3",
    )
    out = _json(data)
    assert out.exit_code == 1
    [double] = [p for p in out.json()["problems"] if p["code"] == "unit_and_school_rows"]
    assert double["line"] == 3 and ":2" in double["message"]  # the later place, naming both
    # neither 15 + 10 + 5 = 30 nor any one of them: incomplete until one is removed
    assert _unit(out, "guopei", "青山县")["actual"] is None
    assert out.result("guopei")["status"] == "incomplete"
    assert _unit(out, "guopei", "白水县")["actual"] == 3


def test_a_county_row_in_one_file_and_its_schools_in_another_is_a_double_submission(
    tmp_path: Path,
) -> None:
    county = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,15\n白水县,3", "a.csv")
    schools = csv_file(
        tmp_path, "区县,学校,国培计划培训人数\n青山县,一中,10\n青山县,二中,5", "b.csv"
    )
    out = _json(county, schools)
    [double] = [p for p in out.json()["problems"] if p["code"] == "unit_and_school_rows"]
    assert double["file"].endswith("b.csv") and double["line"] == 2
    assert "a.csv:2" in double["message"]
    assert _unit(out, "guopei", "青山县")["actual"] is None  # not 15 + 10 + 5 = 30
    assert out.result("guopei")["status"] == "incomplete"


def test_a_county_row_and_school_rows_of_other_figures_are_one_submission(tmp_path: Path) -> None:
    county = csv_file(tmp_path, "区县,国培计划培训人数,大班额班级数\n青山县,15,/", "a.csv")
    schools = csv_file(
        tmp_path,
        "区县,学校,国培计划培训人数,大班额班级数\n青山县,一中,/,1\n青山县,二中,/,2",
        "b.csv",
    )
    out = _json(county, schools)
    assert "unit_and_school_rows" not in [p["code"] for p in out.json()["problems"]]
    assert _unit(out, "guopei", "青山县")["actual"] == 15
    assert _unit(out, "large-classes", "青山县")["actual"] == 3  # 1 + 2


@pytest.mark.parametrize("tail", ["\x7f", "\ue000"])
def test_a_resubmission_with_a_hidden_character_is_the_same_unit(tmp_path: Path, tail: str) -> None:
    data = csv_file(tmp_path, f"区县,国培计划培训人数\n青山县,10\n白水县,5\n青山县{tail},7")
    out = _json(data)
    assert out.result("guopei")["actual"] == 15  # 10 + 5: the third row is 青山县 again
    assert (4, "duplicate_unit") in _codes(out)


def test_two_city_rows_are_a_double_submission(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        "区县,名师扶百校帮扶工程已实施,国培计划培训人数\n市直,是,10\n青山县,,5\n市本级,否,7",
    )
    out = _json(data)
    assert out.exit_code == 1
    [double] = [p for p in out.json()["problems"] if p["code"] == "city_rows_twice"]
    assert double["line"] == 4 and "市直" in double["message"]
    assert out.result("mingshi-fubaixiao")["status"] == "incomplete"  # not 是 (the first)
    assert out.result("guopei")["status"] == "incomplete"  # not 10 + 5 + 7


def test_a_data_row_above_the_header_is_a_problem_never_a_title(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        "2023年统计表\n河东区,2\n区县,失学辍学学生数\n青山县,0\n河东区,0",
    )
    out = _json(data)
    assert out.exit_code == 1
    [above] = [p for p in out.json()["problems"] if p["code"] == "row_above_header"]
    assert above["line"] == 2 and above["severity"] == "error" and "河东区" in above["message"]
    # 河东区's 2 dropouts were not read: its 0 below cannot pass
    assert _unit(out, "dropouts-zero", "河东区")["status"] != "pass"
    assert _unit(out, "dropouts-zero", "青山县")["status"] == "pass"


def test_a_title_and_a_label_line_above_the_header_are_no_data(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        "2023年教育工作要点完成情况统计表\n制表人,13800000000\n区县,失学辍学学生数\n青山县,0",
    )
    out = _json(data)
    assert out.json()["problems"] == []
    assert _unit(out, "dropouts-zero", "青山县")["status"] == "pass"


def test_a_data_row_above_a_workbook_header_is_a_problem(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["统计表"],
        ["河东区", 2],
        ["区县", "失学辍学学生数"],
        ["青山县", 0],
        ["河东区", 0],
    ):
        sheet.append(row)
    path = tmp_path / "data.xlsx"
    book.save(path)
    out = _json(path)
    [above] = [p for p in out.json()["problems"] if p["code"] == "row_above_header"]
    assert above["line"] == 2 and out.exit_code == 1
    assert _unit(out, "dropouts-zero", "河东区")["status"] != "pass"


# ---- blank template rows ------------------------------------------------------------------


def _template_filled(tmp_path: Path, unit: str, value: str, name: str) -> Path:
    """The `template --units` sheet with only ``unit``'s 国培 cell filled."""
    form = tmp_path / "form.csv"
    assert run("template", "--units", ROSTER, "-o", form).exit_code == 0
    rows = list(csv.reader(io.StringIO(form.read_text(encoding="utf-8-sig"))))
    j = rows[0].index("国培计划培训人数")
    [mine] = [r for r in rows if r[0] == unit]
    mine[j] = value
    path = tmp_path / name
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("roster", [True, False])
def test_two_counties_returning_the_whole_template_are_both_counted(
    tmp_path: Path, roster: bool
) -> None:
    a = _template_filled(tmp_path, "河东区", "380", "a.csv")
    b = _template_filled(tmp_path, "白水县", "410", "b.csv")
    roster_args: list[str | Path] = ["--units", ROSTER] if roster else []
    out = _json(a, b, *roster_args)
    guopei = out.result("guopei")
    assert guopei["actual"] == 790  # 380 + 410
    codes = [p["code"] for p in out.json()["problems"]]
    assert "duplicate_unit" not in codes
    notes = [p for p in out.json()["problems"] if p["code"] == "rows_without_figures"]
    assert [n["file"][-5:] for n in notes] == ["a.csv", "b.csv"]  # once per file
    assert all(n["severity"] == "warning" and "7" in n["message"] for n in notes)  # 8 - 1
    if roster:  # the six units whose rows are blank in both files sent nothing
        assert out.json()["missing_units"] == [
            "青山县",
            "云岭市",
            "河西区",
            "松林县",
            "石门县",
            "市直",
        ]
        assert guopei["status"] == "incomplete"


def test_a_blank_row_does_not_shadow_a_real_row_in_the_same_file(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path, "区县,国培计划培训人数,省培计划培训人数\n青山县,,\n白水县,5,1\n青山县,10,2"
    )
    out = _json(data)
    assert out.result("guopei")["actual"] == 15  # 10 + 5: the blank row is no submission
    assert [c for _, c in _codes(out)] == ["rows_without_figures"]


def test_a_unit_named_only_on_a_blank_row_is_not_reported_never_forgotten(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,学校,国培计划培训人数\n青山县,,2999\n白水县,,\n云岭市,一中,")
    out = _json(data)
    guopei = out.result("guopei")
    # 2999 < 3000 with 白水县's blank row and 云岭市's blank school cell read as 0 would be a
    # miss; neither reported, and either could still make up the one teacher: incomplete
    assert guopei["status"] == "incomplete" and guopei["actual"] == 2999
    units = {u["unit"]: u["status"] for u in guopei["units"]}
    assert units == {"青山县": None, "白水县": "missing", "云岭市": "missing"}
    assert [c for _, c in _codes(out)] == ["rows_without_figures"]  # 白水县's row only


# ---- generated: look-alike keys, blank rows, rows above the header -------------------------

INVISIBLES = ["", "\u200b", "\ufeff", " ", "\u3000", "\x7f", "\ue000", "\u2060"]
FULL = str.maketrans(
    "0123456789ABCDEFGXabcdefgx", "０１２３４５６７８９ＡＢＣＤＥＦＧＸａｂｃｄｅｆｇｘ"
)


@st.composite
def spelling(draw: st.DrawFn, text: str) -> str:
    """``text`` as a clerk might type it again: full-width, another case, traditional
    characters, invisible characters around and inside."""
    if draw(st.booleans()):
        text = text.translate(FULL)
    if draw(st.booleans()):
        text = text.swapcase()
    text = text.replace("学", draw(st.sampled_from(["学", "學"])))
    cut = draw(st.integers(0, len(text)))
    inside = draw(st.sampled_from(INVISIBLES))
    return draw(st.sampled_from(INVISIBLES)) + text[:cut] + inside + text[cut:]


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    report_multiple_bugs=False,
)
@given(data=st.data(), above=st.booleans(), blanks=st.integers(0, 3))
def test_generated_look_alikes_blank_rows_and_rows_above_the_header(
    tmp_path: Path, data: st.DataObject, above: bool, blanks: int
) -> None:
    schools = ["第1中学", "第2中学", "实验学校"]
    ids = ["G00A", "G00B", "4401011990010112X"]
    lines = ["区县,学校,学籍号,失学辍学学生数"]
    if above:  # 白水县 with 2 dropouts, above the header: said, and 白水县 incomplete
        lines.insert(0, "白水县,,,2")
    rows = [(s, f"{i}{k}") for k, s in enumerate(schools) for i in ids]  # one id per student
    for school, sid in rows:
        lines.append(f"青山县,{school},{sid},1")
    again = data.draw(st.lists(st.sampled_from(rows), min_size=1, max_size=4))
    for school, sid in again:  # the same students, spelt another way: no new dropout
        lines.append(f"青山县,{data.draw(spelling(school))},{data.draw(spelling(sid))},1")
    lines += ["白水县,第1中学,G1,0"] + ["松林县,,,"] * blanks
    path = tmp_path / "data.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _json(path)
    # 3 schools x 3 ids = 9 students, one dropout each; repeats add none
    assert _unit(out, "dropouts-zero", "青山县")["actual"] == 9
    problems = out.json()["problems"]
    repeats = [p for p in problems if p["code"] == "duplicate_student"]
    assert len(repeats) == len(again)
    # 松林县 named only on blank rows: no submission, so known and not reported
    songlin = [u for u in out.result("dropouts-zero")["units"] if u["unit"] == "松林县"]
    assert [(u["actual"], u["status"]) for u in songlin] == ([(None, "missing")] * (blanks > 0))
    assert len([p for p in problems if p["code"] == "rows_without_figures"]) == (blanks > 0)
    shown = _unit(out, "dropouts-zero", "白水县")
    assert (shown["actual"], shown["status"]) == ((None, "missing") if above else (0, "pass"))
    assert [p["line"] for p in problems if p["code"] == "row_above_header"] == (
        [1] if above else []
    )


@pytest.mark.slow
def test_identity_blank_and_double_rows_read_alike_in_any_block_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    import plan_check.input.options as options

    data = csv_file(
        tmp_path,
        """2023年统计表
        河东区,,2
        区县,学校,失学辍学学生数,国培计划培训人数
        青山县,,,
        青山县,一中,0,10
        青山县,小计,0,10
        白水县,,1,5
        白水县,一中,0,4
        白水县,一中\u200b,0,4
        市直,,0,3
        松林县,,,
        市本级,,0,2
        青山县,第一中學,0,6
        青山县,第一中学,0,6
        河东区,一中,0,1""",
    )
    whole = _json(data).stdout
    assert "row_above_header" in whole and "rows_without_figures" in whole
    for block, piece in [(1, 1), (7, 5), (64, 7), (300, 17)]:
        sized = replace(options.DEFAULT, bytes=block, piece=piece)
        monkeypatch.setattr(options, "DEFAULT", sized)
        assert _json(data).stdout == whole, (block, piece)


@pytest.mark.parametrize("cell", ["\u200b", "\x7f", "\ue000\u3000"])
def test_a_unit_name_of_hidden_characters_only_is_a_problem_of_its_row(
    tmp_path: Path, cell: str
) -> None:
    data = csv_file(tmp_path, f"区县,国培计划培训人数\n青山县,10\n{cell},7")
    out = _json(data)
    assert out.exit_code == 1 and (3, "blank_unit") in _codes(out)
    assert out.result("guopei")["actual"] == 10  # the 7 belongs to no unit: said, not added
    assert [u["unit"] for u in out.result("guopei")["units"]] == ["青山县"]


def test_a_roster_written_in_another_spelling_names_the_same_units(tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    units.write_text("青山縣\n白水县\u200b\n云岭市\n", encoding="utf-8")
    data = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,1000\n白水县,900\n")
    out = run("validate", data, "--units", units, "-f", "json")
    # 青山縣 (traditional) and 白水县 with a zero-width space are the files' 青山县 and 白水县:
    # only 云岭市 is missing, and no row is off the roster
    assert out.json()["missing_units"] == ["云岭市"]
    assert [p["code"] for p in out.json()["problems"]] == []
