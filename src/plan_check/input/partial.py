"""What a block of a file comes to once read (``Partial``: per-unit sums, problems, row
keys), and what reading one needs of the plan (``ReadSpec``). Both cross processes to and
from cluster workers, so they are plain, picklable data. And how a problem is located
and listed (``located``, ``ProblemList``), by the blocks and by the merge alike."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from plan_check.codes import Code, Said
from plan_check.identity import key as name_key
from plan_check.input.grid import STUDENT_HEADERS, column_letter
from plan_check.input.options import DEFAULT, ReadOptions
from plan_check.report import Problem

if TYPE_CHECKING:
    from pathlib import Path

    from plan_check.dictionary import Metric
    from plan_check.input.grid import Block, Grid
    from plan_check.report import Problem


MAX_UNITS = 5_000  # distinct units in one file: a province has a few hundred counties
KEY_SEPARATOR = "\x1f"  # between a row key's unit and its school, in a row's key
STUDENT_SEPARATOR = "\x1e"  # between a row key's unit and its student id
MAX_SHOWN_VALUE = 200  # a problem quotes at most this much of a cell

Numbers = Sequence[int] | npt.NDArray[np.int64]  # lines or rows, as a tuple or an array
# of a block's wanted rows (in row order): each one's group's first wanted row in the block
# (a group: the rows of one key hash), and whether it is its group's first row of all
Expect = tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]


@dataclass(frozen=True)
class ReadSpec:
    """What reading a block needs of the plan and the command: picklable, for a worker."""

    metrics: tuple[Metric, ...]
    products: tuple[tuple[str, str], ...] = ()  # (value, weight) pairs of weighted means
    roster: tuple[str, ...] | None = None  # units expected; rows of others are not summed
    city_units: tuple[str, ...] = ()  # names of the city's own row: two of them are one
    options: ReadOptions = DEFAULT  # sizes and limits, as the client asked


@dataclass
class Partial:
    """One block's rows, summed per unit (in the order units first appear): the TOTALS
    stage's sums and counts added up over its chunks (``sums``, under the names of
    ``totals.sum_columns``). A metric's rows neither given nor not applicable are missing
    (blank, unreadable, or no column in the file)."""

    path: str
    problems: list[Problem] = field(default_factory=list)  # listed, in file order
    unlisted: Unlisted = field(default_factory=dict)
    seen_rows: bool = False  # a row read, or one refused whole
    headless: set[int] = field(default_factory=set)  # header-less columns holding data
    units: list[str] = field(default_factory=list)
    first_lines: list[int] = field(default_factory=list)
    sums: dict[str, list[int]] = field(default_factory=dict)  # per unit
    in_file: set[str] = field(default_factory=set)  # metrics with a column in this file
    keys: npt.NDArray[np.uint64] = field(default_factory=lambda: np.zeros(0, np.uint64))
    # per wanted row: its line, its key text and its cell as typed (codes: a text's
    # number in want_texts, want_cells; dicts text -> code while the block is read, then
    # the texts packed as Arrow strings)
    want_lines: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    want_text: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros(0, np.int32))
    want_cell: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros(0, np.int32))
    want_texts: Any = field(default_factory=dict)
    want_cells: Any = field(default_factory=dict)
    dates: dict[date, int] = field(default_factory=dict)
    unit_col: int = 0
    date_col: int | None = None
    restart: bool = False  # the block was cut inside a record: read on from it as a tail
    blank_rows: int = 0  # rows naming a unit without a figure: no submission
    blank_first: list[tuple[int, str]] = field(default_factory=list)  # (line, unit), first
    blank_units: dict[str, int] = field(default_factory=dict)  # unit -> first blank row
    # (unit, its own rows or its schools'): their first line, and the metrics they give
    sides: dict[tuple[str, bool], tuple[int, set[str]]] = field(default_factory=dict)
    # blank cells of summed rows: (line, column, unit, metric), bounded; the rest counted
    blank_cells: list[tuple[int, int, str, str]] = field(default_factory=list)
    blank_more: dict[tuple[str, str, int], int] = field(default_factory=dict)
    blank_located: dict[str, int] = field(default_factory=dict)  # metric -> cells kept

    @property
    def rows(self) -> list[int]:
        """Rows summed, per unit."""
        return self.sums[":line_count"]

    def forget_wanted(self) -> None:
        """The wanted rows' answers let go, once read."""
        self.want_texts, self.want_cells = {}, {}
        self.want_lines = np.zeros(0, np.int64)
        self.want_text = self.want_cell = np.zeros(0, np.int32)


