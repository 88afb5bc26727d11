"""From a file on disk to a grid of strings with the line number of every row.

Decoding is decided on the whole file, not a sample: a BOM wins; otherwise UTF-8 if the
whole file is valid UTF-8, else GB18030 (which covers GBK and GB2312). The header row is
the first row holding a unit column, so title lines above it are skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from plan_check.cells import header_key
from plan_check.encoding import decode
from plan_check.errors import DataFileError

UNIT_HEADERS = ("county", "unit", "区县", "县(市、区)", "县市区", "单位", "单位名称")
SCHOOL_HEADERS = ("school", "学校", "学校名称")
DATE_HEADERS = ("report_date", "填报日期")
HEADER_SEARCH_ROWS = 50  # title lines a file may carry above its header
MAX_COLUMNS = 2000


_UNIT_KEYS = frozenset(header_key(h) for h in UNIT_HEADERS)


CHUNK_ROWS = 20_000  # rows parsed at a time: memory stays bounded on big files


@dataclass(frozen=True)
class Chunk:
    """Consecutive rows below the header: every cell a str ('' when empty)."""

    rows: pd.DataFrame  # columns 0..n-1
    lines: npt.NDArray[np.int64]  # the line (or sheet row) each row came from


@dataclass
class Grid:
    """A file's header and, read lazily in chunks, the rows below it."""

    path: str
    encoding: str  # for a workbook: "xlsx" and the sheet
    header: list[str]
    header_line: int
    chunks: Iterator[Chunk]
    extra_cells: list[tuple[int, int]] = field(default_factory=list)  # rows wider than the header
    workbook: bool = False  # locations are cells such as D7, not lines
    size: int = 0  # bytes on disk
    total_lines: int = 0  # physical lines, for a progress bar

    def cell(self, line: int, column: int) -> str | None:
        """The A1 reference of a cell in a workbook; None for text files."""
        if not self.workbook:
            return None
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(column + 1)}{line}"


def is_header(row: list[str]) -> bool:
    return any(header_key(cell) in _UNIT_KEYS for cell in row)


def read_csv_grid(path: Path, shown: str, encoding: str | None) -> Grid:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError("file_not_found", path=shown) from None
    except IsADirectoryError:
        raise DataFileError("file_unreadable", path=shown, reason="is a directory") from None
    except OSError as exc:
        raise DataFileError("file_unreadable", path=shown, reason=exc.strerror) from None
    text, encoding_name = decode(shown, data, encoding)  # checks the whole file
    nul = text.find("\x00")
    if nul >= 0:
        raise DataFileError("file_binary", path=shown, line=text.count("\n", 0, nul) + 1)
    if not text.strip():
        raise DataFileError("file_empty", path=shown)
    header, header_line, consumed = _find_header(shown, text)
    if encoding_name in ("UTF-8", "UTF-8 BOM"):
        del text  # the C parser reads the bytes: no second copy of the file as str
        source: bytes | str = data
    else:  # GB18030 / UTF-16 / forced: hand the parser the decoded text as UTF-8
        source, data = text.encode("utf-8"), b""
    grid = Grid(shown, encoding_name, header, header_line, iter(()), size=len(data or source))
    grid.total_lines = (source.count(b"\n") if isinstance(source, bytes) else 0) + 1
    grid.chunks = _chunks(grid, source, consumed)
    return grid


def _find_header(shown: str, text: str) -> tuple[list[str], int, int]:
    """The header cells, its line, and how many physical lines it and the lines above use."""
    reader = csv.reader(io.StringIO(text[:1_000_000], newline=""))
    try:
        for n, row in enumerate(reader):
            if len(row) > MAX_COLUMNS:
                raise DataFileError(
                    "file_too_wide",
                    path=shown,
                    line=reader.line_num,
                    count=len(row),
                    limit=MAX_COLUMNS,
                )
            if is_header(row):
                start = reader.line_num - sum(cell.count("\n") for cell in row)
                return row, start, reader.line_num
            if n >= HEADER_SEARCH_ROWS:
                break
    except csv.Error as exc:
        raise _csv_error(shown, max(reader.line_num, 1), exc) from None
    raise DataFileError("file_no_unit_column", path=shown, accepted=" / ".join(UNIT_HEADERS))


def _chunks(grid: Grid, source: bytes | str, consumed: int) -> Iterator[Chunk]:
    """Chunks from pandas' C reader; rows it refuses (ragged, quoted line breaks) make the
    rest of the file go through the csv module, row by row, with exact line numbers."""
    width = len(grid.header)
    done = 0
    line = consumed + 1
    if isinstance(source, bytes) and _quoted_line_break(source):
        yield from _slow_chunks(grid, source.decode("utf-8-sig"), consumed, 0)
        return
    buffer = io.BytesIO(source) if isinstance(source, bytes) else io.StringIO(source)
    try:
        reader = pd.read_csv(
            buffer,
            header=None,
            names=range(width),
            skiprows=consumed,
            dtype=object,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            encoding="utf-8-sig",
            chunksize=CHUNK_ROWS,
        )
        for rows in reader:
            lines = np.arange(line, line + len(rows), dtype=np.int64)
            done += len(rows)
            line += len(rows)
            yield Chunk(rows.reset_index(drop=True), lines)
        return
    except (pd.errors.ParserError, ValueError, csv.Error, UnicodeDecodeError):
        pass
    text = source.decode("utf-8-sig") if isinstance(source, bytes) else source
    yield from _slow_chunks(grid, text, consumed, done)


