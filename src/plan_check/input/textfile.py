"""Delimited text streamed in blocks: one pass over the file to decide its encoding, find
its header and cut its body into blocks at line ends outside quotes; then each block is
read on its own (here or on a cluster worker), from its byte range of the file.

The pass keeps a few numbers per block, never the file: memory does not grow with it.
A block is cut where the quotes counted since the header are even; a block in which some
line end lies inside quotes by that count is read record by record. Where the count is
fooled (a literal 5"2 before a quoted cell), the block's own reader finds out and the
file is read record by record from that block to its end (``Block.tail``).

UTF-8 files, and files in encodings whose line ends, quotes and delimiters are single
bytes never found inside a character (GB18030, GBK, Big5…), are read where they lie;
any other (UTF-16, as Excel's "Unicode 文本" writes it) is first converted to a
temporary UTF-8 file, a piece at a time.
"""

from __future__ import annotations

import codecs
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from plan_check import refusals
from plan_check.errors import DataFileError
from plan_check.input.decoding import Utf8Check, convert, encoding_of, text_codec, utf32
from plan_check.input.files import Url, check_regular, read_pieces, url_size
from plan_check.input.grid import RowProblem
from plan_check.input.header import HEAD_BYTES, find_header
from plan_check.input.options import ReadOptions

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and encrypted workbooks
# Codecs in which CR, LF, the quote and the delimiters are one byte and never part of a
# longer character: a byte range cut at a line end decodes on its own.
ASCII_SAFE = frozenset(
    {
        "utf-8",
        "utf-8-sig",
        "gb18030",
        "gbk",
        "gb2312",
        "big5",
        "big5hkscs",
        "cp950",
        "cp936",
        "shift_jis",
        "cp932",
        "euc_jp",
        "euc_kr",
        "cp949",
        "ascii",
        "latin-1",
        "iso8859-1",
        "iso8859-15",
        "cp1252",
        "cp1251",
        "cp1250",
    }
)


@dataclass(frozen=True)
class Block:
    """A byte range of a text file's body, read on its own."""

    path: str  # the file to open (a temporary UTF-8 copy for UTF-16)
    start: int
    stop: int  # -1: to the end of the file
    first_line: int  # the physical line its first byte is on
    codec: str  # "utf-8" for bytes read as they are
    spans: bool  # some line end inside it lies inside quotes, by the quote count
    first: bool  # the body's first block (a units line under the header may start it)
    last: bool
    tail: bool = False  # read record by record to the end, whatever the count says
    crc: int | None = None  # CRC-32 of its bytes as the first pass read them (None: a tail)
    size: int = -1  # the file's size then

    @property
    def reach(self) -> int:
        """The offset just past its last byte."""
        return self.stop if self.stop >= 0 else self.size


@dataclass
class TextFile:
    """What the pass learnt of a text file."""

    shown: str
    encoding: str  # the name shown in the report
    header: list[str]
    header_line: int
    delimiter: str
    usual: int  # the row width most rows have (Excel adds a delimiter to every row)
    total_lines: int
    size: int
    blocks: list[Block] = field(default_factory=list)
    local_only: bool = False  # read from a temporary copy: not on a cluster
    above: list[RowProblem] = field(default_factory=list)  # rows of data above the header


@dataclass(frozen=True)
class Cut:
    """A block as the pass cut it, handed to its reader in this process: its bytes, and
    where its lines end (``ends``: the last byte of each line end, offsets in ``data``)."""

    block: Block
    data: bytes  # UTF-8 (a block in another codec decoded as it was cut)
    ends: npt.NDArray[np.int64] | None  # None: to be found (a block decoded)


class Careful(Exception):
    """The one pass that read a file as UTF-8 met a byte that is not (or a refusal): the
    file is read again the careful way, which says what it says."""


def index_text(
    path: Path | Url,
    shown: str,
    encoding: str | None,
    options: ReadOptions | int,
    workdir: str | None = None,
) -> TextFile:
    """The pass alone, for blocks read elsewhere by their byte range: the file with every
    block, nothing of its bytes kept. ``options``: the sizes (or just the block's bytes)."""
    if isinstance(options, int):
        options = ReadOptions(bytes=options)
    try:
        file, cuts = scan_text(path, shown, encoding, options, workdir, keep=False)
        for _ in cuts:
            pass
    except Careful:
        file, cuts = scan_text(path, shown, encoding, options, workdir, keep=False, careful=True)
        for _ in cuts:
            pass
    return file


