"""A workbook's sheets read once as bytes before python-calamine builds them.

calamine allocates the whole range a sheet's cells name, so a 1 KB .xlsx with cells at A1
and XFD1048576 asks for 512 GiB, and a long shared string used by many cells is copied into
each. Here every sheet's XML (found as calamine finds it, through workbook.xml and its
rels) is read a slice at a time for how far its references reach, its long texts, its
shared-string cells and its formula-error cells; XML no spreadsheet program writes is
refused, since it is how these checks would be evaded.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile

from plan_check.errors import DataFileError


def _unusual(piece: bytes) -> bool:
    """XML as no spreadsheet program writes it, found by byte counts (fast): quotes other
    than double, spaces around "=", a cell whose first attribute is not its position
    (or none), a prefixed element such as <x:c>."""
    cells = piece.count(b"<c ") + piece.count(b"<c>") + piece.count(b"<c/>")
    return (
        b"='" in piece
        or any(odd in piece for odd in (b" =", b"= ", b"\t=", b"\n=", b"\r="))
        or cells != piece.count(b'<c r="')
        or any(prefixed in piece for prefixed in (b":c ", b":c>", b":row"))
    )


_WIDE_PLAIN = re.compile(rb'\br="\s*([A-Za-z]{2,})0*([0-9]*)\s*"')  # not operator="…"
_LONG_PLAIN = re.compile(rb'\br="\s*([A-Za-z]?)0*([0-9]{6,})\s*"')
_ROW_PLAIN = re.compile(rb'<row r="\s*0*([0-9]+)\s*"')
_SI = re.compile(rb"<(?:[A-Za-z0-9_]+:)?si[\s>/]")
MAX_COPIES = 1 << 30  # bytes: the longest shared string times the cells that may use it
_ERROR = re.compile(  # <c r="D7" t="e"><f>1/0</f><v>#DIV/0!</v></c>
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?t="e"[^>]*>'
    rb"(?:<f[^>]*>[^<]*</f>|<f[^>]*/>)?<v>([^<]*)</v>"
)
_SHEET = re.compile(rb'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_TARGET = re.compile(rb'<Relationship [^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_TARGET_FIRST = re.compile(rb'<Relationship [^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
MAX_CELLS = 20_000_000  # rows × columns of a sheet's range: calamine allocates all of it
MAX_STRING = 32_767 * 4  # bytes of one text in the XML: Excel's cell limit, in UTF-8 and more
SCAN = 4 << 20


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def scan_sheets(archive: zipfile.ZipFile, shown: str) -> dict[str, dict[tuple[int, int], str]]:
    """The workbook's sheets, found as calamine finds them (workbook.xml and its rels,
    wherever the parts are stored and however their names are spelt), for how far their
    cell references reach, their long texts and their formula-error cells."""
    names = {p.filename.lower(): p.filename for p in archive.infolist()}
    workbook, rels = names.get("xl/workbook.xml"), names.get("xl/_rels/workbook.xml.rels")
    sheets: dict[str, str] = {}  # part -> sheet name
    if workbook is not None and rels is not None:
        links = archive.read(rels)
        targets = dict(_TARGET.findall(links))
        targets.update({rid: target for target, rid in _TARGET_FIRST.findall(links)})
        for name, rid in _SHEET.findall(archive.read(workbook)):
            target = targets.get(rid, b"").decode("utf-8", "replace")
            where = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            part = names.get(posixpath.normpath(where).lower())
            if part is not None:
                sheets[part] = html.unescape(name.decode("utf-8", "replace"))
    errors: dict[str, dict[tuple[int, int], str]] = {}
    cells = string_cells = longest = 0
    for lower, part in sorted(names.items()):
        if lower.endswith("sharedstrings.xml"):
            longest = max(longest, _check_strings(archive, part, shown))
    for part in sorted(sheets):
        try:
            rows, columns, found, strings = _scan_sheet(archive, part)
        except _TooLongText:
            raise DataFileError("file_cell_too_large", path=shown, line=1, limit=32_767) from None
        except _UnusualXml:
            raise DataFileError("file_xml_unusual", path=shown, part=part) from None
        cells += rows * columns  # every sheet's range is held: the budget is for all
        string_cells += strings
        if cells > MAX_CELLS:
            raise DataFileError(
                "file_sheet_too_large", path=shown, rows=rows, columns=columns, part=part
            )
        if found:
            errors[sheets[part]] = found
    if longest * string_cells > MAX_COPIES:  # calamine copies a shared string into each cell
        raise DataFileError("file_cell_too_large", path=shown, line=1, limit=32_767)
    return errors


def _scan_sheet(
    archive: zipfile.ZipFile, part: str
) -> tuple[int, int, dict[tuple[int, int], str], int]:
    """How far a sheet's cell references reach (rows, columns; single-letter columns are
    taken as 26), its formula-error cells and its shared-string
    cells, read a slice at a time (each slice overlaps the next, so no reference is cut in
    two). XML no spreadsheet program writes (single quotes, spaces around "=", cells
    without their position first, prefixed elements) is refused: it is how the range
    checks would be evaded, and calamine would build whatever range it names."""
    rows = columns = strings = row_tags = 0
    errors: dict[tuple[int, int], str] = {}
    tail = b""
    run = 0  # bytes since the last tag: an inline text longer than a cell may hold
    with archive.open(part) as stream:
        while True:
            piece = stream.read(SCAN)
            run = _text_run(piece, run)
            if _unusual(piece):
                raise _UnusualXml
            text = tail + piece
            if not columns and b"<c " in piece:
                columns = 26  # single-letter columns at most, unless a wider one is found
            row_tags += piece.count(b"<row")
            for number in _ROW_PLAIN.findall(text):
                rows = max(rows, int(number))
            for letters, number in _WIDE_PLAIN.findall(text):
                columns = max(columns, _column_number(letters.upper()))
                rows = max(rows, int(number or 0))
            for _, number in _LONG_PLAIN.findall(text):
                rows = max(rows, int(number))
            strings += piece.count(b't="s"')
            if b't="e"' in text:
                for letters, number, value in _ERROR.findall(text):
                    key = (int(number), _column_number(letters.upper()) - 1)
                    errors[key] = value.decode("utf-8", "replace")
            if not piece:
                break
            tail = text[-512:]
    return max(rows, row_tags), columns, errors, strings


class _UnusualXml(Exception):
    """A sheet's XML in a form no spreadsheet program writes."""


