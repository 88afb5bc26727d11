"""--submission: one county's own file as its clerk sends it. The exit code is about the
data (0 clean and complete, 1 something to fix), never about the city's goals."""

from __future__ import annotations

import csv
import io
import shlex
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import ROOT, SAMPLES, run

ALL_MET = SAMPLES / "city-2023-all-met.csv"


def _county(tmp_path: Path, change: dict[str, str] | None = None, name: str = "qs.csv") -> Path:
    """青山县's own row of the all-met sample, as its clerk sends it (the 市直 columns
    blank, as a county leaves them), with ``change`` made to its cells."""
    rows = list(csv.reader(io.StringIO(ALL_MET.read_text(encoding="utf-8-sig"))))
    head, row = rows[0], next(r for r in rows if r[0] == "青山县")
    for column, value in (change or {}).items():
        row[head.index(column)] = value
    path = tmp_path / name
    if name.endswith(".xlsx"):
        book = openpyxl.Workbook()
        ws = book.active
        assert ws is not None
        ws.append(head)
        ws.append([int(v) if v.isdigit() else (v or None) for v in row])
        book.save(path)
    else:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([head, row])
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_a_clean_county_file_passes_though_the_city_goals_are_not_met(tmp_path: Path) -> None:
    data = _county(tmp_path)
    # without --submission, the county's file alone can never pass: the other units and
    # the city's own acts are 数据不全 (what the pre-commit hook used to do)
    assert run("validate", data, "-q").exit_code == 1
    out = run("validate", data, "--submission")
    assert out.exit_code == 0, out
    assert "数据齐全、无误" in out.stdout
    # its own each-unit goals are shown: 送教 720 / 720 = 100.00%
    assert "送教上门每次不少于 2 学时: 720 / 720 = 100.00% — ✔ 达标" in out.stdout
    assert "名师扶百校" not in out.stdout  # the city's own act is not asked of a county
    assert "白水县" not in out.stdout  # nor the other units


def test_a_bad_cell_is_named_with_its_place_and_what_is_accepted(tmp_path: Path) -> None:
    data = _county(tmp_path, {"国培计划培训人数": "18.5"})
    out = run("validate", data, "--submission")
    assert out.exit_code == 1
    assert f"{data} 第 2 行 国培计划培训人数 “18.5”: 人数、个数须为整数" in out.stdout
    assert "非负整数" in out.stdout  # what is accepted
    assert "有 1 处需修改或补填" in out.stdout


def test_a_blank_required_cell_is_named(tmp_path: Path) -> None:
    data = _county(tmp_path, {"失学辍学学生数": ""})
    out = run("validate", data, "--submission", "-f", "json")
    assert out.exit_code == 1
    doc = out.json()
    assert doc["exit_code"] == 1
    (unit,) = doc["units"]
    assert unit["unit"] == "青山县"
    (blank,) = unit["problems"]
    assert (blank["code"], blank["line"], blank["column"]) == ("cell_blank", 2, "失学辍学学生数")
    assert blank["severity"] == "error"
    assert (
        "失学辍学学生数" in unit["must_fill"]
        and "名师扶百校帮扶工程已实施" not in unit["must_fill"]
    )
    goals = {g["id"]: g["status"] for g in unit["goals"]}
    assert goals["dropouts-zero"] == "missing" and goals["songjiao-hours"] == "pass"


def test_a_blank_cell_of_a_workbook_is_named_by_its_cell(tmp_path: Path) -> None:
    data = _county(tmp_path, {"失学辍学学生数": ""}, name="qs.xlsx")
    out = run("validate", data, "--submission", "-f", "json")
    assert out.exit_code == 1
    (blank,) = out.json()["units"][0]["problems"]
    # the cell is where the sheet holds it: the header's n-th column (1-based), in letters
    # as Excel names it (1 → A, 26 → Z, 27 → AA: base 26 with no zero), on row 2
    head = next(csv.reader(io.StringIO(ALL_MET.read_text(encoding="utf-8-sig"))))
    n, letters = head.index("失学辍学学生数") + 1, ""
    while n:
        n, digit = divmod(n - 1, 26)
        letters = chr(ord("A") + digit) + letters
    assert blank["cell"] == f"{letters}2" and blank["column"] == "失学辍学学生数"


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(_county(tmp_path).read_text(encoding="utf-8"))))
    drop = rows[0].index("失学辍学学生数")
    data = tmp_path / "short.csv"
    data.write_text(
        "\n".join(",".join(r[:drop] + r[drop + 1 :]) for r in rows) + "\n", encoding="utf-8"
    )
    out = run("validate", data, "--submission")
    assert out.exit_code == 1
    assert "未填报 失学辍学学生数" in out.stdout


def test_the_city_row_alone_is_asked_for_the_city_acts(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(ALL_MET.read_text(encoding="utf-8-sig"))))
    head, city = rows[0], next(r for r in rows if r[0] == "市直")
    city[head.index("名师扶百校帮扶工程已实施")] = ""
    data = tmp_path / "city.csv"
    data.write_text(",".join(head) + "\n" + ",".join(city) + "\n", encoding="utf-8")
    out = run("validate", data, "--submission", "--lang", "en")
    assert out.exit_code == 1
    assert "名师扶百校帮扶工程已实施" in out.stdout and "must fill this cell" in out.stdout


def test_submission_prints_only_table_or_json(tmp_path: Path) -> None:
    out = run("validate", _county(tmp_path), "--submission", "-f", "html")
    assert out.exit_code == 2 and "--submission" in out.stderr


def test_the_pre_commit_hook_and_the_county_ci_recipe_use_it() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert "--submission" in hook["entry"]
    recipe = (ROOT / "examples" / "ci" / "county-submission.yml").read_text(encoding="utf-8")
    assert "plan-check validate" in recipe and "--submission" in recipe


def test_the_county_ci_recipe_goes_red_on_a_blank_cell_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = yaml.safe_load((ROOT / "examples" / "ci" / "county-submission.yml").read_text("utf-8"))
    steps = doc["jobs"]["check"]["steps"]
    [command] = [
        shlex.split(s["run"])[1:] for s in steps if s.get("run", "").startswith("plan-check")
    ]
    folder = tmp_path / "submission"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    # the county's repository holds the bureau's targets file, as the recipe expects (and a
    # stray targets.yaml in a folder above is never the one used)
    shutil.copyfile(ROOT / "targets.yaml", tmp_path / "targets.yaml")
    _county(folder)
    assert run(*command).exit_code == 0  # clean and complete: green
    _county(folder, {"失学辍学学生数": ""})
    out = run(*command)
    assert out.exit_code == 1  # a blank required cell: red, and listed for the clerk
    problems = (tmp_path / "problems.csv").read_text(encoding="utf-8-sig")
    assert "cell_blank" in problems and "失学辍学学生数" in problems


def test_quiet_prints_the_verdict_alone(tmp_path: Path) -> None:
    out = run("validate", _county(tmp_path), "--submission", "-q")
    assert (out.exit_code, out.stdout) == (0, "数据齐全、无误,可以报送\n")
