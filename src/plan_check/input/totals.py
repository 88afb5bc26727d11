"""The TOTALS stage: a chunk's rows to sum as a typed Arrow batch (``typed_batch``),
aggregated per unit and kind of row by Arrow's ``group_by`` (``totals``), exactly:
integers throughout (counts; amounts in millionths; the rates a county computed in
millionths), each column int64 where its sum provably cannot wrap, decimal128 where it
can, and a batch cut into slices where even decimal128 could (a product of two huge
figures). The blocks of every file are then merged as one submission (``combine``) in a
fixed order (file by file, block by block), so the result is the same however the blocks
were cut or wherever they were read; and the blank cells of the rows summed are located
(``note_blank_cells``, ``blank_cells``).

Across files: a unit in two files of one row per unit, or the same school (or student)
twice, is a repeated row naming both places; a unit off the roster is named and not
counted. A file's problems are listed in file order up to a limit and counted beyond it.
Blank cells are kept for the 退回修改单 and ``--problems``: whether the unit had to fill
the cell is the plan's to say (returns.py); the reader only keeps where they are, a
bounded number a column, the rest counted.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from itertools import repeat
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from plan_check import problems as catalogue
from plan_check import refusals
from plan_check.cells import BAD, BLANK, NA, VALUE
from plan_check.codes import Code, Said
from plan_check.dictionary import Condition
from plan_check.figures import MetricTotals, ProductTotals, Records
from plan_check.identity import key as name_key
from plan_check.input.columns import exact, scale_of
from plan_check.input.partial import (
    KEY_SEPARATOR,
    MAX_UNITS,
    STUDENT_SEPARATOR,
    ProblemList,
    ReadSpec,
    Source,
    located,
    tally,
)
from plan_check.input.repeats import Repeats, double_submissions, place_of
from plan_check.report import Problem

if TYPE_CHECKING:
    import pyarrow as pa

    from plan_check.dictionary import Metric
    from plan_check.input.columns import Column, FileReader, Rows
    from plan_check.input.partial import Partial


MICRO = 10**6  # a rate a county computed, summed in millionths
INT64 = 2**63  # a sum below this in magnitude is exact in int64
DECIMAL = 10**38  # and below this in decimal128(38, 0)
# the batch's leading columns: each row's unit (its index in the block), whether it is the
# unit's own row (no school, no student) and its line; named with a colon, which no
# metric id holds (a metric may be called line or unit)
KEYS = ("unit", "own", "line")
UNIT, OWN, LINE = (":" + k for k in KEYS)
ROWS = f"{LINE}_count"  # a unit's rows, as ``totals`` counts them (``Partial.rows``)


def typed_batch(
    read: dict[str, Column],
    rows: Any,
    keys: dict[str, npt.NDArray[Any]],
    reading: ReadSpec,
    by_id: Mapping[str, Metric],
) -> pa.Table:
    """The rows ``rows`` of a chunk's typed columns as the TOTALS stage takes them: the
    ``keys`` columns, then per metric read its figure where given (null elsewhere; a
    condition's 1 where met) and its rows marked not applicable, per weighted mean's pair
    Σ value·weight and the weight where both are given (weight above 0), the rows missing
    either and those with either not applicable. Marks are int8 1s, null elsewhere. Where
    products could sum past decimal128, the schema's ``slice`` says how many rows can be
    summed at once."""
    import pyarrow as pa

    n = len(keys["unit"])
    batch: dict[str, Any] = {":" + k: pa.array(keys[k]) for k in KEYS}
    ones = np.ones(n, dtype=np.int8)  # every mark's data: its validity says which rows
    largest = 1  # the largest |figure| of a column that must be summed in slices
    for m in reading.metrics:
        column = read.get(source_of(m))
        if column is not None:  # no column in this file: its rows leave the metric blank
            states = column.states[rows]
            figures = counted(exact_values(column.values[rows], m), m, by_id)
            batch[m.id] = _exact(figures, states == VALUE, n)
            batch[f"{m.id}:na"] = _valid(ones, states == NA)
    for value, weight in reading.products:
        v, w, pair = read.get(value), read.get(weight), f"{value}*{weight}"
        if v is None or w is None:  # a column not in the file: every row misses the pair
            batch[f"{pair}:missing"] = pa.array(ones)
            continue
        vs, ws = v.states[rows], w.states[rows]
        vv = exact_values(v.values[rows], by_id[value])
        wv = exact_values(w.values[rows], by_id[weight])
        both = (vs == VALUE) & (ws == VALUE) & (wv > 0)
        batch[pair], top = _product(vv, wv, both, n)
        largest = max(largest, top)
        batch[f"{pair}:weight"] = _exact(wv, both, n)
        missing = np.isin(vs, (BLANK, BAD)) | np.isin(ws, (BLANK, BAD))
        batch[f"{pair}:missing"] = _valid(ones, missing)
        batch[f"{pair}:na"] = _valid(ones, (vs == NA) | (ws == NA))
    table = pa.table(batch)
    step = (DECIMAL - 1) // largest  # rows whose products surely sum below 10**38
    return table if n <= step else table.replace_schema_metadata({"slice": str(step)})


def totals(batch: pa.Table) -> pa.Table:
    """TOTALS: a typed batch summed per (unit, own) by Arrow's ``group_by``: the rows
    (``:line_count``) and first line (``:line_min``); per figure its sum and the rows giving
    it (``_sum``, ``_count``; a weight its sum alone); per mark the rows marked
    (``_count``). A batch to be summed in slices (``typed_batch``) gives a row per
    slice and group, to be added up."""
    import pyarrow as pa
    import pyarrow.compute as pc

    every = pc.ScalarAggregateOptions(min_count=0)  # a sum over no figure is 0, not null
    wanted: list[Any] = [(LINE, "min"), (LINE, "count")]
    for name in batch.column_names[len(KEYS) :]:
        if not name.endswith((":na", ":missing")):
            wanted.append((name, "sum", every))
        if not name.endswith(":weight"):  # its rows: those of the pair's products
            wanted.append((name, "count"))
    step = int((batch.schema.metadata or {}).get(b"slice", 0)) or max(1, len(batch))
    slices = [batch.slice(i, step) for i in range(0, len(batch), step)] or [batch]
    return pa.concat_tables(
        s.group_by([UNIT, OWN], use_threads=False).aggregate(wanted) for s in slices
    )


def sum_columns(reading: ReadSpec) -> list[str]:
    """The per-unit lists a block keeps (``Partial.sums``), each under the name of the
    ``totals`` column adding to it: the rows; per metric its sum, rows given, rows not
    applicable (the rest missing); per pair its ``pair_columns``."""
    out = [ROWS]
    for m in reading.metrics:
        out += [f"{m.id}_sum", f"{m.id}_count", f"{m.id}:na_count"]
    for pair in reading.products:
        out += pair_columns(pair)
    return out


def pair_columns(pair: tuple[str, str]) -> list[str]:
    """A weighted mean's per-unit lists, in ``figures.ProductTotals``' order: Σ value·weight
    and Σ weight over the rows with both (weight above 0), those rows, the rows missing
    either, the rows with either not applicable."""
    p = "*".join(pair)
    return [f"{p}_sum", f"{p}:weight_sum", f"{p}_count", f"{p}:missing_count", f"{p}:na_count"]


def column_of(result: pa.Table, name: str) -> list[int]:
    """An aggregated column as Python integers (decimal128 sums too)."""
    return [int(v) for v in result[name].to_pylist()]


def _exact(values: npt.NDArray[np.int64], given: npt.NDArray[np.bool_], n: int) -> pa.Array:
    """Figures (int64) where ``given`` as an Arrow column whose sum over ``n`` rows is
    exact: int64 while n·max|figure| < 2**63, else decimal128(38, 0) (|figure| < 2**63,
    so n·max < 10**38 for any n below 10**19)."""
    import pyarrow as pa

    top = max(-int(values.min()), int(values.max())) if len(values) else 0
    array = _valid(values, given)
    return array if top * n < INT64 else array.cast(pa.decimal128(38, 0))


def _product(
    v: npt.NDArray[np.int64], w: npt.NDArray[np.int64], given: npt.NDArray[np.bool_], n: int
) -> tuple[pa.Array, int]:
    """value·weight where ``given``, exactly, and its largest possible magnitude: in int64
    while max|v|·max|w| < 2**63, else in decimal (each product below 2**126 < 10**38)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    top = max(-int(v.min()), int(v.max())) * max(-int(w.min()), int(w.max())) if len(v) else 0
    if top < INT64:
        product = _valid(v * w, given)
        return (product if top * n < INT64 else product.cast(pa.decimal128(38, 0))), top
    wide = pa.decimal256(19, 0)
    exact = pc.multiply(_valid(v, given).cast(wide), pa.array(w).cast(wide))
    return exact.cast(pa.decimal128(38, 0)), top


def _valid(data: npt.NDArray[Any], given: npt.NDArray[np.bool_]) -> pa.Array:
    """``data`` (int8 or int64) as an Arrow array, null where not ``given``."""
    import pyarrow as pa

    validity = pa.py_buffer(np.packbits(given, bitorder="little"))
    kind = pa.int8() if data.dtype == np.int8 else pa.int64()
    data = np.ascontiguousarray(data)
    return pa.Array.from_buffers(kind, len(data), [validity, pa.py_buffer(data)])


def exact_values(values: npt.NDArray[Any], metric: Metric) -> npt.NDArray[Any]:
    """A column's values as integers: counts and amounts are already; a county's own rate
    (a float) in millionths."""
    if values.dtype.kind == "f":
        return np.round(values * MICRO).astype(np.int64)
    return values.astype(np.int64, copy=False)


def source_of(metric: Metric) -> str:
    """The column a metric is read from: a condition's source, else its own."""
    return metric.source if isinstance(metric, Condition) else metric.id


def with_conditions(in_file: set[str], metrics: Iterable[Metric]) -> set[str]:
    """The metrics a file gives: its columns, and the conditions on them."""
    return in_file | {m.id for m in metrics if source_of(m) in in_file}


# a row meets a condition on figures in its column's units (an integer, ``scale`` a unit):
# at least 4.5 is at least ceil(4.5·scale)
COMPARE = {">=": (operator.ge, math.ceil), ">": (operator.gt, math.floor)}
COMPARE |= {"<=": (operator.le, math.floor), "<": (operator.lt, math.ceil)}


def counted(values: npt.NDArray[Any], metric: Metric, by_id: Mapping[str, Metric]) -> Any:
    """A condition's values: 1 for each row meeting it, else 0, compared exactly (4.5 in
    a column of millionths is 4,500,000); any other metric's as read."""
    if not isinstance(metric, Condition):
        return values
    line = Fraction(metric.value) * scale_of(by_id[metric.source])
    if metric.op in COMPARE:
        compare, rounded = COMPARE[metric.op]
        hit = compare(values, rounded(line))
    else:
        hit = values == line.numerator if line.denominator == 1 else np.zeros(len(values), bool)
    return np.asarray(hit, dtype=np.int64)


BLANK_SHOWN = 10  # blank rows of a file named one by one in its note; the rest counted
ONCE_PER_FILE = frozenset({Code.UNIT_INVISIBLE_CHARS, Code.BAD_DATE})


def combine(
    sources: list[Source], reading: ReadSpec, found_repeats: Repeats
) -> tuple[Records, list[Problem], list[str], dict[str, tuple[str, int]], dict[str, date]]:
    """The totals of every unit, every problem (file by file, in file order), the expected
    units that sent no row, each unit's first row, and each file's 填报日期."""
    listings = [ProblemList(reading.options.max_problems) for _ in sources]
    first_rows: dict[str, tuple[str, int]] = {}  # in the order units first appear
    dates: dict[str, date] = {}
    empty = {s for s, src in enumerate(sources) if not _file_level(src, listings[s], dates)}
    if empty and len(empty) == len(sources):  # nothing to check at all
        raise refusals.file_no_rows(path=sources[min(empty)].path)
    for src in sources:
        for part in src.partials:
            for name, line in zip(part.units, part.first_lines, strict=True):
                first_rows.setdefault(name, (src.path, line))
        if (count := len(src.units())) > MAX_UNITS:
            raise refusals.file_too_many_units(path=src.path, count=count, limit=MAX_UNITS)
    if not reading.roster:  # a unit named only on blank rows: known, and not reported
        for src in sources:
            for name, line in src.blank_units():
                first_rows.setdefault(name, (src.path, line))
    for s, (lines, which, typed) in found_repeats.rows.items():
        listing, src = listings[s], sources[s]
        col = src.unit_col()
        id_col = src.id_col()  # a student's row is said at its id
        for i in range(len(lines)):  # no list of every line: most are only counted
            line = int(lines[i])
            if not listing.listed_if(line, col):  # this row and every later one: counted
                names = (src.header[col].strip(), src.header[id_col].strip())
                _count_repeats(listing, names, found_repeats.firsts, lines[i:], which[i:], typed)
                break
            first_s, first_at, key, cell = found_repeats.firsts[int(which[i])]
            cell = typed.get(line, cell)
            student = STUDENT_SEPARATOR in key  # at its id, as typed: a national id has no unit
            unit, said = _repeat(key, cell, place_of(sources, (first_s, first_at), student))
            shown = cell or key.rpartition(STUDENT_SEPARATOR)[2] if student else unit
            accepted = "accepted_one_student_row" if student else "accepted_one_row"
            listing.problem(src, line, id_col if student else col, shown, said, accepted)
    roster = list(dict.fromkeys(reading.roster)) if reading.roster else None
    order = list(first_rows)  # units in the order they first appear, every file
    _unit_names(sources, listings, order, first_rows, roster)
    units = roster if roster is not None else order

    spoiled, said_twice = double_submissions(sources, reading, units)
    for s, line, unit, said in said_twice:  # different figures: a warning, and summed
        apart = said.code is Code.UNIT_AND_SCHOOL_ROWS_APART
        severity: Literal["error", "warning"] = "warning" if apart else "error"
        col = sources[s].unit_col()
        listings[s].problem(
            sources[s], line, col, unit, said, "accepted_one_place", severity=severity
        )
    for shared in spoiled.values():  # a condition on a column reported twice is too
        shared |= with_conditions(set(shared), reading.metrics)
    records = _totals(sources, reading, units, spoiled)
    missing = [u for u, n in zip(units, records.rows, strict=True) if not n]
    problems: list[Problem] = []
    for s, src in enumerate(sources):
        if s in empty:  # a header alone beside other files: that file's problem
            no_rows = refusals.file_no_rows(path=src.path).said()
            said = catalogue.file_unreadable_skipped(message=no_rows)
            problems.append(Problem.at(said, src.path))
        problems.extend(listings[s].listed())
        for (column, code, kind), (count, first_line) in listings[s].unlisted.items():
            said = catalogue.more_problems_unlisted(count=count, code=code)
            level: Literal["error", "warning"] = "error" if kind == "error" else "warning"
            problems.append(Problem.at(said, src.path, first_line, column, severity=level))
    return records, problems, missing, first_rows, dates


def _file_level(src: Source, listing: ProblemList, dates: dict[str, date]) -> bool:
    """One file's blocks: their problems, those said once per file said once, the
    header-less columns holding data, and its one 填报日期. False: it has no rows."""
    once: set[tuple[str, str]] = set()
    found: dict[date, int] = {}
    column_no = {h.strip(): j for j, h in reversed(list(enumerate(src.header)))}
    for part in src.partials:
        for p in part.problems:
            mark = (p.code, str(p.params.get("unit", p.value)))  # per unit however cut
            if p.code in ONCE_PER_FILE and mark in once:
                continue
            once.add(mark)
            listing.add(p, -1 if p.column is None else column_no.get(p.column, -1))
        for key, (n, at) in part.unlisted.items():
            tally(listing.unlisted, key, n, at)
        for day, line in part.dates.items():
            found[day] = min(found.get(day, line), line)
    if not any(part.seen_rows for part in src.partials):
        return False
    blank = sum(part.blank_rows for part in src.partials)
    if blank:  # rows of a returned template left blank: no submission of those units
        first = sorted(line_unit for part in src.partials for line_unit in part.blank_first)
        shown = first[:BLANK_SHOWN]
        col = src.unit_col()
        rows = "、".join(f"{unit}({src.place(line, col)})" for line, unit in shown)
        said = catalogue.rows_without_figures(
            count=blank, rows=rows + ("…" if blank > len(shown) else "")
        )
        listing.problem(
            src, shown[0][0], col, None, said, "accepted_rows_with_figures", severity="warning"
        )
    for j in sorted(set().union(*(part.headless for part in src.partials))):
        said = catalogue.unknown_column()
        listing.problem(src, src.header_line, j, "", said, "accepted_columns", severity="warning")
    if len(found) > 1:
        ordered = sorted(found.items(), key=lambda item: item[1])
        listed = "、".join(f"{d.isoformat()}(第 {line} 行)" for d, line in ordered)
        date_col = src.partials[0].date_col
        said = catalogue.dates_differ_in_file(dates=listed)
        listing.problem(src, ordered[1][1], date_col, None, said, "accepted_one_date")
    elif found:
        dates[src.path] = next(iter(found))
    return True


def _repeat(key: str, typed: str, first: str = "") -> tuple[str, Said]:
    """A repeated row's unit and its problem, naming the row it repeats (``first``) and
    its school or student as the clerk typed it (a unit's own row in a file of schools:
    the school cell as typed, "/" or blank). A student's key holds its own separator."""
    student = STUDENT_SEPARATOR in key
    unit, _, other = key.replace(STUDENT_SEPARATOR, KEY_SEPARATOR).partition(KEY_SEPARATOR)
    other = typed or other  # shown as the clerk typed it
    if not unit and other:  # a national 学籍号, in another unit's rows too
        said = catalogue.duplicate_national_id(student=other, first=first)
    elif other and student:
        said = catalogue.duplicate_student(unit=unit, student=other, first=first)
    elif other:  # a school, or a unit's own row in a file of schools
        said = catalogue.duplicate_school(unit=unit, school=other, first=first)
    else:
        said = catalogue.duplicate_unit(unit=unit, first=first)
    return unit, said.with_context(unit=unit, school=other, student=other)


DUPLICATES = (
    Code.DUPLICATE_UNIT,
    Code.DUPLICATE_SCHOOL,
    Code.DUPLICATE_STUDENT,
    Code.DUPLICATE_NATIONAL_ID,  # the last two: said at the student's id
)


def _count_repeats(
    listing: ProblemList,
    columns: tuple[str, str],
    firsts: list[tuple[int, int, str, str]],
    lines: npt.NDArray[np.int64],
    which: npt.NDArray[np.int64],
    typed: dict[int, str],
) -> None:
    """The repeated rows ``lines`` of a file, counted by code (never listed: each is later
    in the file than every problem listed); under the unit's column, or a student's under
    the id's (``columns``). A row typed otherwise than its first row (``typed``) is
    coded by its own cell."""
    groups, index = np.unique(which, return_inverse=True)
    coded = [DUPLICATES.index(_repeat(*firsts[g][2:])[1].code) for g in groups.tolist()]
    codes = np.asarray(coded, dtype=np.int64)[index]
    for k in np.flatnonzero(np.isin(lines, list(typed))).tolist():
        key, cell = firsts[int(which[k])][2], typed[int(lines[k])]
        codes[k] = DUPLICATES.index(_repeat(key, cell)[1].code)
    for c, code in enumerate(DUPLICATES):
        mine = lines[codes == c]
        if len(mine):
            listing.count_at(columns[c >= 2], code, int(mine.min()), len(mine))


def _unit_names(
    sources: list[Source],
    listings: list[ProblemList],
    order: list[str],
    first_rows: dict[str, tuple[str, int]],
    roster: list[str] | None,
) -> None:
    """With a roster, the first row of every unit not on it is a problem (its rows are not
    counted: the blocks left them out). Without one, two names that differ only in width,
    縣/县 or an invisible character are one unit written two ways; the later one is
    pointed out."""
    index = {src.path: s for s, src in enumerate(sources)}
    on, present, seen = set(roster or ()), set(order), dict[str, str]()
    missing = [u for u in roster or () if u not in present]
    for name in order:
        severity: Literal["error", "warning"] = "error"
        if roster is not None:
            if name in on:
                continue
            alike = look_alike(name, missing) or look_alike(name, roster)
            said = (
                catalogue.unexpected_unit_like(unit=name, like=alike)
                if alike
                else catalogue.unexpected_unit(unit=name)
            )
            accepted, params = "accepted_expected_units", {"units": "、".join(roster)}
            said = said.with_context(row_metrics=("*",))  # a unit's mistyped? any goal
        elif (key := name_key(name)) not in seen:
            seen[key] = name
            continue
        else:
            said = catalogue.unit_written_twice(unit=name, like=seen[key])
            accepted, params, severity = "accepted_unit_name", None, "warning"
        path, line = first_rows[name]
        src = sources[index[path]]
        listings[index[path]].problem(
            src, line, src.unit_col(), name, said, accepted, params, severity
        )


def _totals(
    sources: list[Source], reading: ReadSpec, units: list[str], spoiled: dict[str, set[str]]
) -> Records:
    """Every block's per-unit sums added up, unit by unit, in a fixed order; a unit
    reported twice over (``spoiled``) is incomplete in the metrics concerned."""
    at = {u: i for i, u in enumerate(units)}
    parts = [part for src in sources for part in src.partials]  # some: no file is empty
    in_files = {m for part in parts for m in part.in_file}

    def total(*names: str) -> list[tuple[int, ...]]:
        """These per-unit lists of every block added up in ``units``' order."""
        out = [[0] * len(units) for _ in names]
        for part in parts:
            where = [at.get(u, -1) for u in part.units]
            for acc, name in zip(out, names, strict=True):
                for i, value in zip(where, part.sums[name], strict=True):
                    if i >= 0:
                        acc[i] += value
        return [tuple(acc) for acc in out]

    [rows] = total(ROWS)
    metrics = {}
    for m in (m for m in reading.metrics if m.id in in_files):
        sums, n_value, n_na = total(f"{m.id}_sum", f"{m.id}_count", f"{m.id}:na_count")
        missing = (  # blank or unreadable, and one more in a unit sent twice over
            r - v - a + (m.id in spoiled.get(u, ()))
            for u, r, v, a in zip(units, rows, n_value, n_na, strict=True)
        )
        metrics[m.id] = MetricTotals(sums, n_value, tuple(missing), n_na)
    products = {}
    for pair in (pair for pair in reading.products if set(pair) <= in_files):
        weighted, weights, both, lacking, n_na = total(*pair_columns(pair))
        twice = (set(pair) & spoiled.get(u, set()) for u in units)
        missing_pair = (n + bool(bad) for n, bad in zip(lacking, twice, strict=True))
        products[pair] = ProductTotals(weighted, weights, both, tuple(missing_pair), n_na)
    return Records(
        tuple(units),
        rows,
        metrics,
        {m.id: MICRO if m.type == "rate" else scale_of(m) for m in reading.metrics},  # divisors
        products,
        frozenset(m.id for m in reading.metrics if exact(m)),
    )


# located blank cells of a column kept a block and a file (the first by line, whatever
# the blocks); more are counted a unit and column
MAX_BLANKS = 1_000


def note_blank_cells(part: Partial, f: FileReader, at: Rows, summed: npt.NDArray[np.bool_]) -> None:
    """Keep where the summed rows of this block leave a metric's cell blank."""
    read, lines, names, codes = at.read, at.lines, at.names, at.codes
    for metric_id, column in read.items():
        rows = np.flatnonzero(summed & (column.states == BLANK))
        if not len(rows):
            continue
        j = f.metric_cols[metric_id]
        located = part.blank_located.get(metric_id, 0)
        room = max(0, MAX_BLANKS - located)
        units = [names[code] for code in codes[rows[:room]].tolist()]
        part.blank_cells += zip(lines[rows[:room]].tolist(), repeat(j), units, repeat(metric_id))
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
    unit and column. First, a unit named on rows of a source without a figure: one
    ``cell_blank`` naming the unit, its first such row and the source's header
    (``row_figureless``, no metric). No submission for a bureau's check, but all that a
    unit's own file holds: ``--submission`` asks it for every cell it must fill on that
    row."""
    out: list[Problem] = []
    for src in sources:
        shown = tuple(h.strip() for h in src.header)
        for unit, line in src.blank_units():
            said = catalogue.cell_blank(row_unit=unit)
            said = said.with_context(row_figureless=True, header=shown)
            out.append(
                located(
                    src, line, src.unit_col(), unit, said, "accepted_filled", severity="warning"
                )
            )
        more: Counter[tuple[str, str, int]] = Counter()
        kept: Counter[str] = Counter()
        for line, j, unit, metric in sorted(b for part in src.partials for b in part.blank_cells):
            kept[metric] += 1  # a column's first of the file, by line
            if kept[metric] <= MAX_BLANKS:
                said = catalogue.cell_blank(row_unit=unit).with_context(row_metric=metric)
                out.append(located(src, line, j, "", said, "accepted_filled", severity="warning"))
            else:
                more[(unit, metric, j)] += 1
        for part in src.partials:
            more.update(part.blank_more)
        for (unit, metric, j), count in more.items():
            said = catalogue.cell_blank_more(row_unit=unit, count=count)
            said = said.with_context(row_metric=metric)
            out.append(located(src, None, j, None, said, "accepted_filled", severity="warning"))
    return out


# ---- unit names: two that are probably one (青山县 and 青山具, one character apart) ----


def _one_apart(a: str, b: str) -> bool:
    """Whether one substitution, insertion or deletion turns a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def look_alike(name: str, others: Iterable[str]) -> str | None:
    """The first of ``others`` (not ``name`` itself) that is probably the same unit."""
    mine = name_key(name)
    for other in others:
        if other == name:
            continue
        theirs = name_key(other)
        if mine == theirs or (min(len(mine), len(theirs)) >= 2 and _one_apart(mine, theirs)):
            return other
    return None
