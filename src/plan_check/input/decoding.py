"""Decoding a submitted file: decided on the whole file, not a sample.

A BOM wins (UTF-8, or UTF-16 as Excel's "Unicode 文本" writes it); otherwise UTF-8 if
the whole file is valid UTF-8, else GB18030 (which covers GBK and GB2312). Side files (a
roster, the allocations) are decoded here whole; data files are streamed by
``textfile``, which decides the same way a piece at a time.
"""

from __future__ import annotations

import codecs

from plan_check.errors import DataFileError, UsageError

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
        raise UsageError("unknown_encoding", encoding=name) from None
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_CHARSETS:
        raise UsageError("unknown_encoding", encoding=name)
    return info.name


def decode(path: str, data: bytes, encoding: str | None) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read with."""
    if encoding is not None:
        codec = text_codec(encoding)
        try:
            text = data.decode(codec)
        except UnicodeError as exc:
            line, value = _locate_byte(data, getattr(exc, "start", 0))
            raise DataFileError(
                "file_bad_encoding_option", path=path, line=line, encoding=encoding, value=value
            ) from None
        return text.removeprefix("\ufeff"), encoding
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
    raise DataFileError("file_undecodable", path=path, line=line, byte=byte, value=value)


def _locate_byte(data: bytes, offset: int) -> tuple[int, str]:
    return data.count(b"\n", 0, offset) + 1, data[offset : offset + 4].hex(" ")
