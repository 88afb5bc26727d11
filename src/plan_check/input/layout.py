"""What each column of a file is, and where a file's problems go.

The header's cells are matched to the data dictionary (ids, Chinese headers, with or
without the unit in brackets), the unit, school and report-date columns; every problem of a
file is located here (file, line or workbook cell, column, the value as typed), listed up to
a limit and counted beyond it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from plan_check.cells import fold, header_key
from plan_check.input.grid import DATE_HEADERS, SCHOOL_HEADERS, UNIT_HEADERS, Grid
from plan_check.report import Problem

if TYPE_CHECKING:
    from plan_check.dictionary import Dictionary, Metric

MAX_SHOWN_VALUE = 200  # a problem quotes at most this much of a cell
MAX_PROBLEMS = 20_000  # problems of one file listed one by one; the rest are counted
ACCEPTED = {
    "int": "accepted_int",
    "float": "accepted_float",
    "rate": "accepted_rate",
    "bool": "accepted_bool",
}
ROW_ACCEPTED = {
    "row_too_long": "accepted_row_width",
    "row_unquoted_thousands": "accepted_row_width",
    "row_too_short": "accepted_row_width",
    "unclosed_quote": "accepted_quotes",
    "quote_swallows_rows": "accepted_quotes",
}


class FileReader:
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
        self.invisible: set[str] = set()  # unit names already said to hold invisible marks
        self.listed = 0
        self.unlisted: dict[tuple[str | None, str, str], tuple[int, int | None]] = {}

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
        if self.listed >= MAX_PROBLEMS:  # past the limit: counted by column and kind
            key = (column, code, severity)
            count, first = self.unlisted.get(key, (0, line))
            self.unlisted[key] = (count + 1, first)
            return
        self.listed += 1
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


class Columns:
    """What each header of a file may stand for."""

    def __init__(self, plan: Dictionary) -> None:
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


def map_columns(f: FileReader, columns: Columns) -> None:
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


def is_units_line(row: list[str], unit_col: int, columns: Columns) -> bool:
    """A line under the header that only names units of measure (人, 所, 万元…)."""
    if row[unit_col].strip():
        return False
    cells = [fold(v) for j, v in enumerate(row) if j != unit_col]
    words = columns.unit_words
    return any(cells) and all(c == "" or c in words or c.strip("()") in words for c in cells)
