"""From the submitted files to one table of records, and every problem in them.

A record is one row: a unit, or one school of a unit (the ``school`` column). Each metric
cell becomes a value and a state (value, blank, not applicable, unreadable); an unreadable
cell is reported with its file, line (or workbook cell), column and raw value, and counts
as not reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from plan_check.bytecsv import Ahead
from plan_check.cells import (
    FALSE_TOKENS,
    NA_TOKENS,
    TRUE_TOKENS,
    CellError,
    fold,
    header_key,
    parse_bool,
    parse_number,
)
from plan_check.errors import DataFileError
from plan_check.figures import BAD, BLANK, NA, VALUE, Records
from plan_check.plan import Metric, Plan
from plan_check.reading import (
    DATE_HEADERS,
    SCHOOL_HEADERS,
    UNIT_HEADERS,
    Chunk,
    Grid,
    read_grid,
)
from plan_check.report import FileInfo, Problem

# Rows that carry a total: plan-check adds up by itself, and counting them would double.
TOTAL_ROW_NAMES = frozenset({"合计", "总计", "小计", "全市", "全市合计", "total"})
MAX_SHOWN_VALUE = 200  # a problem quotes at most this much of a cell
RATE_TOLERANCE = 0.0005  # 0.05 percentage points: a county's own rate vs its figures
ACCEPTED = {
    "int": "accepted_int",
    "float": "accepted_float",
    "rate": "accepted_rate",
    "bool": "accepted_bool",
}

Parsed = Decimal | bool | CellError | None  # a messy cell as read; None: not applicable
Cell = tuple[float, int, CellError | None]  # a cell's value, state and why it was refused
SEEN_LIMIT = 50_000  # distinct texts remembered per column


@dataclass
class Loaded:
    records: Records
    problems: list[Problem]
    files: list[FileInfo]
    missing_units: list[str] = field(default_factory=list)
    report_dates: dict[str, date] = field(default_factory=dict)  # file -> its 填报日期


class _File:
    """One file while it is read: its grid, what its columns are, and its problems."""

    def __init__(self, grid: Grid, problems: list[Problem]) -> None:
        self.grid = grid
        self.problems = problems
        self.unit_col = 0
        self.school_col: int | None = None
        self.date_col: int | None = None
        self.metric_cols: dict[str, int] = {}
        self.report_date: date | None = None
        self.headless: list[int] = []
        self.bad_dates: set[str] = set()  # report dates already refused

    def problem(
        self,
        line: int | None,
        col: int | None,
        value: str | None,
        code: str,
        params: dict[str, Any] | None = None,
        accepted: str | None = None,
        accepted_params: dict[str, Any] | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        column = self.grid.header[col].strip() if col is not None else None
        if value is not None and len(value) > MAX_SHOWN_VALUE:
            value = value[: MAX_SHOWN_VALUE - 1] + "…"
        cell = self.grid.cell(line, col) if line is not None and col is not None else None
        self.problems.append(
            Problem(
                self.grid.path,
                line,
                column,
                value,
                code,
                params or {},
                accepted,
                accepted_params or {},
                severity,
                cell,
            )
        )


@dataclass
class _FileRecords:
    """One file's rows after parsing: unit, school, line, and the metric columns."""

    file: _File
    units: npt.NDArray[np.intp]  # each row's unit: an index into unit_names
    unit_names: list[str]
    schools: npt.NDArray[np.bytes_]  # school names as UTF-8 bytes; b"" without a school column
    lines: npt.NDArray[np.int64]
    values: dict[str, npt.NDArray[np.floating[Any]]]  # float32 for counts that fit
    states: dict[str, npt.NDArray[np.int8]]


class _Columns:
    """What each header of a file may stand for."""

    def __init__(self, plan: Plan) -> None:
        self.by_id = {m.id: m for m in plan.metrics}
        self.metrics: dict[str, Metric] = {}
        for m in plan.metrics:
            self.metrics[header_key(m.id)] = m
            self.metrics[header_key(m.header)] = m
            if m.unit:  # 国培计划培训人数(人)
                for left, right in (("(", ")"), ("[", "]")):
                    self.metrics[header_key(f"{m.header}{left}{m.unit}{right}")] = m
        self.unit = {header_key(h) for h in UNIT_HEADERS}
        self.school = {header_key(h) for h in SCHOOL_HEADERS}
        self.date = {header_key(h) for h in DATE_HEADERS}
        self.unit_words = {m.unit for m in plan.metrics if m.unit} | {"%", "是/否", "单位"}


