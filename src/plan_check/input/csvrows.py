"""Rows the csv module reads, for a block the Arrow engine cannot be trusted with: quotes
across lines, a ragged row, a thousands separator split into two cells, a record that
swallows the rows after it. Every row keeps its physical line number."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from plan_check import problems, refusals
from plan_check.errors import DataFileError
from plan_check.input.grid import (
    CHUNK_ROWS,
    MAX_COLUMNS,
    Chunk,
    Grid,
    RowProblem,
    chunk_of_rows,
    unread,
)

FIELD_LIMIT = 16 << 20  # the csv module's cell limit: long cells become located problems


def _csv_error(shown: str, line: int, exc: csv.Error) -> DataFileError:
    if "field limit" in str(exc):
        return refusals.file_cell_too_large(path=shown, line=line, limit=FIELD_LIMIT)
    return refusals.file_csv_syntax(path=shown, line=line, reason=str(exc))


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
    seen = 0
    # rows are fitted to the header (their problems said) only once the whole block has
    # read as one row per line: a block started over has said nothing
    read: list[tuple[list[str], int]] = []
    try:
        for row in reader:
            if reader.line_num - seen > 1:
                raise _SpansLines
            seen = reader.line_num
            if row:
                read.append((row, first + reader.line_num - 1))
    except csv.Error as exc:
        raise _csv_error(grid.path, first + max(reader.line_num - 1, 0), exc) from None
    if '"' in text and _open_at_end(text, grid.delimiter):
        raise _SpansLines
    usual = grid.usual
    found: list[RowProblem] = []
    for row, line in read:
        _keep(rows, numbers, _fit(grid, row, line, width, usual, found), line)
    for start in range(0, max(len(rows), 1 if found else 0), CHUNK_ROWS):
        end = start + CHUNK_ROWS
        yield chunk_of_rows(rows[start:end], numbers[start:end], width, found)
        found = []  # the block's problems go with its first chunk


def _open_at_end(text: str, delimiter: str) -> bool:
    """Whether the csv module ends ``text`` inside a quoted cell: its last record, read
    strictly, runs out of data."""
    last = text.rstrip("\r\n").rsplit("\n", 1)[-1].rsplit("\r", 1)[-1]
    return _unclosed(last, delimiter)


_AFTER = "\ue000"  # a line put after a record: a row of its own unless a quote is open


def _unclosed(record: str, delimiter: str) -> bool:
    """Whether the csv module, reading ``record`` as the rows are read (not strictly: "a" ,"c
    opens a quote after a cell written loosely), ends it inside a quoted cell: a line put
    after it becomes part of that cell instead of a row of its own."""
    text = io.StringIO(f"{record}\n{_AFTER}", newline="")
    try:
        rows = list(csv.reader(text, delimiter=delimiter))
    except csv.Error:
        return False  # said where the rows are read
    return not rows or rows[-1] != [_AFTER]


class _RecordLines:
    """The lines handed to the csv module, those of the record being read kept: the
    last one, should the file end inside its quotes, is read again strictly."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.kept: list[str] = []

    def __iter__(self) -> _RecordLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.kept.append(line)
        return line


def _records(grid: Grid, lines: Iterator[str], first: int, last: bool = True) -> Iterator[Chunk]:
    """Rows when a quoted cell spans lines: record by record, each at the line it starts
    on, streamed. A quote still open at the end of the file is a problem at the line of
    its row, and that row is not read; one open at the end of a block that is not the
    file's last means the block was cut inside a record: ``_SpansLines``. A quoted cell
    that holds lines shaped like whole rows is a problem too (a quote closed far too late
    swallows the rows between)."""
    width = len(grid.header)
    usual = grid.usual or width
    source = _RecordLines(lines)
    reader = csv.reader(source, delimiter=grid.delimiter)
    rows: list[list[str]] = []
    numbers: list[int] = []
    pending: tuple[list[str], int] | None = None
    pending_lines: list[str] = []
    swallowed: RowProblem | None = None  # said of the pending row, unless it never closes
    found: list[RowProblem] = []  # rows not handed on, in the chunk that covers them
    seen = 0
    try:
        while True:
            source.kept = []
            row = next(reader, None)
            if row is None:
                break
            line = first + seen
            spanned = reader.line_num - seen
            seen = reader.line_num
            if pending is not None:
                _keep(rows, numbers, _fit(grid, *pending, width, usual, found), pending[1])
                if swallowed is not None:
                    found.append(swallowed)
            pending, swallowed = None, None
            if not row:
                continue
            if spanned > 1 and _swallows_rows(row, width, grid.delimiter):
                # the rows swallowed are not read: its unit's figures are incomplete
                said = problems.quote_swallows_rows(lines=spanned)
                swallowed = RowProblem(line, said, row=unread(row))
            pending, pending_lines = (row, line), source.kept
            if len(rows) >= CHUNK_ROWS:
                yield chunk_of_rows(rows, numbers, width, found)
                rows, numbers, found = [], [], []
    except csv.Error as exc:
        raise _csv_error(grid.path, first + seen, exc) from None
    if pending is not None:
        # the last record may run to the end inside a quote: read strictly, its own lines
        # run out of data
        if _unclosed("".join(pending_lines), grid.delimiter):
            if not last:
                raise _SpansLines
            spanned = seen - (pending[1] - first)
            found.append(
                RowProblem(
                    pending[1], problems.unclosed_quote(lines=spanned), row=unread(pending[0])
                )
            )
        else:
            _keep(rows, numbers, _fit(grid, *pending, width, usual, found), pending[1])
            if swallowed is not None:
                found.append(swallowed)
    if rows or found:
        yield chunk_of_rows(rows, numbers, width, found)


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


def _fit(
    grid: Grid, row: list[str], line: int, width: int, usual: int, found: list[RowProblem]
) -> list[str] | None:
    """A row cut or padded to the header's width. A row of another width that holds text
    beyond the header, or stops short of it, is a problem of its line; one wider than the
    header is not read at all: its cells no longer sit under their headers (an unquoted
    9,800 splits into 9 and 800 and shifts every cell after it). Empty cells past the
    header are harmless only when the file's rows are usually that wide (Excel writes one
    more delimiter on every row): on one row alone they may be a shifted empty column."""
    if len(row) > MAX_COLUMNS:
        raise refusals.file_too_wide(path=grid.path, line=line, count=len(row), limit=MAX_COLUMNS)
    if len(row) > width:
        if not any(cell.strip() for cell in row[width:]) and len(row) <= usual:
            return row[:width]  # empty trailing cells, as on the file's other rows
        splits = [  # every place where a number may have been cut at its comma
            f"{row[j].strip()},{row[j + 1].strip()}"
            for j in range(1, len(row) - 1)
            if _SPLIT_THOUSANDS[0].match(row[j]) and _SPLIT_THOUSANDS[1].match(row[j + 1])
        ]
        if splits and len(row) in (width + 1, usual + 1):
            found.append(
                RowProblem(
                    line,
                    problems.row_unquoted_thousands(value="、".join(splits)),
                    value="、".join(splits),
                    row=unread(row),
                )
            )
        else:
            found.append(
                RowProblem(
                    line, problems.row_too_long(cells=len(row), width=width), row=unread(row)
                )
            )
        return None
    if len(row) < width:
        if any(cell.strip() for cell in row):
            said = problems.row_too_short(cells=len(row), width=width)
            found.append(RowProblem(line, said))
        return row + [""] * (width - len(row))
    return row
