"""Delimited text (comma, tab or semicolon): every file read whole, or refused with its place.

The header is the first row holding a unit column (title lines above it are skipped); the
delimiter is the one under which such a row is found. A table of line ends (LF, CRLF or
a lone CR, anywhere in the file) gives every row its physical line.

The file is cut into blocks by ``textfile`` (one pass, bounded memory); each block is
read here on its own. Rows are read by pandas on its Arrow engine when the block is regular:
no line break inside quotes, no line too long, and the engine hands back exactly one row
per non-empty line (checked, never assumed). Any other block is read by Python's ``csv``
module, line by line, which gives the same rows with exact line numbers and names what is
wrong with a row (too wide, too short, a quote that swallows lines or is never closed).
"""

from __future__ import annotations

import csv
import io
import os
import zlib
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from plan_check import refusals
from plan_check.input.csvrows import (
    FIELD_LIMIT,
    _line_rows,
    _records,
    _SpansLines,
    _unclosed,
)
from plan_check.input.grid import (
    Chunk,
    Grid,
)
from plan_check.input.options import SCAN_BYTES, ReadOptions
from plan_check.input.textfile import Block, Cut, TextFile, piece_ends

LONG_LINE = 1 << 19  # a longer line is read by the csv module (the engine reads in 1 MiB blocks)

csv.field_size_limit(FIELD_LIMIT)


def block_grid(file: TextFile, block: Block, options: ReadOptions, cut: Cut | None = None) -> Grid:
    """A grid whose chunks are the rows of one block of a text file: its bytes as the
    pass handed them on (``cut``), or read from its byte range of the file. Reading them
    raises ``Restart`` when the block's quotes are not what the file's quote count said:
    the file is then read record by record from this block on (``Block.tail``)."""
    # rows of data above the header: the first block's own problems
    above = list(file.above) if block.first else []
    grid = Grid(file.shown, file.encoding, file.header, file.header_line, iter(()), above)
    grid.size, grid.total_lines, grid.delimiter = file.size, file.total_lines, file.delimiter
    grid.usual = file.usual
    grid.chunks = _block_chunks(grid, block, options, cut)
    return grid


def _block_chunks(
    grid: Grid, block: Block, options: ReadOptions, cut: Cut | None
) -> Iterator[Chunk]:
    if block.spans or block.tail:  # record by record, streamed
        text: Iterator[str]
        if cut is not None:  # UTF-8, whatever the file's codec
            text = io.TextIOWrapper(io.BytesIO(cut.data), encoding="utf-8", newline="")
        else:
            text = _text_lines(grid.path, block, options.piece)
        yield from _records(grid, text, block.first_line, block.last)
        return
    if cut is not None:
        data, ends = cut.data, cut.ends
    else:
        raw = _read_block(grid.path, block, options.piece)
        data = raw if block.codec == "utf-8" else raw.decode(block.codec).encode("utf-8")
        ends = None
        del raw
    try:
        if ends is None:
            ends = line_ends(data, options.scan)
        yield from _chunks(grid, data, ends, block.first_line, options.arrow)
    except _SpansLines:
        raise Restart from None


class Restart(Exception):
    """A block the quote count cut wrongly: read the file from it on, record by record."""


def _read_block(shown: str, block: Block, piece: int) -> bytes:
    return b"".join(_checked(shown, block, piece))


def _checked(shown: str, block: Block, piece_size: int) -> Iterator[bytes]:
    """The block's bytes, a piece at a time, checked against what the first pass read
    (the file's size, the block's CRC-32): a file changed since, or another file at this
    path on a worker, is refused, never read as if it were the one the blocks were cut
    from."""
    from plan_check.input.files import read_pieces, url_size

    size = url_size(block.path, shown) if "://" in block.path else _size(block.path)
    if block.size >= 0 and size != block.size:
        raise refusals.file_changed(path=shown, start=block.start, size=size)
    crc = 0
    for piece in read_pieces(block.path, shown, block.start, block.stop, piece_size):
        crc = zlib.crc32(piece, crc)
        yield piece
    if block.crc is not None and crc != block.crc:
        raise refusals.file_changed(path=shown, start=block.start, size=size)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1  # said by the read that follows


def _text_lines(shown: str, block: Block, piece: int) -> Iterator[str]:
    """The block's lines as text (CRLF, a lone CR and LF each end one), read a piece at
    a time: a record that spans lines needs no copy of the file."""

    raw = _PieceReader(_checked(shown, block, piece))
    return io.TextIOWrapper(io.BufferedReader(raw), encoding=block.codec, newline="")


