"""A UTF-16 file (Excel's "Unicode 文本") that is cut short or damaged: refused at the line
the clerk sees, counted in the text. Before, every 0x0a byte was counted as a line end,
and 上 (U+4E0A) holds one: a bad character on line 6 was said on line 10, and the advice
was to save the file "as UTF-8 or GB18030", which a UTF-16 file never claimed to be."""

from __future__ import annotations

from pathlib import Path

from conftest import run


def _broken(tmp_path: Path) -> Path:
    # lines 2-5 each hold 上 (bytes 0a 4e in UTF-16 LE); line 6 begins with a lone high
    # surrogate (00 d8), which no UTF-16 text holds
    rows = ["区县,国培计划培训人数"] + [f"上{i}县,{i}" for i in range(1, 8)]
    data = "\r\n".join(rows).encode("utf-16")  # a BOM, then little-endian
    at = data.index("上5县".encode("utf-16-le"))
    path = tmp_path / "unicode.csv"
    path.write_bytes(data[:at] + b"\x00\xd8" + data[at:])
    return path


def test_a_damaged_utf16_file_is_refused_at_its_line(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    out = run("validate", path)
    assert out.exit_code == 2
    assert "第 6 行" in out.stderr and "UTF-16" in out.stderr and "00 d8" in out.stderr
    assert "GB18030" not in out.stderr
    english = run("validate", path, "--lang", "en")
    assert english.exit_code == 2 and "line 6 " in english.stderr
    assert "Traceback" not in out.stderr + english.stderr


def test_a_roster_in_damaged_utf16_is_refused_at_its_line(tmp_path: Path) -> None:
    roster = tmp_path / "units.txt"
    text = "青山县\r\n上水县\r\n白水县\r\n".encode("utf-16")
    at = text.index("白".encode("utf-16-le"))
    roster.write_bytes(text[:at] + b"\x00\xdc" + text[at:])  # a lone low surrogate, line 3
    data = tmp_path / "data.csv"
    data.write_text("区县,国培计划培训人数\n青山县,1\n", encoding="utf-8")
    out = run("validate", data, "--units", roster)
    assert out.exit_code == 2 and "第 3 行" in out.stderr and "UTF-16" in out.stderr


def test_with_the_encoding_given_the_line_is_counted_in_the_text_too(tmp_path: Path) -> None:
    # --encoding utf-16 (or utf-16le) took another way: line 10, the 0x0a bytes counted
    path = _broken(tmp_path)
    for encoding in ("utf-16", "utf-16le"):
        out = run("validate", path, "--encoding", encoding)
        assert out.exit_code == 2 and "第 6 行" in out.stderr and encoding in out.stderr, out


def test_utf16_without_its_mark_is_named_with_the_option_that_reads_it(tmp_path: Path) -> None:
    # it was "line 1 holds a NUL byte: not a text CSV file", and a roster "line 3 holds only
    # invisible characters"; the option the message names reads the file
    text = "区县,国培计划培训人数\n青山县,100\n云岭市,200\n"
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.csv"
        path.write_bytes(text.encode(codec))
        out = run("validate", path)
        option = codec.replace("-le", "le").replace("-be", "be")
        assert out.exit_code == 2 and f"--encoding {option}" in out.stderr, out
        read = run("validate", path, "--encoding", option, "--format", "json")
        assert read.result("guopei")["actual"] == 300, read
    roster = tmp_path / "units.txt"
    roster.write_bytes("青山县\n云岭市\n".encode("utf-16-le"))
    data = tmp_path / "data.csv"
    data.write_text(text, encoding="utf-8")
    out = run("validate", data, "--units", roster, "--lang", "en")
    assert out.exit_code == 2 and "UTF-16 text without its mark" in out.stderr, out


def test_utf16_without_its_mark_holding_characters_with_a_nul_byte(tmp_path: Path) -> None:
    # 一 (U+4E00) and 开 (U+5F00) put a NUL on the other side of their pair: every full form
    # holds them (一人一案, 已开展), and such a file was "not a text CSV file" again
    path = tmp_path / "le.csv"
    path.write_bytes("区县,教师专业能力素养测试已开展\n一县,是\n市直,是\n".encode("utf-16-le"))
    out = run("validate", path)
    assert out.exit_code == 2 and "--encoding utf-16le" in out.stderr, out