Progress = Callable[[str, int, int], None]  # (file, lines read, lines in all)


def load(
    paths: list[Path],
    plan: Plan,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    expected_units: list[str] | None = None,
    progress: Callable[[Grid], Progress | None] | None = None,
) -> Loaded:
    columns = _Columns(plan)
    problems: list[Problem] = []
    files: list[FileInfo] = []
    parsed: list[_FileRecords] = []
    for path in paths:
        grid = read_grid(path, encoding, sheet)
        tick = progress(grid) if progress is not None else None
        records = _parse_grid(_File(grid, problems), columns, tick)
        _cross_check_rates(records, plan)
        parsed.append(records)
        files.append(FileInfo(grid.path, grid.encoding, len(records.units)))
    loaded = _combine(parsed, plan, problems, files, expected_units)
    _in_file_order(loaded.problems, [r.file.grid for r in parsed])
    return loaded


def _in_file_order(problems: list[Problem], grids: list[Grid]) -> None:
    """Problems file by file, top to bottom and left to right, as a clerk fixes them: the
    order they were found in depends on how a file was split into chunks."""
    file_no = {grid.path: n for n, grid in enumerate(grids)}
    column_no = {
        (grid.path, header.strip()): j
        for grid in grids
        for j, header in reversed(list(enumerate(grid.header)))
    }
    problems.sort(
        key=lambda p: (
            file_no.get(p.file, len(grids)),
            p.line or 0,
            column_no.get((p.file, p.column or ""), -1),
        )
    )


def _map_columns(f: _File, columns: _Columns) -> None:
    unit_col = None
    for j, raw_header in enumerate(f.grid.header):
        key = header_key(raw_header)
        if key in columns.unit and unit_col is None:
            unit_col = j
        elif key in columns.school and f.school_col is None:
            f.school_col = j
        elif key in columns.date:
            f.date_col = j
        elif key in columns.metrics:
            metric = columns.metrics[key]
            if metric.id in f.metric_cols:
                f.problem(
                    f.grid.header_line,
                    j,
                    raw_header,
                    "duplicate_column",
                    {"metric": metric.id, "other": f.metric_cols[metric.id] + 1},
                    "accepted_once",
                    severity="warning",
                )
            else:
                f.metric_cols[metric.id] = j
        elif not key:  # a column without a header is reported only if it holds data
            f.headless.append(j)
        else:
            f.problem(
                f.grid.header_line,
                j,
                raw_header,
                "unknown_column",
                None,
                "accepted_columns",
                severity="warning",
            )
    assert unit_col is not None  # the header row is found by its unit column
    f.unit_col = unit_col


