"""Workbooks (.xlsx, .xlsm) read with python-calamine, each sheet parsed once, after the zip
and every sheet's XML are checked. Rows are handed on in chunks of Arrow text columns,
each row with its sheet row; a problem's place is the sheet's own cell (D7). A cell's
text is what the clerk sees: 3000, 0.965, 是, 2023-06-30.

Before calamine parses a workbook (``check_workbook``), it is checked, and never obeyed.
First the zip's directory: a part that would inflate far beyond what a real workbook does
(a zip bomb), XML with entity declarations, a legacy or encrypted file (an OLE2
container), or a broken zip is refused with a message that says what the file is.

Then every sheet's XML (found as calamine finds it, through workbook.xml and its rels),
read once as bytes: calamine allocates the whole range a sheet's cells name, so a 1 KB
.xlsx with cells at A1 and XFD1048576 asks for 512 GiB, and a long shared string used by
many cells is copied into each. The XML is read in windows (``_windows``: no tag cut in
two) for how far its cells and rows reach, its long texts, its shared-string cells and
its formula-error cells. Only the tags' positions and types are looked at: a formula or a
text written with spaces around "=", single quotes or a prefix is read like any other. A
window in the form spreadsheet programs write (``<c r="D7"``, ``<row r="7"``: position
first, in double quotes, no prefix, no entity in a position or a type) is scanned with
numpy over the positions of the bytes that matter ("<", "=", ":") and the references'
bytes read as 8-byte words (``_add_usual``); any other by reading every cell and row tag,
however its attributes are written (``_scan_any``).
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import threading
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import chain, islice
from pathlib import Path
from typing import Any

from plan_check import problems, refusals
from plan_check.codes import Code, Said
from plan_check.errors import DataFileError
from plan_check.input.files import OLE2, check_regular, read_pieces
from plan_check.input.grid import (
    CHUNK_ROWS,
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    NOTES_SHEET,
    UNIT_HEADERS,
    Chunk,
    Grid,
    RowProblem,
    data_above,
    header_score,
    is_header,
)

ErrorCells = dict[tuple[int, int], str]  # a sheet's formula errors: (row, column from 0) -> text
Below = dict[int, tuple[int, int]]  # rows under a merged unit cell: (its column, its row)


@dataclass
class Sheets:
    """What a workbook gives: a grid for every sheet with a unit column, the others."""

    grids: list[Grid]
    skipped: list[tuple[str, Said]]  # (sheet, why: empty, no unit column)


def read_workbook(path: Path, shown: str, sheet: str | None) -> Sheets:
    """Every sheet of a workbook that has a unit column (or only ``sheet``), numbers stored
    as numbers or as text: counties on one sheet and 市直 on another are one submission.

    Merged title cells hold their text in the first cell only, so a merged title row is
    skipped like any title line. Locations are the sheet's own: row numbers and letters.
    """
    import python_calamine as calamine

    error_cells = check_workbook(path, shown)  # every sheet it checked
    threading.Thread(target=_import_arrow, name="plan-check-imports").start()
    sheets = Sheets([], [])
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        names = [m.name for m in book.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
        for unchecked in set(names) - set(error_cells):  # never parsed unchecked
            raise refusals.file_sheet_unchecked(path=shown, sheet=unchecked)
        if sheet is not None and sheet not in names:
            raise refusals.sheet_not_found(path=shown, sheet=sheet, sheets="、".join(names))
        if not names:
            raise refusals.file_empty(path=shown)
        for name in [sheet] if sheet is not None else names:
            ws = book.get_sheet_by_name(name)
            found = _find_header(ws, shown, name)
            if isinstance(found, Said):  # no header
                if name != NOTES_SHEET or sheet is not None:  # not our notes
                    sheets.skipped.append((name, found))
                continue
            header, line, offset, above = found
            rows = islice(ws.iter_rows(), line, None)  # past the header and the title rows above it
            place = f"{shown}[{name}]"
            grid = Grid(place, f"xlsx:{name}", header, line, iter(()), above, workbook=True)
            grid.delimiter = ""  # not delimited text
            grid.size = path.stat().st_size
            grid.total_lines = int(ws.height) + 1
            below = _merged_below(ws, header, line, place)
            grid.chunks = _rows(grid, rows, line, offset, error_cells.get(name, {}), below)
            sheets.grids.append(grid)
    except DataFileError:
        raise
    except BaseException as exc:  # calamine's own errors (a panic too): a broken workbook
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # Ctrl-C, exit
        reason = f"{type(exc).__name__}: {exc}"[:300]
        raise refusals.file_not_workbook(path=shown, reason=reason) from None
    if len(sheets.grids) == 1:
        sheets.grids[0].path = shown  # one sheet: named by its file alone
    elif not sheets.grids:
        if all(why.code is Code.SHEET_EMPTY for _, why in sheets.skipped):
            raise refusals.file_empty(path=shown)
        raise refusals.workbook_no_unit_column(
            path=shown, sheets="、".join(names), accepted=" / ".join(UNIT_HEADERS)
        )
    return sheets


def _import_arrow() -> None:
    """pyarrow, pandas (which pyarrow imports on its first conversion of the rows) and
    acero (the totals' group_by): imported while calamine parses (it lets go of the
    interpreter), not after, nor while the sheets are checked (numpy's short releases of
    it would wait for the imports); one that fails is left for the rows' import to say."""
    with suppress(ImportError):
        import pandas  # noqa: F401
        import pyarrow.acero
        import pyarrow.compute  # noqa: F401


