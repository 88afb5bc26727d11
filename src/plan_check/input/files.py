"""Opening the user's files: only regular files are read, OS errors become one message,
and no report is ever written over an input.

Every file the user names (data, targets, units, baseline, allocations, a plan's text)
comes through ``read_bytes``: a FIFO, a device or ``/dev/zero`` is refused at once instead
of hanging or filling memory, and a side file (a roster, a targets file) has a size cap.
"""

from __future__ import annotations

import importlib
import os
import re
import stat
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from plan_check import refusals
from plan_check.errors import DataFileError, Msg
from plan_check.input.options import PIECE

FOLDER_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls")  # what a folder of submissions is read for
SIDE_FILE_LIMIT = 10 * 2**20  # a roster or an allocations file is small
TARGETS_LIMIT = 2**20  # a targets file, or a plan's text, is smaller still

# The first header cells of plan-check's own CSV report (both languages write these ids).
REPORT_HEADER = b"id,\xe6\x9d\xa1\xe7\x9b\xae,"  # "id,条目,"
REPORT_HEADER_EN = b"id,item,"
PROBLEMS_HEADER = b"code,severity,"  # --problems FILE.csv
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and encrypted workbooks


def _unreadable(shown: str, exc: OSError) -> DataFileError:
    return refusals.file_unreadable(path=shown, reason=exc.strerror or str(exc))