def _parse_grid(f: _File, columns: _Columns, tick: Progress | None = None) -> _FileRecords:
    """Read a file chunk by chunk: each metric column is parsed and only numbers are kept,
    so memory follows the numbers, not the text of the file."""
    _map_columns(f, columns)
    units: list[npt.NDArray[np.intp]] = []
    unit_index: dict[str, int] = {}  # the file's unit names, in order of appearance
    schools: list[npt.NDArray[np.bytes_]] = []
    lines: list[npt.NDArray[np.int64]] = []
    values: dict[str, list[npt.NDArray[np.floating[Any]]]] = {m: [] for m in f.metric_cols}
    states: dict[str, list[npt.NDArray[np.int8]]] = {m: [] for m in f.metric_cols}
    dates: dict[date, int] = {}
    headless_with_data: set[int] = set()
    seen_rows = False
    first = True
    metric_at = {j: m for m, j in f.metric_cols.items()}
    seen: dict[str, dict[str, Cell]] = {m: {} for m in f.metric_cols}
    numbers = [
        (j, columns.by_id[m].type == "rate")
        for m, j in f.metric_cols.items()
        if columns.by_id[m].type != "bool"
    ]
    f.grid.ahead = Ahead(numbers, f.unit_col, f.school_col)
    for chunk in f.grid.chunks:
        chunk_lines = chunk.lines
        parsed = {
            m: parse_column(chunk, j, columns.by_id[m], seen[m]) for m, j in f.metric_cols.items()
        }
        filled = np.zeros(len(chunk), dtype=bool)  # rows with any text: blank rows are skipped
        for j in range(len(f.grid.header)):
            at = metric_at.get(j)
            has_text = parsed[at][1] != BLANK if at else chunk.present(j)
            filled |= has_text
            if j in f.headless and has_text.any():
                headless_with_data.add(j)
        if first and len(chunk) and filled[0] and _is_units_line(chunk.row(0), f.unit_col, columns):
            filled[0] = False
        first = False
        seen_rows = seen_rows or bool(filled.any())
        # a unit's name repeats on every school row: rows carry a code into the file's names
        codes, distinct = chunk.names(f.unit_col)
        names = [u.strip() for u in distinct]
        blank_unit = filled & np.array([not u for u in names], dtype=bool)[codes]
        for i in np.flatnonzero(blank_unit):
            f.problem(int(chunk_lines[i]), f.unit_col, "", "blank_unit", None, "accepted_unit_name")
        is_total = np.array([header_key(u) in TOTAL_ROW_NAMES for u in names], dtype=bool)
        totals = filled & (is_total[codes] if names else np.zeros(len(chunk), dtype=bool))
        for i in np.flatnonzero(totals):
            f.problem(
                int(chunk_lines[i]),
                f.unit_col,
                names[codes[i]],
                "total_row",
                None,
                "accepted_unit_name",
                severity="warning",
            )
        keep = filled & ~blank_unit & ~totals
        for metric_id, (vals, sts, refused) in parsed.items():
            metric = columns.by_id[metric_id]
            for row, err in refused:
                if keep[row]:
                    f.problem(
                        int(chunk_lines[row]),
                        f.metric_cols[metric_id],
                        chunk.cell(row, f.metric_cols[metric_id]),
                        err.code,
                        dict(err.params),
                        ACCEPTED[metric.type],
                        {"unit": metric.unit},
                    )
            values[metric_id].append(_compact(vals[keep], metric))
            states[metric_id].append(sts[keep])
        if f.date_col is not None:
            _collect_dates(f, chunk, chunk_lines, keep, dates)
        units.append(_unit_codes(codes[keep], names, unit_index))
        schools.append(
            chunk.keys(f.school_col)[keep]
            if f.school_col is not None
            else np.zeros(int(keep.sum()), dtype="S1")
        )
        lines.append(chunk_lines[keep])
        if tick is not None and len(chunk_lines):
            tick(f.grid.path, int(chunk_lines[-1]), f.grid.total_lines)
    if tick is not None:  # done: the bar closes before anything else is printed
        tick(f.grid.path, f.grid.total_lines, f.grid.total_lines)
    if not seen_rows:
        raise DataFileError("file_no_rows", path=f.grid.path)
    for line, count in f.grid.extra_cells:
        f.problem(
            line,
            None,
            None,
            "row_too_long",
            {"cells": count, "width": len(f.grid.header)},
            "accepted_row_width",
        )
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
    f.report_date = _one_date(f, dates)
    return _FileRecords(
        f,
        _concat(units, np.intp),
        list(unit_index),
        _concat(schools, "S1"),
        _concat(lines, np.int64),
        # each column's chunks are released as soon as it is merged: no doubled memory
        {m: _concat(values.pop(m), np.float64) for m in list(values)},
        {m: _concat(states.pop(m), np.int8) for m in list(states)},
    )


def _unit_codes(
    codes: npt.NDArray[np.intp], names: list[str], index: dict[str, int]
) -> npt.NDArray[np.intp]:
    """A chunk's kept rows as codes into the file's unit names (``index``), which lists
    units in the order their first kept row appears."""
    if not len(codes):
        return np.zeros(0, dtype=np.intp)
    present, first = np.unique(codes, return_index=True)
    for code in present[np.argsort(first)].tolist():
        index.setdefault(names[code], len(index))
    return np.array([index.get(u, -1) for u in names], dtype=np.intp)[codes]


FLOAT32_EXACT = 2**24  # every whole number below this is exact in float32


def _compact(values: npt.NDArray[np.float64], metric: Metric) -> npt.NDArray[np.floating[Any]]:
    """Counts stored in half the memory when float32 holds them exactly (every whole number
    below 2**24); sums are still taken in float64. Anything else stays float64."""
    if metric.type not in ("int", "bool") or not len(values):
        return values
    largest = np.nanmax(np.abs(values), initial=0.0)
    return values.astype(np.float32) if largest < FLOAT32_EXACT else values


