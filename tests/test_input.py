"""The reader never gives a false 达标: every case of the issue "No false 达标 from the
reader", each on a small file made here, with the expected figures worked out by hand."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import SAMPLES, Run, run

HEAD = "区县,国培计划培训人数,备注"


def write(tmp_path: Path, data: bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def errors(out: Run) -> list[dict[str, Any]]:
    return [p for p in out.json()["problems"] if p["severity"] == "error"]


_WRAPPER = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "plan_check", *sys.argv[1:]],
                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.buffer.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
"""


def cli(*args: str | Path, timeout: float = 30) -> tuple[int, str, float, int]:
    """plan-check in its own process: exit code, stderr, seconds, and peak memory in
    bytes (the largest resident size of that one process, measured by a parent with no
    other child)."""
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _WRAPPER, *map(str, args)],
            capture_output=True,
            timeout=timeout,
            env={**os.environ, "NO_COLOR": "1"},
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"plan-check {args} did not end in {timeout} s") from None
    code, peak = (int(v) for v in done.stdout.split())
    return code, done.stderr.decode("utf-8", "replace"), time.monotonic() - start, peak


# --- line ends -----------------------------------------------------------------------


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize("title_end", ["\r", "\r\n", "\n"])
@pytest.mark.parametrize("header_end", ["\r", "\r\n", "\n"])
def test_a_lone_cr_after_the_title_or_header_loses_no_row(
    tmp_path: Path, title_end: str, header_end: str
) -> None:
    text = f"2023年统计表,,{title_end}{HEAD}{header_end}青山县,100,\r\n白水县,x,\r\n松林县,20,\r\n"
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    assert out.json()["files"][0]["rows"] == 3  # 青山县, 白水县, 松林县: none skipped
    [problem] = errors(out)
    assert (problem["line"], problem["value"]) == (4, "x")  # title 1, header 2, 青山县 3
    assert out.result("guopei")["actual"] == 120  # 100 + 20 reported; 白水县 unreadable


def test_a_file_with_only_cr_line_ends_is_read_whole(tmp_path: Path) -> None:
    text = f"{HEAD}\r青山县,100,\r白水县,200,\r云岭市,abc,\r"
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    assert out.json()["files"][0]["rows"] == 3
    [problem] = errors(out)
    assert (problem["line"], problem["column"], problem["value"]) == (4, "国培计划培训人数", "abc")
    assert out.result("guopei")["actual"] == 300


def test_mixed_line_ends_number_every_physical_line(tmp_path: Path) -> None:
    # header 1 (LF), 青山县 2 (CRLF), an empty line 3 (CR), 白水县 4 (CR), 云岭市 5
    text = f"{HEAD}\n青山县,1,\r\n\r白水县,2,\r云岭市,y,\n"
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    [problem] = errors(out)
    assert problem["line"] == 5


# --- quotes ------------------------------------------------------------------------


def test_an_unclosed_quote_is_a_problem_where_it_opens_never_a_pass(tmp_path: Path) -> None:
    good = (SAMPLES / "city-2023-all-met.csv").read_text(encoding="utf-8").splitlines()
    assert run("validate", SAMPLES / "city-2023-all-met.csv").exit_code == 0
    header, rows = good[0], good[1:]
    # a 备注 column whose cell on the third row opens a quote that never closes
    lines = [header + ",备注"] + [r + "," for r in rows]
    lines[3] = lines[3] + '"见附件'
    path = write(tmp_path, ("\n".join(lines) + "\n").encode())
    out = run("validate", path, "-f", "json")
    assert out.exit_code == 1
    [problem] = errors(out)
    assert problem["line"] == 4 and problem["code"] == "unclosed_quote"
    assert out.json()["files"][0]["rows"] == 2  # the rows above it; the rest is not read


def test_a_quote_closed_far_too_late_is_a_problem(tmp_path: Path) -> None:
    text = f'{HEAD}\n青山县,100,"备注开始\n白水县,200,说明"\n云岭市,300,\n'
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    assert out.exit_code == 1
    [problem] = errors(out)
    assert (problem["line"], problem["code"]) == (2, "quote_swallows_rows")


def test_quoted_cells_with_commas_quotes_and_line_breaks(tmp_path: Path) -> None:
    text = f'{HEAD}\n青山县,"3,000","他说""好"""\n白水县,"1,200","第一行\n第二行"\n云岭市,x,\n'
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    [problem] = errors(out)
    assert (problem["line"], problem["value"]) == (5, "x")  # 白水县 spans lines 3-4
    assert out.result("guopei")["actual"] == 4200