def scan_text(
    path: Path | Url,
    shown: str,
    encoding: str | None,
    options: ReadOptions,
    workdir: str | None = None,
    *,
    keep: bool = True,
    careful: bool = False,
) -> tuple[TextFile, Iterator[Cut]]:
    """Decide the encoding and find the header; then, lazily, one pass over the file
    that cuts its body into blocks and hands each on as it is cut (``keep``: with its
    bytes). Memory follows a few blocks, never the file: once the cuts are done,
    ``TextFile.blocks`` lists them all. ``path`` may be an fsspec URL.

    A file whose first MiB is UTF-8 (the usual case) is read as UTF-8, the check of the
    rest done in the pass that cuts it; should it meet a byte that is not UTF-8, or
    anything to refuse, the cuts raise ``Careful``: ``careful=True`` then reads it the
    careful way (the whole file decoded first, then GB18030 tried; plus one pass for a
    file to convert), so that what is said and in which order does not depend on the
    shortcut."""
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
    if not careful:
        at_once = _at_once(source, shown, head, size, encoding, options, keep)
        if at_once is not None:
            return at_once
    codec, name, skip = encoding_of(path, shown, head, encoding, size, piece)
    temp = None
    if codec not in ASCII_SAFE:  # UTF-16 and the like: a UTF-8 copy, a piece at a time
        temp = convert(path, shown, codec, name, workdir, piece)
        source, codec, skip = temp, "utf-8", 0
        head = b"".join(read_pieces(temp, shown, 0, HEAD_BYTES, piece))
    else:
        head = head[skip:]
    text_head = _head_utf8(head, codec)
    nul = text_head.find(b"\x00")
    if nul >= 0:  # said before the header is looked for: a binary file has none
        line = int(np.searchsorted(piece_ends(text_head, b""), nul)) + 1
        raise refusals.file_binary(path=shown, line=line)
    if not text_head.strip() and _all_space(source, shown, skip, piece):
        raise refusals.file_empty(path=shown)
    header, header_line, consumed, delimiter, usual, above = find_header(shown, text_head)
    file = TextFile(
        shown, name, header, header_line, delimiter, usual, 0, size, local_only=bool(temp)
    )
    file.above = above
    return file, _cuts(file, source, skip, consumed, codec, options, keep)


class _Undecodable(Exception):
    """A piece of a file read in one pass does not decode."""


def _at_once(
    source: str,
    shown: str,
    head: bytes,
    size: int,
    encoding: str | None,
    options: ReadOptions,
    keep: bool,
) -> tuple[TextFile, Iterator[Cut]] | None:
    """A file read in the one pass that cuts it, the check that it decodes done as it
    goes: as UTF-8 when its first MiB is (or ``encoding`` says so); else, when its blocks
    are read here (``keep``), as GB18030 (or the ``encoding`` given, one whose line ends
    and quotes are single bytes), each block decoded as it is cut and handed on as UTF-8.
    None, having said nothing, for any other file, or when anything is wrong with its
    first MiB: the careful way then says what it says."""
    if encoding is not None:
        codec = text_codec(encoding)
        name = encoding
        if codec == "utf-8-sig":
            codec = "utf-8"
    elif utf32(head) or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    else:
        codec, name = "utf-8", "UTF-8"
    skip = len(codecs.BOM_UTF8) if codec == "utf-8" and head.startswith(codecs.BOM_UTF8) else 0
    body = head[skip:]
    if codec == "utf-8" and not Utf8Check().feed(body):
        if skip or encoding is not None:
            return None  # said by the careful way
        codec, name = "gb18030", "GB18030"  # the one candidate left to UTF-8
    elif encoding is None and skip:
        name = "UTF-8 BOM"
    if codec != "utf-8" and (codec not in ASCII_SAFE or not keep):
        return None
    text_head = _head_utf8(body, codec)
    if b"\x00" in text_head or not text_head.strip():
        return None
    try:
        header, header_line, consumed, delimiter, usual, above = find_header(shown, text_head)
    except DataFileError:
        return None
    file = TextFile(shown, name, header, header_line, delimiter, usual, 0, size)
    file.above = above
    return file, _checked(file, source, skip, consumed, codec, options, keep)


def _checked(
    file: TextFile,
    source: str,
    skip: int,
    consumed: int,
    codec: str,
    options: ReadOptions,
    keep: bool,
) -> Iterator[Cut]:
    check = Utf8Check() if codec == "utf-8" else None
    try:
        yield from _cuts(file, source, skip, consumed, codec, options, keep, check)
    except (DataFileError, _Undecodable):
        raise Careful from None
    if check is not None and not check.whole():
        raise Careful


def _head_utf8(head: bytes, codec: str) -> bytes:
    if codec == "utf-8":
        return head
    return head.decode(codec, errors="ignore").encode("utf-8")


