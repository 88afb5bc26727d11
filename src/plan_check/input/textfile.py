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
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from plan_check.errors import DataFileError
from plan_check.input.decoding import NOT_CHARSETS, text_codec
from plan_check.input.files import check_regular
from plan_check.input.header import HEAD_BYTES, find_header

PIECE = 16 << 20  # bytes read at a time by the pass
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
    temp: str | None = None  # the temporary copy, removed after the check


def index_text(
    path: Path, shown: str, encoding: str | None, block_bytes: int, workdir: str | None = None
) -> TextFile:
    """Decide the encoding, find the header and cut the body into blocks, in one pass of
    bounded memory (plus one for a file to convert)."""
    info = check_regular(path, shown)
    head = _read_range(path, shown, 0, HEAD_BYTES)
    if head.startswith(OLE2):  # a legacy .xls (or an encrypted workbook) named .csv
        raise DataFileError("file_xls_as_text", path=shown)
    if head.startswith(b"PK\x03\x04"):  # an .xlsx (a zip) named .csv
        raise DataFileError("file_xlsx_as_text", path=shown)
    codec, name, skip = _encoding(path, shown, head, encoding, info.st_size)
    source, temp = str(path), None
    if codec not in ASCII_SAFE:  # UTF-16 and the like: a UTF-8 copy, a piece at a time
        temp = _convert(path, shown, codec, name, workdir)
        source, codec, skip = temp, "utf-8", 0
        head = _read_range(Path(source), shown, 0, HEAD_BYTES)
    else:
        head = head[skip:]
    text_head = _head_utf8(head, codec)
    nul = text_head.find(b"\x00")
    if nul >= 0:  # said before the header is looked for: a binary file has none
        line = int(np.searchsorted(piece_ends(text_head, b""), nul)) + 1
        raise DataFileError("file_binary", path=shown, line=line)
    if not text_head.strip() and _all_space(Path(source), shown, skip):
        raise DataFileError("file_empty", path=shown)
    header, header_line, consumed, delimiter, usual = find_header(shown, text_head)
    file = TextFile(
        shown, name, header, header_line, delimiter, usual, 0, info.st_size, local_only=bool(temp)
    )
    file.temp = temp
    _cut(file, Path(source), skip, consumed, codec, block_bytes)
    return file


def _head_utf8(head: bytes, codec: str) -> bytes:
    if codec == "utf-8":
        return head
    return head.decode(codec, errors="ignore").encode("utf-8")


def _read_range(path: Path, shown: str, start: int, size: int) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise DataFileError(
            "file_unreadable", path=shown, reason=exc.strerror or str(exc)
        ) from None
    try:
        return os.pread(fd, size, start)
    except OSError as exc:
        raise DataFileError(
            "file_unreadable", path=shown, reason=exc.strerror or str(exc)
        ) from None
    finally:
        os.close(fd)