@pytest.mark.parametrize(
    ("row", "code"), [("青山县,100,,9", "row_too_long"), ("青山县", "row_too_short")]
)
def test_a_row_of_another_width_is_a_problem(tmp_path: Path, row: str, code: str) -> None:
    out = run("validate", write(tmp_path, f"{HEAD}\n白水县,1,\n{row}\n".encode()), "-f", "json")
    assert [(p["line"], p["code"]) for p in errors(out)] == [(3, code)]


# --- delimiters and encodings --------------------------------------------------------


def _results(out: object) -> dict[str, object]:
    return {r["id"]: (r["status"], r["actual"]) for r in out.json()["results"]}  # type: ignore[attr-defined]


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize(
    ("delimiter", "encoding", "shown"),
    [("\t", "utf-8", "tab"), (";", "utf-8", "semicolon"), ("\t", "utf-16", "tab")],
)
def test_tab_semicolon_and_excel_unicode_text_read_like_the_comma_file(
    tmp_path: Path, delimiter: str, encoding: str, shown: str
) -> None:
    sample = SAMPLES / "city-2023-mixed.csv"
    expected = run("validate", sample, "-f", "json")
    text = sample.read_text(encoding="utf-8").replace(",", delimiter)
    path = write(tmp_path, text.replace("\n", "\r\n").encode(encoding))  # utf-16: with a BOM
    out = run("validate", path, "-f", "json")
    assert _results(out) == _results(expected)
    assert out.json()["files"][0]["delimiter"] == delimiter
    table = run("validate", path, "--lang", "en")
    assert f"{shown}-separated" in table.stdout


def test_an_unknown_or_non_text_encoding_is_a_usage_error(tmp_path: Path) -> None:
    path = SAMPLES / "city-2023-mixed.csv"
    for name in ("rot13", "base64", "zlib", "no-such"):
        out = run("validate", path, "--encoding", name)
        assert out.exit_code == 2 and f"不认识的编码 {name}" in out.stderr, out


# --- exact numbers -------------------------------------------------------------------


def test_a_16_digit_numerator_above_its_denominator_never_passes(tmp_path: Path) -> None:
    text = (
        "区县,有意愿就读中职的初中毕业生数,有意愿者中已就读中职人数\n"
        "青山县,9007199254740992,9007199254740993\n"
    )
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    assert out.exit_code == 1
    assert out.result("willing-enrolled")["status"] != "pass"
    found = {(p["column"], p["value"], p["code"]) for p in errors(out)}
    assert found == {
        ("有意愿就读中职的初中毕业生数", "9007199254740992", "cell_out_of_range"),
        ("有意愿者中已就读中职人数", "9007199254740993", "cell_out_of_range"),
    }
    assert all("超出可核查范围" in p["message"] for p in errors(out))


def test_twenty_four_nines_are_refused_as_typed_not_shown_as_a_float(tmp_path: Path) -> None:
    out = run("validate", write(tmp_path, f"{HEAD}\n青山县,{'9' * 24},\n".encode()), "-f", "json")
    [problem] = errors(out)
    assert (problem["value"], problem["code"]) == ("9" * 24, "cell_out_of_range")
    assert "999999999999999983222784" not in out.stdout


def test_counts_add_up_exactly_beyond_float_precision(tmp_path: Path) -> None:
    # 10 × 999,999,999,999,999 + 1 = 9,999,999,999,999,991: odd and above 2**53, so no
    # float64 holds it; an integer sum does.
    rows = [f"青山县,校{i},999999999999999" for i in range(10)] + ["青山县,校10,1"]
    text = "区县,学校,职业学校在校生数\n" + "\n".join(rows) + "\n"
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    assert out.result("vocational-enrollment")["actual"] == 9_999_999_999_999_991


def test_a_numerator_one_above_a_15_digit_denominator_is_caught(tmp_path: Path) -> None:
    text = (
        "区县,有意愿就读中职的初中毕业生数,有意愿者中已就读中职人数\n"
        "青山县,999999999999998,999999999999999\n"
    )
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    assert [p["code"] for p in errors(out)] == ["numerator_above_denominator"]


# --- bounded resources ---------------------------------------------------------------