KEEP_BYTES = 256 << 20  # the sheets' text cells kept for a run


class Workbooks:
    """The workbooks of one run, each sheet parsed once. A sheet's rows are kept as the
    text chunks they were handed on as (Arrow: a few bytes a cell, less than calamine
    held for them while they were read), so that the repeated-row check reads a sheet
    again from memory, not from its file; a sheet that would take the run past
    ``KEEP_BYTES`` is not kept, and is read from its file again if asked for."""

    def __init__(self) -> None:
        self.used = 0
        self.kept: dict[tuple[str, int], tuple[Grid, list[Chunk]]] = {}

    def read(self, path: Path, shown: str, sheet: str | None) -> Sheets:
        """Every sheet read as ``read_workbook`` reads it, kept as it is handed on."""
        sheets = read_workbook(path, shown, sheet)
        for n, grid in enumerate(sheets.grids):
            grid.chunks = self._keeping((str(path), n), replace(grid, chunks=iter(())), grid.chunks)
        return sheets

    def again(self, path: Path, shown: str, sheet: str | None, n: int) -> Grid:
        """Sheet ``n`` of a workbook read before, read again: from memory if kept."""
        if (str(path), n) in self.kept:
            blank, chunks = self.kept[(str(path), n)]
            return replace(blank, chunks=iter(chunks))
        return read_workbook(path, shown, sheet).grids[n]

    def _keeping(
        self, key: tuple[str, int], blank: Grid, chunks: Iterator[Chunk]
    ) -> Iterator[Chunk]:
        kept: list[Chunk] | None = []
        size = 0
        for chunk in chunks:
            if kept is not None:
                size += chunk.lines.nbytes + sum(c.nbytes for c in chunk.columns)
                if self.used + size <= KEEP_BYTES:
                    kept.append(chunk)
                else:
                    kept = None  # let go: read from the file again if asked for
            yield chunk
        if kept is not None:
            self.used += size
            self.kept[key] = (blank, kept)


def _find_header(
    ws: Any, shown: str, name: str
) -> tuple[list[str], int, int, list[RowProblem]] | Said:
    """A sheet's header, its row, the column the sheet's cells start at and the rows of
    data above it; else why the sheet is skipped (empty, no unit column)."""
    offset = ws.start[1] if ws.start is not None else 0
    best: tuple[int, list[str], int] | None = None
    first_candidate = 0
    filled: list[tuple[int, list[str]]] = []  # the rows holding text, with their row
    rows = ws.iter_rows() if ws.end is not None else ()  # an empty sheet: calamine 0.4 panics
    for number, values in enumerate(rows, 1):
        row = [""] * offset + [_cell_text(v) for v in values]
        if len(row) > MAX_COLUMNS:
            raise refusals.file_too_wide(path=shown, line=number, count=len(row), limit=MAX_COLUMNS)
        if any(c.strip() for c in row):
            filled.append((number, row))
        if is_header(row):
            first_candidate = first_candidate or number
            if best is None or header_score(row) > best[0]:
                best = (header_score(row), row, number)  # the row most like a header
        if number > HEADER_SEARCH_ROWS:
            break
    if best is not None:
        return best[1], best[2], offset, data_above(shown, filled, first_candidate, *best[1:])
    if filled and int(ws.height) > HEADER_SEARCH_ROWS + 1:
        return problems.sheet_rows_no_unit_column(sheet=name)  # rows past the header search
    return (problems.sheet_no_unit_column if filled else problems.sheet_empty)(sheet=name)