class _PieceReader(io.RawIOBase):
    """The byte pieces of a range as a raw stream."""

    def __init__(self, parts: Iterator[bytes]) -> None:
        self._parts = parts
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._left:
            self._left = next(self._parts, b"")
            if not self._left:
                return 0
        n = min(len(buffer), len(self._left))
        buffer[:n] = self._left[:n]
        self._left = self._left[n:]
        return n


def line_ends(data: bytes, scan: int = SCAN_BYTES) -> npt.NDArray[np.int64]:
    """The offset of the last byte of every line end of ``data``, a slice at a time."""
    parts = [
        piece_ends(data[start : start + scan], data[start + scan : start + scan + 1]) + start
        for start in range(0, len(data), scan)
    ]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


class _Lines:
    """Where each line of the body (below the header) starts and where its text ends."""

    def __init__(self, data: bytes, ends: npt.NDArray[np.int64], first: int) -> None:
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
        self.first = first  # the line number of the block's first line
        self.starts = starts
        self.stops = stops
        self.ends = ends  # the last byte of each line's end
        self.size = len(data)

    def __len__(self) -> int:
        return len(self.starts)

    def end_of(self, i: int) -> int:
        """The offset just past line ``i`` and its line end."""
        return int(self.ends[i]) + 1 if i < len(self.ends) else self.size


def _chunks(
    grid: Grid, data: bytes, ends: npt.NDArray[np.int64], first: int, arrow: bool
) -> Iterator[Chunk]:
    """A block with no line end inside quotes (by the count): one Arrow read, or the csv
    module line by line. ``_SpansLines`` when a record spans lines after all."""
    lines = _Lines(data, ends, first)
    if len(lines):
        yield from _block(grid, data, lines, 0, len(lines), arrow)


def _block(
    grid: Grid, data: bytes, lines: _Lines, begin: int, cut: int, arrow: bool
) -> Iterator[Chunk]:
    """Lines ``begin`` to ``cut`` of the body, none with a line break inside quotes."""
    lengths = lines.stops[begin:cut] - lines.starts[begin:cut]
    filled = lengths > 0  # the engine skips empty lines; every other line is one row
    numbers = np.arange(lines.first + begin, lines.first + cut, dtype=np.int64)
    if not filled.any():
        return
    start, stop = int(lines.starts[begin]), lines.end_of(cut - 1)
    last = int(np.flatnonzero(filled)[-1]) + begin
    tail = data[int(lines.starts[last]) : int(lines.stops[last])]
    # the engine takes a quote left open on the block's last line for a finished cell
    # (x","1 counts two quotes, yet the csv module opens one there): that line goes to
    # the csv module, which says the record runs on, past the cut
    open_at_end = b'"' in tail and _unclosed(tail.decode("utf-8"), grid.delimiter)
    if arrow and int(lengths.max()) <= LONG_LINE and not open_at_end:
        columns = _arrow_block(data[start:stop], len(grid.header), grid.delimiter)
        if columns is not None and len(columns[0]) == int(filled.sum()):
            yield Chunk(columns, numbers[filled])
            return
    text = data[start:stop].decode("utf-8")
    yield from _line_rows(grid, text, int(numbers[0]))


def _arrow_block(block: bytes, width: int, delimiter: str) -> list[Any] | None:
    """The block's columns as Arrow strings, every cell as written (no NA guessing), or
    None when the engine refuses the block (a row of another width, say).

    pandas' ``read_csv`` on its Arrow engine reads it, into ``ArrowDtype(string)``
    columns that Arrow takes back without a copy (``Table.from_pandas`` of Arrow-backed
    columns). Calling Arrow's reader directly would save about 0.1 s of CPU a million
    rows (docs/performance.md); pandas stays the loader's entry point the project
    promises, with the options and errors it keeps for us."""
    import pandas as pd
    import pyarrow as pa

    try:
        frame = pd.read_csv(
            io.BytesIO(block),
            engine="pyarrow",
            sep=delimiter,
            header=None,  # no names: given names, pandas turns surplus cells into an index
            dtype=pd.ArrowDtype(pa.string()),
            dtype_backend="pyarrow",  # Arrow's columns as they are: no astype after
            keep_default_na=False,
            na_values=[],
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, pa.ArrowInvalid):
        return None
    if frame.shape[1] != width or not isinstance(frame.index, pd.RangeIndex):
        return None  # rows of another width: the csv module says which
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return [table.column(j) for j in range(width)]


# A line as the csv module counts them: ended by CRLF, a lone CR or LF (not \v or \u2028).