def test_a_long_unit_name_is_a_located_problem(tmp_path: Path) -> None:
    name = "县" * 100_000
    text = f"{HEAD}\n青山县,5,\n{name},7,\n"
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    [problem] = errors(out)
    assert (problem["line"], problem["code"]) == (3, "unit_name_too_long")
    assert len(problem["value"]) <= 200  # quoted short
    assert out.result("guopei")["actual"] == 5  # the row is not counted


@pytest.mark.slow
def test_a_megabyte_unit_name_ends_fast_and_small(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEAD}\n{'县' * 470_000},7,\n青山县,5,\n".encode())  # 1.4 MB
    code, err, seconds, peak = cli("validate", path)
    assert code == 1 and seconds < 20 and peak < 2**30, (err, seconds, peak)


def test_a_cell_longer_than_excel_allows_is_a_located_problem(tmp_path: Path) -> None:
    text = f"{HEAD}\n青山县,{'1' * 40_000},\n"
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    [problem] = errors(out)
    assert (problem["line"], problem["code"]) == (2, "cell_text_too_long")


def _bomb(path: Path, megabytes: int) -> Path:
    """A workbook whose one sheet inflates to ``megabytes`` of a single cell."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            for _ in range(megabytes):
                sheet.write(b"a" * (1 << 20))
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return path


def test_a_workbook_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.xlsx", 64)
    assert path.stat().st_size < 1 << 20
    out = run("validate", path)
    assert out.exit_code == 2 and "压缩炸弹" in out.stderr, out


def test_a_workbook_with_entity_declarations_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;">]><sst><si><t>&lol2;</t></si></sst>',
        )
    out = run("validate", path)
    assert out.exit_code == 2 and "实体声明" in out.stderr and "sharedStrings" in out.stderr


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 .xls 或设了密码"),
        (b"PK\x03\x04truncated", "不是可读取的 Excel 工作簿"),
        (b"just text", "不是可读取的 Excel 工作簿"),
    ],
)
def test_legacy_encrypted_and_broken_workbooks_get_a_clear_message(
    tmp_path: Path, content: bytes, says: str
) -> None:
    out = run("validate", write(tmp_path, content, "book.xlsx"))
    assert out.exit_code == 2 and says in out.stderr, out


ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
)


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize(
    "argv",
    [
        ["validate", str(SAMPLES / "city-2023-mixed.csv"), "-t"],
        ["lint"],
        ["rules", "-t"],
        ["explain", "guopei", "-t"],
    ],
)
def test_yaml_alias_bombs_are_refused_by_every_command(tmp_path: Path, argv: list[str]) -> None:
    targets = write(tmp_path, ALIAS_BOMB.encode(), "targets.yaml")
    code, err, seconds, peak = cli(*argv, targets)
    assert code == 2 and "YAML 别名 *a" in err and len(err) < 2000, err
    assert "Traceback" not in err and seconds < 20 and peak < 2**30


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("option", [None, "--targets", "--units", "--baseline", "--allocations"])
def test_a_fifo_is_refused_at_once(tmp_path: Path, option: str | None) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    data = SAMPLES / "city-2023-mixed.csv"
    argv: list[str | Path] = (
        ["validate", fifo] if option is None else ["validate", data, option, fifo]
    )
    code, err, seconds, _ = cli(*argv, timeout=20)
    assert code == 2 and "不是普通文件" in err and seconds < 15, err


@pytest.mark.slow
def test_dev_zero_is_refused_at_once() -> None:
    code, err, _, _ = cli("validate", "/dev/zero", timeout=20)
    assert code == 2 and "不是普通文件" in err, err


# --- inputs are never written --------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["data", "symlink", "hardlink", "targets", "units", "baseline", "allocations"]
)
def test_an_output_over_an_input_is_refused_before_anything_is_read(
    tmp_path: Path, kind: str
) -> None:
    data = write(tmp_path, (SAMPLES / "city-2023-mixed.csv").read_bytes(), "data.csv")
    side = {
        "targets": ("-t", "targets.yaml", (SAMPLES.parent / "src/plan_check/targets.yaml")),
        "units": ("--units", "units.csv", None),
        "baseline": ("--baseline", "base.csv", SAMPLES / "city-2022-baseline.csv"),
        "allocations": ("--allocations", "alloc.csv", SAMPLES / "allocations-2023.csv"),
    }
    argv: list[str | Path] = ["validate", data]
    victim = data
    if kind == "symlink":
        (tmp_path / "link.csv").symlink_to(data)
        output = tmp_path / "link.csv"
    elif kind == "hardlink":
        os.link(data, tmp_path / "hard.csv")
        output = tmp_path / "hard.csv"
    elif kind == "data":
        output = data
    else:
        option, name, source = side[kind]
        victim = tmp_path / name
        victim.write_bytes(source.read_bytes() if source else "青山县\n".encode())
        argv += [option, victim]
        output = victim
    before = victim.read_bytes()
    out = run(*argv, "-o", output)
    assert out.exit_code == 2 and str(output) in out.stderr and str(victim) in out.stderr, out
    assert victim.read_bytes() == before


def test_a_report_in_the_data_folder_is_not_read_as_a_submission(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, (SAMPLES / "city-2023-mixed.csv").read_bytes(), "city.csv")
    first = run("validate", folder, "-f", "json", "-o", folder / "report.csv")
    second = run("validate", folder, "-f", "json")
    assert _results(second) == _results(first)
    [warning] = [p for p in second.json()["problems"] if p["code"] == "own_report_skipped"]
    assert warning["file"] == str(folder / "report.csv") and warning["severity"] == "warning"
    assert [f["path"] for f in second.json()["files"]] == [str(folder / "city.csv")]


# --- found by attacking the reader (hostile files) ------------------------------------------


def test_a_literal_quote_before_an_opening_one_never_hides_rows(tmp_path: Path) -> None:
    """身高5"2 is text (a quote inside a cell); "见附件 opens a quote that never closes.
    The line's quote count is even, yet the csv module reads the rest as one cell."""
    lines = (SAMPLES / "city-2023-all-met.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0] + ",备注,说明", [r + ",," for r in lines[1:]]
    rows[-2] = lines[-2] + ',身高5"2,"见附件'  # 石门县's row opens the quote
    path = write(tmp_path, ("\n".join([header, *rows]) + "\n").encode())
    out = run("validate", path, "-f", "json")
    assert out.exit_code == 1  # never a clean pass
    assert [(p["line"], p["code"]) for p in errors(out)] == [(8, "unclosed_quote")]


def test_a_literal_quote_alone_is_text_and_drops_nothing(tmp_path: Path) -> None:
    text = f'{HEAD}\n甲县,3000,身高5"2\n乙县,10,\n丙县,20,\n'
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    assert out.json()["files"][0]["rows"] == 3 and errors(out) == []
    assert out.result("guopei")["actual"] == 3030


def test_an_unclosed_quote_in_the_header_is_refused_not_a_skipped_megabyte(tmp_path: Path) -> None:
    rows = "".join(f"县{i % 7},{i}\n" for i in range(200_000))
    path = write(tmp_path, ('区县,国培计划培训人数,"备注\n' + rows).encode())
    out = run("validate", path)
    assert out.exit_code == 2 and "引号没有闭合" in out.stderr and "第 1 行" in out.stderr, out


def test_a_quote_swallowing_rows_of_a_two_column_file_is_a_problem(tmp_path: Path) -> None:
    text = '区县,大班额班级数\n"青山县,12\n白水县,8\n云岭市,15\n石门县",7\n'
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    assert out.exit_code == 1
    assert [p["code"] for p in errors(out)][:1] in (
        ["quote_swallows_rows"],
        ["unit_name_line_break"],
    )


def test_amounts_are_exact_or_refused_never_rounded(tmp_path: Path) -> None:
    # 4999.9999996 has seven decimals: refused, never rounded up to meet a target of 5000
    text = "区县,项目资金下达数,项目资金支出数\n青山县,5000,4999.9999996\n白水县,0.1,0.2"
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    [problem] = errors(out)
    assert (problem["value"], problem["code"]) == ("4999.9999996", "cell_too_many_decimals")
    # 0.1 + 0.2 of 万元 is exactly 0.3: amounts are kept as integers of millionths
    text = (
        '区县,项目资金下达数,项目资金支出数\n青山县,0.1,0.1\n白水县,0.2,0.2\n市直,"1,000.000001",1'
    )
    out = run("validate", write(tmp_path, text.encode(), "b.csv"), "-f", "json")
    r = out.result("fund-execution")
    assert (r["numerator"], r["denominator"]) == (1.3, 1000.300001)


@pytest.mark.parametrize("total", ["汇总", "全市总计", "合计:", "市合计", "总计"])
def test_total_rows_under_other_names_are_not_counted(tmp_path: Path, total: str) -> None:
    text = f"区县,国培计划培训人数\n青山县,1500\n白水县,1400\n{total},2900"
    out = run("validate", write(tmp_path, text.encode()), "-f", "json")
    assert out.result("guopei")["actual"] == 2900  # not 5800
    assert [p["code"] for p in out.json()["problems"]] == ["total_row"]


def test_a_zero_width_space_does_not_make_a_second_unit(tmp_path: Path) -> None:
    a = write(tmp_path, "区县,国培计划培训人数\n青山县,2000\n".encode(), "a.csv")
    b = write(tmp_path, "区县,国培计划培训人数\n青山县\u200b,1500\n".encode(), "b.csv")
    out = run("validate", a, b, "-f", "json")
    codes = sorted(p["code"] for p in out.json()["problems"])
    assert codes == ["duplicate_unit", "unit_invisible_chars"]
    assert out.result("guopei")["actual"] == 2000  # the resubmission is a duplicate


def test_thousands_of_bad_cells_are_listed_up_to_a_limit_then_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    import plan_check.input.options as options

    monkeypatch.setattr(options, "DEFAULT", replace(options.DEFAULT, max_problems=10))
    rows = "".join(f"县{i % 5},学校{i},坏\n" for i in range(50))
    out = run(
        "validate", write(tmp_path, ("区县,学校,国培计划培训人数\n" + rows).encode()), "-f", "json"
    )
    problems = out.json()["problems"]
    assert len(problems) == 11 and problems[-1]["code"] == "more_problems_unlisted"
    assert "40" in problems[-1]["message"] and problems[-1]["line"] == 12  # from line 12 on


def test_tens_of_thousands_of_units_in_one_file_are_refused_with_a_hint(tmp_path: Path) -> None:
    rows = "".join(f"县{i},1\n" for i in range(6_000))
    out = run("validate", write(tmp_path, ("区县,国培计划培训人数\n" + rows).encode()))
    assert out.exit_code == 2 and "6,000 个不同的名称" in out.stderr and "学校" in out.stderr, out


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("undefined", "区县\n"),
        ("punycode", "区县,国培计划培训人数\nxn--a,1\n"),
        ("unicode_escape", "区县,国培计划培训人数\n\\\\ud800甲县,1\n"),
    ],
)
def test_encodings_that_are_no_charset_are_refused(
    tmp_path: Path, encoding: str, text: str
) -> None:
    out = run("validate", write(tmp_path, text.encode()), "--encoding", encoding)
    assert out.exit_code == 2 and "不认识的编码" in out.stderr, out


