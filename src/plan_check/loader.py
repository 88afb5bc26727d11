"""From the submitted files to one table of records, and every problem in them.

A record is one row: a unit, or one school of a unit (the ``school`` column). Each metric
cell becomes a value and a state (value, blank, not applicable, unreadable); an unreadable
cell is reported with its file, line, column and raw value, and counts as not reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from plan_check.cells import (
    FALSE_TOKENS,
    NA_TOKENS,
    TRUE_TOKENS,
    CellError,
    fold,
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
    header_key,
    read_csv_grid,
)
from plan_check.report import FileInfo, Problem

# Rows that carry a total: plan-check adds up by itself, and counting them would double.
TOTAL_ROW_NAMES = frozenset({"合计", "总计", "小计", "全市", "全市合计", "total"})


@dataclass
class Loaded:
    records: Records
    problems: list[Problem]
    files: list[FileInfo]
    missing_units: list[str] = field(default_factory=list)


@dataclass
class _FileRecords:
    """One file's rows after parsing: unit, school, line, and the metric columns."""

    path: str
    units: list[str]
    schools: list[str]
    lines: npt.NDArray[np.int64]
    values: dict[str, npt.NDArray[np.float64]]
    states: dict[str, npt.NDArray[np.int8]]
    headers: dict[str, str]  # metric id -> the header as written in this file
    raw: dict[str, pd.Series]  # metric id -> the cells as written


class _Columns:
    """What each header of a file stands for."""

    def __init__(self, plan: Plan) -> None:
        self.by_id = {m.id: m for m in plan.metrics}
        self.metrics: dict[str, Metric] = {}
        for m in plan.metrics:
            self.metrics[header_key(m.id)] = m
            self.metrics[header_key(m.header)] = m
            if m.unit:
                for left, right in (("(", ")"), ("[", "]")):
                    self.metrics[header_key(f"{m.header}{left}{m.unit}{right}")] = m
        self.unit = {header_key(h) for h in UNIT_HEADERS}
        self.school = {header_key(h) for h in SCHOOL_HEADERS}
        self.date = {header_key(h) for h in DATE_HEADERS}


def load(
    paths: list[Path],
    plan: Plan,
    *,
    encoding: str | None = None,
    expected_units: list[str] | None = None,
) -> Loaded:
    columns = _Columns(plan)
    problems: list[Problem] = []
    files: list[FileInfo] = []
    parsed: list[_FileRecords] = []
    for path in paths:
        grid = read_csv_grid(path, str(path), encoding)
        records = _parse_grid(grid, columns, problems)
        parsed.append(records)
        files.append(FileInfo(grid.path, grid.encoding, len(records.units)))
    return _combine(parsed, plan, problems, files, expected_units)


def _parse_grid(grid: Grid, columns: _Columns, problems: list[Problem]) -> _FileRecords:
    unit_col = school_col = None
    metric_cols: dict[str, int] = {}
    headers: dict[str, str] = {}
    for j, raw_header in enumerate(grid.header):
        key = header_key(raw_header)
        if key in columns.unit and unit_col is None:
            unit_col = j
        elif key in columns.school and school_col is None:
            school_col = j
        elif key in columns.date:
            continue
        elif key in columns.metrics:
            metric = columns.metrics[key]
            if metric.id in metric_cols:
                problems.append(
                    Problem(
                        grid.path,
                        grid.header_line,
                        raw_header,
                        raw_header,
                        "duplicate_column",
                        {"metric": metric.id, "other": metric_cols[metric.id] + 1},
                        "accepted_once",
                        severity="warning",
                    )
                )
                continue
            metric_cols[metric.id] = j
            headers[metric.id] = raw_header.strip()
        elif key or (grid.rows[j] != "").any():
            problems.append(
                Problem(
                    grid.path,
                    grid.header_line,
                    raw_header,
                    raw_header,
                    "unknown_column",
                    {},
                    "accepted_columns",
                    severity="warning",
                )
            )
    assert unit_col is not None  # the header row is found by its unit column

    rows, lines = grid.rows, grid.lines
    for line, count in grid.extra_cells:
        problems.append(
            Problem(
                grid.path,
                line,
                None,
                None,
                "row_too_long",
                {"cells": count, "width": len(grid.header)},
                "accepted_row_width",
            )
        )

    keep = np.array((rows != "").any(axis=1), dtype=bool)  # blank rows, e.g. at the end
    if len(rows) and keep[0] and _is_units_line(rows.iloc[0], unit_col, metric_cols, columns):
        keep[0] = False
    units = rows[unit_col].str.strip()
    blank_unit = keep & (units == "").to_numpy()
    for i in np.flatnonzero(blank_unit):
        problems.append(
            Problem(
                grid.path,
                int(lines[i]),
                grid.header[unit_col].strip(),
                "",
                "blank_unit",
                {},
                "accepted_unit_name",
            )
        )
    totals = keep & units.map(lambda u: header_key(u) in TOTAL_ROW_NAMES).to_numpy(dtype=bool)
    for i in np.flatnonzero(totals):
        problems.append(
            Problem(
                grid.path,
                int(lines[i]),
                grid.header[unit_col].strip(),
                str(units.iloc[i]),
                "total_row",
                {},
                "accepted_unit_name",
                severity="warning",
            )
        )
    if not keep.any():
        raise DataFileError("file_no_rows", path=grid.path)
    keep &= ~blank_unit & ~totals
    rows = rows[keep]
    lines = lines[keep]
    values: dict[str, npt.NDArray[np.float64]] = {}
    states: dict[str, npt.NDArray[np.int8]] = {}
    raw: dict[str, pd.Series] = {}
    for metric_id, j in metric_cols.items():
        metric = columns.by_id[metric_id]
        cells = rows[j]
        values[metric_id], states[metric_id], refused = _parse_column(cells, metric)
        for row, err in refused:
            problems.append(
                _cell_problem(
                    grid.path, int(lines[row]), headers[metric_id], cells.iloc[row], err, metric
                )
            )
        raw[metric_id] = cells
    schools = rows[school_col].str.strip().tolist() if school_col is not None else [""] * len(rows)
    return _FileRecords(
        grid.path, rows[unit_col].str.strip().tolist(), schools, lines, values, states, headers, raw
    )