def _concat(parts: list[Any], dtype: Any) -> Any:
    return np.concatenate(parts) if parts else np.array([], dtype=dtype)


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(text: str) -> date | None:
    """2023-06-30, 2023/6/30, 2023.06.30 or 2023年6月30日; None when it is none of them."""
    match = _DATE.match(fold(text))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _collect_dates(
    f: _File,
    chunk: Chunk,
    lines: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    found: dict[date, int],
) -> None:
    """Every distinct 填报日期 of the kept rows, with its first line; a bad date is a problem."""
    assert f.date_col is not None
    codes, distinct = chunk.names(f.date_col)
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


def _one_date(f: _File, found: dict[date, int]) -> date | None:
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


def _is_units_line(row: list[str], unit_col: int, columns: _Columns) -> bool:
    """A line under the header that only names units of measure (人, 所, 万元…)."""
    if row[unit_col].strip():
        return False
    cells = [fold(v) for j, v in enumerate(row) if j != unit_col]
    words = columns.unit_words
    return any(cells) and all(c == "" or c in words or c.strip("()") in words for c in cells)


def parse_column(
    chunk: Chunk, j: int, metric: Metric, seen: dict[str, Cell] | None = None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8], list[tuple[int, CellError]]]:
    """Values and states of one column: the cells written as plain digits are read by the
    chunk in whole-column steps, then the others as text (numpy passes for decimals and
    yes/no words), and only the few left go through the spreadsheet-habit parser. The
    per-cell Python work grows with the messy cells, not with the file."""
    if metric.type == "bool":
        n = len(chunk)
        values, states, rest = np.full(n, np.nan), np.full(n, VALUE, np.int8), np.arange(n)
    else:
        values, states, rest = chunk.numbers(j, metric.type == "rate")
    if not len(rest):
        return values, states, []
    sub_values, sub_states, refused = _parse_cells(
        chunk.cells(j, rest), metric, {} if seen is None else seen
    )
    values[rest] = sub_values
    states[rest] = sub_states
    return values, states, [(int(rest[i]), err) for i, err in refused]


def _parse_cells(
    cells: list[str], metric: Metric, seen: dict[str, Cell]
) -> tuple[list[float], list[int], list[tuple[int, CellError]]]:
    """The cells a chunk could not read as plain digits, one by one: plain decimals and
    yes/no words directly, the rest with the spreadsheet-habit parser. Each distinct text
    is read once per column (``seen``): clerks repeat their habits down a column."""
    values: list[float] = []
    states: list[int] = []
    refused: list[tuple[int, CellError]] = []
    for i, raw in enumerate(cells):
        cell = seen.get(raw)
        if cell is None:
            cell = _read_cell(raw, metric)
            if len(seen) < SEEN_LIMIT:  # a column of distinct decimals must not fill memory
                seen[raw] = cell
        value, state, error = cell
        values.append(value)
        states.append(state)
        if error is not None:
            refused.append((i, error))
    return values, states, refused


def _read_cell(raw: str, metric: Metric) -> Cell:
    """One cell as (value, state, why refused)."""
    kind = metric.type
    text = raw.strip()
    if not text:
        return np.nan, BLANK, None
    if kind == "bool":
        lowered = text.lower()
        if lowered in TRUE_TOKENS or lowered in FALSE_TOKENS:
            return (1.0 if lowered in TRUE_TOKENS else 0.0), VALUE, None
    elif text.isascii():
        number: float | None = None
        if text.isdigit() and len(text) <= 15:
            number = int(text)
        elif len(text) <= 16 and text.count(".") == 1 and text.replace(".", "").isdigit():
            number = float(text)
            if kind == "int" and number != int(number):
                number = None  # refused: the parser below says why
        if number is not None and (kind != "rate" or number <= 1):
            return float(number), VALUE, None
    parsed = _parse_messy(text, metric)
    if parsed is None:
        return np.nan, NA, None
    if isinstance(parsed, CellError):
        return np.nan, BAD, parsed
    return float(parsed), VALUE, None


def _parse_messy(raw: str, metric: Metric) -> Parsed:
    """One cell the numpy passes could not read; None when it says "not applicable"."""
    if fold(raw).lower() in NA_TOKENS:
        return None
    if metric.type == "bool":
        return parse_bool(raw)
    return parse_number(raw, metric.type, metric.unit)


