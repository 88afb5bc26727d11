"""Checks of one row against itself: its unit cell (blank, over lines, too long, a 合计
row), a numerator above its own denominator, a rate the county computed that disagrees
with its own figures. Each is said at its row's line and column."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from plan_check import problems
from plan_check.cells import BAD, VALUE
from plan_check.input.columns import Column, scale_of
from plan_check.input.dates import parse_date
from plan_check.input.grid import Chunk
from plan_check.input.keys import is_total_row
from plan_check.input.layout import Columns, FileReader

MAX_UNIT_CHARS = 100  # a longer "unit name" is surely no county or school
RATE_TOLERANCE = 0.0005  # 0.05 percentage points: a county's own rate vs its figures


def unit_problems(
    f: FileReader,
    lines: npt.NDArray[np.int64],
    codes: npt.NDArray[np.intp],
    raw_names: list[str],
    names: list[str],
    filled: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Rows whose unit cell cannot be counted (blank, a line break, too long, a 合计
    row), each said; a name with invisible marks is said once per name and block."""
    for raw, name in zip(raw_names, names, strict=True):
        if name != raw.strip() and name not in f.invisible:
            f.invisible.add(name)
            row = int(np.flatnonzero(codes == raw_names.index(raw))[0])
            f.problem(
                int(lines[row]),
                f.unit_col,
                raw,
                problems.unit_invisible_chars(unit=name),
                "accepted_unit_name",
                severity="warning",
            )

    def mask(test: Callable[[str], bool]) -> npt.NDArray[np.bool_]:
        found: npt.NDArray[np.bool_] = np.array([test(u) for u in names] or [False], dtype=bool)
        return filled & found[codes]

    blank_unit = mask(lambda u: not u)
    for i in np.flatnonzero(blank_unit):
        f.problem(int(lines[i]), f.unit_col, "", problems.blank_unit(), "accepted_unit_name")
    broken = mask(lambda u: ("\n" in u or "\r" in u) and len(u) <= MAX_UNIT_CHARS)
    for i in np.flatnonzero(broken):  # a unit name over lines: a quote that swallowed rows
        f.problem(
            int(lines[i]),
            f.unit_col,
            names[codes[i]],
            problems.unit_name_line_break(),
            "accepted_unit_name",
        )
    too_long = mask(lambda u: len(u) > MAX_UNIT_CHARS)
    for i in np.flatnonzero(too_long):
        f.problem(
            int(lines[i]),
            f.unit_col,
            names[codes[i]],
            problems.unit_name_too_long(length=len(names[codes[i]]), limit=MAX_UNIT_CHARS),
            "accepted_unit_name",
        )
    totals = mask(is_total_row)
    for i in np.flatnonzero(totals):
        f.problem(
            int(lines[i]),
            f.unit_col,
            names[codes[i]],
            problems.total_row(),
            "accepted_unit_name",
            severity="warning",
        )
    return np.asarray(blank_unit | totals | too_long | broken)


def check_bounds(
    f: FileReader,
    chunk: Chunk,
    read: dict[str, Column],
    columns: Columns,
    summed: npt.NDArray[np.bool_],
    names: list[str],
    codes: npt.NDArray[np.intp],
    school: Any,
) -> None:
    """A numerator above its own denominator (301 enrolled of 300 willing) on one row:
    said, and the numerator not counted."""
    for metric_id, column in read.items():
        metric = columns.by_id[metric_id]
        bound = metric.not_above
        if bound is None or bound not in read:
            continue
        num_scale, den_scale = scale_of(metric), scale_of(columns.by_id[bound])
        numerators, denominators = column.values, read[bound].values
        if num_scale != den_scale:  # compare num/s1 > den/s2 as whole numbers, exactly
            numerators = numerators.astype(object) * den_scale
            denominators = denominators.astype(object) * num_scale
        over = (
            summed
            & (column.states == VALUE)
            & (read[bound].states == VALUE)
            & np.asarray(numerators > denominators, dtype=bool)
        )
        num_header = f.grid.header[f.metric_cols[metric_id]].strip()
        den_header = f.grid.header[f.metric_cols[bound]].strip()
        for i in np.flatnonzero(over):
            text = "" if school is None else str(school[int(i)].as_py())
            unit = names[codes[i]] + (f" {text}" if text else "")
            value = _plain(column.values[i], num_scale)
            said = problems.numerator_above_denominator(
                unit=unit,
                numerator=num_header,
                num_value=value,
                denominator=den_header,
                den_value=_plain(read[bound].values[i], den_scale),
            )
            f.problem(
                int(chunk.lines[i]),
                f.metric_cols[metric_id],
                value,
                said.with_context(row_unit=names[codes[i]], row_metric=metric_id),
                "accepted_not_above",
                {"numerator": num_header, "denominator": den_header},
            )
            column.states[i] = BAD