@dataclass
class Source:
    """One grid of the submission (a text file, or one sheet of a workbook) and its
    blocks, read in order."""

    path: str
    encoding: str
    header: list[str]
    header_line: int
    delimiter: str
    workbook: bool
    blocks: list[Block | None]  # None: a sheet, read whole
    partials: list[Partial] = field(default_factory=list)
    # a text file: what its pass learnt, to read blocks again (a grid.Grid with no rows)
    text: Any = None
    sheet: tuple[Path, int] | None = None  # a sheet: its workbook and its number there

    def unit_col(self) -> int:
        return self.partials[0].unit_col if self.partials else 0

    def id_col(self) -> int:
        """The column of the student ids (the unit's, should none be named so)."""
        ids = {name_key(h) for h in STUDENT_HEADERS}
        return next((j for j, h in enumerate(self.header) if name_key(h) in ids), self.unit_col())

    def units(self) -> set[str]:
        return {u for p in self.partials for u in p.units}

    def blank_units(self) -> list[tuple[str, int]]:
        """Units named on rows without a figure, each with its first such row, by line."""
        first: dict[str, int] = {}
        for part in self.partials:
            for unit, line in part.blank_units.items():
                first[unit] = min(first.get(unit, line), line)
        return sorted(first.items(), key=lambda item: item[1])

    def place(self, line: int, col: int) -> str:
        return f"{column_letter(col + 1)}{line}" if self.workbook else str(line)


def merge_side(
    into: dict[tuple[str, bool], tuple[int, set[str]]],
    side: tuple[str, bool],
    line: int,
    metrics: set[str],
) -> None:
    """A unit's side (its own rows, or its schools') met again: its earliest line, and
    every metric given."""
    had_line, had = into.get(side, (line, set()))
    into[side] = (min(had_line, line), had | metrics)


Unlisted = dict[tuple[str | None, Code, str], tuple[int, int | None]]


def located(
    at: Grid | Source,
    line: int | None,
    col: int | None,
    value: str | None,
    said: Said,
    accepted: str | None = None,
    accepted_params: dict[str, Any] | None = None,
    severity: Literal["error", "warning"] = "error",
) -> Problem:
    """A problem of a file (or sheet) ``at``, located: the column's header, the value as
    typed (cut to MAX_SHOWN_VALUE), and in a workbook the cell (D7)."""
    if value is not None and len(value) > MAX_SHOWN_VALUE:
        value = value[: MAX_SHOWN_VALUE - 1] + "…"
    cell = None
    if at.workbook and line is not None and col is not None:
        cell = f"{column_letter(col + 1)}{line}"
    header = at.header[col].strip() if col is not None else None
    return Problem.at(
        said, at.path, line, header, value, accepted=accepted,
        accepted_params=accepted_params, severity=severity, cell=cell,
    )  # fmt: skip


class ProblemList:
    """A file's problems: the first ``limit`` in file order (line, then column)
    listed one by one, the rest counted by column and kind, each with its first line.
    Which are listed does not depend on the order they are found in, so a file read in
    blocks of any size, here or on a cluster, lists the same ones."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._heap: list[tuple[tuple[int, int, int], Problem]] = []  # keys negated
        self._seq = 0
        self.unlisted: Unlisted = {}

    def problem(
        self,
        at: Grid | Source,
        line: int | None,
        col: int | None,
        value: str | None,
        said: Said,
        accepted: str | None = None,
        accepted_params: dict[str, Any] | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        """A problem of a file (or sheet) ``at``, listed or counted."""
        problem = located(at, line, col, value, said, accepted, accepted_params, severity)
        self.add(problem, -1 if col is None else col)

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
        tally(self.unlisted, (column, code, severity), n, line)

    def count(self, problem: Problem) -> None:
        tally(self.unlisted, (problem.column, problem.code, problem.severity), 1, problem.line)

    def listed(self) -> list[Problem]:
        """The listed problems in file order."""
        return [p for _, p in sorted(self._heap, reverse=True)]


def tally(unlisted: Unlisted, key: tuple[str | None, Code, str], n: int, line: int | None) -> None:
    """``n`` problems of a column and kind counted, not listed; the first at ``line``."""
    had, was = unlisted.get(key, (0, line))
    if was is None or (line is not None and line < was):
        was = line
    unlisted[key] = (had + n, was)