@pytest.mark.slow
def test_a_fifo_in_a_data_folder_is_refused_not_waited_for(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.csv").write_bytes((SAMPLES / "city-2023-mixed.csv").read_bytes())
    os.mkfifo(folder / "x.csv")
    code, err, seconds, _ = cli("validate", folder, timeout=30)
    assert code == 2 and "不是普通文件" in err and seconds < 20, err


def test_the_english_report_in_a_data_folder_is_skipped_too(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, (SAMPLES / "city-2023-mixed.csv").read_bytes(), "city.csv")
    run("validate", folder, "--lang", "en", "-o", folder / "report.csv")
    out = run("validate", folder, "-f", "json")
    assert [p["code"] for p in out.json()["problems"]] == ["own_report_skipped"]


def test_escape_codes_in_a_sheet_name_are_shown_not_obeyed(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "表ESCc1"
    ws.append(["区县", "国培计划培训人数"])
    ws.append(["青山县", 3000])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    # openpyxl refuses a control character in a title when lxml is installed: put the ESC
    # (ESC c: a terminal would reset itself) into the stored XML as a hostile tool would
    path = tmp_path / "esc.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace("表ESCc1".encode(), "表\x1bc1".encode())
            dst.writestr(item, data)
    out = run("validate", path, env={"COLUMNS": "200"})
    assert "\x1b" not in out.stdout and "\\x1bc1" in out.stdout
    wrong = run("validate", path, "--sheet", "无")
    assert "\x1b" not in wrong.stderr and "\\x1b" in wrong.stderr


def test_yaml_nested_deeper_than_a_targets_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, ("[" * 999 + "]" * 999).encode(), "targets.yaml")
    out = run("lint", path)
    assert out.exit_code == 2 and "嵌套超过" in out.stderr, out


def test_a_huge_allocations_cell_is_a_clear_message(tmp_path: Path) -> None:
    alloc = write(
        tmp_path, ("单位,规则,任务数\n青山县,guopei," + "9" * 200_000 + "\n").encode(), "a.csv"
    )
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "--allocations", alloc)
    assert out.exit_code == 2 and str(alloc) in out.stderr, out


