"""A workbook's sheets read once as bytes before python-calamine builds them.

calamine allocates the whole range a sheet's cells name, so a 1 KB .xlsx with cells at A1
and XFD1048576 asks for 512 GiB, and a long shared string used by many cells is copied into
each. Here every sheet's XML (found as calamine finds it, through workbook.xml and its
rels) is read in windows that end before the last tag begun (the next window starts with
it, so no tag is cut in two), for how far its cells and rows reach, its long texts, its
shared-string cells and its formula-error cells. Only the tags' positions and types are
looked at: a formula or a text written with spaces around "=", single quotes or a prefix
is read like any other. A window in the form spreadsheet programs usually write
(``<c r="A1"``) is scanned with numpy (sheetfast); any other by reading every cell and row
tag, however its attributes are written.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from plan_check import refusals
from plan_check.input.sheetfast import Usual, column_number, usual_reach

_SI = re.compile(rb"<(?:[A-Za-z0-9_]+:)?si[\s>/]")
MAX_COPIES = 1 << 30  # bytes: the longest shared string times the cells that may use it
_ERROR = re.compile(  # <c r="D7" t="e"><f>1/0</f><v>#DIV/0!</v></c>
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?t="e"[^>]*>'
    rb"(?:<f[^>]*>[^<]*</f>|<f[^>]*/>)?<v>([^<]*)</v>"
)
# any cell, row or value tag, however written: a prefix, attributes in either quotes,
# spaces around "="
_TAG = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?(c|row|v)"
    rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>"
)
_ANY_START = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(?:c|row)[\s/>]")
_ATTRIBUTE = re.compile(rb"""(?:[^\s=:]+:)?([^\s=:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_POSITION = re.compile(r"\s*([A-Za-z]*)\s*0*([0-9]*)\s*")
_SHEET = re.compile(rb'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_TARGET = re.compile(rb'<Relationship [^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_TARGET_FIRST = re.compile(rb'<Relationship [^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
MAX_CELLS = 20_000_000  # rows × columns of a sheet's range: calamine allocates all of it
MAX_STRING = 32_767 * 4  # bytes of one text in the XML: Excel's cell limit, in UTF-8 and more
SCAN = 4 << 20


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
            raise refusals.file_cell_too_large(path=shown, line=1, limit=32_767) from None
        except _UnusualXml:
            raise refusals.file_xml_unusual(path=shown, part=part) from None
        cells += rows * columns  # every sheet's range is held: the budget is for all
        string_cells += strings
        if cells > MAX_CELLS:
            raise refusals.file_sheet_too_large(path=shown, rows=rows, columns=columns, part=part)
        if found:
            errors[sheets[part]] = found
    if longest * string_cells > MAX_COPIES:  # calamine copies a shared string into each cell
        raise refusals.file_cell_too_large(path=shown, line=1, limit=32_767)
    return errors


@dataclass
class _Reach:
    """How far a sheet's cells and rows reach, as the windows are scanned."""

    rows: int = 0  # the furthest row named, or counted
    columns: int = 0  # the furthest column named, or counted (single letters: 26)
    row_tags: int = 0
    strings: int = 0  # shared-string cells
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    row: int = 0  # the row being read (general scan): its number, its cells
    named: int = 0  # the furthest column a cell of the row names
    loose: int = 0  # cells of the row without a position (calamine places them after)
    cells: int = 0
    error_at: tuple[int, int] | None = None  # a formula-error cell whose value comes next


def _scan_sheet(
    archive: zipfile.ZipFile, part: str
) -> tuple[int, int, dict[tuple[int, int], str], int]:
    """How far a sheet's cell references reach (rows, columns; single-letter columns are
    taken as 26), its formula-error cells and its shared-string cells, read a window at a
    time. Each window ends before the last tag it begins (or the last cell tag near its
    end, whose value may follow): the next window starts there."""
    reach = _Reach()
    carry = b""
    run = 0  # bytes since the last tag: an inline text longer than a cell may hold
    with archive.open(part) as stream:
        while True:
            piece = stream.read(SCAN)
            run = _text_run(piece, run)
            text = carry + piece
            cut = _window_end(text) if piece else len(text)
            window, carry = text[:cut], text[cut:]
            usual = usual_reach(window)
            if usual is None:
                _scan_any(window, reach)
            else:
                _add(reach, usual, window)
            if not piece:
                break
    return max(reach.rows, reach.row_tags), reach.columns, reach.errors, reach.strings


_LAST_CELL = 64 << 10  # a cell tag this near a window's end goes to the next window whole


def _window_end(text: bytes) -> int:
    cut = text.rfind(b"<")
    if cut < 0:
        return len(text)
    near = max(0, len(text) - _LAST_CELL)
    cells = [m.start() for m in _ANY_START.finditer(text, near)]
    return min(cut, cells[-1]) if cells else cut


def _add(reach: _Reach, usual: Usual, window: bytes) -> None:
    """What the fast scan found in a window, added to the sheet's reach."""
    reach.columns = max(reach.columns, usual.columns)
    reach.rows = max(reach.rows, usual.rows)
    reach.row_tags += usual.row_tags
    reach.strings += usual.strings
    if usual.errors:
        for letters, number, value in _ERROR.findall(window):
            key = (int(number), column_number(letters.upper()) - 1)
            reach.errors[key] = html.unescape(value.decode("utf-8", "replace"))


def _scan_any(window: bytes, reach: _Reach) -> None:
    """Every cell, row and value tag read, however its attributes are written. A cell
    without a position is placed after the row's others, as calamine places it; a row
    without a number after the last. A cell or row tag that is no tag at all (not
    well-formed) is refused: calamine could not read the sheet either."""
    found = 0
    for match in _TAG.finditer(window):
        name = match.group(1)
        if name == b"v":
            if reach.error_at is not None:
                stop = window.find(b"<", match.end())
                value = window[match.end() : stop if stop >= 0 else len(window)]
                reach.errors[reach.error_at] = html.unescape(value.decode("utf-8", "replace"))
                reach.error_at = None
            continue
        found += 1
        attributes = {
            key: html.unescape((double or single).decode("utf-8", "replace"))
            for key, double, single in _ATTRIBUTE.findall(match.group(2))
        }
        position = _POSITION.fullmatch(attributes.get(b"r", ""))
        if name == b"row":
            reach.row_tags += 1
            named = position is not None and position.group(2) and not position.group(1)
            reach.row = int(position.group(2)) if position and named else reach.row + 1
            reach.rows = max(reach.rows, reach.row, reach.row_tags)
            reach.named = reach.loose = reach.cells = 0
            continue
        _cell(reach, position, attributes.get(b"t", ""))
    if found != len(_ANY_START.findall(window)):
        raise _UnusualXml


def _cell(reach: _Reach, position: re.Match[str] | None, kind: str) -> None:
    reach.cells += 1
    reach.columns = max(reach.columns, 26)
    letters, number = (position.group(1), position.group(2)) if position else ("", "")
    if letters:
        column = column_number(letters.upper().encode())
        reach.named = max(reach.named, column)
        if number:
            reach.rows = max(reach.rows, int(number))
    else:
        reach.loose += 1
        column = reach.named + reach.loose
    reach.columns = max(reach.columns, reach.named + reach.loose, reach.cells)
    reach.strings += kind.strip() == "s"
    row = int(number) if number else max(reach.row, 1)
    reach.error_at = (row, column - 1) if kind.strip() == "e" else None


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
    string's size in bytes (rich-text runs included), to bound how much its copies take.
    Read in windows that end before the last tag begun, so no <si> is cut in two."""
    run = 0  # bytes since the last tag
    longest = 0
    last = 0  # where the latest string began, from the part's start
    done = 0  # bytes before the current window
    carry = b""
    with archive.open(part) as stream:
        try:
            while True:
                piece = stream.read(SCAN)
                run = _text_run(piece, run)
                text = carry + piece
                cut = max(text.rfind(b"<"), 0) if piece else len(text)
                for match in _SI.finditer(text, 0, cut):
                    longest = max(longest, done + match.start() - last)
                    last = done + match.start()
                done, carry = done + cut, text[cut:]
                if not piece:
                    break
        except _TooLongText:
            raise refusals.file_cell_too_large(path=shown, line=1, limit=32_767) from None
    return max(longest, done - last)
