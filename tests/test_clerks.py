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
    assert out.exit_code == 1 and "松林县" in out.stdout.splitlines()[3]  # said at the top


@pytest.mark.parametrize("spelling", ["青山縣", "青山县\u200b", "ＱＳ县"])
def test_one_unit_written_two_ways_is_pointed_out_without_a_roster(
    tmp_path: Path, spelling: str
) -> None:
    first = "ＱＳ县" if spelling == "ＱＳ县" else "青山县"
    other = "QS县" if spelling == "ＱＳ县" else spelling
    data = csv_file(tmp_path, f"区县,国培计划培训人数\n{first},10\n白水县,5\n{other},7")
    out = run("validate", data, "-f", "json")
    [warning] = [p for p in out.json()["problems"] if p["code"] == "unit_written_twice"]
    assert warning["line"] == 4 and warning["severity"] == "warning"
    assert out.json()["roster"] is None


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
