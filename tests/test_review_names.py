"""Findings of the review of one identity for names and headers (issue 26): a second school
column (學校 beside 学校, now one header) is said to be the same column twice, never an
unknown column; a unit's odd spellings are said once however the file is cut."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import ROOT, csv_file, run


def test_a_second_school_column_is_the_same_column_twice_not_an_unknown_one(
    tmp_path: Path,
) -> None:
    data = csv_file(tmp_path, "区县,學校,学校,国培计划培训人数\n县1,一中,A,1\n县1,二中,B,2\n")
    out = run("validate", data, "-t", ROOT / "targets.yaml", "-f", "json")
    found = {(p["code"], p["column"]) for p in out.json()["problems"]}
    assert ("duplicate_column", "学校") in found
    assert not any(code == "unknown_column" for code, _ in found)
    # the two school columns name other schools on each row (一中 or A?): whose row it is
    # cannot be told, so neither row is counted and 县1 has no figure (before the key
    # columns were compared, the first was read: 1 + 2 = 3)
    assert ("key_column_differs", "學校") in found
    assert out.result("guopei")["actual"] is None


def test_a_units_odd_spellings_are_said_once_however_the_file_is_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plan_check.input import options

    # 县2 written three ways (a word joiner, traditional 縣 with it): one unit, said once,
    # at its first odd spelling (line 2), whether the file is one block or many
    rows = ["县2\u2060,40", "縣2\u2060,30", "县2,20", "县2\u2060,10", "縣2\u2060,5"]
    data = csv_file(tmp_path, "区县,国培计划培训人数\n" + "\n".join(rows) + "\n")
    targets = ROOT / "targets.yaml"

    def said() -> list[tuple[str, int]]:
        out = run("validate", data, "-t", targets, "-f", "json")
        return [(p["code"], p["line"]) for p in out.json()["problems"]]

    whole = said()
    assert whole.count(("unit_invisible_chars", 2)) == 1
    assert [code for code, _ in whole].count("unit_invisible_chars") == 1
    for block in (8, 20, 40):
        monkeypatch.setattr(options, "DEFAULT", replace(options.DEFAULT, bytes=block, piece=3))
        assert said() == whole, block
