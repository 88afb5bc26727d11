"""Plain CSV read straight from its bytes: field bounds and numbers without Python strings.

Most submitted files are regular: no quotes, and every line exactly as wide as the header.
For those, the field bounds come from a few numpy passes over the bytes, plain-digit cells
become integers eight bytes at a time (SWAR: one 64-bit word per cell), and only the cells
that are not plain digits are decoded to text for the general parser. A block of lines that
is not regular (quotes, ragged or blank lines, a lone carriage return) ends this path, and
the rest of the file goes to the general reader, so every file is still read the same way.

The bytes are UTF-8 (GB18030 files are re-encoded first). Field separators are ASCII, and
UTF-8 never uses an ASCII byte inside a multi-byte character, so every field is whole text.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from plan_check.figures import BLANK, VALUE

_PAD = 8  # zero bytes after a block, so an eight-byte word can be read at any field start
_ONES = np.uint64(0x0101010101010101)
_ASCII_SPACE = np.array([9, 10, 11, 12, 13, 28, 29, 30, 31, 32], dtype=np.uint8)
# first bytes of the UTF-8 forms of the Unicode spaces str.strip() removes:
# U+0085/U+00A0 (C2), U+1680 (E1), U+2000-U+205F (E2), U+3000 (E3)
_SPACE_LEADS = np.array([0xC2, 0xE1, 0xE2, 0xE3], dtype=np.uint8)
_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [2**64 - 1], dtype=np.uint64)


Numbers = tuple[npt.NDArray[np.float64], npt.NDArray[np.int8], npt.NDArray[np.intp]]


def numbers(
    ints: npt.NDArray[np.int64],
    clean: npt.NDArray[np.bool_],
    blank: npt.NDArray[np.bool_],
    rate: bool,
) -> Numbers:
    """A column's values (NaN but for plain digits), states (blank or value) and the rows
    left for the text parser: neither plain digits nor empty. A rate's plain digits are
    only 0 and 1; 96 is left to the parser, which says why it is refused."""
    if rate:
        clean = clean & (ints <= 1)
    values = np.where(clean, ints, np.nan)
    states = np.where(blank, np.int8(BLANK), np.int8(VALUE))
    return values, states, np.flatnonzero(~(clean | blank))


@dataclass
class Blocks:
    """Where the regular part of a file ends: the byte offset and line the rest starts at."""

    offset: int
    line: int


class ByteChunk:
    """Consecutive rows of a regular block: each cell is a (start, end) in the bytes."""

    def __init__(
        self,
        buf: npt.NDArray[np.uint8],
        starts: npt.NDArray[np.int64],
        ends: npt.NDArray[np.int64],
        lines: npt.NDArray[np.int64],
        data: bytes,
        offset: int,
    ) -> None:
        self.data, self.offset = data, offset  # the file, and where the block starts in it
        self.buf = buf  # the block's bytes and _PAD zero bytes
        self.starts = starts  # (columns, rows): a column's cells side by side in memory
        self.ends = ends
        self.lines = lines
        self._words: npt.NDArray[np.uint64] | None = None
        self.cache: dict[tuple[str, int], Any] = {}  # columns converted ahead (Ahead)
        self.table = False  # short digit cells by the lookup table (big files)

    def __len__(self) -> int:
        return len(self.lines)

    @property
    def words(self) -> npt.NDArray[np.uint64]:
        """The eight bytes starting at every offset, as little-endian 64-bit words."""
        if self._words is None:
            size = len(self.buf) - _PAD + 1
            self._words = np.ndarray((size,), dtype="<u8", buffer=self.buf, strides=(1,))
        return self._words

    def _bounds(self, j: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        return self.starts[j], self.ends[j]

    def _bytes(self, j: int) -> npt.NDArray[np.bytes_]:
        """The cells as fixed-width byte strings (UTF-8), gathered in one numpy step."""
        s, e = self._bounds(j)
        length = e - s
        width = max(int(length.max(initial=0)), 1)
        at = np.arange(width)
        grid = self.buf[np.minimum(s[:, None] + at, len(self.buf) - 1)]
        grid[at >= length[:, None]] = 0
        return grid.view(f"S{width}").ravel()

    def _text(self, j: int) -> npt.NDArray[np.str_]:
        """Cells of column ``j`` as text, as written."""
        raw = self._bytes(j)
        return np.strings.decode(raw, "utf-8") if len(raw) else np.array([], dtype=str)

    def cell(self, i: int, j: int) -> str:
        return self.buf[self.starts[j, i] : self.ends[j, i]].tobytes().decode("utf-8")

    def cells(self, j: int, rows: npt.NDArray[np.intp]) -> list[str]:
        data, s, e = self.data, self.starts[j][rows] + self.offset, self.ends[j][rows] + self.offset
        return [data[a:b].decode("utf-8") for a, b in zip(s.tolist(), e.tolist(), strict=True)]

    def row(self, i: int) -> list[str]:
        return [self.cell(i, j) for j in range(len(self.starts))]

    def numbers(self, j: int, rate: bool) -> Numbers:
        """Values and states of the plain-digit and empty cells, and the other rows."""
        if ("numbers", j) in self.cache:  # converted ahead by a worker
            return self.cache.pop(("numbers", j))
        return numbers(*self.digits(j), rate)

    def digits(
        self, j: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Cells of one to eight plain ASCII digits as integers, with the mask of those
        cells and of the empty ones. Cells of up to three digits (most counts) are looked
        up in a table by their bytes; longer ones are converted eight bytes at a time."""
        s, e = self._bounds(j)
        length = e - s
        values = np.zeros(len(s), dtype=np.int64)
        clean = np.zeros(len(s), dtype=bool)
        if self.table:
            short = _short_table()[_short_key(self.buf, s, length)]
            clean = (short >= 0) & (length <= 3)
            values[clean] = short[clean]
            longer = np.flatnonzero((length > 3) & (length <= 8))
        else:
            longer = np.flatnonzero((length > 0) & (length <= 8))
        if len(longer):
            long_values, long_clean = _swar(self.words, s[longer], length[longer])
            values[longer] = long_values
            clean[longer] = long_clean
        return values, clean, length == 0

    def present(self, j: int) -> npt.NDArray[np.bool_]:
        """Cells holding any text besides spaces."""
        s, e = self._bounds(j)
        filled = e > s
        first = self.buf[s]
        maybe_space = filled & (np.isin(first, _ASCII_SPACE) | np.isin(first, _SPACE_LEADS))
        for i in np.flatnonzero(maybe_space):
            filled[i] = bool(self.cell(int(i), j).strip())
        return filled

    def names(self, j: int) -> tuple[npt.NDArray[np.intp], list[str]]:
        """Each row's code among the distinct cells of column ``j`` (as written), and those
        cells. Rows are grouped by a hash of their bytes, then every row's bytes are compared
        with its group's first row, eight at a time: the grouping is exact."""
        if ("names", j) in self.cache:  # converted ahead by a worker
            return self.cache.pop(("names", j))
        s, e = self._bounds(j)
        length = e - s
        width = int(length.max(initial=0))
        key = length.astype(np.uint64)
        words = []
        for k in range(0, max(width, 1), 8):
            at = np.minimum(s + k, len(self.words) - 1)
            part = self.words[at] & _MASKS[np.clip(length - k, 0, 8)]
            words.append(part)
            key = (key * np.uint64(0x9E3779B97F4A7C15)) ^ part
        _, first, codes = np.unique(key, return_index=True, return_inverse=True)
        same = all(bool((w == w[first][codes]).all()) for w in words)
        same = same and bool((length == length[first][codes]).all())
        if not same:  # two different cells with one key: compare them as text instead
            distinct, codes = np.unique(self._text(j), return_inverse=True)
            return codes.astype(np.intp), [str(v) for v in distinct]
        return codes.astype(np.intp), [self.cell(int(i), j) for i in first]

    def keys(self, j: int) -> npt.NDArray[np.bytes_]:
        """The cells without surrounding spaces, as UTF-8 byte strings (school names)."""
        if ("keys", j) in self.cache:  # converted ahead by a worker
            return self.cache.pop(("keys", j))
        raw = self._bytes(j)
        s, e = self._bounds(j)
        length = e - s
        last = self.buf[np.maximum(e - 1, 0)]
        before = self.buf[np.maximum(e - 2, 0)]
        third = self.buf[np.maximum(e - 3, 0)]
        first = self.buf[s]
        spaced = (length > 0) & (
            np.isin(first, _ASCII_SPACE)
            | np.isin(first, _SPACE_LEADS)
            | np.isin(last, _ASCII_SPACE)
            | ((length >= 2) & (before == 0xC2))
            | ((length >= 3) & np.isin(third, _SPACE_LEADS))
        )
        if spaced.any():
            raw = raw.astype(object)
            for i in np.flatnonzero(spaced):
                raw[i] = self.cell(int(i), j).strip().encode("utf-8")
            raw = raw.astype(bytes)
        return raw


