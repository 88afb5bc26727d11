"""Workbooks (.xlsx, .xlsm) read with python-calamine, each sheet parsed once, after
``bookcheck`` has checked the zip and every sheet's XML. Rows are handed on in chunks of
Arrow text columns, each row with its sheet row; a problem's place is the sheet's own
cell (D7). A cell's text is what the clerk sees: 3000, 0.965, 是, 2023-06-30.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from itertools import chain, islice, repeat, zip_longest
from pathlib import Path
from typing import Any

from plan_check import problems, refusals
from plan_check.codes import Code, Said
from plan_check.errors import DataFileError
from plan_check.input.bookcheck import check_workbook
from plan_check.input.grid import (
    CHUNK_ROWS,
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    NOTES_SHEET,
    UNIT_HEADERS,
    Chunk,
    Grid,
    RowProblem,
    data_above,
    header_score,
    is_header,
)


@dataclass
class Sheets:
    """What a workbook gives: a grid for every sheet with a unit column, and the sheets
    left out with the reason (empty, no unit column)."""

    grids: list[Grid]
    skipped: list[tuple[str, Said]]  # (sheet, why: empty, no unit column)


def read_workbook(path: Path, shown: str, sheet: str | None) -> Sheets:
    """Every sheet of a workbook that has a unit column (or only ``sheet``), numbers stored
    as numbers or as text: counties on one sheet and 市直 on another are one submission.

    Merged title cells hold their text in the first cell only, so a merged title row is
    skipped like any title line. Locations are the sheet's own: row numbers and letters.
    """
    import python_calamine as calamine

    threading.Thread(target=_import_arrow, name="plan-check-imports").start()
    error_cells = check_workbook(path, shown)
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        names = [m.name for m in book.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
        if sheet is not None and sheet not in names:
            raise refusals.sheet_not_found(path=shown, sheet=sheet, sheets="、".join(names))
        if not names:
            raise refusals.file_empty(path=shown)
        chosen = [sheet] if sheet is not None else names
        found: list[tuple[str, Any, list[str], int, int, int, list[RowProblem]]] = []
        skipped: list[tuple[str, Said]] = []
        for name in chosen:
            ws = book.get_sheet_by_name(name)
            header, line, offset, above = _find_header(ws, shown)
            if header is None and (name != NOTES_SHEET or sheet is not None):  # not our notes
                why = {-1: problems.sheet_empty, -2: problems.sheet_rows_no_unit_column}
                skipped.append((name, why.get(line, problems.sheet_no_unit_column)(sheet=name)))
            elif header is None:
                continue
            else:
                found.append((name, ws, header, line, offset, int(ws.height), above))
    except DataFileError:
        raise
    except Exception as exc:  # calamine's own errors: a broken or unusual workbook
        raise refusals.file_not_workbook(
            path=shown, reason=f"{type(exc).__name__}: {exc}"[:300]
        ) from None
    if not found:
        if all(why.code is Code.SHEET_EMPTY for _, why in skipped):
            raise refusals.file_empty(path=shown)
        raise refusals.workbook_no_unit_column(
            path=shown,
            sheets="、".join(names),
            accepted=" / ".join(UNIT_HEADERS),
        )
    grids = []
    for name, ws, header, line, offset, height, above in found:
        place = shown if len(found) == 1 else f"{shown}[{name}]"
        grid = Grid(place, f"xlsx:{name}", header, line, iter(()), above, workbook=True)
        grid.delimiter = ""  # not delimited text
        grid.size = path.stat().st_size
        grid.total_lines = height + 1
        iterator = ws.iter_rows()
        for _ in range(line):  # past the header and the title rows above it
            next(iterator, None)
        grid.chunks = _rows(grid, iterator, line, offset, error_cells.get(name, {}))
        grids.append(grid)
    return Sheets(grids, skipped)


def _import_arrow() -> None:
    """pyarrow, and pandas, which pyarrow imports on its first conversion of the rows:
    imported while the zip is checked and calamine parses (numpy and calamine let go of
    the interpreter), not after; one that fails is left for the rows' own import to say."""
    with suppress(ImportError):
        import pandas  # noqa: F401
        import pyarrow.compute  # noqa: F401


