"""Decoding a submitted file: decided on the whole file, not a sample.

A BOM wins; otherwise UTF-8 if the whole file is valid UTF-8, else GB18030 (which covers
GBK and GB2312). Light on purpose: commands that read no data import it without pandas.
"""

from __future__ import annotations

import codecs

from plan_check.errors import DataFileError, UsageError


def decode(path: str, data: bytes, encoding: str | None) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read with."""
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise UsageError("unknown_encoding", encoding=encoding) from None
        try:
            return data.decode(codec), encoding
        except UnicodeDecodeError as exc:
            line, value = _locate_byte(data, exc.start)
            raise DataFileError(
                "file_bad_encoding_option", path=path, line=line, encoding=encoding, value=value
            ) from None
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
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    line, value = _locate_byte(data, first_error.start)
    byte = first_error.start - (data.rfind(b"\n", 0, first_error.start) + 1) + 1
    raise DataFileError("file_undecodable", path=path, line=line, byte=byte, value=value)


def _locate_byte(data: bytes, offset: int) -> tuple[int, str]:
    return data.count(b"\n", 0, offset) + 1, data[offset : offset + 4].hex(" ")


_STEP = 1 << 23  # bytes checked at a time


def is_utf8(data: bytes) -> bool:
    """Whether the whole of ``data`` is valid UTF-8, checked piece by piece: no copy of the
    file as text is made (a str of Chinese text takes twice the bytes of the file)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _STEP):
            decoder.decode(view[start : start + _STEP], final=start + _STEP >= len(data))
    except UnicodeDecodeError:
        return False
    return True