def cross_check_rates(
    f: FileReader,
    chunk: Chunk,
    read: dict[str, Column],
    columns: Columns,
    keep: npt.NDArray[np.bool_],
    names: list[str],
    codes: npt.NDArray[np.intp],
) -> None:
    """A rate the county computed itself that disagrees with its own figures: a warning."""
    for metric_id, column in read.items():
        metric = columns.by_id[metric_id]
        if metric.ratio_of is None:
            continue
        num_id, den_id = metric.ratio_of
        if num_id not in read or den_id not in read:
            continue
        num, den, rate = (
            read[m].values.astype(np.float64) / scale_of(columns.by_id[m])
            for m in (num_id, den_id, metric_id)
        )
        ok = (
            keep
            & (column.states == VALUE)
            & (read[num_id].states == VALUE)
            & (read[den_id].states == VALUE)
            & (den > 0)
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            off = ok & (np.abs(rate - num / den) > RATE_TOLERANCE)
        headers = f.grid.header
        j = f.metric_cols[metric_id]
        for i in np.flatnonzero(off):
            said = problems.rate_disagrees(
                unit=names[codes[i]],
                rate=f"{rate[i] * 100:.2f}%",
                computed=f"{num[i] / den[i] * 100:.2f}%",
                numerator=headers[f.metric_cols[num_id]].strip(),
                denominator=headers[f.metric_cols[den_id]].strip(),
            )
            f.problem(
                int(chunk.lines[i]),
                j,
                chunk.cell(int(i), j).strip(),
                said.with_context(row_unit=names[codes[i]], row_metric=metric_id),
                "accepted_rate_agrees",
                severity="warning",
            )


def _plain(value: Any, scale: int = 1) -> str:
    """A stored figure as typed: 301, 5200.5 (amounts are kept in millionths)."""
    if isinstance(value, np.integer | int):
        whole, part = divmod(int(value), scale)
        if not part:
            return str(whole)
        return f"{whole}.{part:0{len(str(scale)) - 1}d}".rstrip("0")
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def collect_dates(
    f: FileReader,
    chunk: Chunk,
    lines: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    found: dict[date, int],
) -> None:
    """Every distinct 填报日期 of the kept rows, with its first line; a bad date is a problem."""
    assert f.date_col is not None
    codes, distinct = names_of(chunk.columns[f.date_col])
    kept = np.flatnonzero(keep)
    present, first = np.unique(codes[kept], return_index=True)
    for code, row in zip(present.tolist(), kept[first].tolist(), strict=True):
        text = distinct[code].strip()  # each distinct text once
        if not text:
            continue
        day = parse_date(text)
        line = int(lines[row])
        if day is None:
            if text not in f.bad_dates:  # once per block, at its first line
                f.bad_dates.add(text)
                f.problem(line, f.date_col, text, problems.bad_date(), "accepted_date")
        elif day not in found or line < found[day]:
            found[day] = line


def names_of(column: Any) -> tuple[npt.NDArray[np.intp], list[str]]:
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


def check_weights(
    f: FileReader,
    chunk: Chunk,
    read: dict[str, Column],
    pairs: tuple[tuple[str, str], ...],
    summed: npt.NDArray[np.bool_],
) -> None:
    """A weight of 0 beside a figure (population 0, 10.2 years): a weighted mean cannot
    count the row, and leaving it out in silence would compare other units than last
    year's. Said at the weight's cell; the row's weight is not counted."""
    for value, weight in pairs:
        if value not in read or weight not in read:
            continue
        v, w = read[value], read[weight]
        zero = summed & (v.states == VALUE) & (w.states == VALUE) & (w.values == 0)
        value_header = f.grid.header[f.metric_cols[value]].strip()
        for i in np.flatnonzero(zero):
            j = f.metric_cols[weight]
            f.problem(
                int(chunk.lines[i]),
                j,
                chunk.cell(int(i), j),
                problems.weight_zero_with_value(value_column=value_header),
                "accepted_weight_positive",
                {"value_column": value_header},
            )
            w.states[i] = BAD