def _is_units_line(
    row: pd.Series, unit_col: int, metric_cols: dict[str, int], columns: _Columns
) -> bool:
    """A line under the header that only names units of measure (人, 所, 万元…)."""
    if row[unit_col].strip():
        return False
    words = {m.unit for m in columns.metrics.values() if m.unit} | {"%", "是/否", "单位"}
    cells = [fold(str(v)) for j, v in row.items() if j != unit_col]
    return any(cells) and all(c == "" or c in words or c.strip("()（）") in words for c in cells)


def _cell_problem(
    path: str, line: int, header: str, value: str, err: CellError, metric: Metric
) -> Problem:
    accepted = {
        "int": "accepted_int",
        "float": "accepted_float",
        "rate": "accepted_rate",
        "bool": "accepted_bool",
    }[metric.type]
    return Problem(
        path, line, header, value, err.code, dict(err.params), accepted, {"unit": metric.unit}
    )


def _parse_column(
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
            refused |= clean & (np.mod(numbers, 1) != 0)
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
    for f in parsed:
        keep = np.ones(len(f.units), dtype=bool)
        for i, (unit, school) in enumerate(zip(f.units, f.schools, strict=True)):
            where = f"{f.path}:{int(f.lines[i])}"
            key = (unit, school)
            if key in first_seen:
                code = "duplicate_school" if school else "duplicate_unit"
                problems.append(
                    Problem(
                        f.path,
                        int(f.lines[i]),
                        None,
                        unit,
                        code,
                        {"unit": unit, "school": school, "first": first_seen[key]},
                        "accepted_one_row",
                    )
                )
                keep[i] = False
                continue
            first_seen[key] = where
            if expected is not None and unit not in order:
                keep[i] = False
                if unit not in unexpected_named:
                    unexpected_named.add(unit)
                    problems.append(
                        Problem(
                            f.path,
                            int(f.lines[i]),
                            None,
                            unit,
                            "unexpected_unit",
                            {"unit": unit},
                            "accepted_expected_units",
                            {"units": "、".join(expected)},
                        )
                    )
                continue
            if unit not in order:
                order[unit] = len(order)
            codes.append(order[unit])
        _check_bounds(f, plan, keep, problems)
        for m in metrics:
            if m in f.values:
                value_cols[m].append(f.values[m][keep])
                state_cols[m].append(f.states[m][keep])
            else:  # the file has no such column: its units did not report it
                value_cols[m].append(np.full(int(keep.sum()), np.nan))
                state_cols[m].append(np.full(int(keep.sum()), BLANK, dtype=np.int8))
    units = tuple(order)
    values = pd.DataFrame(
        {m: np.concatenate(value_cols[m]) if value_cols[m] else np.array([]) for m in metrics}
    )
    states = pd.DataFrame(
        {
            m: np.concatenate(state_cols[m]) if state_cols[m] else np.array([], dtype=np.int8)
            for m in metrics
        }
    )
    whole = frozenset(m.id for m in plan.metrics if m.type in ("int", "bool"))
    records = Records(units, np.asarray(codes, dtype=np.intp), values, states, whole)
    reported = set(np.unique(records.codes).tolist())
    missing = [u for i, u in enumerate(units) if i not in reported]
    return Loaded(records, problems, files, missing)


def _check_bounds(
    f: _FileRecords, plan: Plan, keep: npt.NDArray[np.bool_], problems: list[Problem]
) -> None:
    """A numerator above its own denominator (301 enrolled of 300 willing) on the same row."""
    for metric in plan.metrics:
        bound = metric.not_above
        if bound is None or metric.id not in f.values or bound not in f.values:
            continue
        over = (
            keep
            & (f.states[metric.id] == VALUE)
            & (f.states[bound] == VALUE)
            & (f.values[metric.id] > f.values[bound])
        )
        for i in np.flatnonzero(over):
            unit = f.units[i] + (f" {f.schools[i]}" if f.schools[i] else "")
            problems.append(
                Problem(
                    f.path,
                    int(f.lines[i]),
                    f.headers[metric.id],
                    str(f.raw[metric.id].iloc[i]),
                    "numerator_above_denominator",
                    {
                        "unit": unit,
                        "numerator": f.headers[metric.id],
                        "denominator": f.headers[bound],
                        "num_value": _plain(f.values[metric.id][i]),
                        "den_value": _plain(f.values[bound][i]),
                    },
                    "accepted_not_above",
                    {"numerator": f.headers[metric.id], "denominator": f.headers[bound]},
                )
            )
            f.states[metric.id][i] = BAD


def _plain(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def read_units_file(path: Path) -> list[str]:
    """Expected units, one name per line; blank lines and # comments are skipped."""
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError("file_not_found", path=str(path)) from None
    except OSError as exc:
        raise DataFileError("file_unreadable", path=str(path), reason=exc.strerror) from None
    from plan_check.reading import decode

    names = [line.strip() for line in decode(str(path), text, None)[0].splitlines()]
    units = [n for n in names if n and not n.startswith("#")]
    if not units:
        raise DataFileError("units_file_empty", path=str(path))
    return units
