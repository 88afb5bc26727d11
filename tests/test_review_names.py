"""Findings of the review of one identity for names and headers (issue 26): a second school
column (學校 beside 学校, now one header) is said to be the same column twice, never an
unknown column."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, csv_file, run


def test_a_second_school_column_is_the_same_column_twice_not_an_unknown_one(
    tmp_path: Path,
) -> None:
    data = csv_file(tmp_path, "区县,學校,学校,国培计划培训人数\n县1,一中,A,1\n县1,二中,B,2\n")
    out = run("validate", data, "-t", ROOT / "targets.yaml", "-f", "json")
    found = {(p["code"], p["column"]) for p in out.json()["problems"]}
    assert ("duplicate_column", "学校") in found
    assert not any(code == "unknown_column" for code, _ in found)
    # the first school column is read: 一中 and 二中 of 县1, 1 + 2 people
    assert out.result("guopei")["actual"] == 3
