"""Delimited text (comma, tab or semicolon): every file read whole, or refused with its place.

The header is the first row holding a unit column (title lines above it are skipped); the
delimiter is the one under which such a row is found. A table of line ends (LF, CRLF or
a lone CR, anywhere in the file) gives every row its physical line.

Rows are read by pandas on its Arrow engine, block by block, when the block is regular:
no line break inside quotes, no line too long, and the engine hands back exactly one row
per non-empty line (checked, never assumed). Any other block is read by Python's ``csv``
module, line by line, which gives the same rows with exact line numbers and names what is
wrong with a row (too wide, too short, a quote that swallows lines or is never closed).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from plan_check.errors import DataFileError
from plan_check.input.decoding import to_utf8
from plan_check.input.files import read_bytes
from plan_check.input.grid import (
    CHUNK_ROWS,
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    UNIT_HEADERS,
    Chunk,
    Grid,
    RowProblem,
    chunk_of_rows,
    header_score,
    is_header,
)

DELIMITERS = (",", "\t", ";")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and encrypted workbooks
HEAD_BYTES = 1 << 20  # the header is looked for in the file's first MiB
BLOCK_BYTES = 8 << 20  # bytes handed to the Arrow engine at a time
MAX_HEADER_CHARS = 500  # a longer header cell is a quote left open, not a header
LONG_LINE = 1 << 19  # a longer line is read by the csv module (the engine reads in 1 MiB blocks)
SCAN_BYTES = 16 << 20  # bytes scanned at a time for line ends and quotes
FIELD_LIMIT = 16 << 20  # the csv module's cell limit: long cells become located problems
ARROW = True  # False: every block through the csv module (the equivalence test uses it)

csv.field_size_limit(FIELD_LIMIT)


def read_delimited(path: Path, shown: str, encoding: str | None) -> Grid:
    raw = read_bytes(path, shown)
    size = len(raw)
    if raw.startswith(OLE2):  # a legacy .xls (or an encrypted workbook) named .csv
        raise DataFileError("file_xls_as_text", path=shown)
    if raw.startswith(b"PK\x03\x04"):  # an .xlsx (a zip) named .csv
        raise DataFileError("file_xlsx_as_text", path=shown)
    data, encoding_name = to_utf8(shown, raw, encoding)
    del raw
    nul = data.find(b"\x00")
    ends = line_ends(data)
    if nul >= 0:
        raise DataFileError("file_binary", path=shown, line=int(np.searchsorted(ends, nul)) + 1)
    if not data or data.isspace():
        raise DataFileError("file_empty", path=shown)
    header, header_line, consumed, delimiter = _find_header(shown, data)
    grid = Grid(shown, encoding_name, header, header_line, iter(()), size=size)
    grid.total_lines = len(ends) + 1
    grid.delimiter = delimiter
    grid.chunks = _chunks(grid, data, ends, consumed)
    return grid


def line_ends(data: bytes) -> npt.NDArray[np.int64]:
    """The offset of the last byte of every line end: LF, the LF of CRLF, or a lone CR
    (a CR not followed by LF), found a slice at a time with one mask each."""
    parts: list[npt.NDArray[np.int64]] = []
    raw = np.frombuffer(data, dtype=np.uint8)
    for start in range(0, len(data), SCAN_BYTES):
        stop = min(start + SCAN_BYTES, len(data))
        piece = raw[start:stop]
        ends = piece == 10
        if 13 in piece:  # lone CRs end lines too (CRLF's CR does not)
            after = np.empty(len(piece), dtype=bool)
            after[:-1] = piece[1:] != 10
            after[-1] = stop >= len(data) or raw[stop] != 10
            ends |= (piece == 13) & after
        parts.append(np.flatnonzero(ends).astype(np.int64) + start)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _find_header(shown: str, data: bytes) -> tuple[list[str], int, int, str]:
    """The header cells, its line, the physical lines it and the lines above use, and the
    delimiter under which a unit column is found (comma first, then tab, semicolon). Of
    the rows with a unit column among the first lines, the one most like a header wins: a
    form's label line above the real header (单位,某市教育局) is not taken for it."""
    head = data[:HEAD_BYTES].decode("utf-8", errors="ignore")
    error: DataFileError | None = None
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        best: tuple[int, list[str], int, int] | None = None
        first_candidate = 0  # the line of the first row with a unit column
        filled: list[int] = []  # lines of the rows holding text
        try:
            before = 0  # lines read before this row: the row starts on the next one
            for n, row in enumerate(reader):
                start, before = before + 1, reader.line_num
                if any(cell.strip() for cell in row):
                    filled.append(start)
                if len(row) > MAX_COLUMNS:
                    raise DataFileError(
                        "file_too_wide",
                        path=shown,
                        line=reader.line_num,
                        count=len(row),
                        limit=MAX_COLUMNS,
                    )
                if is_header(row):
                    longest = max(len(cell) for cell in row)
                    if longest > MAX_HEADER_CHARS:  # a quote in the header never closed
                        raise DataFileError(
                            "header_cell_too_long", path=shown, line=start, length=longest
                        )
                    score = header_score(row)
                    first_candidate = first_candidate or start
                    if best is None or score > best[0]:
                        best = (score, row, start, reader.line_num)
                if n >= HEADER_SEARCH_ROWS:
                    break
        except csv.Error as exc:
            error = error or _csv_error(shown, max(reader.line_num, 1), exc)
        if best is not None:
            between = [x for x in filled if first_candidate < x < best[2]]
            if between:  # rows under an earlier header-like row are data, never dropped
                raise DataFileError(
                    "rows_above_header",
                    path=shown,
                    line=between[0],
                    count=len(between),
                    header=best[2],
                )
            return best[1], best[2], best[3], delimiter
    if error is not None:
        raise error
    raise DataFileError("file_no_unit_column", path=shown, accepted=" / ".join(UNIT_HEADERS))


