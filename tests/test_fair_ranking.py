"""A 排名 that can be published (issue 22): units that sent nothing are listed, never
ranked; 一票否决; the city's own row judged on the bureau's own acts. By hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import ROOT, SAMPLES, csv_file, run


def _ranking(out: Any) -> dict[str, dict[str, Any]]:
    return {s["unit"]: s for s in out.json()["ranking"]}


def test_a_unit_that_sent_nothing_is_listed_as_not_sent_never_ranked(tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    units.write_text("青山县\n白水县\n松林县\n", encoding="utf-8")
    data = csv_file(tmp_path, "区县,失学辍学学生数\n青山县,0\n白水县,1\n")
    out = run("validate", data, "--units", units, "-f", "json")
    lines = _ranking(out)
    # 青山县 1/1 met, 白水县 0/1 (a dropout): ranks 1 and 2; 松林县 sent nothing
    assert (lines["青山县"]["rank"], lines["白水县"]["rank"]) == (1, 2)
    assert lines["松林县"]["rank"] is None and lines["松林县"]["sent"] is False
    table = run("validate", data, "--units", units, env={"COLUMNS": "120"}).stdout
    assert any("松林县" in line and "未报送" in line for line in table.splitlines())


def test_a_vetoed_goal_missed_ranks_below_every_unit_that_met_it(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,失学辍学学生数,送教上门学生数,每月送教不少于2次的学生数,已落实一人一案的送教学生数
        青山县,1,10,10,10
        白水县,0,10,9,9
        """,
    )
    # 青山县: a dropout, both home-teaching rates 10/10: 2 of 3 met (66.7%);
    # 白水县: no dropout, 9/10 twice: 1 of 3 met (33.3%)
    shipped = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    plain = tmp_path / "plain.yaml"
    plain.write_text(shipped.replace("ranking:\n  veto: [dropouts-zero]\n", ""), "utf-8")
    without = _ranking(run("validate", data, "--targets", plain, "-f", "json"))
    assert (without["青山县"]["rank"], without["白水县"]["rank"]) == (1, 2)
    # the shipped targets veto 控辍保学: 青山县 ranks below every unit without a dropout
    lines = _ranking(run("validate", data, "-f", "json"))
    assert lines["青山县"]["vetoed"] == ["dropouts-zero"] and lines["白水县"]["vetoed"] == []
    assert (lines["白水县"]["rank"], lines["青山县"]["rank"]) == (1, 2)
    table = run("validate", data, env={"COLUMNS": "120"}).stdout
    assert "一票否决" in table


def test_a_veto_naming_no_goal_is_refused_at_its_line(tmp_path: Path) -> None:
    shipped = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(shipped.replace("veto: [dropouts-zero]", "veto: [dropout-zero]"), "utf-8")
    out = run("lint", bad)
    assert out.exit_code == 2 and "一票否决的目标 dropout-zero 不在本文件" in out.stderr


def test_the_city_row_is_not_green_while_the_bureaus_own_acts_are_missed() -> None:
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "-f", "json")
    city = _ranking(out)["市直"]
    # the mixed sample's 市直 row answers 否 to 示范校 (demo-bases): 18 of 19 judged goals
    # (15 acts, and screening, pay, dropouts and data leaks, which bind every unit) are
    # met, and its alert is red, never 100% green
    assert (city["met"], city["judged"], city["alert"]) == (18, 19, "red")
    assert city["rank"] is None  # listed, not ranked, unless the targets rank the city


def test_a_veto_goal_left_blank_is_no_escape(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,失学辍学学生数,送教上门学生数,每月送教不少于2次的学生数,已落实一人一案的送教学生数
        青山县,,10,10,10
        白水县,0,10,9,9
        """,
    )
    lines = _ranking(run("validate", data, "-f", "json"))
    # 青山县 left its dropouts blank: it cannot rank above 白水县, which reported none
    assert lines["青山县"]["vetoed"] == ["dropouts-zero"]
    assert (lines["白水县"]["rank"], lines["青山县"]["rank"]) == (1, 2)


def test_a_unit_that_sent_nothing_shows_no_score(tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    units.write_text("青山县\n松林县\n", encoding="utf-8")
    data = csv_file(tmp_path, "区县,失学辍学学生数\n青山县,0\n")
    table = run("validate", data, "--units", units, env={"COLUMNS": "120"}).stdout
    line = next(x for x in table.splitlines() if "未报送" in x and "松林县" in x)
    assert "0/1" not in line and "0.0%" not in line  # nothing judged: no made-up score
