"""What a row is, beyond its unit: its second key (the school, or the student id) folded
to one identity, a 小计 row in the school column, a row without a figure (a blank row of
a returned template), and whether it is a unit's own row or one of its schools' rows.

Each decision is the row's own, so a file reads alike however its blocks are cut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from plan_check import problems
from plan_check.cells import BLANK, NA_TOKENS, VALUE
from plan_check.identity import fold_column, key
from plan_check.input.names import total_rows
from plan_check.input.rowchecks import names_of

if TYPE_CHECKING:
    from plan_check.input.columns import Column
    from plan_check.input.grid import Chunk
    from plan_check.input.layout import FileReader
    from plan_check.input.partial import Partial

BLANK_SHOWN = 10  # blank rows of a file named one by one in its note; the rest counted


class OtherKey:
    """A chunk's second key column (school or student id): as typed (trimmed) and folded."""

    def __init__(self, f: FileReader, chunk: Chunk) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        self.col = f.student_col if f.student_col is not None else f.school_col
        self.raw: Any = None
        self.folded: Any = None
        self.given = np.zeros(len(chunk), dtype=bool)  # the key cell holds text
        self.totals = np.zeros(len(chunk), dtype=bool)  # a 小计 in the school column
        if self.col is None:
            return
        raw = pc.utf8_trim_whitespace(pc.fill_null(chunk.columns[self.col], ""))
        if isinstance(raw, pa.ChunkedArray):
            raw = raw.combine_chunks() if raw.num_chunks else pa.array([], pa.string())
        self.raw, self.folded = raw, fold_column(raw)
        given = pc.greater(pc.utf8_length(raw), 0).to_numpy(zero_copy_only=False)
        self.given = np.asarray(given, dtype=bool)
        if self.col == f.school_col:  # 小计 rows, looked for here, in the worker
            self.totals = total_rows(self.folded)

    def no_school(self, f: FileReader, names: list[str], codes: npt.NDArray[np.intp]) -> None:
        """A school cell that names no school is the unit's own row: "/", "-", 无 (a clerk's
        "not applicable"), or the unit's own name (青山县 in the 学校 column of 青山县)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if self.col is None or self.col != f.school_col or not len(codes):
            return
        units = pa.array([key(n) for n in names], type=pa.string())
        own = pc.equal(self.folded, pc.take(units, pa.array(codes)))
        na = pc.is_in(self.folded, value_set=pa.array(sorted(NA_TOKENS), type=pa.string()))
        either = pc.fill_null(pc.or_(own, na), False).to_numpy(zero_copy_only=False)
        self.given = self.given & ~np.asarray(either, dtype=bool)

    def empty_keys(self) -> npt.NDArray[np.bool_]:
        """Rows whose key cell holds text that folds to nothing (a zero-width space)."""
        import pyarrow.compute as pc

        if self.folded is None:
            return self.given
        nothing = pc.equal(pc.utf8_length(self.folded), 0).to_numpy(zero_copy_only=False)
        out: npt.NDArray[np.bool_] = self.given & np.asarray(nothing, dtype=bool)
        return out


def figured(read: dict[str, Column], n: int) -> npt.NDArray[np.bool_]:
    """Rows with at least one measured cell not blank: a figure, a "/", or a refused one."""
    out = np.zeros(n, dtype=bool)
    for column in read.values():
        out |= column.states != BLANK
    return out


def key_problems(
    f: FileReader,
    chunk: Chunk,
    lines: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    other: OtherKey,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Rows left out for their school or student cell: a 小计/合计 row in the school column
    (a note: plan-check adds the schools itself), and a key that folds to nothing (an
    error; its unit is then incomplete). Returns (totals, empty keys)."""
    totals = np.zeros(len(chunk), dtype=bool)
    if f.school_col is not None:
        if other.col == f.school_col:
            totals = keep & other.totals
        else:  # a student file's school column: each school looked at once
            import pyarrow as pa

            codes, texts = names_of(chunk.columns[f.school_col])
            distinct = total_rows(fold_column(pa.array(texts, type=pa.string())))
            totals = keep & distinct[codes] if len(codes) else totals
        for i in np.flatnonzero(totals).tolist():
            f.problem(
                int(lines[i]),
                f.school_col,
                chunk.cell(i, f.school_col).strip(),
                problems.school_total_row(),
                "accepted_school_name",
                severity="warning",
            )
    empty = keep & ~totals & other.empty_keys()
    for i in np.flatnonzero(empty).tolist():
        assert other.col is not None
        f.problem(
            int(lines[i]),
            other.col,
            chunk.cell(i, other.col),
            problems.key_folds_to_nothing(),
            "accepted_key",
        )
    if other.col is not None and other.col == f.student_col:
        import pyarrow.compute as pc

        # 1.10101E+17: an id Excel wrote as a number, its digits lost; ids that collapse
        # so would be one student (and the others dropped as repeats)
        found = pc.match_substring_regex(other.folded, r"^[+-]?[0-9]+(\.[0-9]*)?e[+-]?[0-9]+$")
        lost = keep & ~totals & ~empty & np.asarray(found.to_numpy(zero_copy_only=False), bool)
        for i in np.flatnonzero(lost).tolist():
            f.problem(
                int(lines[i]), other.col, chunk.cell(i, other.col),
                problems.student_id_scientific(), "accepted_student_id",
            )  # fmt: skip
        empty = empty | lost
    return totals, empty


def note_blank(
    part: Partial,
    lines: npt.NDArray[np.int64],
    names: list[str],
    codes: npt.NDArray[np.intp],
    blank: npt.NDArray[np.bool_],
) -> None:
    """Rows that name a unit but hold no figure: counted, the first few kept by line."""
    rows = np.flatnonzero(blank)
    if not len(rows):
        return
    part.blank_rows += len(rows)
    present, first = np.unique(codes[rows], return_index=True)
    for code, i in zip(present.tolist(), rows[first].tolist(), strict=True):
        name, line = names[code], int(lines[i])
        part.blank_units[name] = min(part.blank_units.get(name, line), line)
    shown = [(int(lines[i]), names[codes[i]]) for i in rows[:BLANK_SHOWN].tolist()]
    part.blank_first = sorted(part.blank_first + shown)[:BLANK_SHOWN]


def row_kinds(
    part: Partial,
    read: dict[str, Column],
    local: npt.NDArray[np.intp],
    summed: npt.NDArray[np.bool_],
    lines: npt.NDArray[np.int64],
    other: OtherKey,
) -> None:
    """Per unit, the first line of its own rows (no school, no student) with the figures
    they hold per metric, and the first line of its school (or student) rows: a unit
    whose own row and school rows give figures of one metric is reported twice."""
    whole = summed & ~other.given
    parts = summed & other.given
    for rows, first in ((whole, part.whole_first), (parts, part.parts_first)):
        at = np.flatnonzero(rows)
        if not len(at):
            continue
        units, where = np.unique(local[at], return_index=True)
        for u, i in zip(units.tolist(), where.tolist(), strict=True):
            name, line = part.units[u], int(lines[at[i]])
            first[name] = min(first.get(name, line), line)
    at = np.flatnonzero(whole)
    if not len(at):
        return
    for m, column in read.items():
        has = local[at][column.states[at] == VALUE]
        for u, c in enumerate(np.bincount(has, minlength=len(part.units)).tolist()):
            if c:
                counts = part.whole_figures.setdefault(part.units[u], {})
                counts[m] = counts.get(m, 0) + c