KEEP_BYTES = 256 << 20  # the sheets' text cells kept for a run


class Workbooks:
    """The workbooks of one run, each sheet parsed once. A sheet's rows are kept as the
    text chunks they were handed on as (Arrow: a few bytes a cell, less than calamine
    held for them while they were read), so that the repeated-row check reads a sheet
    again from memory, not from its file; a sheet that would take the run past
    ``budget`` bytes is not kept, and is read from its file again if asked for."""

    def __init__(self, budget: int | None = None) -> None:
        self.budget = KEEP_BYTES if budget is None else budget
        self.used = 0
        self.kept: dict[tuple[str, int], tuple[Grid, list[Chunk]]] = {}

    def read(self, path: Path, shown: str, sheet: str | None) -> Sheets:
        """Every sheet read as ``read_workbook`` reads it, kept as it is handed on."""
        sheets = read_workbook(path, shown, sheet)
        for n, grid in enumerate(sheets.grids):
            blank = replace(grid, chunks=iter(()))
            grid.chunks = self._keeping((str(path), n), blank, grid.chunks)
        return sheets

    def again(self, path: Path, shown: str, sheet: str | None, n: int) -> Grid:
        """Sheet ``n`` of a workbook read before, read again: from memory if kept."""
        if (str(path), n) in self.kept:
            blank, chunks = self.kept[(str(path), n)]
            return replace(blank, chunks=iter(chunks))
        return read_workbook(path, shown, sheet).grids[n]

    def _keeping(
        self, key: tuple[str, int], blank: Grid, chunks: Iterator[Chunk]
    ) -> Iterator[Chunk]:
        kept: list[Chunk] | None = []
        size = 0
        for chunk in chunks:
            if kept is not None:
                size += chunk.lines.nbytes + sum(c.nbytes for c in chunk.columns)
                if self.used + size <= self.budget:
                    kept.append(chunk)
                else:
                    kept = None  # let go: read from the file again if asked for
            yield chunk
        if kept is not None:
            self.used += size
            self.kept[key] = (blank, kept)


def _find_header(ws: Any, shown: str) -> tuple[list[str] | None, int, int, list[RowProblem]]:
    """A sheet's header, its row, the column the sheet's cells start at and the rows of
    data above it; (None, -1, 0, []) for an empty sheet and (None, 0, 0, []) for one
    without a unit column."""
    offset = ws.start[1] if ws.start is not None else 0
    seen_text = False
    best: tuple[int, list[str], int] | None = None
    first_candidate = 0
    filled: list[tuple[int, list[str]]] = []
    for number, values in enumerate(ws.iter_rows(), 1):
        row = [""] * offset + [_cell_text(v) for v in values]
        if len(row) > MAX_COLUMNS:
            raise refusals.file_too_wide(path=shown, line=number, count=len(row), limit=MAX_COLUMNS)
        if any(c.strip() for c in row):
            seen_text = True
            filled.append((number, row))
        if is_header(row):
            first_candidate = first_candidate or number
            if best is None or header_score(row) > best[0]:
                best = (header_score(row), row, number)  # the row most like a header
        if number > HEADER_SEARCH_ROWS:
            break
    if best is not None:
        between = [x for x, _ in filled if first_candidate < x < best[2]]
        if between:  # rows under an earlier header-like row are data, never dropped
            raise refusals.rows_above_header(
                path=shown, line=between[0], count=len(between), header=best[2]
            )
        above = data_above([(x, r) for x, r in filled if x < first_candidate], best[1], best[2])
        return best[1], best[2], offset, above
    if seen_text and int(ws.height) > HEADER_SEARCH_ROWS + 1:
        return None, -2, 0, []  # rows of data, but no unit column where a header would be
    return None, (0 if seen_text else -1), 0, []