def _csv_error(shown: str, line: int, exc: csv.Error) -> DataFileError:
    if "field limit" in str(exc):
        return DataFileError("file_cell_too_large", path=shown, line=line, limit=FIELD_LIMIT)
    return DataFileError("file_csv_syntax", path=shown, line=line, reason=str(exc))


class _Lines:
    """Where each line of the body (below the header) starts and where its text ends."""

    def __init__(self, data: bytes, ends: npt.NDArray[np.int64], consumed: int) -> None:
        n_ends = len(ends)
        tail = n_ends == 0 or ends[-1] < len(data) - 1  # a last line without a line end
        starts = np.concatenate(([0], ends + 1))[: n_ends + (1 if tail else 0)]
        stops = np.empty(len(starts), dtype=np.int64)
        stops[:n_ends] = ends
        if tail:
            stops[n_ends:] = len(data)
        if n_ends:  # a CRLF's CR is not text either
            raw = np.frombuffer(data, dtype=np.uint8)
            crlf = (raw[ends] == 10) & (ends > 0)
            crlf[crlf] = raw[ends[crlf] - 1] == 13
            stops[:n_ends] -= crlf
        self.first = consumed + 1  # the line number of the body's first line
        self.starts = starts[consumed:]
        self.stops = stops[consumed:]
        self.ends = ends[consumed:]  # the last byte of each line's end
        self.size = len(data)

    def __len__(self) -> int:
        return len(self.starts)

    def end_of(self, i: int) -> int:
        """The offset just past line ``i`` and its line end."""
        return int(self.ends[i]) + 1 if i < len(self.ends) else self.size


def _chunks(grid: Grid, data: bytes, ends: npt.NDArray[np.int64], consumed: int) -> Iterator[Chunk]:
    lines = _Lines(data, ends, consumed)
    if not len(lines):
        return
    body = int(lines.starts[0])
    broken, unclosed = _quotes_across_lines(data, body, lines.ends)
    if broken or unclosed:  # a quoted cell spans lines: rows are records, not lines
        yield from _records(grid, data[body:].decode("utf-8"), lines.first)
        return
    bounds = np.searchsorted(lines.starts, np.arange(body, len(data), BLOCK_BYTES), side="left")
    cuts = [int(b) for b in bounds[1:]] + [len(lines)]
    begin = 0
    for cut in cuts:
        if cut <= begin:
            continue
        try:
            chunks = list(_block(grid, data, lines, begin, cut))
        except _SpansLines:
            # a quote the csv module opens where the quote count did not say so (a
            # literal 5"2 before a real "…): from this block on, record by record
            start = int(lines.starts[begin])
            yield from _records(grid, data[start:].decode("utf-8"), lines.first + begin)
            return
        yield from chunks
        begin = cut