def _merged_below(ws: Any, header: list[str], line: int, place: str) -> Below:
    """The rows under a unit cell merged down over them (a county over its schools), each
    with the unit column and the merged cell's own row: the rows Excel shows it on. Within
    the sheet's rows; merges that overlap (Excel writes none) refuse the sheet."""
    unit, end = next(j for j, h in enumerate(header) if is_header([h])), (ws.end or (0, 0))[0]
    below: Below = {}
    for (top, left), (bottom, right) in sorted(ws.merged_cell_ranges or ()):  # from 0
        if top >= line and left <= unit <= right:  # under the header, over the unit column
            if top + 1 in below or top + 2 in below:
                raise refusals.file_not_workbook(path=place, reason="overlapping merged cells")
            below |= {r + 1: (unit, top + 1) for r in range(top + 1, min(bottom, end) + 1)}
    return below


def _rows(
    grid: Grid,
    iterator: Iterator[list[Any]],
    number: int,
    offset_col: int,
    errors: ErrorCells,
    below: Below,
) -> Iterator[Chunk]:
    """The sheet's rows below the header in chunks (of fewer rows on a wide sheet). Every
    row is as wide as the header (both are rows of the sheet's range, after the columns
    it starts at); a unit cell merged down shows on every row under it (``below``). A
    chunk's cells are turned into text together, row after row, by numpy and Arrow (not
    cell by cell), then taken apart into columns."""
    import numpy as np
    import pyarrow as pa

    width = len(grid.header)
    by_row: dict[int, list[tuple[int, str]]] = {}
    tops: dict[int, Any] = {top: None for _, top in below.values()}  # their values, by row
    for (row_number, column), value in errors.items():
        by_row.setdefault(row_number, []).append((column, value))
    while batch := list(islice(iterator, max(1, min(CHUNK_ROWS, GROUP_CELLS // width)))):
        rows, lines = len(batch), np.arange(number + 1, number + 1 + len(batch), dtype=np.int64)
        if any(len(row) != width - offset_col for row in batch):  # never so from calamine
            raise refusals.file_not_workbook(path=grid.path, reason="rows of unequal widths")
        flat = list(
            chain.from_iterable(([""] * offset_col + r for r in batch) if offset_col else batch)
        )
        for i, line in enumerate(lines.tolist()) if by_row or below else ():
            for column, value in by_row.get(line, ()):  # calamine leaves formula errors empty
                if column < width:
                    flat[i * width + column] = value
            if line in tops:  # a merged unit cell's own row: its value, for the rows below
                tops[line] = flat[i * width + below[line + 1][0]]
            if line in below:
                column, top = below[line]
                flat[i * width + column] = tops[top]
        order = np.arange(rows * width).reshape(rows, width).T.ravel()
        texts = _texts(flat).take(pa.array(order))
        yield Chunk([texts.slice(k * rows, rows) for k in range(width)], lines)
        number += rows


GROUP_CELLS = 1 << 20  # cells of a sheet turned to text together: a chunk's at most
_KIND: defaultdict[type, int] = defaultdict(lambda: 2, {str: 0, float: 1})  # bool, date: 2


def _texts(values: list[Any]) -> Any:
    """Cells of a sheet as the texts ``_cell_text`` gives, as one Arrow array: texts as
    they are; whole numbers below 10^15, the common rest, by Arrow's integer cast,
    together; anything else cell by cell."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    kinds = np.frombuffer(bytearray(map(_KIND.__getitem__, map(type, values))), np.int8)
    is_float = kinds == 1
    whole = np.zeros(len(values), dtype=bool)
    if is_float.any():
        numbers = pa.array(values, type=pa.float64(), mask=~is_float).to_numpy(zero_copy_only=False)
        whole = is_float & (numbers == np.trunc(numbers)) & (np.abs(numbers) < 1e15)
        kinds[is_float & ~whole] = 2  # 0.965, 1e+20: as Python writes them
    for k in np.flatnonzero(kinds == 2).tolist():
        values[k] = _cell_text(values[k])
    strings = pa.array(values, type=pa.string(), mask=whole)
    if not whole.any():
        return strings
    # the whole ones cast (the others, 1e20 among them, masked and never cast: no overflow)
    texts = pa.array(np.where(whole, numbers, 0).astype(np.int64), mask=~whole).cast(pa.string())
    return pc.if_else(pa.array(whole), texts, strings)


def _cell_text(value: object) -> str:
    """A workbook value as the text a clerk would see typed: 3000, 0.965, 是, 2023-06-30."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):  # at Excel's 15 digits: a formula's 4680.450000000001 is
        if abs(value) >= 1e15:  # the 4680.45 it shows (no clerk typed more digits)
            return repr(value)
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()[:10]
    return str(value)


# ---- the workbook checked before calamine parses it ---------------------------------------

MAX_PART_BYTES = 1 << 30  # one sheet's XML, inflated: far beyond Excel's own row limit
MAX_TOTAL_BYTES = 2 << 30
MAX_RATIO = 100  # inflated / compressed for parts over RATIO_FLOOR: real sheets stay far below
RATIO_FLOOR = 16 << 20
MAX_PARTS = 10_000
ENTITY_SCAN = 64 << 10  # a DOCTYPE comes before the root element: the head of a part


def check_workbook(path: Path, shown: str) -> dict[str, ErrorCells]:
    """Refuse what is not a plain, sane .xlsx before calamine parses it: a zip bomb, XML
    entities, a sheet whose cells span more than a workbook holds (calamine builds the
    whole range), a shared string longer than Excel allows. Returns every sheet checked,
    by name, with its cells holding a formula error (#DIV/0!; calamine hands them on empty)."""
    check_regular(path, shown)
    magic = next(read_pieces(path, shown, 0, 8), b"")
    if magic == OLE2:  # a legacy .xls, or an encrypted workbook: a BIFF file cannot be
        # checked before calamine builds the range its records name (a 10 KB .xls can ask
        # for 137 GB), so it is refused with the way to go on
        raise refusals.file_ole2(path=shown)
    if path.suffix.lower() == ".xls":  # an .xls that is no OLE2 file: an .xlsx renamed?
        if magic.startswith(b"PK\x03\x04"):
            raise refusals.file_xlsx_as_xls(path=shown)
        raise refusals.file_not_workbook(path=shown, reason="not an Excel 97-2003 file")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise refusals.file_zip_bomb(path=shown, reason=f"{len(parts)} parts")
            for part in parts:
                size, ratio = part.file_size, part.file_size / max(part.compress_size, 1)
                if size > MAX_PART_BYTES or (size > RATIO_FLOOR and ratio > MAX_RATIO):
                    inflated = f"{part.compress_size:,} → {size:,} bytes"
                    raise refusals.file_zip_bomb(path=shown, reason=f"{part.filename}: {inflated}")
            if (total := sum(part.file_size for part in parts)) > MAX_TOTAL_BYTES:
                raise refusals.file_zip_bomb(path=shown, reason=f"{total:,} bytes in all")
            for part in parts:
                if part.filename.lower().endswith((".xml", ".rels", ".vml")):
                    with archive.open(part) as stream:
                        head = stream.read(ENTITY_SCAN).lower()
                    if b"<!doctype" in head or b"<!entity" in head:
                        raise refusals.file_xml_entities(path=shown, part=part.filename)
            return scan_sheets(archive, shown)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, KeyError) as e:
        raise refusals.file_not_workbook(path=shown, reason=str(e) or type(e).__name__) from None
    except (NotImplementedError, RuntimeError) as exc:  # an encrypted part, a compression
        raise refusals.file_not_workbook(path=shown, reason=str(exc)[:300]) from None


_SI = re.compile(rb"<(?:[A-Za-z0-9_]+:)?si[\s>/]")
MAX_COPIES = 128 << 20  # bytes: the longest shared string times the cells that may use it
# (copied again into Python and Arrow, about 6 times in all: 1 GiB of them peaked at 5.6 GB)
_ERROR = re.compile(  # <c r="D7" t="e"><f>1/0</f><v>#DIV/0!</v></c>
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?t="e"[^>]*>'
    rb"(?:<f[^>]*>[^<]*</f>|<f[^>]*/>)?<v>([^<]*)</v>"
)
# a tag's attributes and its end, however written: either quotes, spaces around "="
_ATTRIBUTES = rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>"
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(c|row|v)" + _ATTRIBUTES)  # a cell, row or value
_ANY_START = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(?:c|row)[\s/>]")
_ATTRIBUTE = re.compile(rb"""(?:[^\s=:]+:)?([^\s=:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_POSITION = re.compile(r"\s*([A-Za-z]*)\s*0*([0-9]*)\s*")
# a <sheet> of workbook.xml, a <Relationship> of its rels
_LINK = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(?:sheet|Relationship)" + _ATTRIBUTES)
MAX_CELLS = 20_000_000  # rows × columns of all sheets' ranges, all allocated (47 B a cell)
MAX_STRING = 32_767 * 4  # bytes of one text in the XML: Excel's cell limit, in UTF-8 and more
SCAN = 4 << 20


def scan_sheets(archive: zipfile.ZipFile, shown: str) -> dict[str, ErrorCells]:
    """The workbook's sheets, found as calamine finds them (workbook.xml and its rels,
    however their tags are written, wherever the parts are stored and however their
    names are spelt), scanned as the module's docstring says; each sheet's formula-error
    cells by name."""
    names = {p.filename.lower(): p.filename for p in archive.infolist()}
    workbook, rels = names.get("xl/workbook.xml"), names.get("xl/_rels/workbook.xml.rels")
    sheets: dict[str, dict[str, None]] = {}  # part -> the names of the sheets showing it
    if workbook is not None and rels is not None:
        targets: dict[str, list[str]] = {}  # every part a relationship's id may name
        for link in _links(archive.read(rels)):
            for rid in link.get(b"Id", []):
                targets.setdefault(rid, []).extend(link.get(b"Target", []))
        for link in _links(archive.read(workbook)):
            for target in chain.from_iterable(targets.get(rid, []) for rid in link.get(b"id", [])):
                where = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                part = names.get(posixpath.normpath(where).lower())
                if part is not None:  # a target is found written and unescaped: once
                    sheets.setdefault(part, {})[link.get(b"name", [""])[0]] = None
    errors: dict[str, ErrorCells] = {}
    cells = string_cells = 0
    strings: dict[str, int] = {}  # part -> its shared-string cells
    shared = [part for name, part in names.items() if name.endswith("sharedstrings.xml")]
    sizes = [_check_strings(archive, part, shown) for part in shared]
    longest = max((int(size.max(initial=0)) for size in sizes), default=0)
    for part in sorted(sheets):
        reach = _Reach()
        for window in _windows(archive, part, shown):
            if not _add_usual(window, reach) and not _scan_any(window, reach):
                raise refusals.file_xml_unusual(path=shown, part=part)
        rows, columns = max(reach.rows, reach.row_tags), reach.columns
        cells += rows * columns * len(sheets[part])  # each sheet's range is held, a part
        string_cells += reach.strings * len(sheets[part])  # two sheets show built twice
        strings[part] = reach.strings
        if cells > MAX_CELLS:
            raise refusals.file_sheet_too_large(path=shown, rows=rows, columns=columns, part=part)
        errors |= dict.fromkeys(sheets[part], reach.errors)  # every sheet checked, named
    copies = longest * string_cells  # at most; counted where that is too many
    if copies > MAX_COPIES and len(sizes) == 1:
        copies = _copies(archive, sheets, strings, sizes[0], shown) or copies
    if copies > MAX_COPIES:  # calamine copies a shared string into each cell that uses it
        raise refusals.file_shared_text_too_large(
            path=shown, longest=longest, cells=string_cells, mib=copies >> 20
        )
    return errors


_SHARED_CELL = re.compile(rb'<c\b[^>]*?\st="s"[^>]*>\s*<v>([0-9]{1,9})</v>')


def _copies(
    archive: zipfile.ZipFile,
    sheets: dict[str, dict[str, None]],
    strings: dict[str, int],
    sizes: Any,
    shown: str,
) -> int:
    """The bytes of shared text the sheets' cells copy, each its own string's size (a long
    备注 text in a few cells, not in all); 0 where a cell is written another way than
    this counts (the bound then stands)."""
    import numpy as np

    copies = 0
    for part, shown_as in sheets.items():
        found = [int(m) for w in _windows(archive, part, shown) for m in _SHARED_CELL.findall(w)]
        wanted = np.array(found, dtype=np.int64)
        if len(found) != strings[part] or (wanted >= len(sizes)).any():
            return 0
        copies += int(sizes[wanted].sum()) * len(shown_as)
    return copies


def _links(xml: bytes) -> Iterator[dict[bytes, list[str]]]:
    """The attributes of each <sheet> or <Relationship> tag, however written: by name
    without its prefix (r:id is id), every value both unescaped and as written."""
    for match in _LINK.finditer(xml):
        found: dict[bytes, list[str]] = {}
        for key, double, single in _ATTRIBUTE.findall(match.group(1)):
            value = (double or single).decode("utf-8", "replace")
            found.setdefault(key, []).extend([html.unescape(value), value])
        yield found


@dataclass
class _Reach:
    """How far a sheet's cells and rows reach, as the windows are scanned."""

    rows: int = 0  # the furthest row named, or counted
    columns: int = 0  # the furthest column named, or counted (single letters: 26)
    row_tags: int = 0
    strings: int = 0  # shared-string cells
    errors: ErrorCells = field(default_factory=dict)
    row: int = 0  # the row being read (general scan): its number, its cells
    named: int = 0  # the furthest column a cell of the row names
    loose: int = 0  # cells of the row without a position (calamine places them after)
    cells: int = 0
    error_at: tuple[int, int] | None = None  # a formula-error cell whose value comes next


def _windows(archive: zipfile.ZipFile, part: str, shown: str) -> Iterator[bytes]:
    """A part's XML in windows of about ``SCAN`` bytes, one after the other. Each ends
    before the last tag it begins, or before the last cell or row tag near its end (whose
    value may follow): the next window starts there. A text longer than a cell may hold,
    between two tags, is refused."""
    carry = b""
    run = 0  # bytes since the last tag
    with archive.open(part) as stream:
        while True:
            piece = stream.read(SCAN)
            run = _text_run(piece, run, shown)
            text = carry + piece
            cut = _window_end(text) if piece else len(text)
            yield text[:cut]
            carry = text[cut:]
            if not piece:
                return


_LAST_CELL = 64 << 10  # a cell tag this near a window's end goes to the next window whole


def _window_end(text: bytes) -> int:
    cut = text.rfind(b"<")
    if cut < 0:
        return len(text)
    near, at = max(0, len(text) - _LAST_CELL), cut
    while at >= near and not _ANY_START.match(text, at):  # the last cell or row tag near
        at = text.rfind(b"<", near, at)
    return at if at >= near else cut


def _scan_any(window: bytes, reach: _Reach) -> bool:
    """Every cell, row and value tag read, however its attributes are written. A cell
    without a position is placed after the row's others, as calamine places it; a row
    without a number after the last. False if a cell or row tag is no tag at all (not
    well-formed): calamine could not read the sheet either."""
    found = 0
    for match in _TAG.finditer(window):
        if match.group(1) == b"v":
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
        letters, number = position.groups() if position else ("", "")
        if match.group(1) == b"row":
            reach.row_tags += 1
            reach.row = int(number) if number and not letters else reach.row + 1
            reach.rows = max(reach.rows, reach.row, reach.row_tags)
            reach.named = reach.loose = reach.cells = 0
            continue
        reach.cells += 1
        if letters:
            column = column_number(letters.upper().encode())
            reach.named = max(reach.named, column)
            reach.rows = max(reach.rows, int(number or 0))
        else:
            reach.loose += 1
            column = reach.named + reach.loose
        reach.columns = max(reach.columns, 26, reach.named + reach.loose, reach.cells)
        kind = attributes.get(b"t", "").strip()
        reach.strings += kind == "s"
        row = int(number) if number else max(reach.row, 1)
        reach.error_at = (row, column - 1) if kind == "e" else None
    return found == len(_ANY_START.findall(window))


def _text_run(piece: bytes, run: int, shown: str) -> int:
    """The bytes of text since the last tag after ``piece``, given ``run`` before it; a
    run longer than a cell may hold is refused."""
    import numpy as np

    first, last = piece.find(b"<"), piece.rfind(b"<")
    if first >= 0 and run + first <= MAX_STRING:
        blocks = np.frombuffer(piece[: len(piece) // 65536 * 65536], dtype=np.uint8)
        if (blocks.reshape(-1, 65536) == 60).any(axis=1).all():  # no 64 KiB without a tag
            return len(piece) - last - 1
    tags = np.flatnonzero(np.frombuffer(piece, dtype=np.uint8) == 60)  # every "<"
    if len(tags):
        longest = max(run + int(tags[0]), int(np.diff(tags).max(initial=0)))
        run = len(piece) - int(tags[-1]) - 1
    else:
        longest = run = run + len(piece)
    if longest > MAX_STRING:
        raise refusals.file_cell_too_large(path=shown, line=1, limit=32_767)
    return run


def _check_strings(archive: zipfile.ZipFile, part: str, shown: str) -> Any:
    """No text in the shared strings longer than a cell may hold; returns each string's
    size in bytes (rich-text runs included), to bound how much its copies take."""
    import numpy as np

    starts: list[int] = []
    end = 0  # where the window starts, then where the part ends
    for window in _windows(archive, part, shown):
        starts += [end + match.start() for match in _SI.finditer(window)]
        end += len(window)
    return np.diff(np.array([*starts, end], dtype=np.int64))


# --- the fast scan of a window written the usual way ---

_ODD_ATTRIBUTE = re.compile(rb"\b[rt](?:\s+=|=\s|=')")  # r = "…", t='s'
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.\-]*:(?:c|row)[\s/>]")
_ENTITY_IN_VALUE = re.compile(rb'="[^"<>]*&')


def column_number(letters: bytes) -> int:
    """A column's number from its letters: A 1, Z 26, AA 27."""
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


@cache
def _tables() -> tuple[Any, Any, bytes]:
    """Lookup tables by byte: tag name ends ([\\s/>]), white space, and each byte's class
    in a reference: 1 a letter, 2 a digit, 3 '"'; 0 anything else."""
    import numpy as np

    ends = np.zeros(256, dtype=bool)
    ends[list(b" \t\n\r\f\v/>")] = True
    space = np.zeros(256, dtype=bool)
    space[list(b" \t\n\r\f\v")] = True
    classes = bytearray(256)
    classes[65:91] = classes[97:123] = b"\1" * 26  # A-Z, a-z
    classes[48:58] = b"\2" * 10  # 0-9
    classes[34] = 3  # '"'
    return ends, space, bytes(classes)


_CELL_TAG = int.from_bytes(b'<c r="', "little")
_ROW_TAG = int.from_bytes(b'<row r="', "little")
# the types spreadsheet programs write: of a cell, and of a formula (array, shared, normal)
_TYPES = [b"s", b"e", b"n", b"b", b"d", b"str", b"array", b"shared", b"normal", b"inlineStr"]


def _types(buf: Any, eight: Any, eq: Any, name: Any, positions: int) -> tuple[int, int] | None:
    """The shared-string cells (t="s") and formula-error cells (t="e") of a window, given
    its "=" (each before '"') and the byte before each; None unless ``positions`` r="…"
    stand there (no other r than the cells' and rows') and every t="…" is one of
    ``_TYPES``, without an entity. Each type is counted by its bytes from the quote on:
    no two types begin alike up to their closing quote, so all are known when the counts
    add up to the t="…"."""
    import numpy as np

    _, space, _ = _tables()
    lead = space[buf[eq - 2]]  # " r=", " t=": the attribute's name, after a space
    if int(((name == 114) & lead).sum()) != positions:
        return None
    tee = eq[(name == 116) & lead] + 1  # each type's opening quote
    first = eight[tee]  # 8 bytes from the quote on, cut to each size a type is seen by
    sizes = {min(len(kind) + 2, 8) for kind in _TYPES}
    heads = {n: first & np.uint64((1 << 8 * n) - 1) for n in sizes}
    counts = []
    for kind in _TYPES:
        quoted = b'"' + kind + b'"'
        match = heads[min(len(quoted), 8)] == np.uint64(int.from_bytes(quoted[:8], "little"))
        if len(quoted) > 8:  # inlineStr: the bytes after the first 8 too
            tail = eight[tee[match] + 8] & np.uint64((1 << 8 * (len(quoted) - 8)) - 1)
            match = tail == np.uint64(int.from_bytes(quoted[8:], "little"))
        counts.append(int(np.count_nonzero(match)))
    return (counts[0], counts[1]) if sum(counts) == len(tee) else None


_PAD = bytes(24)  # so that 8 bytes can be read at any offset up to 16 past the end


def _add_usual(window: bytes, reach: _Reach) -> bool:
    """What a window holds added to the sheet's reach, if its cell and row tags are all
    written the usual way; False, nothing added, if any is not (the window is then read
    tag by tag). Columns: at least 26 once a cell is seen."""
    import numpy as np

    ends, space, _ = _tables()
    size = len(window)
    buf = np.frombuffer(window + _PAD, dtype=np.uint8)
    eight = np.ndarray((size + 16,), dtype="<u8", buffer=buf, strides=(1,))
    if b":" in window:  # <x:c, <x:row: a prefixed tag?
        name = eight[np.flatnonzero(buf[:size] == 58) + 1]  # after each ":"
        if (
            ((name & 0xFF) == 99) & ends[(name >> 8) & 0xFF]
            | ((name & 0xFFFFFF) == 0x776F72) & ends[(name >> 24) & 0xFF]
        ).any() and _PREFIXED.search(window):
            return False
    eq = np.flatnonzero(buf[:size] == 61)  # "="
    before = buf[eq - 1]  # the byte before each (before one at 0: buf[-1], padding)
    # every "=" followed by '"' with no space before it (most windows): no r = "…", no t='s'
    plain = not ((buf[eq + 1] != 34).any() or space[before].any())
    if not plain and _ODD_ATTRIBUTE.search(window):
        return False
    if not plain and b"&" in window and _ENTITY_IN_VALUE.search(window):
        return False  # r="&#88;FD1": an entity in a value (when plain: see the types)
    lt = np.flatnonzero(buf[:size] == 60)  # "<"
    after = buf[lt + 1]
    cells = lt[after == 99]
    cells = cells[ends[buf[cells + 2]]]
    rows = lt[after == 114]
    rows = rows[(buf[rows + 2] == 111) & (buf[rows + 3] == 119) & ends[buf[rows + 4]]]
    if ((eight[cells] & 0xFFFFFFFFFFFF) != _CELL_TAG).any() or (eight[rows] != _ROW_TAG).any():
        return False
    cell_reach = _references(buf, eight, cells + 6, letters=True)
    row_reach = _references(buf, eight, rows + 8, letters=False)
    types = _types(buf, eight, eq, before, len(cells) + len(rows))
    if cell_reach is None or row_reach is None or types is None:
        return False
    errors = _ERROR.findall(window) if types[1] else []
    if len(errors) != types[1]:  # an error cell written otherwise (its tags over lines)
        return False
    reach.columns = max(reach.columns, max(26, cell_reach[1]) if len(cells) else 0)
    reach.rows = max(reach.rows, cell_reach[0], row_reach[0])
    reach.row_tags += len(rows)
    reach.strings += types[0]
    for letters, number, value in errors:
        key = (int(number), column_number(letters.upper()) - 1)
        reach.errors[key] = html.unescape(value.decode("utf-8", "replace"))
    return True


def _references(buf: Any, eight: Any, at: Any, letters: bool) -> tuple[int, int] | None:
    """The furthest row and column of the references beginning at ``at``: one to three
    letters (none for a row), one to eight digits without a leading zero, a double quote.
    None if any is otherwise. References are grouped by shape (their bytes' classes up to
    the quote: at most 24 shapes); within a group the furthest row is the largest of the
    digits read as one big-endian number (equal lengths: the same order as the values),
    the furthest column likewise."""
    import numpy as np

    raw = np.stack([eight[at], eight[at + 8]], axis=1).tobytes()  # 16 bytes each
    shape_a, shape_b = np.frombuffer(raw.translate(_tables()[2]), dtype="<u8").reshape(-1, 2).T
    best = (0, 0)  # (digits, the row's digits as a number): the furthest row
    column = 0
    while len(at):
        kind = int(shape_a[0]).to_bytes(8, "little") + int(shape_b[0]).to_bytes(8, "little")
        named = len(kind) - len(kind.lstrip(b"\1"))
        digits = len(kind) - named - len(kind[named:].lstrip(b"\2"))
        end = named + digits  # where the quote must be
        if end >= 16 or kind[end] != 3 or not 0 < digits <= 8 or named > 3:
            return None
        if (named > 0) != letters:
            return None
        mask = (1 << (8 * min(end + 1, 8))) - 1
        same = (shape_a & np.uint64(mask)) == np.uint64(int(shape_a[0]) & mask)
        if end >= 8:
            tail = (1 << (8 * (end - 7))) - 1
            same &= (shape_b & np.uint64(tail)) == np.uint64(int(shape_b[0]) & tail)
        group = at[same]
        if (buf[group + named] == 48).any():
            return None  # a leading zero: a longer number is not always a larger one
        best = max(best, (digits, _largest(eight[group + named], digits)))
        if named:
            letters_found = _largest(eight[group] & np.uint64(0xDFDFDFDFDFDFDFDF), named)
            column = max(column, column_number(letters_found.to_bytes(named, "big")))
        at, shape_a, shape_b = at[~same], shape_a[~same], shape_b[~same]
    row = int(best[1].to_bytes(best[0], "big")) if best[0] else 0
    return row, column


def _largest(words: Any, size: int) -> int:
    """The largest of the first ``size`` bytes of each 8-byte word, read big-endian."""
    import numpy as np

    swapped = words.byteswap() >> np.uint64(8 * (8 - size))
    return int(swapped.max())