def check_regular(path: Path, shown: str | None = None) -> os.stat_result:
    """The file's status, or a refusal when it is not a regular file (a folder, a FIFO, a
    device): reading one of those would hang or never end."""
    shown = shown if shown is not None else str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise refusals.file_not_found(path=shown) from None
    except OSError as exc:
        raise _unreadable(shown, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise refusals.file_unreadable(path=shown, reason="是文件夹 / is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise refusals.file_not_regular(path=shown)
    return info


def read_bytes(path: Path, shown: str | None = None, limit: int | None = None) -> bytes:
    """The whole of a regular file; ``limit`` caps side files (targets, rosters)."""
    shown = shown if shown is not None else str(path)
    size = check_regular(path, shown).st_size
    if limit is not None and size > limit:
        raise refusals.file_too_big(path=shown, size=size, limit=limit)
    data = b"".join(read_pieces(path, shown, 0, -1 if limit is None else limit + 1))
    if limit is not None and len(data) > limit:  # it grew since
        raise refusals.file_too_big(path=shown, size=len(data), limit=limit)
    return data


def _open_regular(path: Path | str, shown: str) -> BinaryIO:
    """The file opened for reading, refused unless it is a regular file. O_NONBLOCK:
    should the file be swapped for a FIFO after it was checked, open() returns at once,
    and the check here refuses it instead of waiting for a writer."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _unreadable(shown, exc) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise refusals.file_not_regular(path=shown)
    return os.fdopen(fd, "rb")


def read_side_text(path: Path) -> str:
    """A small UTF-8 text the user wrote (a targets file, a plan's text)."""
    data = read_bytes(path, limit=TARGETS_LIMIT)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise refusals.file_not_utf8(
            path=str(path),
            line=line,
            value=data[exc.start : exc.start + 4].hex(" "),
        ) from None


def is_own_report(path: Path) -> bool:
    """Whether a CSV in a data folder is a report plan-check wrote (``-o report.csv``,
    ``--problems problems.csv``)."""
    try:
        head = b"".join(read_pieces(path, str(path), 0, 64)).removeprefix(b"\xef\xbb\xbf")
    except DataFileError:  # a FIFO is never waited for, a folder never read
        return False
    return head.lower().startswith((REPORT_HEADER, REPORT_HEADER_EN, PROBLEMS_HEADER))


@dataclass(frozen=True)
class Submission:
    """The files to read, and the files of a folder left out as plan-check's own reports."""

    files: tuple[Path | Url, ...]
    own_reports: tuple[Path, ...] = ()


def expand(paths: Iterable[Path | Url]) -> Submission:
    """Files as given; a folder stands for the CSV and Excel files in it, in name order
    (Excel's lock files ``~$name.xlsx`` and plan-check's own CSV reports are not data)."""
    files: list[Path | Url] = []
    skipped: list[Path] = []
    for path in paths:
        if isinstance(path, Url):
            files.append(path)
        elif _is_dir(path):
            for p in _listing(path):
                if p.suffix.lower() not in FOLDER_SUFFIXES or p.name.startswith("~$"):
                    continue
                if p.suffix.lower() == ".csv" and is_own_report(p):
                    skipped.append(p)
                    continue
                files.append(p)
        else:
            files.append(path)
    if not files:
        raise refusals.no_data_files()
    return Submission(tuple(files), tuple(skipped))


def _is_dir(path: Path) -> bool:
    """Whether a name is a folder; a name the system refuses outright (too long, a NUL)
    is said as a file that cannot be read, not as an internal error."""
    try:
        return path.is_dir()
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise refusals.file_unreadable(path=str(path), reason=reason) from None


def _listing(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        raise _unreadable(str(folder), exc) from None


Named = tuple[str, "Path | Url"]  # a file and the option naming it ("" for a data file)


def _local(source: Path | Url) -> list[Path]:
    """The local paths a file argument may stand for: a path itself; a ``file://`` (or
    ``local://``) URL's path as written and percent-decoded; a remote URL none."""
    if not isinstance(source, Url):
        return [source]
    scheme, _, rest = str(source).partition("://")
    if scheme.lower() not in ("file", "local"):
        return []  # s3://…: no local output is that object
    if rest.startswith("localhost/"):
        rest = rest.removeprefix("localhost")
    return [Path(p) for p in {rest, urllib.parse.unquote(rest)} if p]


def refuse_outputs(outputs: Sequence[tuple[str, Path]], inputs: Iterable[Named]) -> None:
    """Refuse, before anything is read: an output that is not a regular file (a FIFO would
    block for ever, a folder or a device is no report), two outputs naming one file (one
    would overwrite the other), and an output that is one of the inputs however either is
    named (a relative path, ``..``, a symlink, a hard link, a ``file://`` URL)."""
    # a file's id, or the resolved path of one not there yet -> the option naming it
    existing: dict[object, tuple[str, Path]] = {}
    for option, path in outputs:
        try:
            info: os.stat_result | None = path.stat()  # through a symlink
        except OSError:
            info = None  # not there yet (or not ours to see): writing it will say
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise refusals.output_not_regular(option=option, path=str(path))
        ident = (info.st_dev, info.st_ino) if info is not None else os.path.realpath(path)
        if ident in existing:
            raise refusals.output_twice(first=existing[ident][0], second=option, path=str(path))
        existing[ident] = (option, path)
    for role, source in inputs:
        for local in _local(source):
            try:
                info = local.stat()
            except OSError:
                continue
            if (info.st_dev, info.st_ino) in existing:
                option, out = existing[info.st_dev, info.st_ino]
                raise refusals.output_is_input_of(
                    option=option,
                    output=str(out),
                    input=str(source),
                    role=role or Msg("output_role_data"),
                )


class Url(str):
    """A data file named by an fsspec URL (``s3://bucket/2023.csv``, ``file:///srv/x.csv``):
    read through fsspec, here and on cluster workers, with the filesystem package the
    scheme needs (s3fs, gcsfs…) installed. Delimited text only."""

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.split("?", 1)[0]).suffix

    @property
    def name(self) -> str:
        return PurePosixPath(self.split("?", 1)[0]).name


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def as_location(text: str) -> Path | Url:
    """A command line's file argument: a URL as it is, anything else a path."""
    return Url(text) if _URL.match(text) else Path(text)


def _open_url(url: str, shown: str) -> Any:
    try:
        fsspec: Any = importlib.import_module("fsspec")  # untyped: held as Any
    except ImportError:
        raise refusals.file_unreadable(
            path=shown, reason="fsspec: pip install 'plan-check[dask]'"
        ) from None
    try:
        return fsspec.open(url, "rb").open()
    except FileNotFoundError:
        raise refusals.file_not_found(path=shown) from None
    except Exception as exc:  # no such bucket, no credentials, no filesystem package
        raise refusals.file_unreadable(
            path=shown, reason=f"{type(exc).__name__}: {exc}"[:300]
        ) from None


def url_size(url: str, shown: str) -> int:
    """The size of the object a URL names (refused if it is a folder or nothing)."""
    with _open_url(url, shown) as handle:
        size = getattr(handle, "size", None)
        if size is None:
            size = handle.seek(0, 2)
    return int(size)


def read_pieces(
    path: Path | str, shown: str, start: int = 0, stop: int = -1, size: int = 0
) -> Iterator[bytes]:
    """The bytes from ``start`` to ``stop`` (-1: the end), ``size`` bytes at a time (0:
    ``PIECE``)."""
    size = size or PIECE
    if isinstance(path, str) and _URL.match(path):
        handle = _open_url(path, shown)
    else:
        handle = _open_regular(path, shown)
    with handle:
        handle.seek(start)
        left = None if stop < 0 else stop - start
        while left is None or left > 0:
            want = size if left is None else min(size, left)
            try:
                piece = handle.read(want)
            except OSError as exc:
                raise _unreadable(shown, exc) from None
            if not piece:
                return
            if left is not None:
                left -= len(piece)
            yield piece
