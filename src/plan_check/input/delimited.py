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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from plan_check.errors import DataFileError
from plan_check.input.csvrows import FIELD_LIMIT, _csv_error, _line_rows, _records, _SpansLines
from plan_check.input.decoding import to_utf8
from plan_check.input.files import read_bytes
from plan_check.input.grid import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    UNIT_HEADERS,
    Chunk,
    Grid,
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
