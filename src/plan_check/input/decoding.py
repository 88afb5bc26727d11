"""Decoding a submitted file: decided on the whole file, not a sample.

A BOM wins (UTF-8, or UTF-16 as Excel's "Unicode 文本" writes it); otherwise UTF-8 if
the whole file is valid UTF-8, else GB18030 (which covers GBK and GB2312). Side files (a
roster, the allocations) are decoded here whole; data files are streamed by
``text``, which decides the same way a piece at a time.
"""

from __future__ import annotations

import codecs
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from itertools import chain
from pathlib import Path

from plan_check import refusals
from plan_check.input.files import read_pieces

# Text codecs that are no character set a spreadsheet saves in: they fail on any input,
# or turn escapes and punycode into text (and lone surrogates).
NOT_CHARSETS = frozenset(
    {"undefined", "unicode-escape", "raw-unicode-escape", "punycode", "idna", "palmos", "mbcs"}
)


def text_codec(name: str) -> str:
    """The codec for an ``--encoding`` name; transforms such as rot13, base64 or zlib
    are not text encodings and are refused like unknown names."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise refusals.unknown_encoding(encoding=name) from None
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_CHARSETS:
        raise refusals.unknown_encoding(encoding=name)
    return info.name


def decode(path: str, data: bytes) -> tuple[str, str]:
    """A side file's text (a roster, the allocations), read whole, and the name of the
    encoding it was read with: decided as a streamed file's is."""
    codec, name, skip = _encoding(
        path, data, None, lambda start, stop: (data[start : None if stop < 0 else stop],)
    )
    return data[skip:].decode(codec), name


