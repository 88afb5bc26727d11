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
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from plan_check import refusals
from plan_check.errors import DataFileError
from plan_check.input.decoding import Utf8Check, convert, encoding_of, utf32
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


def index_text(
    path: Path | Url,
    shown: str,
    encoding: str | None,
    options: ReadOptions | int,
    workdir: str | None = None,
) -> TextFile:
    """Decide the encoding, find the header and cut the body into blocks, in one pass of
    bounded memory (plus one for a file to convert). ``path`` may be an fsspec URL;
    ``options``: the sizes (or just the block's bytes)."""
    if isinstance(options, int):
        options = ReadOptions(bytes=options)
    piece = options.piece
    size = url_size(path, shown) if isinstance(path, Url) else check_regular(path, shown).st_size
    head = b"".join(read_pieces(path, shown, 0, HEAD_BYTES, piece))
    if head.startswith(OLE2):  # a legacy .xls (or an encrypted workbook) named .csv
        raise refusals.file_xls_as_text(path=shown)
    if head.startswith(b"PK\x03\x04"):  # an .xlsx (a zip) named .csv
        raise refusals.file_xlsx_as_text(path=shown)
    if encoding is None:
        at_once = _utf8_in_one_pass(path, shown, head, size, options)
        if at_once is not None:
            return at_once
    codec, name, skip = encoding_of(path, shown, head, encoding, size, piece)
    # workers get the file by its absolute path: a relative one names another file where
    # a worker was started
    source, temp = (str(path) if isinstance(path, Url) else os.path.abspath(path)), None
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
    _cut(file, source, skip, consumed, codec, options)
    return file


class _NotUtf8(Exception):
    """A piece of a file read as UTF-8 is not: the careful path decides and says."""


def _utf8_in_one_pass(
    path: Path | Url, shown: str, head: bytes, size: int, options: ReadOptions
) -> TextFile | None:
    """A file whose first MiB is UTF-8 (the usual case) read as UTF-8 with the check of
    the whole file in the pass that cuts it, not a read of its own. None, having said
    nothing, when some byte is no UTF-8 or anything is wrong with the file: the careful
    path (the whole file decoded first, then GB18030 tried) then says what it says, so
    that what is said and in which order does not depend on this shortcut."""
    if utf32(head) or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    skip = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    body = head[skip:]
    if not Utf8Check().feed(body) or b"\x00" in body or not body.strip():
        return None
    source = str(path) if isinstance(path, Url) else os.path.abspath(path)
    check = Utf8Check()
    try:
        header, header_line, consumed, delimiter, usual, above = find_header(shown, body)
        file = TextFile(shown, "UTF-8 BOM" if skip else "UTF-8", header, header_line,
                        delimiter, usual, 0, size)  # fmt: skip
        file.above = above
        _cut(file, source, skip, consumed, "utf-8", options, check)
    except (DataFileError, _NotUtf8):
        return None
    return file if check.whole() else None


def _head_utf8(head: bytes, codec: str) -> bytes:
    if codec == "utf-8":
        return head
    return head.decode(codec, errors="ignore").encode("utf-8")


def _all_space(path: str, shown: str, skip: int, size: int) -> bool:
    return all(not piece.strip() for piece in read_pieces(path, shown, skip, -1, size))


def _cut(
    file: TextFile,
    path: str,
    skip: int,
    consumed: int,
    codec: str,
    options: ReadOptions,
    check: Utf8Check | None = None,
) -> None:
    """One pass over the body: line ends counted, NUL bytes refused, quotes counted, and
    a block cut at the first line end outside quotes past ``size`` bytes or ``max_lines``
    lines."""
    lines_done = 0  # line ends before the current piece
    body: int | None = None  # offset of the body's first byte
    odd = 0
    block_start = 0
    block_line = consumed + 1
    spans = False
    blocks: list[Block] = []
    offset = skip
    crc = 0  # of the current block's bytes so far (up to ``crc_to``)
    crc_to = -1
    size, max_lines = options.block_bytes, options.block_lines
    stream = read_pieces(path, file.shown, skip, -1, options.piece)
    piece = next(stream, b"")
    while piece:
        if check is not None and not check.feed(piece):
            raise _NotUtf8
        following = next(stream, b"")
        nul = piece.find(b"\x00")
        ends = piece_ends(piece, following[:1])
        if nul >= 0:
            line = lines_done + int(np.searchsorted(ends, nul)) + 1
            raise refusals.file_binary(path=file.shown, line=line)
        if body is None:
            if lines_done + len(ends) < consumed:  # the header is further on
                lines_done += len(ends)
                offset += len(piece)
                piece = following
                continue
            body = offset + int(ends[consumed - lines_done - 1]) + 1 if consumed else offset
            block_start = crc_to = body
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
            line_of_cut = int(line_no[c])
            crc = zlib.crc32(piece[crc_to - offset : stop - offset], crc)
            blocks.append(
                Block(
                    path,
                    block_start,
                    stop,
                    block_line,
                    codec,
                    spans,
                    not blocks,
                    False,
                    crc=crc,
                )
            )
            block_start, block_line, spans = stop, line_of_cut + 1, False
            crc, crc_to = 0, stop
            k = c + 1
        crc = zlib.crc32(piece[crc_to - offset :], crc)
        crc_to = offset + len(piece)
        body_quotes = quotes[quotes >= body] if len(quotes) else quotes
        odd = (odd + len(body_quotes)) & 1
        lines_done += len(ends)
        offset += len(piece)
        piece = following
    end = offset
    if body is None:  # the header's lines are the whole file
        body = end
        block_start = end
    if block_start < end or not blocks:
        first = not blocks
        blocks.append(
            Block(path, block_start, -1, block_line, codec, spans, first, True, crc=crc, size=end)
        )
    else:  # the last cut fell on the file's end
        blocks[-1] = replace(blocks[-1], stop=-1, last=True)
    file.blocks = [replace(b, size=end) for b in blocks]
    file.total_lines = lines_done + 1


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
