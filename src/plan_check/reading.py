"""From a file on disk to a grid of strings with the line number of every row.

Decoding is decided on the whole file, not a sample: a BOM wins; otherwise UTF-8 if the
whole file is valid UTF-8, else GB18030 (which covers GBK and GB2312). The header row is
the first row holding a unit column, so title lines above it are skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from plan_check.bytecsv import Ahead, Blocks, Numbers, iter_blocks, numbers
from plan_check.cells import header_key
from plan_check.encoding import decode, is_utf8
from plan_check.errors import DataFileError

if TYPE_CHECKING:
    import pandas as pd

UNIT_HEADERS = ("county", "unit", "区县", "县(市、区)", "县市区", "单位", "单位名称")
SCHOOL_HEADERS = ("school", "学校", "学校名称")
DATE_HEADERS = ("report_date", "填报日期")
HEADER_SEARCH_ROWS = 50  # title lines a file may carry above its header
HEAD_CHARS = 1_000_000  # the header is looked for in the file's first characters
HEAD_BYTES = 4 * HEAD_CHARS  # at least HEAD_CHARS characters of UTF-8
MAX_COLUMNS = 2000


_UNIT_KEYS = frozenset(header_key(h) for h in UNIT_HEADERS)


CHUNK_ROWS = 20_000  # rows parsed at a time: memory stays bounded on big files
BYTE_PATH = True  # regular blocks straight from the bytes (bytecsv); False: the general reader


class Chunk(Protocol):
    """Consecutive rows below the header, read column by column."""

    lines: npt.NDArray[np.int64]  # the line (or sheet row) each row came from

    def __len__(self) -> int: ...

    def cell(self, i: int, j: int) -> str: ...

    def cells(self, j: int, rows: npt.NDArray[np.intp]) -> list[str]:
        """Some cells of column ``j`` as written, one str each."""
        ...

    def row(self, i: int) -> list[str]: ...

    def numbers(self, j: int, rate: bool) -> Numbers:
        """Column ``j`` where it is written as plain ASCII digits or left empty: values
        (NaN elsewhere), states, and the rows left for the text parser."""
        ...

    def present(self, j: int) -> npt.NDArray[np.bool_]:
        """Cells holding any text besides spaces."""
        ...

    def names(self, j: int) -> tuple[npt.NDArray[np.intp], list[str]]:
        """Each row's code among the distinct cells of column ``j``, and those cells."""
        ...

    def keys(self, j: int) -> npt.NDArray[np.bytes_]:
        """The cells without surrounding spaces, as UTF-8 byte strings."""
        ...


class TextChunk:
    """Rows already split into text cells ('' when empty): from pandas' C reader, the csv
    module or a workbook."""

    def __init__(self, rows: pd.DataFrame, lines: npt.NDArray[np.int64]) -> None:
        self.rows = rows  # columns 0..n-1, every cell a str
        self.lines = lines

    def __len__(self) -> int:
        return len(self.rows)

    def _text(self, j: int) -> npt.NDArray[np.str_]:
        return self.rows[j].to_numpy().astype(str)

    def cell(self, i: int, j: int) -> str:
        return str(self.rows[j].iloc[i])

    def cells(self, j: int, rows: npt.NDArray[np.intp]) -> list[str]:
        return [str(v) for v in self.rows[j].to_numpy()[rows]]

    def row(self, i: int) -> list[str]:
        return [str(v) for v in self.rows.iloc[i]]

    def numbers(self, j: int, rate: bool) -> Numbers:
        text = np.strings.strip(self._text(j))
        values, clean = _ascii_ints(text)
        return numbers(values, clean, np.strings.str_len(text) == 0, rate)

    def present(self, j: int) -> npt.NDArray[np.bool_]:
        return np.asarray(np.strings.str_len(np.strings.strip(self._text(j))) > 0)

    def names(self, j: int) -> tuple[npt.NDArray[np.intp], list[str]]:
        import pandas as pd

        codes, distinct = pd.factorize(self.rows[j])
        return codes.astype(np.intp), [str(v) for v in distinct]

    def keys(self, j: int) -> npt.NDArray[np.bytes_]:
        text = np.strings.strip(self._text(j))
        return np.strings.encode(text, "utf-8") if len(text) else np.array([], dtype="S1")


