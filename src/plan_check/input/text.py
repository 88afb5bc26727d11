"""Delimited text (comma, tab or semicolon), read once: every file read whole, or refused
with its place.

One pass decides the encoding (a BOM; else UTF-8 if the whole file is, else GB18030; or
``--encoding``), finds the header (the first row holding a unit column, under the
delimiter with which one is found), counts line ends (LF, CRLF or a lone CR: every row
keeps its physical line) and quotes, and cuts the body into blocks at line ends outside
quotes. Here, each block's bytes go to its reader as it is cut (the next cut in a thread
while this one is read); on ``--jobs`` or a cluster, a task reads its block's byte range,
checked against the pass (size, CRC-32). Memory follows a few blocks, never the file.

A regular block (no line break inside quotes, no line too long) is read by pandas on its
Arrow engine, which must hand back one row per non-empty line (checked, never assumed);
any other by the csv module, record by record, which names what is wrong with a row.
Where the quote count is fooled (a literal 5"2 before a quoted cell), the file is read
record by record from that block on (``Block.tail``). A file in an encoding whose line
ends, quotes and delimiters may sit inside a character (UTF-16) is first copied to a
temporary UTF-8 file.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zlib
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, NoReturn, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from plan_check import problems, refusals
from plan_check.codes import Code
from plan_check.errors import DataFileError
from plan_check.input.decoding import Utf8Check, convert, encoding_of, text_codec, utf32
from plan_check.input.files import OLE2, Url, check_regular, read_pieces, url_size
from plan_check.input.grid import (
    CHUNK_ROWS,
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    UNIT_HEADERS,
    Block,
    Chunk,
    Grid,
    RowProblem,
    chunk_of_rows,
    data_above,
    header_score,
    is_header,
    unread,
)
from plan_check.input.options import SCAN_BYTES, ReadOptions
from plan_check.input.partial import Expect, Numbers, Partial, ReadSpec

# ---- rows the csv module reads -------------------------------------------------------------------

FIELD_LIMIT = 16 << 20  # the csv module's cell limit: long cells become located problems


def _csv_error(shown: str, line: int, exc: csv.Error) -> DataFileError:
    if "field limit" in str(exc):
        return refusals.file_cell_too_large(path=shown, line=line, limit=FIELD_LIMIT)
    return refusals.file_csv_syntax(path=shown, line=line, reason=str(exc))


class _SpansLines(Exception):
    """A block read as one row per line holds a record over several lines, or one read
    record by record ends inside a quote before the file does: it was cut inside a record."""


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


def _records(
    grid: Grid, lines: Iterable[str], first: int, last: bool = True, spans: bool = True
) -> Iterator[Chunk]:
    """Rows by the csv module, record by record, each at the line it starts on, streamed.
    Where the quote count found no line end inside quotes (``spans`` False), a record over
    several lines means the count was fooled: ``_SpansLines``. A quote still open at the
    end of the file is a problem at the line of its row, and that row is not read; one
    open at the end of a block that is not the file's last (``last``) means the block was
    cut inside a record: ``_SpansLines``. A quoted cell that holds lines shaped like
    whole rows is a problem too (a quote closed far too late swallows the rows between).

    The line ``_AFTER`` is read after the last: a row of its own when every quote closed,
    else the end of the last record's open cell. Each record is kept only once the next
    one has started: until then it may be the one left open."""
    width = len(grid.header)
    reader = csv.reader(chain(lines, [_AFTER]), delimiter=grid.delimiter)
    rows: list[list[str]] = []
    numbers: list[int] = []
    found: list[RowProblem] = []  # rows not handed on, in the chunk that covers them
    # the last record read, its line and the rows it swallows (said unless it never closes)
    pending: tuple[list[str], int, RowProblem | None] | None = None
    seen = spanned = 0
    try:
        for row in reader:
            line, spanned, seen = first + seen, reader.line_num - seen, reader.line_num
            if spanned > 1 and not spans:
                raise _SpansLines
            if pending is not None:
                kept = _fit(grid, pending[0], pending[1], found)
                if kept is not None:
                    rows.append(kept)
                    numbers.append(pending[1])
                if pending[2] is not None:
                    found.append(pending[2])
            pending = None
            if not row:
                continue
            swallowed = None
            if spanned > 1 and _swallows_rows(row, width, grid.delimiter):
                # the rows swallowed are not read: its unit's figures are incomplete
                said = problems.quote_swallows_rows(lines=spanned)
                swallowed = RowProblem(line, said, row=unread(row))
            pending = row, line, swallowed
            if len(rows) >= CHUNK_ROWS:
                yield chunk_of_rows(rows, numbers, width, found)
                rows, numbers, found = [], [], []
    except csv.Error as exc:  # one row per line: at the line read when it failed
        at = seen if spans else max(reader.line_num - 1, 0)
        raise _csv_error(grid.path, first + at, exc) from None
    if pending is not None and spanned > 1:  # the last record took in the line after it
        if not last:
            raise _SpansLines
        row, line, _ = pending
        row[-1] = row[-1][: -len(_AFTER)]
        said = problems.unclosed_quote(lines=spanned - 1)
        found.append(RowProblem(line, said, row=unread(row)))
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


_SPLIT_THOUSANDS = re.compile(r"^\s*\d{1,3}\s*$"), re.compile(r"^\d{3}\s*$")


def _fit(grid: Grid, row: list[str], line: int, found: list[RowProblem]) -> list[str] | None:
    """A row cut or padded to the header's width. A row of another width that holds text
    beyond the header, or stops short of it, is a problem of its line; one wider than the
    header is not read at all: its cells no longer sit under their headers (an unquoted
    9,800 splits into 9 and 800 and shifts every cell after it). Empty cells past the
    header are harmless only when the file's rows are usually that wide (Excel writes one
    more delimiter on every row): on one row alone they may be a shifted empty column."""
    width, usual = len(grid.header), grid.usual  # usual 0 (not known) acts as the header's
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
        value = "、".join(splits)
        if splits and len(row) in (width + 1, usual + 1):
            said = problems.row_unquoted_thousands(value=value)
        else:
            said, value = problems.row_too_long(cells=len(row), width=width), ""
        found.append(RowProblem(line, said, value=value, row=unread(row)))
        return None
    if len(row) < width:
        if any(cell.strip() for cell in row):
            said = problems.row_too_short(cells=len(row), width=width)
            found.append(RowProblem(line, said))
        return row + [""] * (width - len(row))
    return row


# ---- the header ----------------------------------------------------------------------------------

DELIMITERS = (",", "\t", ";")
HEAD_BYTES = 1 << 20  # the header is looked for in the file's first MiB
MAX_HEADER_CHARS = 500  # a longer header cell is a quote left open, not a header
USUAL_ROWS = 10_000  # rows below the header whose width most have is the usual one


def find_header(
    shown: str, name: str, size: int, data: bytes, codec: str, empty: Callable[[], bool]
) -> tuple[Grid, int]:
    """What the file's first MiB (``data``, in ``codec``) says of it, as a grid with no
    rows, and the physical lines its header and the lines above use. A NUL byte is
    refused before the header is looked for (a binary file has none), then a blank head,
    should the whole file be blank (``empty``).

    The header is the row with a unit column under the first delimiter with which one is
    found (comma, then tab, semicolon); the grid's ``usual`` is the width of most rows
    below it in the first MiB. Of the rows with a unit column among the first lines, the
    one most like a header wins: a form's label line above the real header (单位,某市教育局)
    is not taken for it. Rows above the header that look like data are problems of their
    rows (``Grid.above``)."""
    text_head = data if codec == "utf-8" else data.decode(codec, errors="ignore").encode("utf-8")
    nul = text_head.find(b"\x00")
    if nul >= 0:
        line = int(np.searchsorted(piece_ends(text_head, b""), nul)) + 1
        raise refusals.file_binary(path=shown, line=line)
    if not text_head.strip() and empty():
        raise refusals.file_empty(path=shown)
    head = text_head[:HEAD_BYTES].decode("utf-8", errors="ignore")
    error: DataFileError | None = None
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        best: tuple[int, list[str], int, int] | None = None
        first_candidate = 0  # the line of the first row with a unit column
        filled: list[tuple[int, list[str]]] = []  # the rows holding text, with their line
        widths: list[tuple[int, int]] = []  # each row's last line and width
        try:
            before = 0  # lines read before this row: the row starts on the next one
            for n, row in enumerate(reader):
                widths.append((reader.line_num, len(row)))
                if n > HEADER_SEARCH_ROWS:  # the rows below, for their usual width
                    if n > HEADER_SEARCH_ROWS + USUAL_ROWS:
                        break
                    continue
                start, before = before + 1, reader.line_num
                if any(cell.strip() for cell in row):
                    filled.append((start, row))
                if len(row) > MAX_COLUMNS:
                    raise refusals.file_too_wide(
                        path=shown,
                        line=reader.line_num,
                        count=len(row),
                        limit=MAX_COLUMNS,
                    )
                if is_header(row):
                    longest = max(len(cell) for cell in row)
                    if longest > MAX_HEADER_CHARS:  # a quote in the header never closed
                        raise refusals.header_cell_too_long(path=shown, line=start, length=longest)
                    score = header_score(row)
                    first_candidate = first_candidate or start
                    if best is None or score > best[0]:
                        best = (score, row, start, reader.line_num)
                if n == HEADER_SEARCH_ROWS and best is None:
                    break
        except csv.Error as exc:
            error = error or _csv_error(shown, max(reader.line_num, 1), exc)
        if best is not None:
            above = data_above(shown, filled, first_candidate, best[1], best[2])
            below = [w for line, w in widths if line > best[3]][:USUAL_ROWS]
            if len(head.encode("utf-8")) >= HEAD_BYTES and below:
                below.pop()  # the last row may be cut by the MiB's end
            counts = Counter(w for w in below if w)  # the narrowest on a tie, 0 without rows
            usual = max(counts, key=lambda w: (counts[w], -w)) if counts else 0
            file = Grid(shown, name, best[1], best[2], iter(()), above, size=size, usual=usual)
            file.delimiter = delimiter
            return file, best[3]
    if error is not None:
        raise error
    raise refusals.file_no_unit_column(path=shown, accepted=" / ".join(UNIT_HEADERS))


# ---- the one pass --------------------------------------------------------------------------------

# Codecs in which CR, LF, the quote and the delimiters are one byte and never part of a
# longer character: a byte range cut at a line end decodes on its own.
# fmt: off
ASCII_SAFE = frozenset((
    "utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp936",
    "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949", "ascii", "latin-1", "iso8859-1",
    "iso8859-15", "cp1252", "cp1251", "cp1250",
))
# fmt: on


@dataclass(frozen=True)
class Cut:
    """A block as the pass cut it, handed to its reader in this process: its bytes, and
    where its lines end (``ends``: the last byte of each line end, offsets in ``data``)."""

    block: Block
    data: bytes  # UTF-8 (a block in another codec decoded as it was cut)
    ends: npt.NDArray[np.int64] | None  # None: to be found (a block decoded)


class Careful(Exception):
    """The one pass met a byte that does not decode, or a refusal: read it the careful way."""


def scan_text(
    path: Path | Url,
    shown: str,
    encoding: str | None,
    options: ReadOptions,
    workdir: str | None = None,
    *,
    keep: bool = True,
    careful: bool = False,
) -> tuple[Grid, Iterator[Cut]]:
    """Decide the encoding and find the header; then, lazily, one pass over the file
    that cuts its body into blocks and hands each on as it is cut (``keep``: with its
    bytes). What the pass learnt is a grid with no rows (each block's reader makes its
    own): once the cuts are done, its ``blocks`` lists them all. Memory follows a few
    blocks, never the file. ``path`` may be an fsspec URL.

    Should the pass (or the file's first MiB) meet a byte that does not decode, or
    anything to refuse, it raises ``Careful``: ``careful=True`` then reads it the careful
    way (the whole file decoded first; a pass more for a file to convert), so that what
    is said and in which order does not depend on the one pass."""
    piece = options.piece
    size = url_size(path, shown) if isinstance(path, Url) else check_regular(path, shown).st_size
    head = b"".join(read_pieces(path, shown, 0, HEAD_BYTES, piece))
    if head.startswith(OLE2):  # a legacy .xls (or an encrypted workbook) named .csv
        raise refusals.file_xls_as_text(path=shown)
    if head.startswith(b"PK\x03\x04"):  # an .xlsx (a zip) named .csv
        raise refusals.file_xlsx_as_text(path=shown)
    # workers get the file by its absolute path: a relative one names another file where
    # a worker was started
    source = str(path) if isinstance(path, Url) else os.path.abspath(path)
    quick = None if careful else _quick_codec(head, encoding, keep)
    codec, name, skip = quick or encoding_of(path, shown, head, encoding, size, piece)
    copied = codec not in ASCII_SAFE  # UTF-16 and the like: a UTF-8 copy, a piece at a time
    if copied:
        source = convert(path, shown, codec, name, workdir, piece)
        codec, skip = "utf-8", 0
        head = b"".join(read_pieces(source, shown, 0, HEAD_BYTES, piece))
    try:  # anything wrong with a quick pass's first MiB (blank, say): the careful way says it
        empty = partial(_all_space, source, shown, skip, piece)
        file, consumed = find_header(shown, name, size, head[skip:], codec, empty)
    except DataFileError:
        if quick is None:
            raise
        raise Careful from None
    file.local_only = copied
    check = Utf8Check() if quick is not None and codec == "utf-8" else None
    cuts = _cuts(file, source, skip, consumed, codec, options, keep, head, check)
    return file, cuts if quick is None else _or_careful(cuts, check)


def _or_careful(cuts: Iterator[Cut], check: Utf8Check | None) -> Iterator[Cut]:
    """A quick pass's cuts: a refusal, or a file that ends inside a character, raises
    ``Careful``."""
    try:
        yield from cuts
    except DataFileError:
        raise Careful from None
    if check is not None and not check.whole():
        raise Careful


def _quick_codec(head: bytes, encoding: str | None, keep: bool) -> tuple[str, str, int] | None:
    """(codec, name shown, bytes of BOM to skip) of a file read in the one pass that cuts
    it, the check that it decodes done as it goes: UTF-8 when its first MiB is (or
    ``encoding`` says so); else, when its blocks are read here (``keep``), GB18030 (or the
    ``encoding`` given, one whose line ends and quotes are single bytes), each block
    decoded as it is cut and handed on as UTF-8. None for any other file."""
    if encoding is not None:
        codec, name = text_codec(encoding), encoding
        codec = "utf-8" if codec == "utf-8-sig" else codec
    elif utf32(head) or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    else:
        codec, name = "utf-8", "UTF-8"
    skip = len(codecs.BOM_UTF8) if codec == "utf-8" and head.startswith(codecs.BOM_UTF8) else 0
    if codec == "utf-8" and not Utf8Check().feed(head[skip:]):
        if skip or encoding is not None:
            return None  # said by the careful way
        codec, name = "gb18030", "GB18030"  # the one candidate left to UTF-8
    elif encoding is None and skip:
        name = "UTF-8 BOM"
    if codec != "utf-8" and (codec not in ASCII_SAFE or not keep):
        return None
    return codec, name, skip


def _all_space(path: str, shown: str, skip: int, size: int) -> bool:
    return all(not piece.strip() for piece in read_pieces(path, shown, skip, -1, size))


def _utf8(data: bytes, codec: str) -> bytes:
    """Bytes of a block (or of the lines above the body) in ``codec``, as UTF-8."""
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeError:
        raise Careful from None


def _cuts(
    file: Grid,
    path: str,
    skip: int,
    consumed: int,
    codec: str,
    options: ReadOptions,
    keep: bool,
    head: bytes,
    check: Utf8Check | None,
) -> Iterator[Cut]:
    """One pass over the body: line ends counted, NUL bytes refused, quotes counted, and
    a block cut at the first line end outside quotes past ``size`` bytes or ``max_lines``
    lines. Each block is handed on as it is cut (one that turns out to end the file is
    handed on as not the last: read record by record, a quote it leaves open restarts
    it as the file's tail, which says so)."""
    lines_done = 0  # line ends before the current piece
    body: int | None = None  # offset of the body's first byte
    odd = 0
    block_start = 0
    block_line = consumed + 1
    spans = False
    blocks: list[Block] = []
    parts: list[memoryview] = []  # the block's bytes, copied once when it is cut (kept)
    part_ends: list[npt.NDArray[np.int64]] = []  # and its line ends

    def cut(block: Block) -> Cut:
        data, ends = b"".join(parts), np.concatenate([*part_ends, np.zeros(0, np.int64)])
        parts.clear()
        part_ends.clear()
        if codec == "utf-8" or not keep:
            return Cut(block, data, ends - block.start)
        return Cut(block, _utf8(data, codec), None)  # its lines found again in UTF-8

    above: list[bytes] = []  # the lines above the body, in a codec decoded as it is cut
    offset = skip
    crc = 0  # of the current block's bytes so far (up to ``crc_to``)
    crc_to = -1
    size, max_lines = options.block_bytes, options.block_lines
    # pieces of a quarter block: memory follows two blocks and a few pieces; the file's
    # first bytes, read already (``head``), are not read again
    step = min(options.piece, max(size // 4, 1 << 16))
    stream = chain((head[at : at + step] for at in range(skip, len(head), step)),
                   read_pieces(path, file.path, max(skip, len(head)), -1, step))  # fmt: skip
    piece = next(stream, b"")
    while piece:
        if check is not None and not check.feed(piece):
            raise Careful
        following = next(stream, b"")
        nul = piece.find(b"\x00")
        ends = piece_ends(piece, following[:1])
        if nul >= 0:
            line = lines_done + int(np.searchsorted(ends, nul)) + 1
            raise refusals.file_binary(path=file.path, line=line)
        if body is None:
            if lines_done + len(ends) < consumed:  # the header is further on
                if keep and codec != "utf-8":
                    above.append(piece)
                lines_done += len(ends)
                offset += len(piece)
                piece = following
                continue
            body = offset + int(ends[consumed - lines_done - 1]) + 1 if consumed else offset
            block_start = crc_to = body
            if keep and codec != "utf-8":  # the header's lines decode too
                _utf8(b"".join([*above, piece[: body - offset]]), codec)
            above = []
        quotes = np.flatnonzero(np.frombuffer(piece, dtype=np.uint8) == 34) + offset
        absolute = ends.astype(np.int64) + offset
        inside = absolute >= body
        here = absolute[inside]
        before = np.searchsorted(quotes, here) + odd  # quotes before each line end
        if len(quotes):
            before -= int(np.searchsorted(quotes, body))  # only the body's quotes count
        parity = before & 1
        first_inside = int(np.flatnonzero(inside)[0]) if len(here) else 0
        line_no = lines_done + first_inside + np.arange(1, len(here) + 1)  # each end's line
        k = 0
        while k < len(here):
            target = block_start + size - 1
            full = (here[k:] >= target) | (line_no[k:] - block_line + 1 >= max_lines)
            candidates = np.flatnonzero(full & (parity[k:] == 0))
            if not len(candidates):
                spans = spans or bool(parity[k:].any())
                break
            c = k + int(candidates[0])
            spans = spans or bool(parity[k : c + 1].any())
            stop = int(here[c]) + 1
            crc = zlib.crc32(piece[crc_to - offset : stop - offset], crc)
            block = Block(path, block_start, stop, block_line, codec, spans, not blocks, False,
                          crc=crc, size=file.size)  # fmt: skip
            blocks.append(block)
            if keep:
                parts.append(memoryview(piece)[max(block_start, offset) - offset : stop - offset])
                part_ends.append(here[k : c + 1])
            yield cut(block)
            block_start, block_line, spans = stop, int(line_no[c]) + 1, False
            crc, crc_to = 0, stop
            k = c + 1
        crc = zlib.crc32(piece[crc_to - offset :], crc)
        crc_to = offset + len(piece)
        if keep and block_start < crc_to:
            parts.append(memoryview(piece)[max(block_start, offset) - offset :])
            part_ends.append(here[k:])
        body_quotes = quotes[quotes >= body] if len(quotes) else quotes
        odd = (odd + len(body_quotes)) & 1
        lines_done += len(ends)
        offset += len(piece)
        piece = following
    end = offset
    if body is None:  # the header's lines are the whole file
        if keep and codec != "utf-8":
            _utf8(b"".join(above), codec)
        block_start = end
    file.total_lines = lines_done + 1
    last = block_start < end or not blocks
    if last:
        first = not blocks
        blocks.append(
            Block(path, block_start, -1, block_line, codec, spans, first, True, crc=crc, size=end)
        )
    else:  # the last cut fell on the file's end
        blocks[-1] = replace(blocks[-1], stop=-1, last=True)
    file.blocks = [replace(b, size=end) for b in blocks]
    if last:
        yield cut(blocks[-1])


def piece_ends(piece: bytes, following: bytes) -> npt.NDArray[np.int64]:
    """The offset of the last byte of every line end in ``piece``: LF, the LF of CRLF, or
    a lone CR (not followed by LF, ``following`` being the byte after the piece)."""
    raw = np.frombuffer(piece, dtype=np.uint8)
    lf = np.flatnonzero(raw == 10).astype(np.int64, copy=False)
    if b"\r" not in piece:
        return lf
    cr = np.flatnonzero(raw == 13).astype(np.int64, copy=False)
    after = cr + 1
    inside = after < len(raw)
    lone = np.empty(len(cr), dtype=bool)  # lone CRs end lines too (CRLF's CR does not)
    lone[inside] = raw[after[inside]] != 10
    lone[~inside] = following != b"\n"
    if not lone.any():
        return lf
    return np.sort(np.concatenate((lf, cr[lone])))


# ---- a block's rows ------------------------------------------------------------------------------

LONG_LINE = 1 << 19  # a longer line is read by the csv module (the engine reads in 1 MiB blocks)

csv.field_size_limit(FIELD_LIMIT)


def block_grid(file: Grid, block: Block, options: ReadOptions, cut: Cut | None = None) -> Grid:
    """A grid whose chunks are the rows of one block of a text file: its bytes as the
    pass handed them on (``cut``), or read from its byte range of the file. Reading them
    raises ``_SpansLines`` when the block's quotes are not what the file's quote count said:
    the file is then read record by record from this block on (``Block.tail``)."""
    # rows of data above the header: the first block's own problems
    grid = replace(file, above=list(file.above) if block.first else [])
    grid.chunks = _block_chunks(grid, block, options, cut)
    return grid


def _block_chunks(
    grid: Grid, block: Block, options: ReadOptions, cut: Cut | None
) -> Iterator[Chunk]:
    if cut is not None:  # UTF-8, whatever the file's codec
        pieces, codec = iter((cut.data,)), "utf-8"
    else:  # a piece at a time: a tail is never read whole
        pieces, codec = _checked(grid.path, block, options.piece), block.codec
    if block.spans or block.tail:  # record by record, streamed
        stream = io.BufferedReader(_PieceReader(pieces))
        lines = io.TextIOWrapper(stream, encoding=codec, newline="")
        yield from _records(grid, lines, block.first_line, block.last)
        return
    data = b"".join(pieces)
    if codec != "utf-8":
        data = data.decode(codec).encode("utf-8")
    ends = cut.ends if cut is not None and cut.ends is not None else line_ends(data, options.scan)
    yield from _chunks(grid, data, ends, block.first_line, options.arrow)


def _checked(shown: str, block: Block, piece_size: int) -> Iterator[bytes]:
    """The block's bytes, a piece at a time, checked against what the first pass read
    (the file's size, the block's CRC-32): a file changed since, or another file at this
    path on a worker, is refused, never read as if it were the one the blocks were cut
    from."""
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


class _PieceReader(io.RawIOBase):
    """Byte pieces as a raw stream."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces = pieces
        self._left = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._left:
            self._left = memoryview(next(self._pieces, b""))
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


def _chunks(
    grid: Grid, data: bytes, ends: npt.NDArray[np.int64], first: int, arrow: bool
) -> Iterator[Chunk]:
    """A block with no line end inside quotes (by the count): one Arrow read, or the csv
    module, one record a line. ``_SpansLines`` when a record spans lines after all."""
    n = len(ends)
    starts = np.concatenate(([0], ends + 1))  # where each line starts, and ends its text:
    starts = starts[: n + 1 if n == 0 or ends[-1] < len(data) - 1 else n]  # a last line
    stops = np.append(ends, len(data))[: len(starts)]  # without a line end, or none
    if n:  # a CRLF's CR is not text either
        raw = np.frombuffer(data, dtype=np.uint8)
        crlf = (raw[ends] == 10) & (ends > 0)
        crlf[crlf] = raw[ends[crlf] - 1] == 13
        stops[:n] -= crlf
    lengths = stops - starts
    filled = lengths > 0  # the engine skips empty lines; every other line is one row
    if not filled.any():
        return
    last = int(np.flatnonzero(filled)[-1])
    tail = data[int(starts[last]) : int(stops[last])]
    # the engine takes a quote left open on the block's last line for a finished cell
    # (x","1 counts two quotes, yet the csv module opens one there): that line goes to
    # the csv module, which says the record runs on, past the cut
    open_at_end = b'"' in tail and _unclosed(tail.decode("utf-8"), grid.delimiter)
    if arrow and int(lengths.max()) <= LONG_LINE and not open_at_end:
        columns = _arrow_block(data, len(grid.header), grid.delimiter)
        if columns is not None and len(columns[0]) == int(filled.sum()):
            yield Chunk(columns, np.arange(first, first + len(starts), dtype=np.int64)[filled])
            return
    lines = io.StringIO(data.decode("utf-8"), newline="")
    yield from _records(grid, lines, first, spans=False)


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


# ---- the block work ------------------------------------------------------------------------------

Tick = Callable[[str, int, int], None]  # (file, bytes read, bytes in all)
T = TypeVar("T")


@dataclass(frozen=True)
class Task:
    file: Grid  # what the pass learnt (its block list left out)
    block: Block
    reading: ReadSpec
    drop: Numbers = ()  # lines of repeated rows, not summed
    want: Numbers = ()  # rows (among the kept) whose line and key to hand back
    expect: Expect | None = None  # the key texts expected of the wanted rows
    cut: Cut | None = None  # its bytes as the pass handed them on (here only, never sent)


@dataclass(frozen=True)
class Failure:
    """A block that could not be read: the error, as data (it crosses processes)."""

    code: Code
    params: dict[str, Any]

    def raise_it(self) -> NoReturn:
        raise DataFileError(self.code, **self.params)


def run_task(task: Task) -> Partial | Failure:
    """Read one block (from the bytes the pass handed on, or from the file).
    Never raises for the data: a refusal comes back as a ``Failure``, a block cut inside
    a record as a ``Partial`` with ``restart``."""
    from plan_check.input.records import read_partial

    try:
        grid = block_grid(task.file, task.block, task.reading.options, task.cut)
        return read_partial(
            grid,
            task.reading,
            first=task.block.first,
            drop=task.drop,
            want=task.want,
            expect=task.expect,
        )
    except _SpansLines:  # the quote count cut the block inside a record
        return Partial(task.file.path, restart=True)
    except DataFileError as exc:
        return Failure(exc.code, dict(exc.params))
    except OSError as exc:
        error = refusals.file_unreadable(path=task.file.path, reason=str(exc))
        return Failure(error.code, dict(error.params))


class Runner(Protocol):
    """Runs block tasks and hands back their results in the tasks' order."""

    def run(self, tasks: Sequence[Task], tick: Tick | None) -> Iterable[Partial | Failure]: ...


class Here:
    """Every block in this process, one after another (pandas reads in this thread)."""

    def run(self, tasks: Iterable[Task], tick: Tick | None) -> Iterator[Partial | Failure]:
        """Lazily: the caller folds each block's problems in before the next is read (and
        the pass cuts the next block as it hands this one on)."""
        for task in tasks:
            result = run_task(task)
            if tick is not None:  # the bar counts bytes: a text file's lines are known
                # only once the pass that cuts it has ended
                tick(task.file.path, task.block.reach, task.file.size)
            yield result


def ahead(items: Iterator[T], depth: int) -> Generator[T, None, None]:
    """The items, made in a thread of their own, at most ``depth`` made and not yet taken
    (the pass cuts the next block while this one is read: its reads, numpy scans, CRC-32
    and UTF-8 check release the GIL). What the thread raises is raised here, in its
    turn."""
    from concurrent.futures import ThreadPoolExecutor

    end = object()
    pool = ThreadPoolExecutor(1, thread_name_prefix="plan-check-cut")
    made = deque(pool.submit(next, items, end) for _ in range(depth))
    try:
        while (item := made.popleft().result()) is not end:
            made.append(pool.submit(next, items, end))  # made while this one is used
            yield item  # type: ignore[misc]
    finally:
        pool.shutdown(cancel_futures=True)
        close = getattr(items, "close", None)
        if close is not None:
            close()
