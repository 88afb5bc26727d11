"""The two readers of delimited text must read every file alike: pandas on its Arrow engine
(regular blocks) and Python's csv module (everything else, line by line). Same figures,
same problems, same lines: the reader only decides which is faster."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run
from plan_check.input.options import ReadOptions

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
    "123456789012345", "1234567890123456", "0.5", "10.", ".5", "1.25", '"3,000"', "0.3万",
    "３０", "12人", "300个", "96.5%", "1", "2", "", " ", "　", " 15 ", "/", "无", "是", "否",
    "abc", ":", "/1", "9a", "-3", "1e3", "NA", "null", "#N/A", "Y", " 是",
]  # fmt: skip
NOTES = ["", " ", "x", '"a,b"', '"说""好"""', '"两\n行"', '"两\r\n行"']
DATES = ["2023-06-30", "2023/6/30", " 2023-06-30 ", "2023年12月31日", "", "abc", "2023-02-30"]
NAMES = ["青山县", "白水县", " 青山县", "青山县　", "", "合计", "市直", '"市直"']
SCHOOLS = ["", "一中", "一中 ", "　一中", "二中", "学校\u00a0", "学校"]


def _validate(path: Path, arrow: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    from dataclasses import replace

    import plan_check.input.options as options

    # many blocks: fallbacks mid-file
    monkeypatch.setattr(options, "DEFAULT", replace(options.DEFAULT, bytes=97, arrow=arrow))
    out = run("validate", path, "-f", "json")
    if out.exit_code == 2:  # cannot run: the message is the result
        return {"exit_code": 2, "stderr": out.stderr}
    doc = out.json()
    doc["exit_code"] = out.exit_code
    return doc


def same_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
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
        *[st.sampled_from(CELLS) for _ in HEADER[2:-3]],
        st.sampled_from(NOTES),
        st.sampled_from(DATES),
        st.sampled_from(["", " ", "x"]),
    ),
    max_size=12,
)


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("PLAN_CHECK_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rows=rows,
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    header_end=st.sampled_from(["", "\r", "\r\n"]),
    delimiter=st.sampled_from([",", "\t", ";"]),
    final=st.booleans(),
    extra=st.sampled_from(["", "blank line", "ragged", "quoted", "lone CR", "short", "spaces"]),
    at=st.integers(0, 11),
    above=st.sampled_from(["", "\ufeff", "2023年目标汇总表\n", "\ufeff标题,,\r", "标题\r\r\n"]),
)
def test_the_arrow_engine_reads_like_the_csv_module(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[tuple[str, ...]],
    newline: str,
    header_end: str,
    delimiter: str,
    final: bool,
    extra: str,
    at: int,
    above: str,
) -> None:
    lines = [above + delimiter.join(HEADER), *(delimiter.join(r) for r in rows)]
    at = 1 + at % len(rows) if rows else 0  # a data line (or the header, without rows)
    if extra == "blank line":
        lines.insert(at, "")
    elif extra == "ragged":
        lines[at] += delimiter + "9"
    elif extra == "quoted":
        line = lines[at]
        lines[at] = line.replace(delimiter, delimiter + '"', 1) + '"' if delimiter in line else line
    elif extra == "lone CR":
        lines[at] += "\r"
    elif extra == "short":
        lines[at] = lines[at].rsplit(delimiter, 1)[0]
    elif extra == "spaces":
        lines.insert(at, "   ")
    text = lines[0] + header_end + newline + newline.join(lines[1:]) + (newline if final else "")
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode("utf-8"))
    same_both_ways(path, monkeypatch)


def test_gb18030_files_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        '区县,学校,国培计划培训人数\r\n青山县,一中,12\r\n白水县,二中,"3,000"\r\n'
        "白水县,三中,0.1万\r\n"
    )
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    doc = same_both_ways(path, monkeypatch)
    guopei = next(r for r in doc["results"] if r["id"] == "guopei")
    assert guopei["actual"] == 12 + 3000 + 1000