TABLE_BYTES = 32 * 2**20  # files this big use the lookup table (32 MB, built once)
_SHIFTS = np.array([24, 24, 16, 8], dtype=np.uint32)  # bytes of a 1-3 byte cell to the top
_table: npt.NDArray[np.int16] | None = None


def _short_table() -> npt.NDArray[np.int16]:
    """The value of every one- to three-digit cell, indexed by its bytes (see _short_key);
    -1 for any other bytes."""
    global _table
    if _table is None:
        table = np.full(1 << 24, -1, dtype=np.int16)
        for size in (1, 2, 3):
            numbers = np.arange(10**size)
            key = np.zeros(len(numbers), dtype=np.uint32)
            for k in range(size):  # right-aligned: the last character in the top byte
                digit = (numbers // 10 ** (size - 1 - k)) % 10 + 48
                key |= digit.astype(np.uint32) << np.uint32(8 * (3 - size + k))
            table[key] = numbers
        _table = table
    return _table


def _short_key(
    buf: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], length: npt.NDArray[np.int64]
) -> npt.NDArray[np.uint32]:
    """A cell's first min(length, 3) bytes as a 24-bit number, right-aligned (the bytes
    after the cell shifted out), so "7", "07" and "007" differ from each other and from
    any longer cell; cells longer than three bytes are told apart by their length."""
    words = np.ndarray((len(buf) - 3,), dtype="<u4", buffer=buf, strides=(1,))[starts]
    return (words << _SHIFTS[np.clip(length, 1, 3)]) >> np.uint32(8)


