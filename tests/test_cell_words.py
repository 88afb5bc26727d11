"""What a clerk's words mean in a cell: 无 / 没有 in a count column is 0 (issue 22, item 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import csv_file, run


def _dropouts(tmp_path: Path, city_cell: str) -> dict[str, Any]:
    data = csv_file(
        tmp_path,
        f"""
        区县,失学辍学学生数,示范校和培训基地已评选
        青山县,0,
        市直,{city_cell},无
        """,
    )
    return run("validate", data, "--format", "json").result("dropouts-zero")


def test_none_in_a_count_column_is_zero_dropouts(tmp_path: Path) -> None:
    for word in ("无", "没有", " 无 "):
        result = _dropouts(tmp_path, word)
        # 青山县 0 + 市直 0 (无): both units report 0 dropouts, so the goal is met
        assert result["status"] == "pass", (word, result)
        units = {u["unit"]: u for u in result["units"]}
        assert units["市直"]["status"] == "pass" and units["市直"]["actual"] == 0


def test_a_slash_in_the_dropouts_column_is_still_not_reported(tmp_path: Path) -> None:
    result = _dropouts(tmp_path, "/")
    assert result["status"] == "incomplete"  # the goal binds every unit: / is no answer


def test_none_in_a_yes_no_column_stays_not_applicable(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,示范校和培训基地已评选
        市直,无
        """,
    )
    out = run("validate", data, "--format", "json")
    codes = {p["code"] for p in out.json()["problems"]}
    assert "cell_not_bool" not in codes  # 无 is read, as "not applicable", not refused


def test_nobody_answering_a_counties_goal_is_incomplete_not_no(tmp_path: Path) -> None:
    """强师工程试点县 (a counties goal): no county answered and 市直 wrote 是 (issue 22, 3)."""
    data = csv_file(
        tmp_path,
        """
        区县,新增强师工程省级试点县,国培计划培训人数
        青山县,,100
        白水县,,200
        市直,是,
        """,
    )
    out = run("validate", data, "--format", "json")
    result = out.result("qiangshi-pilot")
    assert result["status"] == "incomplete" and result["actual"] is None
    assert result["reasons"] == ["没有县(市、区)填报;市直不计"]
    en = run("validate", data, "--format", "json", "--lang", "en").result("qiangshi-pilot")
    assert en["reasons"] == ["none of the counties answered; the 市直 row does not count"]


def test_a_county_answering_no_is_still_a_miss(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        """
        区县,新增强师工程省级试点县
        青山县,否
        白水县,
        市直,是
        """,
    )
    result = run("validate", data, "--format", "json").result("qiangshi-pilot")
    assert result["status"] == "fail"  # 青山县 answered 否; 0 counties < 1
    assert result["reasons"] == ["没有县(市、区)填报“是”"]  # 市直's 是 is not a county's
