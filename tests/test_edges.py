"""The edges of the reader (decoding, files, the cluster interface, dates): a side file
is decoded by the one decision a data file is, and says the same place for a bad byte."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES, no_traceback, run


def test_a_roster_with_a_bom_names_its_bad_byte_where_it_is(tmp_path: Path) -> None:
    """A UTF-8 roster with a BOM and a byte 0xff on line 3 after 红 (three bytes): the
    byte is the 4th of its line (红 = e7 ba a2, then ff), as a data file says it."""
    units = tmp_path / "units.txt"
    units.write_bytes(b"\xef\xbb\xbf" + "青山县\n白水县\n红".encode() + b"\xff" + "县\n".encode())
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "--units", units, "--lang", "en")
    assert out.exit_code == 2, out
    assert "units.txt line 3, byte 4: cannot be decoded as UTF-8" in out.stderr, out
    assert "(bytes ff e5 8e bf)" in out.stderr  # ff, then 县 = e5 8e bf
    data = tmp_path / "data.csv"
    data.write_bytes(b"\xef\xbb\xbf" + "区县,国培计划培训人数\n青山县,5\n红".encode() + b"\xff,7\n")
    said = run("validate", data, "--lang", "en")
    assert said.exit_code == 2 and "data.csv line 3, byte 4:" in said.stderr, said
    no_traceback(out)