def _rows(
    grid: Grid,
    iterator: Iterator[list[Any]],
    number: int,
    offset_col: int,
    errors: dict[tuple[int, int], str],
) -> Iterator[Chunk]:
    """The sheet's rows below the header in chunks, a column at a time: a column of
    numbers and texts is turned into text by numpy and Arrow, not cell by cell."""
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (row_number, column), value in errors.items():
        by_row.setdefault(row_number, []).append((column, value))
    while batch := list(islice(iterator, CHUNK_ROWS)):
        lines = range(number + 1, number + 1 + len(batch))
        number += len(batch)
        yield _chunk(grid, batch, lines, offset_col, by_row)


def _chunk(
    grid: Grid,
    batch: list[list[Any]],
    lines: range,
    offset_col: int,
    errors: dict[int, list[tuple[int, str]]],
) -> Chunk:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    width, rows = len(grid.header), len(batch)
    span = max(map(len, batch))  # calamine's rows are the range's width
    cells = span + offset_col
    # columns turned to text a group at a time (about GROUP_CELLS cells), then cut apart
    by_column = list(zip_longest(*batch, fillvalue=""))
    blank = pa.array([""] * rows, type=pa.string())
    columns: list[Any] = [blank] * offset_col
    step = max(1, GROUP_CELLS // rows)
    for j in range(0, span, step):
        texts = _texts(list(chain.from_iterable(by_column[j : j + step])))
        columns += [texts.slice(k * rows, rows) for k in range(len(by_column[j : j + step]))]
    columns += [blank] * (width - len(columns))
    fixes: dict[int, list[tuple[int, str]]] = {}  # calamine leaves formula errors empty
    for i, line in enumerate(lines) if errors else ():
        for column, value in errors.get(line, ()):
            if column < cells:
                fixes.setdefault(column, []).append((i, value))
    for column, fixed in fixes.items():
        column_texts = columns[column].to_pylist()
        for i, value in fixed:
            column_texts[i] = value
        columns[column] = pa.array(column_texts, type=pa.string())
    found: list[RowProblem] = []
    if cells > width:  # cells right of the header: a row holding any is too long
        wide = np.zeros(rows, dtype=bool)
        for extra in columns[width:]:
            for i in np.flatnonzero(np.asarray(pc.not_equal(extra, ""))).tolist():
                wide[i] |= bool(extra[i].as_py().strip())
        for i in np.flatnonzero(wide).tolist():
            said = problems.row_too_long(cells=cells, width=width)
            found.append(RowProblem(lines[i], said))
    return Chunk(columns[:width], np.asarray(lines, dtype=np.int64), found)


GROUP_CELLS = 1 << 17  # cells of a sheet turned to text together
_KIND = {str: 0, float: 1}  # any other type (bool, date, int): 2


def _texts(values: list[Any]) -> Any:
    """Cells of a sheet as the texts ``_cell_text`` gives, as one Arrow array: texts as
    they are; numbers, the common rest, turned to text together (whole numbers below
    10^15 by Arrow's integer cast, others by ``repr``); anything else cell by cell."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    kinds = np.fromiter(map(_KIND.get, map(type, values), repeat(2)), np.int8, len(values))
    for k in np.flatnonzero(kinds == 2).tolist():
        values[k] = _cell_text(values[k])
    is_float = kinds == 1
    strings = pa.array(values, type=pa.string(), mask=is_float)
    if not is_float.any():
        return strings
    numbers = pa.array(values, type=pa.float64(), mask=~is_float).to_numpy(zero_copy_only=False)
    whole = (numbers == np.trunc(numbers)) & (np.abs(numbers) < 1e15)
    # the whole ones cast (the others, 1e20 among them, masked and never cast: no overflow)
    texts = pa.array(np.where(whole, numbers, 0).astype(np.int64), mask=~whole).cast(pa.string())
    odd = np.flatnonzero(is_float & ~whole)
    if len(odd):
        others: list[str | None] = [None] * len(values)
        for k in odd.tolist():
            others[k] = repr(values[k])
        texts = pc.coalesce(texts, pa.array(others, type=pa.string()))
    return pc.if_else(pa.array(is_float), texts, strings)


def _cell_text(value: object) -> str:
    """A workbook value as the text a clerk would see typed: 3000, 0.965, 是, 2023-06-30."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value)
