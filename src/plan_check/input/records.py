"""One file's rows to records: which column is which, every metric cell read, and every
problem located (file, line or workbook cell, column, the value as typed).

A record is one row: a unit, or one school of a unit (the ``school`` column). Blank rows
are skipped; a row without a unit name, a 合计 row or a unit name too long to be a unit
is reported and not counted; nothing is dropped in silence.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from plan_check.cells import BLANK
from plan_check.errors import DataFileError
from plan_check.input.columns import Cell, Column, exact, read_column
from plan_check.input.dates import parse_date
from plan_check.input.grid import Chunk
from plan_check.input.layout import (
    ACCEPTED,
    ROW_ACCEPTED,
    Columns,
    FileReader,
    is_units_line,
    map_columns,
)
from plan_check.input.names import clean_name, is_total_row
from plan_check.report import Problem

if TYPE_CHECKING:
    from plan_check.dictionary import Metric

# Rows that carry a total: plan-check adds up by itself, and counting them would double.
MAX_UNIT_CHARS = 100  # a longer "unit name" is surely no county or school
MAX_UNITS = 5_000  # distinct units in one file: a province has a few hundred counties

Progress = Callable[[str, int, int], None]  # (file, lines read, lines in all), as in input


@dataclass
class FileRecords:
    """One file's rows after reading: unit, school, line, and the metric columns."""

    file: FileReader
    units: npt.NDArray[np.intp]  # each row's unit: an index into unit_names
    unit_names: list[str]
    schools: Any  # each row's school as an Arrow string array, trimmed; None: no such column
    lines: npt.NDArray[np.int64]
    values: dict[str, npt.NDArray[Any]]  # int64 for counts, float64 otherwise
    states: dict[str, npt.NDArray[np.int8]]
    typed: dict[str, Any] = field(default_factory=dict)  # cross-checked rates as typed (Arrow)


@dataclass
class _Gathered:
    """A file's kept rows, chunk by chunk, before they are joined."""

    units: list[npt.NDArray[np.intp]] = field(default_factory=list)
    schools: list[Any] = field(default_factory=list)  # Arrow arrays of the kept rows
    lines: list[npt.NDArray[np.int64]] = field(default_factory=list)
    values: dict[str, list[npt.NDArray[Any]]] = field(default_factory=dict)
    states: dict[str, list[npt.NDArray[np.int8]]] = field(default_factory=dict)
    unit_index: dict[str, int] = field(default_factory=dict)  # names in order of first row
    dates: dict[date, int] = field(default_factory=dict)
    typed: dict[str, list[Any]] = field(default_factory=dict)


def read_records(f: FileReader, columns: Columns, tick: Progress | None = None) -> FileRecords:
    """Read a file chunk by chunk: each metric column is read and only figures are kept,
    so memory follows the figures, not the text of the file."""
    map_columns(f, columns)
    got = _Gathered(values={m: [] for m in f.metric_cols}, states={m: [] for m in f.metric_cols})
    seen: dict[str, dict[str, Cell]] = {m: {} for m in f.metric_cols}
    headless_with_data: set[int] = set()
    seen_rows = False
    first = True
    # Columns are converted side by side (Arrow kernels release the GIL); files are read
    # by pandas in this thread only: pandas 3.1 with pyarrow 25 crashed when read_csv ran
    # in a background thread while the kernels ran here (seen in CI, on the floor versions).
    workers = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2))
    try:
        for chunk in f.grid.chunks:
            filled, headless = _filled(f, chunk, columns, seen, got, first, workers)
            headless_with_data |= headless
            first = False
            seen_rows = seen_rows or bool(filled.any())
            if tick is not None and len(chunk.lines):
                tick(f.grid.path, int(chunk.lines[-1]), f.grid.total_lines)
    finally:
        workers.shutdown(wait=True)
    if tick is not None:  # done: the bar closes before anything else is printed
        tick(f.grid.path, f.grid.total_lines, f.grid.total_lines)
    for rp in f.grid.row_problems:
        params: dict[str, Any] = {
            "cells": rp.cells,
            "width": len(f.grid.header),
            "lines": rp.lines,
            "value": rp.value,
        }
        f.problem(rp.line, None, rp.value or None, rp.code, params, ROW_ACCEPTED[rp.code])
    if not seen_rows and not f.grid.row_problems:
        raise DataFileError("file_no_rows", path=f.grid.path)
    for j in sorted(headless_with_data):
        f.problem(
            f.grid.header_line,
            j,
            "",
            "unknown_column",
            None,
            "accepted_columns",
            severity="warning",
        )
    f.report_date = _one_date(f, got.dates)
    for (column, code, severity), (count, first_line) in f.unlisted.items():
        f.problems.append(
            Problem(
                f.grid.path,
                first_line,
                column,
                None,
                "more_problems_unlisted",
                {"count": count, "code": code},
                None,
                {},
                "error" if severity == "error" else "warning",
            )
        )
    if len(got.unit_index) > MAX_UNITS:
        raise DataFileError(
            "file_too_many_units", path=f.grid.path, count=len(got.unit_index), limit=MAX_UNITS
        )
    return FileRecords(
        f,
        _concat(got.units, np.intp),
        list(got.unit_index),
        _arrow_concat(got.schools) if f.school_col is not None else None,
        _concat(got.lines, np.int64),
        # each column's chunks are released as soon as it is joined: no doubled memory
        {m: _concat(got.values.pop(m), _dtype(columns.by_id[m])) for m in list(got.values)},
        {m: _concat(got.states.pop(m), np.int8) for m in list(got.states)},
        {m: _arrow_concat(parts) for m, parts in got.typed.items()},
    )