def _csv_error(shown: str, line: int, exc: csv.Error) -> DataFileError:
    if "field limit" in str(exc):
        return DataFileError(
            "file_cell_too_large", path=shown, line=line, limit=csv.field_size_limit()
        )
    return DataFileError("file_csv_syntax", path=shown, line=line, reason=str(exc))


def _quoted_line_break(data: bytes) -> bool:
    """Whether a quoted cell spans lines (then line numbers need the exact reader): some
    line ends after an odd number of quote characters. One pass over the bytes."""
    if b'"' not in data:
        return False
    raw = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(raw == 10)
    if not len(ends):
        return False
    parity = np.cumsum(raw == 34, dtype=np.uint8) & 1  # mod 256 keeps the parity
    return bool(parity[ends].any())


def _slow_chunks(grid: Grid, text: str, consumed: int, skip: int) -> Iterator[Chunk]:
    """Row by row with the csv module: exact line numbers, and rows of any length."""
    width = len(grid.header)
    reader = csv.reader(io.StringIO(text, newline=""))
    cells: list[list[str]] = []
    lines: list[int] = []
    seen = 0
    try:
        for row in reader:
            if reader.line_num <= consumed:
                continue
            seen += 1
            if seen <= skip:
                continue
            line = reader.line_num - sum(cell.count("\n") for cell in row)
            if len(row) > MAX_COLUMNS:
                raise DataFileError(
                    "file_too_wide", path=grid.path, line=line, count=len(row), limit=MAX_COLUMNS
                )
            if len(row) > width:
                if any(cell.strip() for cell in row[width:]):
                    grid.extra_cells.append((line, len(row)))
                row = row[:width]
            cells.append(row + [""] * (width - len(row)))
            lines.append(line)
            if len(cells) >= CHUNK_ROWS:
                yield _chunk(cells, lines, width)
                cells, lines = [], []
    except csv.Error as exc:
        raise _csv_error(grid.path, max(reader.line_num, 1), exc) from None
    if cells:
        yield _chunk(cells, lines, width)


def _chunk(cells: list[list[str]], lines: list[int], width: int) -> Chunk:
    frame = pd.DataFrame(cells, columns=range(width), dtype=object)
    return Chunk(frame, np.asarray(lines, dtype=np.int64))


def read_xlsx_grid(path: Path, shown: str, sheet: str | None) -> Grid:
    """A workbook's sheet (the first, or ``sheet``), with numbers stored as numbers or text.

    Merged title cells hold their text in the first cell only, so a merged title row is
    skipped like any title line. Locations are the sheet's own: row numbers and letters.
    """
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise DataFileError("file_not_found", path=shown)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataFileError(
            "file_not_workbook", path=shown, reason=str(exc) or type(exc).__name__
        ) from None
    try:
        names = book.sheetnames
        if sheet is not None and sheet not in names:
            raise DataFileError("sheet_not_found", path=shown, sheet=sheet, sheets="、".join(names))
        ws = book[sheet] if sheet is not None else book[names[0]]
        header: list[str] | None = None
        header_line = 0
        seen_text = False
        cells: list[list[str]] = []
        lines: list[int] = []
        extra: list[tuple[int, int]] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), 1):
            row = [_cell_text(v) for v in values]
            seen_text = seen_text or any(c.strip() for c in row)
            if len(row) > MAX_COLUMNS:
                raise DataFileError(
                    "file_too_wide", path=shown, line=number, count=len(row), limit=MAX_COLUMNS
                )
            if header is None:
                if is_header(row):
                    header, header_line = row, number
                elif number > HEADER_SEARCH_ROWS:
                    break
                continue
            width = len(header)
            if len(row) > width:
                if any(c.strip() for c in row[width:]):
                    extra.append((number, len(row)))
                row = row[:width]
            cells.append(row + [""] * (width - len(row)))
            lines.append(number)
        if header is None:
            if not seen_text:
                raise DataFileError("file_empty", path=shown)
            raise DataFileError(
                "file_no_unit_column", path=shown, accepted=" / ".join(UNIT_HEADERS)
            )
    finally:
        book.close()
    width = len(header)
    chunks = iter([_chunk(cells, lines, width)] if cells else [])
    return Grid(shown, f"xlsx:{ws.title}", header, header_line, chunks, extra, workbook=True)


def _cell_text(value: object) -> str:
    """A workbook value as the text a clerk would see typed: 3000, 0.965, 是, 2023-06-30."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value)


def read_grid(path: Path, encoding: str | None, sheet: str | None) -> Grid:
    """Any data file: a workbook by its extension, otherwise delimited text."""
    shown = str(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx_grid(path, shown, sheet)
    return read_csv_grid(path, shown, encoding)