def pieces(path: Path, shown: str, start: int = 0, stop: int = -1) -> Iterator[bytes]:
    """The bytes from ``start`` to ``stop`` (-1: the end), a piece at a time."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; the generator may pause
    except OSError as exc:
        raise DataFileError(
            "file_unreadable", path=shown, reason=exc.strerror or str(exc)
        ) from None
    with handle:
        handle.seek(start)
        left = None if stop < 0 else stop - start
        while left is None or left > 0:
            want = PIECE if left is None else min(PIECE, left)
            try:
                piece = handle.read(want)
            except OSError as exc:
                raise DataFileError(
                    "file_unreadable", path=shown, reason=exc.strerror or str(exc)
                ) from None
            if not piece:
                return
            if left is not None:
                left -= len(piece)
            yield piece


def _encoding(
    path: Path, shown: str, head: bytes, encoding: str | None, size: int
) -> tuple[str, str, int]:
    """(codec, name shown, bytes of BOM to skip), the whole file checked to decode."""
    if encoding is not None:
        codec = text_codec(encoding)
        where = _decodes(path, shown, codec)
        if where is not None:
            raise DataFileError(
                "file_bad_encoding_option",
                path=shown,
                line=where[0],
                encoding=encoding,
                value=where[1],
            )
        skip = len(codecs.BOM_UTF8) if codec == "utf-8" and head.startswith(codecs.BOM_UTF8) else 0
        return (
            ("utf-8", encoding, skip)
            if codec in ("utf-8", "utf-8-sig")
            else (
                codec,
                encoding,
                0,
            )
        )
    if head.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8", "UTF-8 BOM", 3)]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", "UTF-16", 0)]
    else:
        candidates = [("utf-8", "UTF-8", 0), ("gb18030", "GB18030", 0)]
    furthest: tuple[int, int, str, int] | None = None  # offset, line, bytes, column
    for codec, name, skip in candidates:
        where = _decodes(path, shown, codec, skip, located=True)
        if where is None:
            return codec, name, skip
        offset, line, value, byte = where[2], where[0], where[1], where[3]
        if furthest is None or offset > furthest[0]:
            furthest = (offset, line, value, byte)
    assert furthest is not None
    raise DataFileError(
        "file_undecodable", path=shown, line=furthest[1], byte=furthest[3], value=furthest[2]
    )


def _decodes(
    path: Path, shown: str, codec: str, skip: int = 0, located: bool = False
) -> tuple[int, str, int, int] | None:
    """None when the whole file decodes; else (line, the bytes there, offset, byte in
    its line) of the first failure. The text is decoded and dropped, a piece at a time."""
    if codec in NOT_CHARSETS:
        return (1, "", 0, 1)
    decoder = codecs.getincrementaldecoder(codec)()
    done = skip  # file offset of the piece
    lines = 0  # LFs before the piece
    last_lf = -1  # the offset of the last LF before the piece
    for piece in pieces(path, shown, skip):
        buffered = decoder.getstate()[0]
        try:
            decoder.decode(piece, final=False)
        except UnicodeDecodeError as exc:
            data = buffered + piece
            offset = done - len(buffered) + exc.start
            return _located(data, len(buffered), done - len(buffered), offset, lines, last_lf)
        except UnicodeError:
            return (lines + 1, "", done, 1)
        lf = piece.rfind(b"\n")
        if lf >= 0:
            last_lf = done + lf
        lines += piece.count(b"\n")
        done += len(piece)
    buffered = decoder.getstate()[0]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        offset = done - len(buffered)
        return (lines + 1, buffered[:4].hex(" "), offset, offset - last_lf)
    except UnicodeError:
        return (lines + 1, "", done, 1)
    return None


def _located(
    data: bytes, carried: int, base: int, offset: int, lines: int, last_lf: int
) -> tuple[int, str, int, int]:
    """A failure at file ``offset``; ``data`` starts at file offset ``base`` with
    ``carried`` bytes of the piece before (whose LFs ``lines`` already counts)."""
    at = offset - base
    line = lines + 1 + (data.count(b"\n", carried, at) if at > carried else 0)
    lf = data.rfind(b"\n", carried, at) if at > carried else -1
    if lf >= 0:
        last_lf = base + lf
    return line, data[at : at + 4].hex(" "), offset, offset - last_lf


def _convert(path: Path, shown: str, codec: str, name: str, workdir: str | None) -> str:
    """A UTF-8 copy of a file in another encoding, written a piece at a time."""
    decoder = codecs.getincrementaldecoder(codec)()
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept until the check ends
        prefix="plan-check-", suffix=".csv", dir=workdir, delete=False
    )
    lines = 0
    try:
        with handle:
            first = True
            for piece in pieces(path, shown):
                text = decoder.decode(piece, final=False)
                if first:
                    text, first = text.removeprefix("\ufeff"), False
                handle.write(_utf8(text, shown, name, lines))
                lines += text.count("\n")
            handle.write(_utf8(decoder.decode(b"", final=True), shown, name, lines))
    except BaseException:
        os.unlink(handle.name)
        raise
    return handle.name


def _utf8(text: str, shown: str, name: str, lines: int) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: no character at all
        raise DataFileError(
            "file_bad_encoding_option",
            path=shown,
            line=lines + text.count("\n", 0, exc.start) + 1,
            encoding=name,
            value=repr(text[exc.start : exc.start + 1]),
        ) from None


def _all_space(path: Path, shown: str, skip: int) -> bool:
    return all(not piece.strip() for piece in pieces(path, shown, skip))


def _cut(file: TextFile, path: Path, skip: int, consumed: int, codec: str, size: int) -> None:
    """One pass over the body: line ends counted, NUL bytes refused, quotes counted, and
    a block cut at the first line end outside quotes past every ``size`` bytes."""
    lines_done = 0  # line ends before the current piece
    body: int | None = None  # offset of the body's first byte
    odd = 0
    block_start = 0
    block_line = consumed + 1
    spans = False
    blocks: list[Block] = []
    offset = skip
    stream = pieces(path, file.shown, skip)
    piece = next(stream, b"")
    while piece:
        following = next(stream, b"")
        nul = piece.find(b"\x00")
        ends = piece_ends(piece, following[:1])
        if nul >= 0:
            line = lines_done + int(np.searchsorted(ends, nul)) + 1
            raise DataFileError("file_binary", path=file.shown, line=line)
        if body is None:
            if lines_done + len(ends) < consumed:  # the header is further on
                lines_done += len(ends)
                offset += len(piece)
                piece = following
                continue
            body = offset + int(ends[consumed - lines_done - 1]) + 1 if consumed else offset
            block_start = body
        quotes = np.flatnonzero(np.frombuffer(piece, dtype=np.uint8) == 34) + offset
        absolute = ends.astype(np.int64) + offset
        inside = absolute >= body
        here = absolute[inside]
        before = np.searchsorted(quotes, here) + odd  # quotes before each line end
        if len(quotes):
            before -= int(np.searchsorted(quotes, body))  # only the body's quotes count
        parity = before & 1
        k = 0
        while k < len(here):
            target = block_start + size - 1
            candidates = np.flatnonzero((here[k:] >= target) & (parity[k:] == 0))
            if not len(candidates):
                spans = spans or bool(parity[k:].any())
                break
            c = k + int(candidates[0])
            spans = spans or bool(parity[k : c + 1].any())
            stop = int(here[c]) + 1
            line_of_cut = lines_done + int(np.flatnonzero(inside)[0]) + c + 1
            blocks.append(
                Block(str(path), block_start, stop, block_line, codec, spans, not blocks, False)
            )
            block_start, block_line, spans = stop, line_of_cut + 1, False
            k = c + 1
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
        blocks.append(Block(str(path), block_start, -1, block_line, codec, spans, not blocks, True))
    else:
        last = blocks[-1]
        blocks[-1] = Block(
            last.path, last.start, -1, last.first_line, codec, last.spans, last.first, True
        )
    file.blocks = blocks
    file.total_lines = lines_done + 1


def piece_ends(piece: bytes, following: bytes) -> npt.NDArray[np.int64]:
    """The offset of the last byte of every line end in ``piece``: LF, the LF of CRLF, or
    a lone CR (not followed by LF, ``following`` being the byte after the piece)."""
    raw = np.frombuffer(piece, dtype=np.uint8)
    ends = raw == 10
    if 13 in raw:  # lone CRs end lines too (CRLF's CR does not)
        after = np.empty(len(raw), dtype=bool)
        after[:-1] = raw[1:] != 10
        after[-1] = following != b"\n"
        ends |= (raw == 13) & after
    return np.flatnonzero(ends).astype(np.int64)
