"""The reader re-cut (issue 26, the input slice): read options carried as one object,
the UTF-8 check a piece at a time, and repeated rows past the problem limit counted
without a problem built for each."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conftest import csv_file, run


def _options(monkeypatch: pytest.MonkeyPatch, **sizes: Any) -> None:
    import plan_check.input.options as options

    monkeypatch.setattr(options, "DEFAULT", replace(options.DEFAULT, **sizes))


def test_repeated_rows_past_the_limit_are_counted_from_the_first_one_not_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """31 rows of 青山县's 一中 (lines 2-32, one typed with a zero-width space, which folds
    to the same school) and 10 of 白水县's 二中 (lines 33-42): 30 + 9 = 39 repeated rows.
    With 5 listed, the first five (lines 3-7) are named one by one and the other 34 are
    counted from line 8 on; each school is summed once: 5 + 1 = 6."""
    _options(monkeypatch, max_problems=5)
    rows = ["青山县,一中,5"] * 31 + ["白水县,二中,1"] * 10
    rows[17] = "青山县,一中\u200b,5"  # line 19: the same school, typed otherwise
    path = csv_file(tmp_path, "区县,学校,国培计划培训人数\n" + "\n".join(rows))
    out = run("validate", path, "-f", "json")
    problems = out.json()["problems"]
    listed = [(p["line"], p["code"]) for p in problems if p["code"] != "more_problems_unlisted"]
    assert listed == [(line, "duplicate_school") for line in range(3, 8)]
    [counted] = [p for p in problems if p["code"] == "more_problems_unlisted"]
    assert (counted["of"], counted["count"], counted["line"]) == ("duplicate_school", 34, 8)
    assert out.result("guopei")["actual"] == 6


def test_the_listed_repeats_do_not_depend_on_the_limit_being_reached_midway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cell problems late in the file and repeats early: the five listed are the first
    five in file order, whichever were found first. Lines 2-4: 一中 three times (repeats
    at 3 and 4); lines 5-9: a bad figure each. Listed: 3, 4 (repeats), 5, 6, 7 (bad
    figures); counted: the bad figures of lines 8 and 9."""
    _options(monkeypatch, max_problems=5)
    rows = ["青山县,一中,5"] * 3 + [f"白水县,学校{i},坏" for i in range(5)]
    path = csv_file(tmp_path, "区县,学校,国培计划培训人数\n" + "\n".join(rows))
    problems = run("validate", path, "-f", "json").json()["problems"]
    listed = [p["line"] for p in problems if p["code"] != "more_problems_unlisted"]
    assert listed == [3, 4, 5, 6, 7]
    [counted] = [p for p in problems if p["code"] == "more_problems_unlisted"]
    assert (counted["count"], counted["line"]) == (2, 8)


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize("piece", [1, 2, 3, 5, 7])
def test_a_character_cut_between_pieces_is_valid_utf8_and_a_bad_byte_is_found_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    """The UTF-8 check reads a piece at a time: a character of 2, 3 or 4 bytes cut
    between pieces is still one character, and a byte that is no UTF-8 (nor GB18030) is
    located at the same line whatever the piece size."""
    good = csv_file(tmp_path, "区县,国培计划培训人数,备注\n青山县,5,é中𝄞\n白水县,7,ü\n", "good.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes("区县,国培计划培训人数\n青山县,5\n".encode() + b"\xe4\xb8\xff,7\n")
    whole_good = run("validate", good, "-f", "json").stdout
    whole_bad = run("validate", bad, "--lang", "en")
    _options(monkeypatch, piece=piece)
    again = run("validate", good, "-f", "json")
    assert again.stdout == whole_good
    assert again.json()["files"][0]["encoding"] == "UTF-8"
    assert again.result("guopei")["actual"] == 12  # 5 + 7
    refused = run("validate", bad, "--lang", "en")
    assert refused.exit_code == whole_bad.exit_code == 2
    # the bytes quoted after it are as many as the piece holds (e4 b8 ff, then 2c)
    place = "bad.csv line 3, byte 1: cannot be decoded as UTF-8 or GB18030 (bytes e4 b8 ff"
    assert place in whole_bad.stderr and place in refused.stderr


CELLS = [
    "", " ", "0", "7", "00012", "123456789012345", "1234567890123456", "3,000", "12,345",
    "1,234,567", "12,34", "1,2345", "3,000.5", "0.5", "0.25", "1.0", "1.5", "12.3456789",
    "0.0012万", "１２", " 12 ", "12人", "12个", "-3", "+4", "1e3", "abc", "/", "无", "是", "否",
    "Y", "n", "96.5%", "0", "#N/A", "12.", ".5", "3 000", "٣",
]  # fmt: skip


@pytest.mark.parametrize("kind", ["int", "float", "rate", "bool"])
@pytest.mark.parametrize("seed", range(3))
def test_a_column_reads_as_its_cells_one_by_one(kind: str, seed: int) -> None:
    """The vectorised reading of a column (a plain cast, then thousands, then the parser
    for the rest) gives every cell the value, state and refusal the clerk's-habit parser
    gives it alone, in any mix and order."""
    import random

    import pyarrow as pa

    from plan_check.dictionary import Metric
    from plan_check.input.columns import read_cell, read_column

    unit = {"int": "人", "float": "万元", "rate": "", "bool": ""}[kind]
    metric = Metric(id="m", header="指标", type=kind, unit=unit, item=16)
    cells = random.Random(seed).choices(CELLS, k=200)
    column = read_column(pa.chunked_array([pa.array(cells[:77]), pa.array(cells[77:])]), metric)
    refused = dict(column.refused)
    for row, text in enumerate(cells):
        value, state, error = read_cell(text, metric)
        assert (column.values[row], column.states[row], refused.get(row)) == (
            value,
            state,
            error,
        ), (row, text)


def _past_the_head(tail: bytes) -> bytes:
    """A file whose first MiB is plain ASCII rows: 40,000 schools of unit A, 5 each
    (lines 2-40001), then ``tail``."""
    rows = b"".join(b"A,s%d,5\n" % i for i in range(40_000))
    return b"county,school,guopei_trained\n" + rows + tail


def test_a_file_utf8_in_its_first_mib_and_gb18030_further_on_is_read_as_gb18030(
    tmp_path: Path,
) -> None:
    """The UTF-8 check rides the pass that cuts the file when its first MiB is UTF-8; a
    GB18030 byte further on sends it the careful way: the file is GB18030 and 青山县's row
    is read as 青山县 (40,000 rows of 5, then 7: 200,007)."""
    path = tmp_path / "late.csv"
    path.write_bytes(_past_the_head("青山县,一中,7\n".encode("gb18030")))
    out = run("validate", path, "-f", "json")
    assert out.json()["files"][0]["encoding"] == "GB18030"
    assert "青山县" in out.json()["units"]
    assert out.result("guopei")["actual"] == 200_007


@pytest.mark.parametrize(
    ("tail", "said"),
    [
        (b"B,s,\xff7\n", "line 40002, byte 5: cannot be decoded"),
        (b"B,s,7\x00\n", "line 40002"),
    ],
)
def test_a_bad_byte_or_a_nul_past_the_first_mib_is_said_at_its_line(
    tmp_path: Path, tail: bytes, said: str
) -> None:
    """A byte no encoding reads, or a NUL, past the first MiB of a file that starts as
    UTF-8: refused at its line (the header is line 1, the 40,000 rows lines 2-40001)."""
    path = tmp_path / "late.csv"
    path.write_bytes(_past_the_head(tail))
    out = run("validate", path, "--lang", "en")
    assert out.exit_code == 2 and said in out.stderr


def test_one_messy_text_in_columns_of_two_units_is_read_in_each_columns_unit(
    tmp_path: Path,
) -> None:
    # the parser's answers are remembered per column type and unit word: "300人" is 300
    # people in the 人 column and refused in the 个 (seats) column, in one block
    data = csv_file(
        tmp_path,
        """
        区县,国培计划培训人数,新增中职学位数
        青山县,300人,300人
        白水县,5,7
        """,
    )
    out = run("validate", data, "-f", "json")
    assert out.result("guopei")["actual"] == 300 + 5
    refused = [(p["line"], p["column"], p["value"]) for p in out.json()["problems"]]
    assert refused == [(2, "新增中职学位数", "300人")]