def _dtype(metric: Metric) -> Any:
    return np.int64 if exact(metric) else np.float64


def _filled(
    f: FileReader,
    chunk: Chunk,
    columns: Columns,
    seen: dict[str, dict[str, Cell]],
    got: _Gathered,
    first: bool,
    workers: ThreadPoolExecutor,
) -> tuple[npt.NDArray[np.bool_], set[int]]:
    """Read one chunk into ``got``; returns which rows hold any text, and the header-less
    columns that hold data. Columns are read side by side: the Arrow kernels release the
    GIL, and each column has its own memory of distinct texts."""
    lines = chunk.lines
    ids = list(f.metric_cols)

    def one(m: str) -> Column:
        return read_column(chunk.columns[f.metric_cols[m]], columns.by_id[m], seen[m])

    read = dict(zip(ids, workers.map(one, ids), strict=True))
    metric_at = {j: m for m, j in f.metric_cols.items()}
    filled = np.zeros(len(chunk), dtype=bool)  # rows with any text: blank rows are skipped
    headless: set[int] = set()
    for j in range(len(f.grid.header)):
        at = metric_at.get(j)
        has_text = read[at].states != BLANK if at else _present(chunk.columns[j])
        filled |= has_text
        if j in f.headless and has_text.any():
            headless.add(j)
    if first and len(chunk) and filled[0] and is_units_line(chunk.row(0), f.unit_col, columns):
        filled[0] = False
    codes, raw_names = _names(chunk.columns[f.unit_col])
    names = [clean_name(u) for u in raw_names]
    for raw, name in zip(raw_names, names, strict=True):
        if name != raw.strip() and name not in f.invisible:  # once per name and file
            f.invisible.add(name)
            row = int(np.flatnonzero(codes == raw_names.index(raw))[0])
            f.problem(
                int(lines[row]),
                f.unit_col,
                raw,
                "unit_invisible_chars",
                {"unit": name},
                "accepted_unit_name",
                severity="warning",
            )
    blank_unit = filled & np.array([not u for u in names] or [False], dtype=bool)[codes]
    for i in np.flatnonzero(blank_unit):
        f.problem(int(lines[i]), f.unit_col, "", "blank_unit", None, "accepted_unit_name")
    broken = (
        filled
        & np.array(
            [("\n" in u or "\r" in u) and len(u) <= MAX_UNIT_CHARS for u in names] or [False],
            dtype=bool,
        )[codes]
    )
    for i in np.flatnonzero(broken):  # a unit name over lines: a quote that swallowed rows
        f.problem(
            int(lines[i]),
            f.unit_col,
            names[codes[i]],
            "unit_name_line_break",
            None,
            "accepted_unit_name",
        )
    too_long = (
        filled & np.array([len(u) > MAX_UNIT_CHARS for u in names] or [False], dtype=bool)[codes]
    )
    for i in np.flatnonzero(too_long):
        f.problem(
            int(lines[i]),
            f.unit_col,
            names[codes[i]],
            "unit_name_too_long",
            {"length": len(names[codes[i]]), "limit": MAX_UNIT_CHARS},
            "accepted_unit_name",
        )
    is_total = np.array([is_total_row(u) for u in names] or [False], dtype=bool)
    totals = filled & is_total[codes]
    for i in np.flatnonzero(totals):
        f.problem(
            int(lines[i]),
            f.unit_col,
            names[codes[i]],
            "total_row",
            None,
            "accepted_unit_name",
            severity="warning",
        )
    keep = filled & ~blank_unit & ~totals & ~too_long & ~broken
    for metric_id, column in read.items():
        metric = columns.by_id[metric_id]
        j = f.metric_cols[metric_id]
        for row, err in column.refused:
            if keep[row]:
                f.problem(
                    int(lines[row]),
                    j,
                    chunk.cell(row, j),
                    err.code,
                    dict(err.params),
                    ACCEPTED[metric.type],
                    {"unit": metric.unit},
                )
        got.values[metric_id].append(_compact(column.values[keep]))
        got.states[metric_id].append(column.states[keep])
        if metric.ratio_of is not None:  # a county's own rate: quoted as typed if it is off
            got.typed.setdefault(metric_id, []).append(_kept_text(chunk.columns[j], keep))
    if f.date_col is not None:
        _collect_dates(f, chunk, lines, keep, got.dates)
    got.units.append(_index_codes(codes[keep], names, got.unit_index))
    if f.school_col is not None:  # millions of school rows: kept as Arrow text, no Python
        got.schools.append(_kept_text(chunk.columns[f.school_col], keep))
    got.lines.append(lines[keep])
    return filled, headless


