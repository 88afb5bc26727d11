"""Repeated rows confirmed and named with one more read of the blocks that hold them (issue
26, point 1): that read compares the rows' keys and sums each block without its repeats;
a block is read once more only where hashes that collide made its guess wrong. Whatever
the hashes, a repeat is a row whose key text an earlier row has, never another."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from conftest import csv_file, run


def _small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    import plan_check.input.options as options

    monkeypatch.setattr(options, "DEFAULT", replace(options.DEFAULT, bytes=40, piece=16))


def _report(path: Path) -> dict[str, Any]:
    out = run("validate", path, "-f", "json")
    assert out.exit_code == 1, out
    report: dict[str, Any] = out.json()
    return report


def _guopei(report: dict[str, Any]) -> Any:
    return next(r for r in report["results"] if r["id"] == "guopei")["actual"]


def _reads(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, int]]:
    """How often each block is read (by its first line), counted as the rows are read."""
    import plan_check.input.records as records

    counts: Counter[tuple[str, int]] = Counter()
    real = records.read_partial

    def counted(f: Any, *args: Any, **kwargs: Any) -> Any:
        part = real(f, *args, **kwargs)
        first = min(part.first_lines, default=0)
        counts[(part.path, first)] += 1
        return part

    monkeypatch.setattr(records, "read_partial", counted)
    return counts


# 20 schools of 4 units, then 一中 of 县1 (line 3) and 学校7 of 县3 (line 9) again, blocks
# away, and 学校7 of 县3 a third time, typed with a zero-width space
ROWS = "".join(f"县{i % 4},学校{i},{i}\n" for i in range(20))
DATA = "区县,学校,国培计划培训人数\n" + ROWS + "县1,学校1,100\n县3,学校7,200\n县3,学校7\u200b,300\n"


def test_repeats_in_later_blocks_are_found_with_one_more_read_of_each_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = csv_file(tmp_path, DATA)
    _small_blocks(monkeypatch)
    reads = _reads(monkeypatch)
    report = _report(path)
    repeats = [(p["line"], p["code"]) for p in report["problems"]]
    assert repeats == [(22, "duplicate_school"), (23, "duplicate_school"), (24, "duplicate_school")]
    assert f"{path}:3" in json.dumps(report["problems"][0], ensure_ascii=False)  # 学校1 at line 3
    assert f"{path}:9" in json.dumps(report["problems"][1], ensure_ascii=False)  # 学校7 at line 9
    assert "学校7\\u200b" in report["problems"][2]["message"]  # as typed, made visible
    assert _guopei(report) == sum(range(20))  # 0 + … + 19 = 190; 100, 200, 300 not
    # every block read once; those holding the rows whose keys met (学校1, 学校7 and their
    # repeats) once more, summed then without the repeats: never a third time
    assert len(reads) > 5 and max(reads.values()) == 2, reads


def test_colliding_hashes_across_blocks_cost_a_second_look_never_a_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every key hashed alike, as a file made to collide would have it: each block's guess
    (its rows that repeat its own first one) is wrong but in the first block, and the
    blocks are read once more; the report is the honest one."""
    import plan_check.input.records as records

    path = csv_file(tmp_path, DATA)
    _small_blocks(monkeypatch)
    honest = _report(path)
    monkeypatch.setattr(records, "hash_strings", lambda a: np.zeros(len(a), dtype=np.uint64))
    reads = _reads(monkeypatch)
    assert _report(path) == honest
    assert max(reads.values()) == 3, reads  # the guess, then the repeats known


def test_one_colliding_group_whose_texts_repeat_in_other_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two schools hashed alike, each sent twice in blocks of their own: a repeat of the
    second school is its repeat, not the first school's."""
    import plan_check.input.records as records

    body = "".join(f"县0,学校{i},{i}\n" for i in range(6))
    data = "区县,学校,国培计划培训人数\n" + body + "县0,学校3,30\n县0,学校0,10\n县0,学校3,31\n"
    path = csv_file(tmp_path, data)
    _small_blocks(monkeypatch)
    honest = _report(path)
    # 0 + 1 + … + 5 = 15: the three rows at the end repeat 学校3, 学校0, 学校3
    assert _guopei(honest) == 15
    assert [p["line"] for p in honest["problems"]] == [8, 9, 10]
    monkeypatch.setattr(records, "hash_strings", lambda a: np.zeros(len(a), dtype=np.uint64))
    assert _report(path) == honest


@pytest.mark.parametrize("kept", [True, False], ids=["sheets kept", "sheets read again"])
def test_colliding_hashes_across_sheets_give_the_honest_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: bool
) -> None:
    """A workbook's sheets are its blocks: every key hashed alike, each sheet's guess is
    checked against the first sheet's texts, and the sheets it got wrong read again."""
    import plan_check.input.records as records
    import plan_check.input.workbook as workbook
    from test_workbook_reader import HEADER, _book

    if not kept:
        monkeypatch.setattr(workbook, "KEEP_BYTES", 0)
    first: list[list[Any]] = [HEADER, *[["青山县", f"学校{i}", i] for i in range(1, 6)]]
    path = _book(
        tmp_path / "three.xlsx",
        {"甲": first, "乙": [HEADER, ["白水县", "一中", 50], first[2]], "丙": [HEADER, first[4]]},
    )
    honest = run("validate", path, "-f", "json")
    # 1 + 2 + 3 + 4 + 5 = 15 and 50; 乙's 学校2 and 丙's 学校4 repeat 甲's
    assert honest.result("guopei")["actual"] == 15 + 50
    assert [p["cell"] for p in honest.json()["problems"]] == ["A3", "A2"]
    monkeypatch.setattr(records, "hash_strings", lambda a: np.zeros(len(a), dtype=np.uint64))
    assert run("validate", path, "-f", "json").stdout == honest.stdout