class _TooLongText(Exception):
    """A text in a sheet's XML longer than any cell may hold."""


def _text_run(piece: bytes, run: int) -> int:
    """The bytes of text since the last tag after ``piece``, given ``run`` before it; a
    run longer than a cell may hold is refused."""
    import numpy as np

    first, last = piece.find(b"<"), piece.rfind(b"<")
    if first >= 0 and run + first <= MAX_STRING:
        blocks = np.frombuffer(piece[: len(piece) // 65536 * 65536], dtype=np.uint8)
        if (blocks.reshape(-1, 65536) == 60).any(axis=1).all():  # no 64 KiB without a tag
            return len(piece) - last - 1
    tags = np.flatnonzero(np.frombuffer(piece, dtype=np.uint8) == 60)  # every "<"
    if not len(tags):
        if run + len(piece) > MAX_STRING:
            raise _TooLongText
        return run + len(piece)
    longest = int(np.diff(tags).max(initial=0))
    if run + int(tags[0]) > MAX_STRING or longest > MAX_STRING:
        raise _TooLongText
    return len(piece) - int(tags[-1]) - 1


def _check_strings(archive: zipfile.ZipFile, part: str, shown: str) -> int:
    """No text in the shared strings longer than a cell may hold; returns the longest
    string's size in bytes (rich-text runs included), to bound how much its copies take."""
    run = 0  # bytes since the last tag
    longest = 0
    carried = 0  # bytes of the string that began in an earlier slice
    with archive.open(part) as stream:
        try:
            while piece := stream.read(SCAN):
                run = _text_run(piece, run)
                starts = [m.start() for m in _SI.finditer(piece)]
                if not starts:
                    carried += len(piece)
                    continue
                longest = max(longest, carried + starts[0])
                if len(starts) > 1:
                    import numpy as np

                    longest = max(longest, int(np.diff(np.array(starts)).max()))
                carried = len(piece) - starts[-1]
        except _TooLongText:
            raise DataFileError("file_cell_too_large", path=shown, line=1, limit=32_767) from None
    return max(longest, carried)
