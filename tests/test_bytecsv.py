"""The byte-level reader (bytecsv) must read every file exactly as the general reader does:
same figures, same problems, same lines. It only decides which path is fast."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run
from plan_check import bytecsv

HEADER = [
    "区县",
    "学校",
    "新增强师工程省级试点县",  # bool
    "国培计划培训人数",  # int, 人
    "项目资金下达数",  # float, 万元
    "九年义务教育巩固率",  # rate
    "备注",  # not a metric
    "填报日期",  # the report date
    "",  # a column without a header: reported only when it holds data
]
CELLS = [
    "0", "7", "07", "007", "42", "999", "1000", "12345678", "123456789",
    "123456789012345", "1234567890123456", "0.5", "10.", ".5", "1.25", "3,000", "0.3万",
    "３０", "12人", "300个", "96.5%", "1", "2", "", " ", "　", " 15 ", "/", "无", "是", "否",
    "abc", ":", "/1", "9a", "-3", "1e3",
]  # fmt: skip
DATES = ["2023-06-30", "2023/6/30", " 2023-06-30 ", "2023年12月31日", "", "abc", "2023-02-30"]
NAMES = ["青山县", "白水县", " 青山县", "青山县　", "", "合计", "市直"]
SCHOOLS = ["", "一中", "一中 ", "　一中", "二中", "学校\u00a0", "学校"]


def _validate(path: Path, byte_path: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    import plan_check.reading as reading

    monkeypatch.setattr(reading, "BYTE_PATH", byte_path)
    monkeypatch.setattr(reading, "CHUNK_ROWS", 3)  # many blocks, and fallbacks mid-file
    out = run("validate", path, "-f", "json")
    if out.exit_code == 2:  # cannot run: the message is the result
        return {"exit_code": 2, "stderr": out.stderr}
    doc = out.json()
    doc["exit_code"] = out.exit_code
    return doc  # type: ignore[no-any-return]


def _same_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    fast = _validate(path, True, monkeypatch)
    general = _validate(path, False, monkeypatch)
    assert json.dumps(fast, ensure_ascii=False, indent=1) == json.dumps(
        general, ensure_ascii=False, indent=1
    )
    return fast


rows = st.lists(
    st.tuples(
        st.sampled_from(NAMES),
        st.sampled_from(SCHOOLS),
        *[st.sampled_from(CELLS) for _ in HEADER[2:-2]],
        st.sampled_from(DATES),
        st.sampled_from(["", " ", "x"]),
    ),
    max_size=12,
)


@settings(
    max_examples=int(os.environ.get("PLAN_CHECK_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rows=rows,
    newline=st.sampled_from(["\n", "\r\n"]),
    final=st.booleans(),
    extra=st.sampled_from(["", "blank line", "ragged", "quoted", "lone CR", "short"]),
    at=st.integers(0, 11),
    above=st.sampled_from(["", "\ufeff", "2023年目标汇总表\n", "\ufeff标题,,\n\n"]),
    table=st.booleans(),
)
def test_the_byte_path_reads_like_the_general_reader(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[tuple[str, ...]],
    newline: str,
    final: bool,
    extra: str,
    at: int,
    above: str,
    table: bool,
) -> None:
    monkeypatch.setattr(bytecsv, "TABLE_BYTES", 0 if table else 2**62)  # both conversions
    lines = [above + ",".join(HEADER), *(",".join(r) for r in rows)]
    at = 1 + at % len(rows) if rows else 0  # a data line (or the header, without rows)
    if extra == "blank line":
        lines.insert(at, "")
    elif extra == "ragged":
        lines[at] += ",9"
    elif extra == "quoted":
        lines[at] = lines[at].replace(",", ',"', 1) + '"' if "," in lines[at] else lines[at]
    elif extra == "lone CR":
        lines[at] += "\r"
    elif extra == "short":
        lines[at] = lines[at].rsplit(",", 1)[0]
    path = tmp_path / "data.csv"
    path.write_bytes((newline.join(lines) + (newline if final else "")).encode("utf-8"))
    _same_both_ways(path, monkeypatch)


def test_gb18030_files_take_the_byte_path_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "区县,学校,国培计划培训人数\r\n青山县,一中,12\r\n白水县,二中,3,000\r\n白水县,三中,0.1万\r\n"
    )
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.replace("3,000", '"3,000"').encode("gb18030"))
    doc = _same_both_ways(path, monkeypatch)
    guopei = next(r for r in doc["results"] if r["id"] == "guopei")  # type: ignore[attr-defined]
    assert guopei["actual"] == 12 + 3000 + 1000


def test_a_fallback_mid_file_keeps_exact_line_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = [f"县{i},{i}" for i in range(20)]
    body[9] = '县9,"9"'  # a quote: from this block on, the general reader
    body[14] = "县14,x14"
    path = tmp_path / "data.csv"
    path.write_text("区县,国培计划培训人数\n" + "\n".join(body) + "\n", encoding="utf-8")
    doc = _same_both_ways(path, monkeypatch)
    [problem] = doc["problems"]  # type: ignore[misc]
    assert (problem["line"], problem["value"]) == (16, "x14")


@pytest.mark.parametrize("size", range(1, 9))
def test_digit_cells_of_every_length_read_exactly(size: int) -> None:
    rng = np.random.default_rng(size)
    numbers = [int(n) for n in rng.integers(0, 10**size, 200)]
    written = [str(n).zfill(size) for n in numbers]  # leading zeros too: 007
    refused = ["", "1" * 9, "12a"[:size] + "x", ":" * size, "/" * size, "1 " * (size // 2)]
    cells = written + refused
    data = ("\n".join(f"x,{c}" for c in cells) + "\n").encode()
    [chunk] = list(bytecsv.iter_blocks(data, 0, 1, 2, 10_000, bytecsv.Blocks(0, 0)))
    for table in (False, True):  # small files convert by SWAR, big ones by the table
        chunk.table = table
        values, clean, blank = chunk.digits(1)
        assert values[: len(numbers)].tolist() == numbers
        assert clean.tolist() == [True] * len(numbers) + [False] * len(refused)
        assert blank.tolist() == [c == "" for c in cells]


def test_a_first_row_wider_than_the_header_is_refused_not_shifted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pandas alone would take 青山县 as an index and read 3 as the figure (or drop 000)
    path = tmp_path / "data.csv"
    path.write_text("区县,国培计划培训人数\n青山县,3,000\n白水县,12\n", encoding="utf-8")
    doc = _same_both_ways(path, monkeypatch)
    [problem] = doc["problems"]  # type: ignore[misc]
    assert problem["line"] == 2 and "3" in problem["message"]
    guopei = next(r for r in doc["results"] if r["id"] == "guopei")  # type: ignore[attr-defined]
    assert guopei["actual"] == 12 + 3  # the row's own cells, read left to right


def _big_rows(count: int) -> list[str]:
    return [f"县{i % 13},学校{i},{i % 50},这一格只是为了让文件大过四兆字节" for i in range(count)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_big_files_in_every_encoding_give_the_same_figures(tmp_path: Path, encoding: str) -> None:
    rows = _big_rows(90_000)  # more than the 4 MB read as text to find the header
    path = tmp_path / "big.csv"
    path.write_bytes(("区县,学校,国培计划培训人数,备注\n" + "\n".join(rows)).encode(encoding))
    assert path.stat().st_size > 4_000_000
    out = run("validate", path, "-f", "json")
    assert out.result("guopei")["actual"] == sum(i % 50 for i in range(90_000))
    [info] = out.json()["files"]
    assert info["encoding"] == {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 BOM"}.get(encoding, "GB18030")


def test_a_nul_byte_deep_in_a_big_file_is_found_with_its_line(tmp_path: Path) -> None:
    rows = _big_rows(90_000)
    rows[80_000] = rows[80_000].replace("学校", "学\x00校")
    path = tmp_path / "big.csv"
    path.write_bytes(("区县,学校,国培计划培训人数,备注\n" + "\n".join(rows)).encode())
    out = run("validate", path)
    assert out.exit_code == 2
    assert "80002" in out.stderr  # header line 1, rows from line 2


def test_a_bad_report_date_is_reported_once_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data.csv"
    body = "".join(f"县{i},12,6月底\n" for i in range(10))  # read in chunks of 3 lines
    path.write_text("区县,国培计划培训人数,填报日期\n" + body, encoding="utf-8")
    doc = _same_both_ways(path, monkeypatch)
    [problem] = [p for p in doc["problems"] if p["value"] == "6月底"]  # type: ignore[attr-defined,index]
    assert problem["line"] == 2


@pytest.mark.parametrize("ending", ["", "\n", "\r\n", "\n\n"])
def test_a_header_without_rows_is_a_clear_error(tmp_path: Path, ending: str) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(("区县,国培计划培训人数" + ending).encode())
    out = run("validate", path)
    assert out.exit_code == 2
    assert "没有数据行" in out.stderr and str(path) in out.stderr
