"""A text file is read once: the pass that checks its encoding, finds its header and cuts
it into blocks hands each block on to its reader as it is cut (issue 26). What the file
says, and where, is the same as when every block was read again from the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import csv_file, run

IO = Path("/proc/self/io")
HEADER = "区县,学校,国培计划培训人数,省培计划培训人数"


def _read_bytes() -> int:
    """Bytes this process has read so far (every read, files and pipes)."""
    for line in IO.read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


def _sized(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    from dataclasses import replace

    import plan_check.input.options as options

    monkeypatch.setattr(options, "DEFAULT", replace(options.DEFAULT, bytes=block))


def _school_rows(n: int) -> str:
    # ten units, two figures a row: 国培 i % 7, 省培 written quoted with a thousands
    # separator every 50th row ("1,000")
    rows = []
    for i in range(n):
        other = '"1,000"' if i % 50 == 0 else str(i % 5)
        rows.append(f"县{i % 10},学校{i:06d},{i % 7},{other}")
    return "\r\n".join(rows) + "\r\n"


def _bytes_read(path: Path, warm: Path) -> tuple[int, dict[str, Any]]:
    run("validate", warm, "-f", "json")  # imports and caches warmed: not counted
    before = _read_bytes()
    out = run("validate", path, "-f", "json")
    return _read_bytes() - before, out.json()


@pytest.mark.skipif(not IO.exists(), reason="counts the reads through /proc/self/io (Linux)")
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_text_file_is_read_once_in_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    """Over 600 kB in blocks of 32 KiB: the process reads the file's bytes once (its first
    MiB, read to find the header, not read again), not once to cut it and again block by
    block (a GB18030 file, whose first MiB is not UTF-8, was read three times)."""
    n = 35_000
    text = f"统计表\r\n{HEADER}\r\n" + _school_rows(n)
    path, warm = tmp_path / "big.csv", tmp_path / "warm.csv"
    path.write_bytes(text.encode(encoding))
    warm.write_bytes(text[:2000].encode(encoding))
    size = path.stat().st_size
    assert size > 600_000
    _sized(monkeypatch, 32 << 10)
    read, report = _bytes_read(path, warm)
    assert read < size + (256 << 10), (read, size)  # the file, and targets.yaml
    files = report["files"]
    assert isinstance(files, list) and files[0]["rows"] == n
    assert files[0]["encoding"] == ("UTF-8" if encoding == "utf-8" else "GB18030")
    assert report["problems"] == []
    # 国培: i % 7 over 35,000 rows = 5,000 full cycles of 0..6 (21 each)
    results = {r["id"]: r for r in report["results"]}
    assert results["guopei"]["actual"] == 5_000 * 21


def test_a_refusal_of_the_pass_comes_before_a_block_read_earlier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row too wide to read in the first block, a NUL byte far below it: the file is
    refused as binary at the NUL's line, as when the pass ran before any block was read."""
    rows = ["县1," + ",".join(["1"] * 2100)] + [f"县{i % 9},学校{i},1,1" for i in range(5000)]
    path = csv_file(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n县1,学校x,\x00,1")
    _sized(monkeypatch, 16 << 10)
    out = run("validate", path, "-f", "json", "--lang", "en")
    assert out.exit_code == 2
    assert "line 5003 holds a NUL byte" in out.stderr, out


def test_a_cut_handed_on_reads_as_the_same_block_read_from_the_file(tmp_path: Path) -> None:
    """Every block of a file with CR-only line ends, quotes across lines and a BOM gives
    the same rows from the bytes the pass handed on as from its byte range of the file."""
    from plan_check.input.options import ReadOptions
    from plan_check.input.text import block_grid, scan_text

    lines = [f'县{i % 4},"学校\n{i}",{i},"{i},000"' if i % 9 == 0 else f"县{i},学校{i},{i},1"
             for i in range(400)]  # fmt: skip
    path = tmp_path / "cr.csv"
    path.write_bytes(("\ufeff" + HEADER + "\r" + "\r".join(lines) + "\r").encode("utf-8"))
    options = ReadOptions(bytes=512, piece=700)
    file, cuts = scan_text(path, str(path), None, options)
    handed = list(cuts)
    assert file.encoding == "UTF-8 BOM" and len(handed) == len(file.blocks) > 5
    for cut, block in zip(handed, file.blocks, strict=True):
        here = [(c.lines.tolist(), [c.row(i) for i in range(len(c))], c.problems)
                for c in block_grid(file, cut.block, options, cut).chunks]  # fmt: skip
        there = [(c.lines.tolist(), [c.row(i) for i in range(len(c))], c.problems)
                 for c in block_grid(file, block, options).chunks]  # fmt: skip
        assert here == there


def test_a_file_not_utf8_past_its_first_mib_is_read_again_as_gb18030_under_one_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """UTF-8 for 1 MiB and more, then a GB18030 row: the blocks handed on and read are
    dropped and the file read again as GB18030, each row counted once (120,000 rows of 5
    and the last row's 7: 600,007), under the same progress bar, which reaches the file's
    end (a second bar would have been a second live display on the terminal)."""
    from plan_check.engine import Options, check
    from plan_check.input import Progress
    from plan_check.input.grid import Grid
    from plan_check.targets import load_plan

    rows = b"".join(b"A,s%d,5\n" % i for i in range(120_000))
    path = tmp_path / "late.csv"
    path.write_bytes(b"county,school,guopei_trained\n" + rows + "青山县,一中,7\n".encode("gb18030"))
    _sized(monkeypatch, 256 << 10)
    bars: list[str] = []
    ticks: list[tuple[str, int, int]] = []

    def bar(grid: Grid) -> Progress:
        bars.append(grid.path)
        return lambda *a: ticks.append(a)

    report = check(load_plan(None), [path], Options(progress=bar))
    size = path.stat().st_size
    assert bars == [str(path)] and ticks[-1] == (str(path), size, size)
    assert (report.files[0].encoding, report.files[0].rows) == ("GB18030", 120_001)
    assert "青山县" in report.units
    [guopei] = [r for r in report.results if r.rule.id == "guopei"]
    assert guopei.actual == 600_007
