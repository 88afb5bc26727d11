"""Decoding a submitted file: decided on the whole file, not a sample.

A BOM wins (UTF-8, or UTF-16 as Excel's "Unicode 文本" writes it); otherwise UTF-8 if
the whole file is valid UTF-8, else GB18030 (which covers GBK and GB2312). Side files (a
roster, the allocations) are decoded here whole; data files are streamed by
``text``, which decides the same way a piece at a time.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path
from typing import Any

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


def decode(path: str, data: bytes, encoding: str | None) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read with."""
    if encoding is not None:
        codec = text_codec(encoding)
        try:
            text = data.decode(codec)
        except UnicodeError as exc:
            line, value = _locate_byte(data, getattr(exc, "start", 0))
            raise refusals.file_bad_encoding_option(
                path=path, line=line, encoding=encoding, value=value
            ) from None
        return text.removeprefix("\ufeff"), encoding
    if utf32(data[:4096]):
        raise refusals.file_utf32(path=path)
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", "UTF-8 BOM")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", "UTF-16")]
    else:
        candidates = [("utf-8", "UTF-8"), ("gb18030", "GB18030")]
    first_error: UnicodeDecodeError | None = None
    for codec, name in candidates:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError as exc:  # the furthest failure is the one to show
            if first_error is None or exc.start > first_error.start:
                first_error = exc
    assert first_error is not None
    line, value = _locate_byte(data, first_error.start)
    byte = first_error.start - (data.rfind(b"\n", 0, first_error.start) + 1) + 1
    raise refusals.file_undecodable(path=path, line=line, byte=byte, value=value)


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


def _locate_byte(data: bytes, offset: int) -> tuple[int, str]:
    return data.count(b"\n", 0, offset) + 1, data[offset : offset + 4].hex(" ")


def encoding_of(
    path: Path | str, shown: str, head: bytes, encoding: str | None, size: int, piece: int = 0
) -> tuple[str, str, int]:
    """(codec, name shown, bytes of BOM to skip), the whole file checked to decode."""
    if encoding is not None:
        codec = text_codec(encoding)
        where = _decodes(path, shown, codec, 0, piece)
        if where is not None:
            line, value = where[0], where[1]
            raise refusals.file_bad_encoding_option(path=shown, line=line, encoding=encoding,
                                                    value=value)  # fmt: skip
        skip = len(codecs.BOM_UTF8) if codec == "utf-8" and head.startswith(codecs.BOM_UTF8) else 0
        utf8 = codec in ("utf-8", "utf-8-sig")
        return ("utf-8", encoding, skip) if utf8 else (codec, encoding, 0)
    if utf32(head):
        raise refusals.file_utf32(path=shown)
    if head.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8", "UTF-8 BOM", 3)]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", "UTF-16", 0)]
    else:
        candidates = [("utf-8", "UTF-8", 0), ("gb18030", "GB18030", 0)]
    furthest: tuple[int, str, int, int] | None = None  # line, bytes, offset, column
    for codec, name, skip in candidates:
        where = _decodes(path, shown, codec, skip, piece)
        if where is None:
            return codec, name, skip
        if furthest is None or where[2] > furthest[2]:
            furthest = where
    assert furthest is not None
    line, value, _, byte = furthest
    raise refusals.file_undecodable(path=shown, line=line, byte=byte, value=value)


def _decodes(
    path: Path | str, shown: str, codec: str, skip: int = 0, piece_size: int = 0
) -> tuple[int, str, int, int] | None:
    """None when the whole file decodes; else (line, the bytes there, offset, byte in
    its line) of the first failure. The text is decoded and dropped, a piece at a time."""
    if codec in NOT_CHARSETS:
        return (1, "", 0, 1)
    if codec == "utf-8" and _valid_utf8(path, shown, skip, piece_size):
        return None  # the usual case, checked without decoding: only a failure is located
    decoder = codecs.getincrementaldecoder(codec)()
    done = skip  # file offset of the piece
    lines = 0  # LFs before the piece
    last_lf = -1  # the offset of the last LF before the piece
    for piece in read_pieces(path, shown, skip, -1, piece_size):
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


def _valid_utf8(path: Path | str, shown: str, skip: int, size: int = 0) -> bool:
    """Whether the file from ``skip`` on is valid UTF-8 (as strict as Python's decoder:
    no surrogates, no overlong forms), by Arrow's validation a piece at a time."""
    check = Utf8Check()
    return all(check.feed(piece) for piece in read_pieces(path, shown, skip, -1, size)) and (
        check.whole()
    )


class Utf8Check:
    """Bytes checked to be UTF-8 as they stream by (Arrow's validation, no text built),
    the bytes of a character cut at a piece's end carried to the next."""

    def __init__(self) -> None:
        import pyarrow as pa

        self._pa = pa
        self._carry = b""

    def feed(self, piece: bytes) -> bool:
        """False at the first piece that is no UTF-8."""
        data = self._carry + piece if self._carry else piece
        cut = _whole_characters(data)
        self._carry = data[cut:]
        return not cut or _arrow_valid(self._pa, memoryview(data)[:cut])

    def whole(self) -> bool:
        """Whether the bytes ended with a whole character."""
        return not self._carry


_LEADS = ((2, 0b110), (3, 0b1110), (4, 0b11110))  # bytes of a character, its lead's bits


def _whole_characters(data: bytes) -> int:
    """Where the last character begun in ``data`` starts when its bytes run past the end
    (else the end)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 != 0x80:  # a lead byte (or ASCII)
            need = next((n for n, lead in _LEADS if byte >> (7 - n) == lead), 1)
            return len(data) - back if need > back else len(data)
    return len(data)


def _arrow_valid(pa: Any, data: memoryview) -> bool:
    import numpy as np

    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    array = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        array.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True
