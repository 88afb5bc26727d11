"""What a block of a file comes to once read (``Partial``: per-unit sums, problems, row
keys), and what reading one needs of the plan (``ReadSpec``). Both cross processes to and
from cluster workers, so they are plain, picklable data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from plan_check.input.grid import column_letter
from plan_check.input.options import DEFAULT, ReadOptions

if TYPE_CHECKING:
    from plan_check.dictionary import Metric
    from plan_check.input.columns import Unlisted
    from plan_check.input.grid import Block
    from plan_check.report import Problem


MAX_UNITS = 5_000  # distinct units in one file: a province has a few hundred counties
KEY_SEPARATOR = "\x1f"  # between a row key's unit and its school, in a row's key
STUDENT_SEPARATOR = "\x1e"  # between a row key's unit and its student id

Numbers = Sequence[int] | npt.NDArray[np.int64]  # lines or rows, as a tuple or an array
# of a block's wanted rows (in row order): each one's group among the block's groups of
# equal key hashes (0, 1, …), and whether it is its group's first row of all the files
Expect = tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]


@dataclass(frozen=True)
class ReadSpec:
    """What reading a block needs of the plan and the command: picklable, for a worker."""

    metrics: tuple[Metric, ...]
    products: tuple[tuple[str, str], ...] = ()  # (value, weight) pairs of weighted means
    roster: tuple[str, ...] | None = None  # units expected; rows of others are not summed
    city_units: tuple[str, ...] = ()  # names of the city's own row: two of them are one
    options: ReadOptions = DEFAULT  # sizes and limits, as the client asked

    @property
    def conditions(self) -> tuple[Metric, ...]:
        """The conditions read among the metrics (their rows counted by the plan's rules)."""
        return ()  # read as metrics (dictionary.Condition): nothing more to give


@dataclass
class Products:
    """A weighted mean's (value, weight) pair, per unit: Σ value·weight and Σ weight over
    the rows with both (weight above 0), those rows, the rows missing either, the rows
    with either not applicable."""

    weighted: list[int] = field(default_factory=list)
    weights: list[int] = field(default_factory=list)
    n_both: list[int] = field(default_factory=list)
    n_missing: list[int] = field(default_factory=list)
    n_na: list[int] = field(default_factory=list)

    def columns(self) -> tuple[list[int], ...]:
        """In ``figures.ProductTotals``' order."""
        return self.weighted, self.weights, self.n_both, self.n_missing, self.n_na


@dataclass
class Partial:
    """One block's rows, summed per unit (in the order units first appear): the TOTALS
    stage's sums and counts added up over its chunks. A metric's rows neither given nor
    not applicable are missing (blank, unreadable, or no column in the file)."""

    path: str
    problems: list[Problem] = field(default_factory=list)  # listed, in file order
    unlisted: Unlisted = field(default_factory=dict)
    seen_rows: bool = False
    headless: set[int] = field(default_factory=set)  # header-less columns holding data
    units: list[str] = field(default_factory=list)
    first_lines: list[int] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # rows summed, per unit
    sums: dict[str, list[int]] = field(default_factory=dict)
    n_value: dict[str, list[int]] = field(default_factory=dict)
    n_na: dict[str, list[int]] = field(default_factory=dict)
    products: dict[tuple[str, str], Products] = field(default_factory=dict)  # per (value, weight)
    in_file: set[str] = field(default_factory=set)  # metrics with a column in this file
    keys: npt.NDArray[np.uint64] = field(default_factory=lambda: np.zeros(0, np.uint64))
    # per group of the wanted rows, its first row here: key text and cell as typed (Arrow)
    group_texts: tuple[Any, Any] | None = None
    # wanted row (its place among them) -> line, key, cell as typed, of the rows whose key
    # is not their group's first text here (a hash collision): few
    key_texts: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    # per wanted row: its line, and whether its key is its group's first text here
    want_lines: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    want_same: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))
    # line -> the cell as typed, of the wanted rows whose key is their group's but whose
    # cell was typed otherwise than the group's first row here (一中 then 一中\u200b): few
    typed_rows: dict[int, str] = field(default_factory=dict)
    dates: dict[date, int] = field(default_factory=dict)
    unit_col: int = 0
    key_kind: str = "unit"  # unit, school or student
    date_col: int | None = None
    restart: bool = False  # the block was cut inside a record: read on from it as a tail
    row_problems: int = 0
    blank_rows: int = 0  # rows naming a unit without a figure: no submission
    blank_first: list[tuple[int, str]] = field(default_factory=list)  # (line, unit), first
    blank_units: dict[str, int] = field(default_factory=dict)  # unit -> first blank row
    whole_first: dict[str, int] = field(default_factory=dict)  # unit -> first own row
    parts_first: dict[str, int] = field(default_factory=dict)  # unit -> first school row
    # unit -> metric -> its own rows with a figure (the rest of n_value: its schools')
    whole_figures: dict[str, dict[str, int]] = field(default_factory=dict)
    # blank cells of summed rows: (line, column, unit, metric), bounded; the rest counted
    blank_cells: list[tuple[int, int, str, str]] = field(default_factory=list)
    blank_more: dict[tuple[str, str, int], int] = field(default_factory=dict)
    blank_located: dict[str, int] = field(default_factory=dict)  # metric -> cells kept


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

    def unit_col(self) -> int:
        return self.partials[0].unit_col if self.partials else 0

    def units(self) -> set[str]:
        return {u for p in self.partials for u in p.units}

    def text_block(self, k: int) -> Block:
        block = self.blocks[k]
        assert block is not None  # only text sources are read again as blocks
        return block

    def place(self, line: int, col: int) -> str:
        return f"{column_letter(col + 1)}{line}" if self.workbook else str(line)