def _ascii_ints(text: npt.NDArray[np.str_]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Cells of plain ASCII digits (at most 15) as integers, read from the code points in
    a few whole-column numpy steps; the mask says which cells they were."""
    n = len(text)
    width = text.dtype.itemsize // 4
    if n == 0 or width == 0:
        return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    codes = text.view(np.uint32).reshape(n, width)
    present = codes != 0
    digit = (codes >= 48) & (codes <= 57)
    length = present.sum(axis=1)
    clean = (length > 0) & (length <= 15) & (digit | ~present).all(axis=1)
    value = np.zeros(n, dtype=np.int64)
    for k in range(min(width, 15)):  # strings are left-aligned: one digit place at a time
        column = codes[:, k]
        value = np.where(column != 0, value * 10 + (column.astype(np.int64) - 48), value)
    return value, clean


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
    ahead: Ahead | None = None  # columns the reader may convert ahead (set before reading)

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
    source: bytes | str
    if encoding is None and len(data) > HEAD_BYTES and is_utf8(data):
        # a big UTF-8 file stays bytes: the readers work on them, text is made cell by cell
        bom = data.startswith(codecs.BOM_UTF8)
        encoding_name = "UTF-8 BOM" if bom else "UTF-8"
        text = data[:HEAD_BYTES].decode("utf-8-sig" if bom else "utf-8", errors="ignore")
        nul = data.find(b"\x00")
        if nul >= 0:
            raise DataFileError("file_binary", path=shown, line=data.count(b"\n", 0, nul) + 1)
        if not text.strip() and not data.strip():
            raise DataFileError("file_empty", path=shown)
        header, header_line, consumed = _find_header(shown, text)
        source = data
    else:
        text, encoding_name = decode(shown, data, encoding)  # checks the whole file
        nul = text.find("\x00")
        if nul >= 0:
            raise DataFileError("file_binary", path=shown, line=text.count("\n", 0, nul) + 1)
        if not text.strip():
            raise DataFileError("file_empty", path=shown)
        header, header_line, consumed = _find_header(shown, text)
        if encoding_name in ("UTF-8", "UTF-8 BOM"):
            source = data  # the readers work on the bytes
        else:  # GB18030 / UTF-16 / forced: hand the readers the decoded text as UTF-8
            source, data = text.encode("utf-8"), b""
    del text
    grid = Grid(shown, encoding_name, header, header_line, iter(()), size=len(data or source))
    grid.total_lines = (source.count(b"\n") if isinstance(source, bytes) else 0) + 1
    grid.chunks = _chunks(grid, source, consumed)
    return grid


def _find_header(shown: str, text: str) -> tuple[list[str], int, int]:
    """The header cells, its line, and how many physical lines it and the lines above use."""
    reader = csv.reader(io.StringIO(text[:HEAD_CHARS], newline=""))
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
    """Chunks straight from the bytes while the lines are regular (bytecsv); the rest of
    the file, from the first block that is not, through the general reader."""
    if BYTE_PATH and isinstance(source, bytes) and not _quoted_line_break(source):
        offset = 0
        for _ in range(consumed):  # past the header and the title lines above it
            offset = source.find(b"\n", offset) + 1 or len(source)  # none: no rows
        where = Blocks(offset, consumed + 1)
        width = len(grid.header)
        yield from iter_blocks(source, offset, consumed + 1, width, CHUNK_ROWS, where, grid.ahead)
        if where.offset >= len(source):
            return
        source, consumed = source[where.offset :], where.line - 1
        yield from _general_chunks(grid, source, 0, consumed)
        return
    yield from _general_chunks(grid, source, consumed, 0)


def _general_chunks(grid: Grid, source: bytes | str, consumed: int, before: int) -> Iterator[Chunk]:
    """Chunks from pandas' C reader; rows it refuses (ragged, quoted line breaks) make the
    rest go through the csv module, row by row, with exact line numbers. ``source`` starts
    after ``before`` lines of the file, and its first ``consumed`` lines are skipped."""
    import pandas as pd  # the general reader: only files the byte path does not take

    width = len(grid.header)
    done = 0
    line = before + consumed + 1
    if (isinstance(source, bytes) and _quoted_line_break(source)) or _first_row_wider(
        source, consumed, width
    ):
        text = source.decode("utf-8-sig") if isinstance(source, bytes) else source
        yield from _slow_chunks(grid, text, consumed, 0, before)
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
            yield TextChunk(rows.reset_index(drop=True), lines)
        return
    except (pd.errors.ParserError, ValueError, csv.Error, UnicodeDecodeError):
        pass
    text = source.decode("utf-8-sig") if isinstance(source, bytes) else source
    yield from _slow_chunks(grid, text, consumed, done, before)


def _first_row_wider(source: bytes | str, consumed: int, width: int) -> bool:
    """Whether the first row is wider than the header: pandas would then silently take
    the first cells as an index (or drop the last), instead of refusing the row."""
    head = source[: 1 << 20]
    text = head.decode("utf-8-sig", errors="replace") if isinstance(head, bytes) else head
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            if reader.line_num > consumed:
                return len(row) > width
    except csv.Error:
        return True  # the csv module will say where
    return False


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


def _slow_chunks(
    grid: Grid, text: str, consumed: int, skip: int, before: int = 0
) -> Iterator[Chunk]:
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
            line = before + reader.line_num - sum(cell.count("\n") for cell in row)
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
        raise _csv_error(grid.path, before + max(reader.line_num, 1), exc) from None
    if cells:
        yield _chunk(cells, lines, width)


def _chunk(cells: list[list[str]], lines: list[int], width: int) -> Chunk:
    import pandas as pd

    frame = pd.DataFrame(cells, columns=range(width), dtype=object)
    return TextChunk(frame, np.asarray(lines, dtype=np.int64))


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