def _swar(
    words: npt.NDArray[np.uint64], starts: npt.NDArray[np.int64], length: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Cells of one to eight bytes checked and converted as one 64-bit word each: every
    byte a digit, then pairs, fours and eights of digits combined (the SWAR method)."""
    used = _MASKS[length]  # the cell's own bytes of its word
    word = words[starts] & used
    zeros, high = (_ONES * np.uint64(0x30)) & used, (_ONES * np.uint64(0xF0)) & used
    clean = (word & high) == zeros  # every byte 0x30-0x3F, and not 0x3A-0x3F: adding 6
    clean &= ((word + ((_ONES * np.uint64(6)) & used)) & high) == zeros  # keeps 0x39 < 0x40
    # digits to the top of the word: the free bytes below become leading zeros
    shift = (np.uint64(64) - np.uint64(8) * length.astype(np.uint64)) % np.uint64(64)
    value = np.where(clean, (word - zeros) << shift, np.uint64(0))
    value = (value * np.uint64(10) + (value >> np.uint64(8))) & np.uint64(0x00FF00FF00FF00FF)
    value = (value * np.uint64(100) + (value >> np.uint64(16))) & np.uint64(0x0000FFFF0000FFFF)
    value = (value * np.uint64(10000) + (value >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return value.astype(np.int64), clean


@dataclass
class Ahead:
    """What to convert in each block while the previous ones are being used."""

    numbers: list[tuple[int, bool]]  # columns read as numbers, and whether they are rates
    names: int | None = None  # the unit column (names)
    keys: int | None = None  # the school column (keys)

    def __call__(self, chunk: ByteChunk) -> None:
        for j, rate in self.numbers:
            chunk.cache[("numbers", j)] = chunk.numbers(j, rate)
        if self.names is not None:
            chunk.cache[("names", self.names)] = chunk.names(self.names)
        if self.keys is not None:
            chunk.cache[("keys", self.keys)] = chunk.keys(self.keys)


WORKERS = 2  # blocks split and converted at once (numpy releases the GIL in its loops)
THREADED_BLOCKS = 4  # files shorter than this many blocks are read in this thread


def iter_blocks(
    data: bytes,
    offset: int,
    line: int,
    width: int,
    rows: int,
    out: Blocks,
    ahead: Ahead | None = None,
) -> Iterator[ByteChunk]:
    """ByteChunks of about ``rows`` lines from ``offset`` while the lines are regular, in
    order. When a block is not, stop: ``out`` then says where the rest of the file starts.
    On big files the next blocks are split and converted (``ahead``) by worker threads while
    the caller works on the current one."""
    out.offset, out.line = offset, line
    size = len(data)
    sample = data[offset : offset + 64 * 1024]
    per_line = len(sample) / max(sample.count(b"\n"), 1)  # bytes per line, for block sizes
    target = max(int(rows * per_line), 1)

    def spans() -> Iterator[tuple[int, int]]:
        start = offset
        while start < size:
            nl = data.find(b"\n", min(start + target, size) - 1)
            end = size if nl < 0 else nl + 1
            yield start, end
            start = end

    table = size - offset >= TABLE_BYTES  # smaller files: SWAR, without the table's memory

    def work(span: tuple[int, int]) -> ByteChunk | None:
        chunk = _block(data, span[0], span[1], width)
        if chunk is not None:
            chunk.table = table
            if ahead is not None:
                ahead(chunk)
        return chunk

    if (size - offset) < THREADED_BLOCKS * target:
        results: Iterator[ByteChunk | None] = map(work, spans())
        yield from _numbered(results, spans(), line, out)
        return
    if table:
        _short_table()  # built once, before the workers need it
    with ThreadPoolExecutor(WORKERS, thread_name_prefix="plan-check-read") as pool:
        pending: deque[Future[ByteChunk | None]] = deque()
        todo = spans()

        def results_in_order() -> Iterator[ByteChunk | None]:
            for span in todo:  # keep WORKERS + 1 blocks in flight: bounded memory
                pending.append(pool.submit(work, span))
                if len(pending) > WORKERS:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

        try:
            yield from _numbered(results_in_order(), spans(), line, out)
        finally:
            for future in pending:
                future.cancel()


def _numbered(
    chunks: Iterator[ByteChunk | None], spans: Iterator[tuple[int, int]], line: int, out: Blocks
) -> Iterator[ByteChunk]:
    """The chunks in file order with their line numbers, up to the first irregular block."""
    for chunk, (_, end) in zip(chunks, spans, strict=False):
        if chunk is None:
            return
        chunk.lines = np.arange(line, line + len(chunk))
        yield chunk
        line += len(chunk)
        out.offset, out.line = end, line


def _block(data: bytes, start: int, end: int, width: int) -> ByteChunk | None:
    """The rows of data[start:end] (whole lines), or None when they are not regular."""
    if data.find(b'"', start, end) >= 0 or width < 1:
        return None
    n_bytes = end - start
    buf = np.zeros(n_bytes + 1 + _PAD, dtype=np.uint8)
    buf[:n_bytes] = np.frombuffer(data, dtype=np.uint8, count=n_bytes, offset=start)
    if buf[n_bytes - 1] != 10:  # the file's last line has no line break: give it one
        buf[n_bytes] = 10
        n_bytes += 1
    body = buf[:n_bytes]
    newline = body == 10
    bounds = np.flatnonzero(newline | (body == 44))  # every cell's end: a comma or line break
    n = len(bounds) // width
    if n == 0 or len(bounds) != n * width:
        return None
    kinds = newline[bounds].reshape(n, width)
    if kinds[:, :-1].any() or not kinds[:, -1].all():
        return None  # a line with more or fewer cells than the header
    ends = bounds.reshape(n, width)
    starts = np.empty_like(ends)
    starts[:, 1:] = ends[:, :-1] + 1
    starts[0, 0] = 0
    starts[1:, 0] = ends[:-1, -1] + 1
    carriage = np.count_nonzero(body == 13)
    if carriage:
        last = ends[:, -1]
        crlf = (last > starts[:, -1]) & (body[np.maximum(last - 1, 0)] == 13)
        if carriage != np.count_nonzero(crlf):
            return None  # a lone carriage return, which the general reader takes as a line end
        ends[:, -1] = last - crlf
    return ByteChunk(
        buf,
        np.ascontiguousarray(starts.T),
        np.ascontiguousarray(ends.T),
        np.arange(n),  # numbered in file order by _numbered
        data,
        start,
    )