def _all_space(path: str, shown: str, skip: int, size: int) -> bool:
    return all(not piece.strip() for piece in read_pieces(path, shown, skip, -1, size))


class _Bytes:
    """The bytes and line ends of the block being cut, gathered piece by piece (nothing
    when they are not kept)."""

    def __init__(self, keep: bool, codec: str) -> None:
        self.keep, self.codec = keep, codec
        self.parts: list[memoryview] = []
        self.ends: list[npt.NDArray[np.int64]] = []

    def add(self, piece: bytes, start: int, stop: int, ends: npt.NDArray[np.int64]) -> None:
        if self.keep:
            self.parts.append(memoryview(piece)[start:stop])  # copied once, by ``take``
            self.ends.append(ends)

    def take(self, block: Block) -> Cut:
        data = b"".join(self.parts)
        ends = np.concatenate(self.ends) - block.start if self.ends else _NO_ENDS
        self.parts, self.ends = [], []
        if self.codec == "utf-8" or not self.keep:
            return Cut(block, data, ends)
        return Cut(block, _utf8(data, self.codec), None)  # its lines found again in UTF-8


def _utf8(data: bytes, codec: str) -> bytes:
    """Bytes of a block (or of the lines above the body) in ``codec``, as UTF-8."""
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeError:
        raise _Undecodable from None


_NO_ENDS = np.zeros(0, dtype=np.int64)


def _cuts(
    file: TextFile,
    path: str,
    skip: int,
    consumed: int,
    codec: str,
    options: ReadOptions,
    keep: bool,
    check: Utf8Check | None = None,
) -> Iterator[Cut]:
    """One pass over the body: line ends counted, NUL bytes refused, quotes counted, and
    a block cut at the first line end outside quotes past ``size`` bytes or ``max_lines``
    lines. Each block is handed on as it is cut, one read record by record once the next
    is cut (whether it is the last is then known)."""
    lines_done = 0  # line ends before the current piece
    body: int | None = None  # offset of the body's first byte
    odd = 0
    block_start = 0
    block_line = consumed + 1
    spans = False
    blocks: list[Block] = []
    gathered = _Bytes(keep, codec)
    above: list[bytes] = []  # the lines above the body, in a codec decoded as it is cut
    pending: Cut | None = None  # the block cut last, handed on at the next cut
    offset = skip
    crc = 0  # of the current block's bytes so far (up to ``crc_to``)
    crc_to = -1
    size, max_lines = options.block_bytes, options.block_lines
    # pieces of at most a block: memory follows a few blocks
    stream = read_pieces(path, file.shown, skip, -1, min(options.piece, max(size, 1 << 16)))
    piece = next(stream, b"")
    while piece:
        if check is not None and not check.feed(piece):
            raise _Undecodable
        following = next(stream, b"")
        nul = piece.find(b"\x00")
        ends = piece_ends(piece, following[:1])
        if nul >= 0:
            line = lines_done + int(np.searchsorted(ends, nul)) + 1
            raise refusals.file_binary(path=file.shown, line=line)
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
            gathered.add(piece, max(block_start, offset) - offset, stop - offset, here[k : c + 1])
            if pending is not None:
                yield pending
                pending = None
            cut = gathered.take(block)
            if block.spans:  # read record by record: whether it is the last is known
                pending = cut  # at the next cut
            else:
                yield cut
            block_start, block_line, spans = stop, int(line_no[c]) + 1, False
            crc, crc_to = 0, stop
            k = c + 1
        crc = zlib.crc32(piece[crc_to - offset :], crc)
        crc_to = offset + len(piece)
        if block_start < crc_to:
            gathered.add(piece, max(block_start, offset) - offset, len(piece), here[k:])
        body_quotes = quotes[quotes >= body] if len(quotes) else quotes
        odd = (odd + len(body_quotes)) & 1
        lines_done += len(ends)
        offset += len(piece)
        piece = following
    end = offset
    if body is None:  # the header's lines are the whole file
        if keep and codec != "utf-8":
            _utf8(b"".join(above), codec)
        body = end
        block_start = end
    file.total_lines = lines_done + 1
    if block_start < end or not blocks:
        first = not blocks
        blocks.append(
            Block(path, block_start, -1, block_line, codec, spans, first, True, crc=crc, size=end)
        )
        if pending is not None:
            yield pending
        pending = gathered.take(blocks[-1])
    else:  # the last cut fell on the file's end (a block handed on already was read
        # alike: whether it is the last matters to a block read record by record)
        blocks[-1] = replace(blocks[-1], stop=-1, last=True)
        if pending is not None:
            pending = replace(pending, block=blocks[-1])
    file.blocks = [replace(b, size=end) for b in blocks]
    if pending is not None:
        yield pending


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
