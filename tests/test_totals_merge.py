"""The merge of blocks into one submission (TOTALS slice, issue 26): repeated rows
confirmed by their key text across blocks, whatever the hashes, and the repeats past a
file's listing limit counted by kind at their first line. Figures worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from conftest import csv_file, run

# 一中 of 县1 sent again typed with a zero-width space (line 5), 二中 of 县2 again (line 6)
ROWS = "县1,一中,1\n县2,二中,2\n县1,三中,4\n县1,一中\u200b,8\n县2,二中,16\n"
DATA = "区县,学校,国培计划培训人数\n" + ROWS


def _sized(monkeypatch: pytest.MonkeyPatch, limit: int | None = None) -> None:
    """Blocks of about a row; ``limit`` problems listed a file (else the default)."""
    import plan_check.input.options as options

    sized = replace(options.DEFAULT, bytes=20, piece=16)
    sized = sized if limit is None else replace(sized, max_problems=limit)
    monkeypatch.setattr(options, "DEFAULT", sized)


def _report(path: Path) -> dict[str, Any]:
    out = run("validate", path, "-f", "json")
    assert out.exit_code == 1, out
    report: dict[str, Any] = out.json()
    return report


@pytest.mark.parametrize("collide", [False, True], ids=["hashes apart", "hashes alike"])
def test_a_repeat_typed_otherwise_blocks_away_is_shown_as_typed_and_not_summed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collide: bool
) -> None:
    import plan_check.input.records as records

    path = csv_file(tmp_path, DATA)
    _sized(monkeypatch)
    if collide:  # every key hashed alike: each block's guess checked by the key texts
        monkeypatch.setattr(records, "hash_strings", lambda a: np.zeros(len(a), dtype=np.uint64))
    report = _report(path)
    problems = [(p["line"], p["code"]) for p in report["problems"]]
    assert problems == [(5, "duplicate_school"), (6, "duplicate_school")]
    assert "一中\\u200b" in report["problems"][0]["message"]  # as typed, made visible
    assert f"{path}:2" in report["problems"][0]["message"]  # the row it repeats
    assert f"{path}:3" in report["problems"][1]["message"]
    guopei = next(r for r in report["results"] if r["id"] == "guopei")["actual"]
    assert guopei == 1 + 2 + 4  # = 7: the repeats' 8 and 16 not summed


def test_repeats_past_the_listing_limit_are_counted_at_their_first_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 一中 five times: the four repeats are lines 3 to 6; one problem listed, the other
    # three counted once, at line 4 (the first not listed)
    path = csv_file(tmp_path, "区县,学校,国培计划培训人数\n" + "县1,一中,1\n" * 5)
    _sized(monkeypatch, limit=1)
    report = _report(path)
    listed = [(p["line"], p["code"]) for p in report["problems"]]
    assert listed == [(3, "duplicate_school"), (4, "more_problems_unlisted")]
    assert (report["problems"][1]["of"], report["problems"][1]["count"]) == ("duplicate_school", 3)