def _cross_check_rates(rec: _FileRecords, plan: Plan) -> None:
    """A rate the county computed itself that disagrees with its own figures: a warning."""
    for metric in plan.metrics:
        if metric.ratio_of is None or metric.id not in rec.values:
            continue
        num_id, den_id = metric.ratio_of
        if num_id not in rec.values or den_id not in rec.values:
            continue
        num, den, rate = (rec.values[m].astype(np.float64) for m in (num_id, den_id, metric.id))
        ok = (
            (rec.states[metric.id] == VALUE)
            & (rec.states[num_id] == VALUE)
            & (rec.states[den_id] == VALUE)
            & (np.nan_to_num(den) > 0)
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            off = ok & (np.abs(rate - num / den) > RATE_TOLERANCE)
        headers = rec.file.grid.header
        for i in np.flatnonzero(off):
            rec.file.problem(
                int(rec.lines[i]),
                rec.file.metric_cols[metric.id],
                f"{rate[i]:g}",
                "rate_disagrees",
                {
                    "unit": rec.unit_names[rec.units[i]],
                    "rate": f"{rate[i] * 100:.2f}%",
                    "computed": f"{num[i] / den[i] * 100:.2f}%",
                    "numerator": headers[rec.file.metric_cols[num_id]].strip(),
                    "denominator": headers[rec.file.metric_cols[den_id]].strip(),
                },
                "accepted_rate_agrees",
                severity="warning",
            )


def _combine(
    parsed: list[_FileRecords],
    plan: Plan,
    problems: list[Problem],
    files: list[FileInfo],
    expected_units: list[str] | None,
) -> Loaded:
    """All files as one table of records: double submissions and units off the expected
    list are found with whole-column operations; only the rows at fault are visited."""
    metrics = [m.id for m in plan.metrics if any(m.id in f.values for f in parsed)]
    index: dict[str, int] = {}  # every unit name of every file
    units = _concat(
        [
            np.array([index.setdefault(u, len(index)) for u in r.unit_names], np.intp)[r.units]
            for r in parsed
        ],
        np.intp,
    )
    names = list(index)
    schools = _concat([r.schools for r in parsed], "S1")
    which = _concat(
        [np.full(len(r.units), i, dtype=np.intp) for i, r in enumerate(parsed)], np.intp
    )
    lines = _concat([r.lines for r in parsed], np.int64)
    duplicate = np.zeros(len(units), dtype=bool)
    for i, first in _repeated_rows(units, schools):
        rec = parsed[which[i]]
        f, first_file = rec.file, parsed[which[first]].file
        first_line = int(lines[first])
        place = first_file.grid.cell(first_line, first_file.unit_col) or first_line
        unit, school = names[units[i]], schools[i].decode("utf-8")
        f.problem(
            int(lines[i]),
            f.unit_col,
            unit,
            "duplicate_school" if school else "duplicate_unit",
            {"unit": unit, "school": school, "first": f"{first_file.grid.path}:{place}"},
            "accepted_one_row",
        )
        duplicate[i] = True
    keep = ~duplicate
    expected = list(dict.fromkeys(expected_units)) if expected_units else None
    if expected is not None:
        on_list = np.array([u in expected for u in names], dtype=bool)
        listed = on_list[units] if names else np.zeros(0, dtype=bool)
        off_list = keep & ~listed
        if off_list.any():
            codes_off, first_rows = np.unique(units[off_list], return_index=True)
            for code, row in sorted(
                zip(codes_off.tolist(), np.flatnonzero(off_list)[first_rows].tolist(), strict=True),
                key=lambda x: x[1],
            ):
                name = names[code]
                f = parsed[which[row]].file
                f.problem(
                    int(lines[row]),
                    f.unit_col,
                    str(name),
                    "unexpected_unit",
                    {"unit": str(name)},
                    "accepted_expected_units",
                    {"units": "、".join(expected)},
                )
        keep &= listed
    start = 0
    for rec in parsed:  # a numerator above its denominator, row by row
        end = start + len(rec.units)
        _check_bounds(rec, plan, keep[start:end])
        start = end
    kept_units = units[keep]
    if expected is not None:  # the expected list's order
        order = expected
        place = {u: k for k, u in enumerate(expected)}
        position = np.array([place.get(u, -1) for u in names], dtype=np.intp)
    else:  # the order units first appear in: codes were given in that order, and only
        # later rows (repeats) were dropped, so a unit's first row is never among them
        appearing = np.flatnonzero(np.bincount(kept_units, minlength=len(names)))
        order = [names[u] for u in appearing.tolist()]
        position = np.full(len(names), -1, dtype=np.intp)
        position[appearing] = np.arange(len(appearing))
    codes = position[kept_units] if len(kept_units) else np.zeros(0, dtype=np.intp)

    everything = bool(keep.all())

    def column(metric: str, fill: float, dtype: Any) -> Any:
        """One metric over all files (a file without the column did not report it); the
        files' own arrays are released as they are merged, so memory is not doubled."""
        parts = []
        for r in parsed:
            source = r.values if dtype is np.float64 else r.states
            parts.append(
                source.pop(metric) if metric in source else np.full(len(r.units), fill, dtype)
            )
        merged = parts[0] if len(parts) == 1 else _concat(parts, dtype)
        return merged if everything else merged[keep]

    values = {m: column(m, np.nan, np.float64) for m in metrics}
    states = {m: column(m, BLANK, np.int8) for m in metrics}
    whole = frozenset(m.id for m in plan.metrics if m.type in ("int", "bool"))
    records = Records(tuple(order), codes, values, states, whole)
    reported = set(np.unique(codes).tolist())
    missing = [u for i, u in enumerate(order) if i not in reported]
    dates = {r.file.grid.path: r.file.report_date for r in parsed if r.file.report_date}
    return Loaded(records, problems, files, missing, dates)


def _repeated_rows(
    units: npt.NDArray[np.intp], schools: npt.NDArray[np.bytes_]
) -> list[tuple[int, int]]:
    """(row, first row) for every (unit, school) seen before. Rows are compared by one
    64-bit hash each, so millions of school rows need no table of strings; the few rows
    flagged are then compared exactly, so a hash collision cannot invent a duplicate."""
    if not len(units):
        return []
    key = _hash_bytes(schools) ^ (units.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    ordered = np.sort(key)
    repeats = ordered[1:][ordered[1:] == ordered[:-1]]  # keys seen more than once
    if not len(repeats):
        return []
    flagged = np.flatnonzero(np.isin(key, repeats))
    first: dict[tuple[int, bytes], int] = {}
    repeated = []
    for i in flagged.tolist():
        pair = (int(units[i]), bytes(schools[i]))
        if pair in first:
            repeated.append((i, first[pair]))
        else:
            first[pair] = i
    return repeated


def _hash_bytes(texts: npt.NDArray[np.bytes_]) -> npt.NDArray[np.uint64]:
    """One 64-bit hash per byte string, eight bytes at a time over the fixed-width array."""
    n, width = len(texts), texts.dtype.itemsize
    padded = np.zeros((n, -(-width // 8) * 8), dtype=np.uint8)
    padded[:, :width] = texts.view(np.uint8).reshape(n, width)
    words = padded.view(np.uint64)
    key = np.zeros(n, dtype=np.uint64)
    for k in range(words.shape[1]):
        key = (key ^ words[:, k]) * np.uint64(0x100000001B3)
        key ^= key >> np.uint64(29)
    return key


def _check_bounds(rec: _FileRecords, plan: Plan, keep: npt.NDArray[np.bool_]) -> None:
    """A numerator above its own denominator (301 enrolled of 300 willing) on one row."""
    f = rec.file
    for metric in plan.metrics:
        bound = metric.not_above
        if bound is None or metric.id not in rec.values or bound not in rec.values:
            continue
        over = (
            keep
            & (rec.states[metric.id] == VALUE)
            & (rec.states[bound] == VALUE)
            & (rec.values[metric.id] > rec.values[bound])
        )
        num_header = f.grid.header[f.metric_cols[metric.id]].strip()
        den_header = f.grid.header[f.metric_cols[bound]].strip()
        for i in np.flatnonzero(over):
            school = rec.schools[i].decode("utf-8")
            unit = rec.unit_names[rec.units[i]] + (f" {school}" if school else "")
            value = _plain(rec.values[metric.id][i])
            f.problem(
                int(rec.lines[i]),
                f.metric_cols[metric.id],
                value,
                "numerator_above_denominator",
                {
                    "unit": unit,
                    "numerator": num_header,
                    "denominator": den_header,
                    "num_value": value,
                    "den_value": _plain(rec.values[bound][i]),
                },
                "accepted_not_above",
                {"numerator": num_header, "denominator": den_header},
            )
            rec.states[metric.id][i] = BAD


def _plain(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:g}"
