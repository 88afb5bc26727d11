"""From the submitted files to one table of records, and every problem in them.

A record is one row: a unit, or one school of a unit (the ``school`` column). Each metric
cell becomes a value and a state (value, blank, not applicable, unreadable); an unreadable
cell is reported with its file, line (or workbook cell), column and raw value, and counts
as not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

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
    units: list[str]
    schools: list[str]
    lines: npt.NDArray[np.int64]
    values: dict[str, npt.NDArray[np.float64]]
    states: dict[str, npt.NDArray[np.int8]]
    raw: dict[str, pd.Series]  # metric id -> the cells as written


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


def load(
    paths: list[Path],
    plan: Plan,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    expected_units: list[str] | None = None,
) -> Loaded:
    columns = _Columns(plan)
    problems: list[Problem] = []
    files: list[FileInfo] = []
    parsed: list[_FileRecords] = []
    for path in paths:
        grid = read_grid(path, encoding, sheet)
        records = _parse_grid(_File(grid, problems), columns)
        _cross_check_rates(records, plan)
        parsed.append(records)
        files.append(FileInfo(grid.path, grid.encoding, len(records.units)))
    return _combine(parsed, plan, problems, files, expected_units)


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
        elif key or (f.grid.rows[j] != "").any():  # an empty trailing column is no column
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


def _parse_grid(f: _File, columns: _Columns) -> _FileRecords:
    _map_columns(f, columns)
    grid = f.grid
    rows, lines = grid.rows, grid.lines
    for line, count in grid.extra_cells:
        f.problem(
            line,
            None,
            None,
            "row_too_long",
            {"cells": count, "width": len(grid.header)},
            "accepted_row_width",
        )

    keep = np.array((rows != "").any(axis=1), dtype=bool)  # blank rows, e.g. at the end
    if len(rows) and keep[0] and _is_units_line(rows.iloc[0], f.unit_col, columns):
        keep[0] = False
    if not keep.any():
        raise DataFileError("file_no_rows", path=grid.path)
    units = rows[f.unit_col].str.strip()
    blank_unit = keep & (units == "").to_numpy()
    for i in np.flatnonzero(blank_unit):
        f.problem(int(lines[i]), f.unit_col, "", "blank_unit", None, "accepted_unit_name")
    totals = keep & units.map(lambda u: header_key(u) in TOTAL_ROW_NAMES).to_numpy(dtype=bool)
    for i in np.flatnonzero(totals):
        f.problem(
            int(lines[i]),
            f.unit_col,
            str(units.iloc[i]),
            "total_row",
            None,
            "accepted_unit_name",
            severity="warning",
        )
    keep &= ~blank_unit & ~totals
    rows, lines = rows[keep], lines[keep]

    values: dict[str, npt.NDArray[np.float64]] = {}
    states: dict[str, npt.NDArray[np.int8]] = {}
    raw: dict[str, pd.Series] = {}
    for metric_id, j in f.metric_cols.items():
        metric = columns.by_id[metric_id]
        cells = rows[j]
        values[metric_id], states[metric_id], refused = parse_column(cells, metric)
        for row, err in refused:
            f.problem(
                int(lines[row]),
                j,
                str(cells.iloc[row]),
                err.code,
                dict(err.params),
                ACCEPTED[metric.type],
                {"unit": metric.unit},
            )
        raw[metric_id] = cells
    f.report_date = _report_date(f, rows, lines)
    unit_names = rows[f.unit_col].str.strip().tolist()
    schools = rows[f.school_col].str.strip().tolist() if f.school_col is not None else None
    return _FileRecords(
        f, unit_names, schools or [""] * len(unit_names), lines, values, states, raw
    )


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


def _report_date(f: _File, rows: pd.DataFrame, lines: npt.NDArray[np.int64]) -> date | None:
    """The one 填报日期 of a file; a bad date or a second date is a problem."""
    if f.date_col is None:
        return None
    found: dict[date, int] = {}
    for i, text in enumerate(rows[f.date_col].str.strip()):
        if not text:
            continue
        day = parse_date(text)
        if day is None:
            f.problem(int(lines[i]), f.date_col, text, "bad_date", None, "accepted_date")
        elif day not in found:
            found[day] = int(lines[i])
    if len(found) > 1:
        listed = "、".join(f"{d.isoformat()}(第 {line} 行)" for d, line in found.items())
        second = list(found.values())[1]
        f.problem(
            second, f.date_col, None, "dates_differ_in_file", {"dates": listed}, "accepted_one_date"
        )
        return None
    return next(iter(found), None)


def _is_units_line(row: pd.Series, unit_col: int, columns: _Columns) -> bool:
    """A line under the header that only names units of measure (人, 所, 万元…)."""
    if row[unit_col].strip():
        return False
    cells = [fold(str(v)) for j, v in row.items() if j != unit_col]
    words = columns.unit_words
    return any(cells) and all(c == "" or c in words or c.strip("()") in words for c in cells)


def parse_column(
    cells: pd.Series, metric: Metric
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8], list[tuple[int, CellError]]]:
    """Values and states of one column: a vectorised pass for clean cells, then the
    spreadsheet-habit parser for the few that fail it."""
    stripped = cells.str.strip()
    blank = (stripped == "").to_numpy()
    lowered = stripped.str.lower()
    na = lowered.isin(NA_TOKENS).to_numpy()
    values = np.full(len(cells), np.nan)
    states = np.where(blank, BLANK, np.where(na, NA, VALUE)).astype(np.int8)
    pending = ~blank & ~na
    if metric.type == "bool":
        yes = lowered.isin(TRUE_TOKENS).to_numpy()
        no = lowered.isin(FALSE_TOKENS).to_numpy()
        values[pending & yes] = 1.0
        values[pending & no] = 0.0
        messy = pending & ~yes & ~no
    else:
        numbers = pd.to_numeric(stripped.where(pending, ""), errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan
        )
        clean = pending & np.isfinite(numbers)
        values[clean] = numbers[clean]
        messy = pending & ~clean
        # clean cells the column still refuses: negative, fractional counts, rates over 1
        refused = clean & (numbers < 0)
        if metric.type == "int":
            refused |= clean & (np.mod(np.where(clean, numbers, 0.0), 1) != 0)
        if metric.type == "rate":
            refused |= clean & (numbers > 1)
        messy |= refused
    refused_cells: list[tuple[int, CellError]] = []
    for i in np.flatnonzero(messy):
        text = str(cells.iloc[i])
        parsed: Decimal | bool | CellError
        if fold(text).lower() in NA_TOKENS:
            values[i], states[i] = np.nan, NA
            continue
        if metric.type == "bool":
            parsed = parse_bool(text)
        else:
            parsed = parse_number(text, metric.type, metric.unit)
        if isinstance(parsed, CellError):
            values[i], states[i] = np.nan, BAD
            refused_cells.append((int(i), parsed))
        else:
            values[i] = float(parsed)
    return values, states, refused_cells


def _cross_check_rates(rec: _FileRecords, plan: Plan) -> None:
    """A rate the county computed itself that disagrees with its own figures: a warning."""
    for metric in plan.metrics:
        if metric.ratio_of is None or metric.id not in rec.values:
            continue
        num_id, den_id = metric.ratio_of
        if num_id not in rec.values or den_id not in rec.values:
            continue
        num, den, rate = rec.values[num_id], rec.values[den_id], rec.values[metric.id]
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
            col = rec.file.metric_cols[metric.id]
            rec.file.problem(
                int(rec.lines[i]),
                col,
                str(rec.raw[metric.id].iloc[i]),
                "rate_disagrees",
                {
                    "unit": rec.units[i],
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
    metrics = [m.id for m in plan.metrics if any(m.id in f.values for f in parsed)]
    expected = list(dict.fromkeys(expected_units)) if expected_units else None
    order: dict[str, int] = {u: i for i, u in enumerate(expected or [])}
    first_seen: dict[tuple[str, str], str] = {}
    unexpected_named: set[str] = set()
    codes: list[int] = []
    value_cols: dict[str, list[npt.NDArray[np.float64]]] = {m: [] for m in metrics}
    state_cols: dict[str, list[npt.NDArray[np.int8]]] = {m: [] for m in metrics}
    for rec in parsed:
        f = rec.file
        keep = np.ones(len(rec.units), dtype=bool)
        for i, (unit, school) in enumerate(zip(rec.units, rec.schools, strict=True)):
            line = int(rec.lines[i])
            key = (unit, school)
            if key in first_seen:
                code = "duplicate_school" if school else "duplicate_unit"
                f.problem(
                    line,
                    f.unit_col,
                    unit,
                    code,
                    {"unit": unit, "school": school, "first": first_seen[key]},
                    "accepted_one_row",
                )
                keep[i] = False
                continue
            first_seen[key] = f"{f.grid.path}:{f.grid.cell(line, f.unit_col) or line}"
            if expected is not None and unit not in order:
                keep[i] = False
                if unit not in unexpected_named:
                    unexpected_named.add(unit)
                    f.problem(
                        line,
                        f.unit_col,
                        unit,
                        "unexpected_unit",
                        {"unit": unit},
                        "accepted_expected_units",
                        {"units": "、".join(expected)},
                    )
                continue
            if unit not in order:
                order[unit] = len(order)
            codes.append(order[unit])
        _check_bounds(rec, plan, keep)
        n = int(keep.sum())
        for m in metrics:
            if m in rec.values:
                value_cols[m].append(rec.values[m][keep])
                state_cols[m].append(rec.states[m][keep])
            else:  # the file has no such column: its units did not report it
                value_cols[m].append(np.full(n, np.nan))
                state_cols[m].append(np.full(n, BLANK, dtype=np.int8))
    units = tuple(order)
    values = pd.DataFrame({m: np.concatenate(value_cols[m]) for m in metrics})
    states = pd.DataFrame({m: np.concatenate(state_cols[m]) for m in metrics})
    whole = frozenset(m.id for m in plan.metrics if m.type in ("int", "bool"))
    records = Records(units, np.asarray(codes, dtype=np.intp), values, states, whole)
    reported = set(np.unique(records.codes).tolist())
    missing = [u for i, u in enumerate(units) if i not in reported]
    dates = {rec.file.grid.path: rec.file.report_date for rec in parsed if rec.file.report_date}
    return Loaded(records, problems, files, missing, dates)


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
            unit = rec.units[i] + (f" {rec.schools[i]}" if rec.schools[i] else "")
            f.problem(
                int(rec.lines[i]),
                f.metric_cols[metric.id],
                str(rec.raw[metric.id].iloc[i]),
                "numerator_above_denominator",
                {
                    "unit": unit,
                    "numerator": num_header,
                    "denominator": den_header,
                    "num_value": _plain(rec.values[metric.id][i]),
                    "den_value": _plain(rec.values[bound][i]),
                },
                "accepted_not_above",
                {"numerator": num_header, "denominator": den_header},
            )
            rec.states[metric.id][i] = BAD


def _plain(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:g}"