def test_a_fallback_mid_file_keeps_exact_line_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = [f"县{i},{i}" for i in range(20)]
    body[14] = "县14,x14"
    body.insert(9, "   ")  # a line of spaces: the engine refuses the block, the csv module reads it
    path = tmp_path / "data.csv"
    path.write_text("区县,国培计划培训人数\n" + "\n".join(body) + "\n", encoding="utf-8")
    doc = same_both_ways(path, monkeypatch)
    problems: list[dict[str, Any]] = doc["problems"]
    [problem] = problems
    assert (problem["line"], problem["value"]) == (17, "x14")


def test_a_first_row_wider_than_the_header_is_refused_not_shifted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data.csv"
    path.write_text("区县,国培计划培训人数\n青山县,3,000\n白水县,5\n", encoding="utf-8")
    doc = same_both_ways(path, monkeypatch)
    problems = [(p["line"], p["code"], p["value"]) for p in doc["problems"]]
    assert problems == [(2, "row_unquoted_thousands", "3,000")]  # said once, with the hint
    guopei = next(r for r in doc["results"] if r["id"] == "guopei")
    assert guopei["actual"] == 5  # 青山县's shifted row is not read, never misread


def test_a_regular_file_cut_in_many_blocks_reads_every_row(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A regular file, quoted thousands and a lone CR after the title, cut into blocks of
    200 bytes: every row read, every figure exact (which engine reads a block is the
    reader's business: the benchmark measures it, the tests above hold the engines alike)."""
    monkeypatch.setattr("plan_check.input.options.DEFAULT", ReadOptions(bytes=200))
    body = "".join(f'县{i},"{i},{i % 1000:03d}"\r\n' for i in range(1, 101))
    path = tmp_path / "data.csv"
    path.write_text("标题\r区县,国培计划培训人数\r\n" + body, encoding="utf-8")
    out = run("validate", path, "-f", "json")
    assert out.json()["files"][0]["rows"] == 100
    expected = sum(i * 1000 + i % 1000 for i in range(1, 101))
    assert next(r for r in out.json()["results"] if r["id"] == "guopei")["actual"] == expected


@pytest.mark.parametrize("extra", [",9", ",9,9", ","])
def test_rows_all_wider_than_the_header_are_never_shifted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    """Every data row one (or two) cells wider than the header: pandas, given column names,
    would quietly take the first cells as an index and shift every figure one column."""
    path = tmp_path / "data.csv"
    rows = [f"青山县,{i}{extra}" for i in (100, 200)]
    path.write_text("区县,国培计划培训人数\n" + "\n".join(rows) + "\n", encoding="utf-8")
    doc = same_both_ways(path, monkeypatch)
    guopei = next(r for r in doc["results"] if r["id"] == "guopei")
    codes = [(p["line"], p["code"]) for p in doc["problems"]]
    if extra == ",":  # an empty surplus cell holds nothing: read as it is
        assert codes == [(3, "duplicate_unit")]
    else:
        assert codes[:2] == [(2, "row_too_long"), (3, "row_too_long")]
    # 青山县 100, never a unit named 100 with figure 青山县: a shifted row is not read
    assert guopei["actual"] == (100 if extra == "," else None)


def test_a_quote_open_across_a_whole_scan_slice_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quote scan works a slice at a time: a slice without any quote, inside a quoted
    cell opened in an earlier slice, still has its line ends inside quotes."""
    import plan_check.input.options as options

    monkeypatch.setattr(options, "DEFAULT", ReadOptions(scan=16))
    body = '青山县,1,"第一行\n' + "没有引号的一行\n" * 5 + '最后一行"\n白水县,2,\n'
    path = tmp_path / "data.csv"
    path.write_text("区县,国培计划培训人数,备注\n" + body, encoding="utf-8")
    doc = same_both_ways(path, monkeypatch)
    assert [f["rows"] for f in doc["files"]] == [2]