def utf32(head: bytes) -> bool:
    """Whether ``head`` is the start of UTF-32 text: its BOM (whose little-endian form
    begins like UTF-16's), or, without one, nothing but characters of four bytes each
    (a code point from 1 to U+10FFFF, little- or big-endian); text in any other encoding
    has no NUL bytes to make them."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return True
    import numpy as np

    size = min(len(head), 4096) // 4 * 4
    if size < 8:
        return False
    q = np.frombuffer(head[:size], dtype=np.uint8).reshape(-1, 4).astype(np.uint32)
    little = q[:, 0] | q[:, 1] << 8 | q[:, 2] << 16 | q[:, 3] << 24
    big = q[:, 3] | q[:, 2] << 8 | q[:, 1] << 16 | q[:, 0] << 24
    return any(bool(((c > 0) & (c <= 0x10FFFF)).all()) for c in (little, big))


def utf16ish(head: bytes) -> str | None:
    """``utf-16le`` or ``utf-16be`` where ``head`` reads as UTF-16 text without its BOM:
    NUL bytes nearly all on one side of their pair (a comma's, a digit's; 一 and 开 put
    one on the other), and the pairs decode."""
    odd, even = head[1:4096:2].count(0), head[:4096:2].count(0)
    codec = "utf-16le" if odd > 2 * even else "utf-16be" if even > 2 * odd else None
    try:  # not final: a pair cut at the head's end is no error
        return codec and codecs.getincrementaldecoder(codec)().decode(head[:4096]) and codec
    except UnicodeDecodeError:
        return None


def encoding_of(
    path: Path | str, shown: str, head: bytes, encoding: str | None, size: int, piece: int = 0
) -> tuple[str, str, int]:
    """(codec, name shown, bytes of BOM to skip), the whole file checked to decode."""
    return _encoding(
        shown, head, encoding, lambda start, stop: read_pieces(path, shown, start, stop, piece)
    )


def _encoding(
    shown: str, head: bytes, encoding: str | None, pieces: Callable[[int, int], Iterable[bytes]]
) -> tuple[str, str, int]:
    """The decision on a file whose first bytes are ``head`` and whose bytes from one
    offset to another (-1: the end) ``pieces`` gives."""
    if encoding is not None:
        codec = text_codec(encoding)
        where = _decodes(pieces(0, -1), codec)
        if where is not None:
            wide = codecs.lookup(codec).name.startswith(("utf-16", "utf-32"))
            line = _text_line(pieces, codec, where[2]) if wide else where[0]
            raise refusals.file_bad_encoding_option(path=shown, line=line, encoding=encoding,
                                                    value=where[1])  # fmt: skip
        skip = len(codecs.BOM_UTF8) if codec == "utf-8" and head.startswith(codecs.BOM_UTF8) else 0
        utf8 = codec in ("utf-8", "utf-8-sig")
        return ("utf-8", encoding, skip) if utf8 else (codec, encoding, 0)
    if utf32(head):
        raise refusals.file_utf32(path=shown)
    if head.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8", "UTF-8 BOM", 3)]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", "UTF-16", 0)]
    elif unmarked := utf16ish(head):  # a NUL beside each comma, digit, line end
        raise refusals.file_utf16_no_bom(path=shown, encoding=unmarked)
    else:
        candidates = [("utf-8", "UTF-8", 0), ("gb18030", "GB18030", 0)]
    furthest: tuple[int, str, int, int] | None = None  # line, bytes, offset, column
    for codec, name, skip in candidates:
        where = _decodes(pieces(skip, -1), codec, skip)
        if where is None:
            return codec, name, skip
        if furthest is None or where[2] > furthest[2]:
            furthest = where
    assert furthest is not None
    line, value, offset, byte = furthest
    if candidates[0][0] == "utf-16":  # no byte in a line named (no clerk counts those)
        line = _text_line(pieces, "utf-16", offset)
        raise refusals.file_undecodable_utf16(path=shown, line=line, value=value)
    raise refusals.file_undecodable(path=shown, line=line, byte=byte, value=value)


def _text_line(pieces: Callable[[int, int], Iterable[bytes]], codec: str, offset: int) -> int:
    """The line of the byte at ``offset``, counted in the text (0x0a is a byte of 上 too)."""
    text = codecs.iterdecode(pieces(0, offset), codec, "replace")
    return 1 + sum(part.count("\n") for part in text)


def _decodes(
    pieces: Iterable[bytes], codec: str, skip: int = 0
) -> tuple[int, str, int, int] | None:
    """None when the bytes (from file offset ``skip`` on) decode; else (line, the bytes
    there, offset, byte in its line) of the first failure. The text is decoded and
    dropped, a piece at a time (as fast as a check that builds none, for UTF-8)."""
    decoder = codecs.getincrementaldecoder(codec)()
    done = skip  # file offset of the piece
    lines = 0  # LFs before the piece
    last_lf = -1  # the offset of the last LF before the piece
    for piece in chain(pieces, (b"",)):  # the empty piece ends it
        buffered = decoder.getstate()[0]
        try:
            decoder.decode(piece, final=not piece)
        except UnicodeDecodeError as exc:
            data = buffered + piece
            at = exc.start  # in ``data``, which starts at file offset done - len(buffered)
            if at > len(buffered):
                lines += data.count(b"\n", len(buffered), at)
                lf = data.rfind(b"\n", len(buffered), at)
                last_lf = done - len(buffered) + lf if lf >= 0 else last_lf
            offset = done - len(buffered) + at
            return lines + 1, data[at : at + 4].hex(" "), offset, offset - last_lf
        except UnicodeError:
            return (lines + 1, "", done, 1)
        lf = piece.rfind(b"\n")
        if lf >= 0:
            last_lf = done + lf
        lines += piece.count(b"\n")
        done += len(piece)
    return None


def convert(
    path: Path | str, shown: str, codec: str, name: str, workdir: str | None, size: int = 0
) -> str:
    """A UTF-8 copy of a file in another encoding, written a piece at a time."""
    decoder = codecs.getincrementaldecoder(codec)()
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept until the check ends
        prefix="plan-check-", suffix=".csv", dir=workdir, delete=False
    )
    lines = 0
    try:
        with handle:
            first = True
            for piece in read_pieces(path, shown, 0, -1, size):
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
        raise refusals.file_bad_encoding_option(
            path=shown,
            line=lines + text.count("\n", 0, exc.start) + 1,
            encoding=name,
            value=repr(text[exc.start : exc.start + 1]),
        ) from None


class Utf8Check:
    """Bytes checked to be UTF-8 as they stream by (Arrow's validation, as strict as
    Python's decoder and no text built), a character cut at a piece's end carried to the
    next (Python's decoder says where it starts)."""

    def __init__(self) -> None:
        self._carry = b""

    def feed(self, piece: bytes) -> bool:
        """False at the first piece that is no UTF-8."""
        data = self._carry + piece if self._carry else piece
        _, whole = codecs.utf_8_decode(data[-3:], "ignore", False)  # stops before a cut one
        cut = len(data) - len(data[-3:]) + whole
        self._carry = data[cut:]
        return not cut or self._valid(memoryview(data)[:cut])

    def whole(self) -> bool:
        """Whether the bytes ended with a whole character."""
        return not self._carry

    def _valid(self, data: memoryview) -> bool:
        import pyarrow as pa

        # by hand: pa.array() of a list imports pandas (+32 MiB where --jobs cuts a file)
        offsets = pa.py_buffer(bytes(8) + len(data).to_bytes(8, sys.byteorder))
        array = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
        try:
            array.cast(pa.large_string())
        except pa.ArrowInvalid:
            return False
        return True
