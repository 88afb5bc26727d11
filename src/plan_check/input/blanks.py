"""Blank cells of the rows summed: where a unit left a figure empty, located as a
problem is (file, line, column, and in a workbook the cell), for the 退回修改单 and
``--problems``. Whether the unit had to fill the cell is the plan's to say (returns.py);
the reader only keeps where they are, a bounded number a column, the rest counted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from plan_check import problems
from plan_check.cells import BLANK
from plan_check.input.grid import column_letter

if TYPE_CHECKING:
    from plan_check.input.columns import Column
    from plan_check.input.layout import FileReader
    from plan_check.input.partial import Partial, Source
    from plan_check.report import Problem

# located blank cells of a column kept a block and a file (the first by line, whatever
# the blocks); more are counted a unit and column
MAX_BLANKS = 1_000

# (line, column index, unit, metric id)
Blank = tuple[int, int, str, str]


def note_blank_cells(
    part: Partial,
    f: FileReader,
    read: dict[str, Column],
    lines: npt.NDArray[np.int64],
    names: list[str],
    codes: npt.NDArray[np.intp],
    summed: npt.NDArray[np.bool_],
) -> None:
    """Keep where the summed rows of this block leave a metric's cell blank."""
    for metric_id, column in read.items():
        rows = np.flatnonzero(summed & (column.states == BLANK))
        if not len(rows):
            continue
        j = f.metric_cols[metric_id]
        located = part.blank_located.get(metric_id, 0)
        room = max(0, MAX_BLANKS - located)
        for r in rows[:room].tolist():
            part.blank_cells.append((int(lines[r]), j, names[codes[r]], metric_id))
        part.blank_located[metric_id] = located + min(room, len(rows))
        rest = rows[room:]
        if len(rest):  # counted per unit at once, never row by row
            counts = np.bincount(codes[rest], minlength=len(names))
            for code in np.flatnonzero(counts).tolist():
                key = (names[code], metric_id, j)
                part.blank_more[key] = part.blank_more.get(key, 0) + int(counts[code])


def blank_cells(sources: list[Source]) -> list[Problem]:
    """Every located blank cell of the sources (file order), as a ``cell_blank`` warning
    naming its unit and metric; cells past the bound as one ``cell_blank_more`` line a
    unit and column."""
    from plan_check.report import Problem

    out: list[Problem] = []
    for src in sources:
        out.extend(_figureless(src))
        more: dict[tuple[str, str, int], int] = {}
        located = sorted(b for part in src.partials for b in part.blank_cells)
        kept: dict[str, int] = {}
        for line, j, unit, metric in located:  # a column's first of the file, by line
            kept[metric] = kept.get(metric, 0) + 1
            if kept[metric] <= MAX_BLANKS:
                out.append(_blank(src, line, j, unit, metric))
            else:
                more[(unit, metric, j)] = more.get((unit, metric, j), 0) + 1
        for part in src.partials:
            for key, count in part.blank_more.items():
                more[key] = more.get(key, 0) + count
        for (unit, metric, j), count in more.items():
            header = src.header[j].strip() if j < len(src.header) else None
            said = problems.cell_blank_more(row_unit=unit, count=count)
            out.append(
                Problem.at(
                    said.with_context(row_metric=metric),
                    src.path,
                    None,
                    header,
                    accepted="accepted_filled",
                    severity="warning",
                )
            )
    return out


def _figureless(src: Source) -> list[Problem]:
    """A unit named on rows of this source without a figure: one ``cell_blank`` naming
    the unit, its first such row and the source's header (``row_figureless``, no
    metric). No submission for a bureau's check, but all that a unit's own file holds:
    ``--submission`` asks it for every cell it must fill on that row."""
    from plan_check.report import Problem

    first: dict[str, int] = {}
    for part in src.partials:
        for unit, line in part.blank_units.items():
            first[unit] = min(first.get(unit, line), line)
    col = src.unit_col()
    header = src.header[col].strip() if col < len(src.header) else None
    shown = tuple(h.strip() for h in src.header)
    out = []
    for unit, line in sorted(first.items(), key=lambda item: item[1]):
        said = problems.cell_blank(row_unit=unit).with_context(row_figureless=True, header=shown)
        cell = f"{column_letter(col + 1)}{line}" if src.workbook else None
        out.append(
            Problem.at(
                said,
                src.path,
                line,
                header,
                unit,
                accepted="accepted_filled",
                severity="warning",
                cell=cell,
            )
        )
    return out


def _blank(src: Source, line: int, j: int, unit: str, metric: str) -> Problem:
    from plan_check.report import Problem

    header = src.header[j].strip() if j < len(src.header) else None
    cell = f"{column_letter(j + 1)}{line}" if src.workbook else None
    said = problems.cell_blank(row_unit=unit).with_context(row_metric=metric)
    return Problem.at(
        said, src.path, line, header, "", accepted="accepted_filled", severity="warning", cell=cell
    )