def test_the_template_never_overwrites_its_roster(tmp_path: Path) -> None:
    roster = write(tmp_path, "甲县\n".encode(), "units.txt")
    out = run("template", "--units", roster, "-o", roster)
    assert out.exit_code == 2 and roster.read_text(encoding="utf-8") == "甲县\n", out


def _xlsx(path: Path, rows: str, strings: str | None = None) -> Path:
    """A minimal workbook written by hand, as hostile or unusual producers write them."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        shared = f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            f'Target="worksheets/sheet1.xml"/>{shared if strings else ""}</Relationships>',
        )
        z.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet {ns}><sheetData>{rows}</sheetData></worksheet>"
        )
        if strings:
            z.writestr("xl/sharedStrings.xml", f"<sst {ns}>{strings}</sst>")
    return path


HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>区县</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>国培计划培训人数</t></is></c></row>'
)


@pytest.mark.slow
def test_a_tiny_workbook_spanning_the_whole_sheet_is_refused_at_once(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "dense.xlsx",
        HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    )
    code, err, seconds, peak = cli("validate", path)
    assert code == 2 and "第 1,048,576 行" in err and seconds < 20 and peak < 2**30, err


@pytest.mark.slow
def test_one_long_shared_string_used_by_many_cells_is_refused(tmp_path: Path) -> None:
    cells = '<row r="2">' + '<c t="s"><v>0</v></c>' * 100 + "</row>"
    path = _xlsx(
        tmp_path / "amp.xlsx", HEADER_ROW + cells, "<si><t>" + "B" * (1 << 20) + "</t></si>"
    )
    code, err, _, peak = cli("validate", path)
    assert code == 2 and "32767" in err and peak < 2**30, err


def test_a_formula_error_in_a_workbook_is_named_with_its_cell(tmp_path: Path) -> None:
    rows = (
        HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>青山县</t></is></c>'
        '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    )
    out = run("validate", _xlsx(tmp_path / "err.xlsx", rows), "-f", "json")
    [problem] = errors(out)
    assert (problem["cell"], problem["code"], problem["value"]) == (
        "B2",
        "cell_excel_error",
        "#DIV/0!",
    )


def test_an_unquoted_thousands_comma_before_an_empty_column_is_never_read_shifted(
    tmp_path: Path,
) -> None:
    """The row is one cell wider, and the extra cell is the shifted, empty 备注 column:
    cutting it off would read 6,200 as 6 and every figure after it one column left."""
    lines = (SAMPLES / "city-2023-all-met.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    first = lines[1].split(",")
    first[header.index("该届学生入学时人数")] = "6,200"
    rows = [",".join(first) + ","] + [x + "," for x in lines[2:]]
    path = write(tmp_path, ("\n".join([lines[0] + ",备注", *rows]) + "\n").encode())
    out = run("validate", path, "-f", "json")
    assert out.exit_code == 1
    assert [(p["line"], p["code"]) for p in errors(out)] == [(2, "row_unquoted_thousands")]


def test_amount_totals_never_wrap_around(tmp_path: Path) -> None:
    big = 999_999_999_999_999_999  # millionths: 999,999,999,999.999999 万元, each valid
    last = 2**64 + 500_000_000 - 18 * big  # makes an int64 total wrap to 500 万元
    rows = [f"青山县,学校{i},999999999999.999999" for i in range(18)]
    rows.append(f"青山县,学校18,{last // 10**6}.{last % 10**6:06d}")
    path = write(tmp_path, ("区县,学校,项目资金支出数\n" + "\n".join(rows) + "\n").encode())
    out = run("validate", path)
    assert out.exit_code == 2 and "超出可核查范围" in out.stderr, out


@pytest.mark.parametrize("cell", ["5²", "⑤", "½"])
def test_superscripts_and_circled_digits_are_no_figures(tmp_path: Path, cell: str) -> None:
    out = run("validate", write(tmp_path, f"{HEAD}\n青山县,{cell},\n".encode()), "-f", "json")
    assert [(p["value"], p["code"]) for p in errors(out)] == [(cell, "cell_not_number")]


def test_rows_above_the_chosen_header_are_never_dropped_in_silence(tmp_path: Path) -> None:
    sample = (SAMPLES / "city-2023-all-met.csv").read_text(encoding="utf-8")
    path = write(tmp_path, ("区县,失学辍学学生数\n新区,5\n" + sample).encode())
    out = run("validate", path)
    assert out.exit_code == 2 and "第 2 行起有 1 行数据在表头(第 3 行)之上" in out.stderr, out


def test_a_label_line_above_the_header_is_no_header(tmp_path: Path) -> None:
    sample = (SAMPLES / "city-2023-all-met.csv").read_text(encoding="utf-8")
    path = write(tmp_path, ("单位,某市教育局,填报日期,2023-12-31\n\n" + sample).encode())
    assert run("validate", path).exit_code == 0


def test_a_sheet_of_data_whose_header_is_too_low_is_an_error_not_a_warning(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "汇总"
    first.append(["区县", "国培计划培训人数"])
    first.append(["青山县", 3000])
    late = book.create_sheet("新区")
    for _ in range(59):
        late.append(["说明"])
    late.append(["区县", "失学辍学学生数"])
    late.append(["新区", 5])
    path = tmp_path / "two.xlsx"
    book.save(path)
    out = run("validate", path, "-f", "json")
    assert out.exit_code == 1
    [problem] = [p for p in out.json()["problems"] if p["value"] == "新区"]
    assert (problem["code"], problem["severity"]) == ("sheet_rows_no_unit_column", "error")


@pytest.mark.parametrize(
    "far",
    [
        "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",  # single quotes
        '<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>',  # lower case
        '<row r="1048576"><c s="0" r="XFD1048576"><v>1</v></c></row>',  # r not first
        '<row r="1048576"><c r="XFD001048576"><v>1</v></c></row>',  # leading zeros
        '<row><c r="B99999999"><v>1</v></c></row>',  # eight digits, no row number
        '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',  # prefixed
        '<row r="9"><c r = "XFD1048576"><v>1</v></c></row>',  # spaces around =
    ],
)
@pytest.mark.slow
def test_evasive_far_cells_are_refused_before_calamine_builds_them(
    tmp_path: Path, far: str
) -> None:
    path = _xlsx(tmp_path / "far.xlsx", HEADER_ROW + far)
    code, err, seconds, peak = cli("validate", path)
    assert code == 2 and seconds < 20 and peak < 2**30, (code, err)
    assert "工作簿" in err and "Traceback" not in err


@pytest.mark.slow
def test_many_sheets_share_one_cell_budget(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for n in range(8):
        ws = book.create_sheet(f"表{n}")
        ws.append(["区县", "国培计划培训人数"])
        ws.cell(row=444_000, column=1, value="青山县")
    path = tmp_path / "multi.xlsx"
    book.save(path)
    code, err, seconds, peak = cli("validate", path)
    assert code == 2 and "超出可核查的范围" in err and seconds < 20 and peak < 2**30, err


@pytest.mark.slow
def test_a_long_shared_string_in_many_cells_is_refused_under_the_cell_limit(tmp_path: Path) -> None:
    cells = (
        '<row r="2">' + "".join(f'<c r="A{n}" t="s"><v>0</v></c>' for n in range(2, 3)) + "</row>"
    )
    many = "".join(f'<row r="{n}"><c r="B{n}" t="s"><v>0</v></c></row>' for n in range(3, 40_003))
    path = _xlsx(
        tmp_path / "amp.xlsx", HEADER_ROW + cells + many, "<si><t>" + "B" * 30_000 + "</t></si>"
    )
    code, err, _, peak = cli("validate", path)
    assert code == 2 and peak < 2**30, err


def test_an_unclosed_header_quote_is_located_on_its_line(tmp_path: Path) -> None:
    body = "".join("县,1\r\n" for _ in range(300))
    path = write(tmp_path, ('标题\r\n区县,国培计划培训人数,"备注\r\n' + body).encode())
    out = run("validate", path)
    assert out.exit_code == 2 and "第 2 行(表头)" in out.stderr, out
