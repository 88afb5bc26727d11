"""What each column of a file is, and where a file's problems go.

The header's cells are matched to the data dictionary (ids, Chinese headers, with or
without the unit in brackets), the unit, school and report-date columns; every problem of a
file is located here (file, line or workbook cell, column, the value as typed), listed up to
a limit and counted beyond it.
"""

from __future__ import annotations

import heapq
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from plan_check import problems
from plan_check.cells import fold
from plan_check.codes import Code, Said
from plan_check.identity import key as header_key
from plan_check.input.grid import (
    DATE_HEADERS,
    SCHOOL_HEADERS,
    STUDENT_HEADERS,
    UNIT_HEADERS,
    Grid,
    column_letter,
)
from plan_check.input.options import MAX_PROBLEMS
from plan_check.report import Problem

if TYPE_CHECKING:
    from plan_check.dictionary import Dictionary, Metric

MAX_SHOWN_VALUE = 200  # a problem quotes at most this much of a cell
ACCEPTED = {
    "int": "accepted_int",
    "float": "accepted_float",
    "rate": "accepted_rate",
    "bool": "accepted_bool",
}
ROW_ACCEPTED = {
    Code.ROW_TOO_LONG: "accepted_row_width",
    Code.ROW_UNQUOTED_THOUSANDS: "accepted_row_width",
    Code.ROW_TOO_SHORT: "accepted_row_width",
    Code.UNCLOSED_QUOTE: "accepted_quotes",
    Code.QUOTE_SWALLOWS_ROWS: "accepted_quotes",
    Code.ROW_ABOVE_HEADER: "accepted_below_header",
}


class FileReader:
    """One file while it is read: its grid, what its columns are, and its problems."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.listing = ProblemList()
        self.unit_col = 0
        self.school_col: int | None = None
        self.student_col: int | None = None
        self.date_col: int | None = None
        self.metric_cols: dict[str, int] = {}
        self.report_date: date | None = None
        self.headless: list[int] = []
        self.headless_with_data: set[int] = set()  # of those, the ones holding data
        self.bad_dates: set[str] = set()  # report dates already refused
        self.invisible: set[str] = set()  # unit names already said to hold invisible marks

    def problem(
        self,
        line: int | None,
        col: int | None,
        value: str | None,
        said: Said,
        accepted: str | None = None,
        accepted_params: dict[str, Any] | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        """The problem ``said`` (a constructor of problems.py) at a line and column."""
        grid = self.grid
        self.listing.problem(
            grid.path, grid.header, grid.workbook, line, col, value, said,
            accepted, accepted_params, severity,
        )  # fmt: skip


Unlisted = dict[tuple[str | None, Code, str], tuple[int, int | None]]


class ProblemList:
    """A file's problems: the first ``MAX_PROBLEMS`` in file order (line, then column)
    listed one by one, the rest counted by column and kind, each with its first line.
    Which are listed does not depend on the order they are found in, so a file read in
    blocks of any size, here or on a cluster, lists the same ones."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_PROBLEMS if limit is None else limit
        self._heap: list[tuple[tuple[int, int, int], Problem]] = []  # keys negated
        self._seq = 0
        self.unlisted: Unlisted = {}

    def problem(
        self,
        path: str,
        header: list[str],
        workbook: bool,
        line: int | None,
        col: int | None,
        value: str | None,
        said: Said,
        accepted: str | None = None,
        accepted_params: dict[str, Any] | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        """A problem of a file, located: the column's header, the value as typed (cut to
        MAX_SHOWN_VALUE), and in a workbook the cell (D7)."""
        if value is not None and len(value) > MAX_SHOWN_VALUE:
            value = value[: MAX_SHOWN_VALUE - 1] + "…"
        cell = None
        if workbook and line is not None and col is not None:
            cell = f"{column_letter(col + 1)}{line}"
        self.add(
            Problem.at(
                said,
                path,
                line,
                header[col].strip() if col is not None else None,
                value,
                accepted=accepted,
                accepted_params=accepted_params,
                severity=severity,
                cell=cell,
            ),
            -1 if col is None else col,
        )

    def add(self, problem: Problem, col: int) -> None:
        self._seq += 1
        key = (-(problem.line or 0), -col, -self._seq)
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, (key, problem))
        elif key < self._heap[0][0]:  # later in the file than every listed one
            self.count(problem)
        else:
            _, out = heapq.heapreplace(self._heap, (key, problem))
            self.count(out)

    def listed_if(self, line: int | None, col: int | None) -> bool:
        """Whether a problem at this place would be listed (not only counted) now: a
        million repeated rows build no million problems to count."""
        key = (-(line or 0), -(-1 if col is None else col), -(self._seq + 1))
        return len(self._heap) < self.limit or key >= self._heap[0][0]

    def count_at(
        self, column: str | None, code: Code, line: int | None, n: int = 1, severity: str = "error"
    ) -> None:
        """``n`` problems counted, not listed (``listed_if`` said so), the first at ``line``."""
        self._seq += n
        had, was = self.unlisted.get((column, code, severity), (0, line))
        if was is None or (line is not None and line < was):
            was = line
        self.unlisted[(column, code, severity)] = (had + n, was)

    def count(self, problem: Problem, n: int = 1, first: int | None = None) -> None:
        key = (problem.column, problem.code, problem.severity)
        line = problem.line if first is None else first
        had, was = self.unlisted.get(key, (0, line))
        if was is None or (line is not None and line < was):
            was = line
        self.unlisted[key] = (had + n, was)

    def merge_unlisted(self, unlisted: Unlisted) -> None:
        for (column, code, severity), (n, first) in unlisted.items():
            had, was = self.unlisted.get((column, code, severity), (0, first))
            if was is None or (first is not None and first < was):
                was = first
            self.unlisted[(column, code, severity)] = (had + n, was)

    def listed(self) -> list[Problem]:
        """The listed problems in file order."""
        return [p for _, p in sorted(self._heap, reverse=True)]


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
        self.student = {header_key(h) for h in STUDENT_HEADERS}
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
        elif key in columns.student and f.student_col is None:
            f.student_col = j
        elif key in columns.date:
            f.date_col = j
        elif key in columns.metrics:
            metric = columns.metrics[key]
            if metric.id in f.metric_cols:
                f.problem(
                    f.grid.header_line,
                    j,
                    raw_header,
                    problems.duplicate_column(metric=metric.id, other=f.metric_cols[metric.id] + 1),
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
                problems.unknown_column(),
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