def _quotes_across_lines(data: bytes, body: int, ends: npt.NDArray[np.int64]) -> tuple[bool, bool]:
    """Whether some line ends inside quotes (odd quote count so far), and whether the
    file ends inside them (a quote never closed). One pass, a slice at a time."""
    if data.find(b'"', body) < 0:
        return False, False
    odd = 0  # quotes so far, mod 2
    broken = False
    for start in range(body, len(data), SCAN_BYTES):
        stop = min(start + SCAN_BYTES, len(data))
        piece = np.frombuffer(data, dtype=np.uint8, count=stop - start, offset=start)
        quotes = np.flatnonzero(piece == 34)
        here = ends[(ends >= start) & (ends < stop)] - start
        if not len(quotes):  # no quote here: its lines are inside quotes if one is open
            broken = broken or bool(odd and len(here))
            continue
        # quotes before each line end in this slice; a line end after an odd count is
        # inside quotes
        before = np.searchsorted(quotes, here) + odd
        broken = broken or bool((before & 1).any())
        odd = (odd + len(quotes)) & 1
    return broken, bool(odd)


def _block(grid: Grid, data: bytes, lines: _Lines, begin: int, cut: int) -> Iterator[Chunk]:
    """Lines ``begin`` to ``cut`` of the body, none with a line break inside quotes."""
    lengths = lines.stops[begin:cut] - lines.starts[begin:cut]
    filled = lengths > 0  # the engine skips empty lines; every other line is one row
    numbers = np.arange(lines.first + begin, lines.first + cut, dtype=np.int64)
    if not filled.any():
        return
    start, stop = int(lines.starts[begin]), lines.end_of(cut - 1)
    if ARROW and int(lengths.max()) <= LONG_LINE:
        columns = _arrow_block(data[start:stop], len(grid.header), grid.delimiter)
        if columns is not None and len(columns[0]) == int(filled.sum()):
            yield Chunk(columns, numbers[filled])
            return
    text = data[start:stop].decode("utf-8")
    yield from _line_rows(grid, text, int(numbers[0]))


def _arrow_block(block: bytes, width: int, delimiter: str) -> list[Any] | None:
    """The block's columns as Arrow strings, every cell as written (no NA guessing), or
    None when the engine refuses the block (a row of another width, say)."""
    import pandas as pd
    import pyarrow as pa

    try:
        frame = pd.read_csv(
            io.BytesIO(block),
            engine="pyarrow",
            sep=delimiter,
            header=None,  # no names: given names, pandas turns surplus cells into an index
            dtype=pd.ArrowDtype(pa.string()),
            keep_default_na=False,
            na_values=[],
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, pa.ArrowInvalid):
        return None
    if frame.shape[1] != width or not isinstance(frame.index, pd.RangeIndex):
        return None  # rows of another width: the csv module says which
    return [pa.chunked_array(pa.array(frame[name])) for name in frame.columns]


# A line as the csv module counts them: ended by CRLF, a lone CR or LF (not \v or \u2028).
_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class _SpansLines(Exception):
    """A block meant to hold one row per line holds a record over several lines."""


def _line_rows(grid: Grid, text: str, first: int) -> Iterator[Chunk]:
    """Lines with no line break inside quotes, each one row, by the csv module; a record
    that spans lines, or a quote still open at the end, sends the block to ``_records``.
    Nothing is handed on before the whole block is read (the caller may start over)."""
    width = len(grid.header)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=grid.delimiter)
    rows: list[list[str]] = []
    numbers: list[int] = []
    problems = len(grid.row_problems)
    seen = 0
    read: list[tuple[list[str], int]] = []
    try:
        for row in reader:
            if reader.line_num - seen > 1:
                del grid.row_problems[problems:]
                raise _SpansLines
            seen = reader.line_num
            if row:
                read.append((row, first + reader.line_num - 1))
    except csv.Error as exc:
        raise _csv_error(grid.path, first + max(reader.line_num - 1, 0), exc) from None
    if '"' in text and _open_at_end(text, grid.delimiter):
        del grid.row_problems[problems:]
        raise _SpansLines
    usual = _usual_width(len(row) for row, _ in read)
    for row, line in read:
        _keep(rows, numbers, _fit(grid, row, line, width, usual), line)
    for start in range(0, len(rows), CHUNK_ROWS):
        end = start + CHUNK_ROWS
        yield chunk_of_rows(rows[start:end], numbers[start:end], width)


def _open_at_end(text: str, delimiter: str) -> bool:
    """Whether the csv module ends ``text`` inside a quoted cell: its last record, read
    strictly, runs out of data."""
    last = text.rstrip("\r\n").rsplit("\n", 1)[-1].rsplit("\r", 1)[-1]
    return _unclosed(last, delimiter)