def _compact(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Counts in half the memory when they fit int32 (exactly: they are integers either
    way); sums are taken in int64."""
    if values.dtype == np.int64 and len(values) and int(values.max()) < 2**31:
        return values.astype(np.int32)
    return values


def _kept_text(column: Any, keep: npt.NDArray[np.bool_]) -> Any:
    """A column's kept cells without surrounding spaces, "" for empty ones."""
    import pyarrow as pa
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim_whitespace(pc.fill_null(column, ""))
    return pc.filter(trimmed, pa.array(keep))


def _arrow_concat(parts: list[Any]) -> Any:
    import pyarrow as pa

    chunks = [c for part in parts for c in (part.chunks if hasattr(part, "chunks") else [part])]
    return pa.chunked_array(chunks, type=pa.string())


def _present(column: Any) -> npt.NDArray[np.bool_]:
    """Cells holding any text besides spaces."""
    import pyarrow.compute as pc

    length = pc.utf8_length(pc.utf8_trim_whitespace(column))
    return np.asarray(pc.fill_null(pc.greater(length, 0), False).to_numpy(zero_copy_only=False))


def _names(column: Any) -> tuple[npt.NDArray[np.intp], list[str]]:
    """Each row's code among the distinct cells of a column, and those cells as written."""
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(pc.fill_null(column, ""))
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.unify_dictionaries().combine_chunks() if encoded.num_chunks else None
        if encoded is None:
            return np.zeros(0, dtype=np.intp), []
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
    return codes, [str(v) for v in encoded.dictionary.to_pylist()]


def _index_codes(
    codes: npt.NDArray[np.intp], names: list[str], index: dict[str, int]
) -> npt.NDArray[np.intp]:
    """A chunk's kept rows as codes into the file's names (``index``), which lists names
    in the order their first kept row appears."""
    if not len(codes):
        return np.zeros(0, dtype=np.intp)
    present, first = np.unique(codes, return_index=True)
    for code in present[np.argsort(first)].tolist():
        index.setdefault(names[code], len(index))
    return np.array([index.get(u, -1) for u in names], dtype=np.intp)[codes]


def _concat(parts: list[Any], dtype: Any) -> Any:
    return np.concatenate(parts) if parts else np.array([], dtype=dtype)


def _collect_dates(
    f: FileReader,
    chunk: Chunk,
    lines: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    found: dict[date, int],
) -> None:
    """Every distinct 填报日期 of the kept rows, with its first line; a bad date is a problem."""
    assert f.date_col is not None
    codes, distinct = _names(chunk.columns[f.date_col])
    kept = np.flatnonzero(keep)
    present, first = np.unique(codes[kept], return_index=True)
    for code, row in zip(present.tolist(), kept[first].tolist(), strict=True):
        text = distinct[code].strip()  # each distinct text once
        if not text:
            continue
        day = parse_date(text)
        line = int(lines[row])
        if day is None:
            if text not in f.bad_dates:  # once per file, at its first line
                f.bad_dates.add(text)
                f.problem(line, f.date_col, text, "bad_date", None, "accepted_date")
        elif day not in found or line < found[day]:
            found[day] = line


def _one_date(f: FileReader, found: dict[date, int]) -> date | None:
    """The one 填报日期 of a file; a second date is a problem."""
    if len(found) > 1:
        ordered = sorted(found.items(), key=lambda item: item[1])
        listed = "、".join(f"{d.isoformat()}(第 {line} 行)" for d, line in ordered)
        f.problem(
            ordered[1][1],
            f.date_col,
            None,
            "dates_differ_in_file",
            {"dates": listed},
            "accepted_one_date",
        )
        return None
    return next(iter(found), None)