def _unclosed(record: str, delimiter: str) -> bool:
    try:
        for _ in csv.reader(io.StringIO(record, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _records(grid: Grid, text: str, first: int) -> Iterator[Chunk]:
    """The body when a quoted cell spans lines: record by record, each at the line it
    starts on. A quote still open at the end of the file is a problem at the line of its
    row, and that row is not read; a quoted cell that holds lines shaped like whole rows
    is a problem too (a quote closed far too late swallows the rows between)."""
    width = len(grid.header)
    try:  # a first pass for the usual row width: trailing empty cells every row has
        usual = _usual_width(
            len(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=grid.delimiter)
        )
    except csv.Error:
        usual = width  # the pass below says where
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=grid.delimiter)
    rows: list[list[str]] = []
    numbers: list[int] = []
    pending: tuple[list[str], int] | None = None
    swallowed: RowProblem | None = None  # said of the pending row, unless it never closes
    seen = 0
    try:
        for row in reader:
            line = first + seen
            spanned = reader.line_num - seen
            seen = reader.line_num
            if pending is not None:
                _keep(rows, numbers, _fit(grid, *pending, width, usual), pending[1])
                if swallowed is not None:
                    grid.row_problems.append(swallowed)
            pending, swallowed = None, None
            if not row:
                continue
            if spanned > 1 and _swallows_rows(row, width, grid.delimiter):
                swallowed = RowProblem(line, "quote_swallows_rows", lines=spanned)
            pending = (row, line)
            if len(rows) >= CHUNK_ROWS:
                yield chunk_of_rows(rows, numbers, width)
                rows, numbers = [], []
    except csv.Error as exc:
        raise _csv_error(grid.path, first + seen, exc) from None
    if pending is not None:
        # the last record runs to the end of the file inside a quote: read strictly, its
        # own lines run out of data
        tail = "".join(_PHYSICAL_LINE.findall(text)[pending[1] - first :])
        if _unclosed(tail, grid.delimiter):
            spanned = seen - (pending[1] - first)
            grid.row_problems.append(RowProblem(pending[1], "unclosed_quote", lines=spanned))
        else:
            _keep(rows, numbers, _fit(grid, *pending, width, usual), pending[1])
            if swallowed is not None:
                grid.row_problems.append(swallowed)
    if rows:
        yield chunk_of_rows(rows, numbers, width)


def _swallows_rows(row: list[str], width: int, delimiter: str) -> bool:
    """Whether a cell holds lines that look like whole rows of this file: as many
    delimiters as a row has, less one (at least one; in a one-column file, any line)."""
    for cell in row:
        for part in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")[1:]:
            if part.count(delimiter) >= max(width - 2, 1) or (width == 1 and part.strip()):
                return True
    return False


def _keep(rows: list[list[str]], numbers: list[int], row: list[str] | None, line: int) -> None:
    if row is not None:
        rows.append(row)
        numbers.append(line)


_SPLIT_THOUSANDS = re.compile(r"^\s*\d{1,3}\s*$"), re.compile(r"^\d{3}\s*$")


def _usual_width(widths: Iterable[int]) -> int:
    """The width most rows have, the narrowest on a tie (0 without rows)."""
    counts = Counter(w for w in widths if w)
    return max(counts, key=lambda w: (counts[w], -w)) if counts else 0


def _fit(grid: Grid, row: list[str], line: int, width: int, usual: int) -> list[str] | None:
    """A row cut or padded to the header's width. A row of another width that holds text
    beyond the header, or stops short of it, is a problem of its line; one wider than the
    header is not read at all: its cells no longer sit under their headers (an unquoted
    9,800 splits into 9 and 800 and shifts every cell after it). Empty cells past the
    header are harmless only when the file's rows are usually that wide (Excel writes one
    more delimiter on every row): on one row alone they may be a shifted empty column."""
    if len(row) > MAX_COLUMNS:
        raise DataFileError(
            "file_too_wide", path=grid.path, line=line, count=len(row), limit=MAX_COLUMNS
        )
    if len(row) > width:
        if not any(cell.strip() for cell in row[width:]) and len(row) <= usual:
            return row[:width]  # empty trailing cells, as on the file's other rows
        splits = [  # every place where a number may have been cut at its comma
            f"{row[j].strip()},{row[j + 1].strip()}"
            for j in range(1, len(row) - 1)
            if _SPLIT_THOUSANDS[0].match(row[j]) and _SPLIT_THOUSANDS[1].match(row[j + 1])
        ]
        if splits and len(row) in (width + 1, usual + 1):
            grid.row_problems.append(
                RowProblem(line, "row_unquoted_thousands", cells=len(row), value="、".join(splits))
            )
        else:
            grid.row_problems.append(RowProblem(line, "row_too_long", cells=len(row)))
        return None
    if len(row) < width:
        if any(cell.strip() for cell in row):
            grid.row_problems.append(RowProblem(line, "row_too_short", cells=len(row)))
        return row + [""] * (width - len(row))
    return row
