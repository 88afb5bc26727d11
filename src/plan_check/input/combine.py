"""The blocks of every file as one submission, merged in a fixed order (file by file,
block by block), so the result is the same however the blocks were cut or wherever they
were read.

Across files: a unit in two files of one row per unit, or the same school (or student)
twice, is a repeated row naming both places; a unit off the roster is named and not
counted. A file's problems are listed in file order up to a limit and counted beyond it.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import numpy as np
import numpy.typing as npt

from plan_check import problems as catalogue
from plan_check import refusals
from plan_check.codes import Code, Said
from plan_check.figures import MetricTotals, ProductTotals, Records
from plan_check.identity import key as name_key
from plan_check.input.columns import exact
from plan_check.input.keys import BLANK_SHOWN, look_alike
from plan_check.input.layout import ProblemList
from plan_check.input.partial import Products, ReadSpec, Source
from plan_check.input.records import KEY_SEPARATOR, MAX_UNITS, STUDENT_SEPARATOR
from plan_check.input.repeats import Repeats, double_submissions
from plan_check.input.sums import exact_scale
from plan_check.report import Problem

ONCE_PER_FILE = frozenset({Code.UNIT_INVISIBLE_CHARS, Code.BAD_DATE})


def combine(
    sources: list[Source], reading: ReadSpec, found_repeats: Repeats
) -> tuple[Records, list[Problem], list[str], dict[str, tuple[str, int]], dict[str, date]]:
    """The totals of every unit, every problem (file by file, in file order), the expected
    units that sent no row, each unit's first row, and each file's 填报日期."""
    listings = [ProblemList(reading.options.max_problems) for _ in sources]
    seen_once: list[set[tuple[str, str | None]]] = [set() for _ in sources]
    first_rows: dict[str, tuple[str, int]] = {}
    order: list[str] = []  # units in the order they first appear, every file
    dates: dict[str, date] = {}
    empty = {
        s for s, src in enumerate(sources) if not _file_level(src, listings[s], seen_once[s], dates)
    }
    if empty and len(empty) == len(sources):  # nothing to check at all
        raise refusals.file_no_rows(path=sources[min(empty)].path)
    for src in sources:
        for part in src.partials:
            for name, line in zip(part.units, part.first_lines, strict=True):
                if name not in first_rows:
                    first_rows[name] = (src.path, line)
                    order.append(name)
        if sum(len(p.units) for p in src.partials) > MAX_UNITS:
            count = len(src.units())
            if count > MAX_UNITS:
                raise refusals.file_too_many_units(path=src.path, count=count, limit=MAX_UNITS)
    if not reading.roster:  # a unit named only on blank rows: known, and not reported
        for src in sources:
            blank: dict[str, int] = {}
            for part in src.partials:
                for name, line in part.blank_units.items():
                    blank[name] = min(blank.get(name, line), line)
            for name, line in sorted(blank.items(), key=lambda item: item[1]):
                if name not in first_rows:
                    first_rows[name] = (src.path, line)
                    order.append(name)
    for s, lines, blocks, which in found_repeats.by_source():
        listing, src = listings[s], sources[s]
        kind = src.partials[0].key_kind if src.partials else "unit"
        col = src.unit_col()
        for i in range(len(lines)):  # no list of every line: most are only counted
            line = int(lines[i])
            if not listing.listed_if(line, col):  # this row and every later one: counted
                _count_repeats(
                    listing, src.header[col].strip(), kind, found_repeats, s, i, lines, which
                )
                break
            r = found_repeats.repeat(s, int(blocks[i]), line, int(which[i]))
            first = sources[r.first_source]
            place = f"{first.path}:{first.place(r.first_line, first.unit_col())}"
            unit, said = _repeat(kind, r.key, r.typed, place)
            _add(listing, src, r.line, col, unit, said, "accepted_one_row")
    roster = list(dict.fromkeys(reading.roster)) if reading.roster else None
    if roster is not None:
        _off_roster(sources, listings, order, first_rows, roster)
    else:
        _same_unit_twice(sources, listings, order, first_rows)
    units = roster if roster is not None else order

    def say(s: int, line: int, unit: str, said: Said) -> None:
        src = sources[s]
        # different figures: said, and summed
        warning = said.code is Code.UNIT_AND_SCHOOL_ROWS_APART
        _add(
            listings[s], src, line, src.unit_col(), unit, said, "accepted_one_place",
            "warning" if warning else "error",
        )  # fmt: skip

    spoiled = double_submissions(sources, reading, units, say)
    records = _totals(sources, reading, units, spoiled)
    missing = [u for u, n in zip(units, records.rows, strict=True) if not n]
    problems: list[Problem] = []
    for s, src in enumerate(sources):
        if s in empty:  # a header alone beside other files: that file's problem
            no_rows = refusals.file_no_rows(path=src.path).said()
            said = catalogue.file_unreadable_skipped(message=no_rows)
            problems.append(Problem.at(said, src.path))
        problems.extend(listings[s].listed())
        for (column, code, severity), (count, first_line) in listings[s].unlisted.items():
            said = catalogue.more_problems_unlisted(count=count, code=code)
            problems.append(
                Problem.at(
                    said,
                    src.path,
                    first_line,
                    column,
                    severity="error" if severity == "error" else "warning",
                )
            )
    return records, problems, missing, first_rows, dates


def _file_level(
    src: Source, listing: ProblemList, once: set[tuple[str, str | None]], dates: dict[str, date]
) -> bool:
    """One file's blocks: their problems, those said once per file said once, the
    header-less columns holding data, and its one 填报日期. False: it has no rows."""
    headless: set[int] = set()
    found: dict[date, int] = {}
    seen_rows = False
    row_problems = 0
    column_no = {h.strip(): j for j, h in reversed(list(enumerate(src.header)))}
    for part in src.partials:
        for p in part.problems:
            if p.code in ONCE_PER_FILE:
                if (p.code, p.value) in once:
                    continue
                once.add((p.code, p.value))
            listing.add(p, -1 if p.column is None else column_no.get(p.column, -1))
        listing.merge_unlisted(part.unlisted)
        headless |= part.headless
        seen_rows = seen_rows or part.seen_rows
        row_problems += part.row_problems
        for day, line in part.dates.items():
            if day not in found or line < found[day]:
                found[day] = line
    if not seen_rows and not row_problems:
        return False
    blank = sum(part.blank_rows for part in src.partials)
    if blank:  # rows of a returned template left blank: no submission of those units
        first = sorted(line_unit for part in src.partials for line_unit in part.blank_first)
        shown = first[:BLANK_SHOWN]
        col = src.unit_col()
        rows = "、".join(f"{unit}({src.place(line, col)})" for line, unit in shown)
        _add(
            listing,
            src,
            shown[0][0],
            col,
            None,
            catalogue.rows_without_figures(
                count=blank, rows=rows + ("…" if blank > len(shown) else "")
            ),
            "accepted_rows_with_figures",
            "warning",
        )
    for j in sorted(headless):
        _add(
            listing,
            src,
            src.header_line,
            j,
            "",
            catalogue.unknown_column(),
            "accepted_columns",
            "warning",
        )
    if len(found) > 1:
        ordered = sorted(found.items(), key=lambda item: item[1])
        listed = "、".join(f"{d.isoformat()}(第 {line} 行)" for d, line in ordered)
        date_col = src.partials[0].date_col
        _add(
            listing,
            src,
            ordered[1][1],
            date_col,
            None,
            catalogue.dates_differ_in_file(dates=listed),
            "accepted_one_date",
        )
    elif found:
        dates[src.path] = next(iter(found))
    return True


def _repeat(kind: str, key: str, typed: str, first: str = "") -> tuple[str, Said]:
    """A repeated row's unit and its problem, naming the row it repeats (``first``) and
    its school or student as the clerk typed it."""
    unit, _, other = key.replace(STUDENT_SEPARATOR, KEY_SEPARATOR).partition(KEY_SEPARATOR)
    other = typed or other  # shown as the clerk typed it
    if not unit and other:  # a national 学籍号, in another unit's rows too
        said = catalogue.duplicate_national_id(student=other, first=first)
    elif other and kind == "student":
        said = catalogue.duplicate_student(unit=unit, student=other, first=first)
    elif other and kind == "school":
        said = catalogue.duplicate_school(unit=unit, school=other, first=first)
    else:
        said = catalogue.duplicate_unit(unit=unit, first=first)
    return unit, said.with_context(unit=unit, school=other, student=other)


def _count_repeats(
    listing: ProblemList,
    column: str,
    kind: str,
    found: Repeats,
    s: int,
    start: int,
    lines: npt.NDArray[np.int64],
    which: npt.NDArray[np.int64],
) -> None:
    """The repeated rows of a file from ``start`` on, counted by code (never listed: each
    is later in the file than every problem listed), group by group."""
    lines, which = lines[start:], which[start:]
    alone, cells = found.typed_in(s, lines)  # rows typed otherwise: each on its own
    for k, cell in zip(alone.tolist(), cells, strict=True):
        _, _, key, _ = found.firsts[int(which[k])]
        listing.count_at(column, _repeat(kind, key, cell)[1].code, int(lines[k]))
    if len(alone):
        rest = np.ones(len(lines), dtype=bool)
        rest[alone] = False
        lines, which = lines[rest], which[rest]
    counts = np.bincount(which, minlength=len(found.firsts))
    first = np.full(len(counts), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, which, lines)
    for group in np.flatnonzero(counts).tolist():
        _, _, key, typed = found.firsts[group]
        code = _repeat(kind, key, typed)[1].code
        listing.count_at(column, code, int(first[group]), int(counts[group]))


def _add(
    listing: ProblemList,
    src: Source,
    line: int | None,
    col: int | None,
    value: str | None,
    said: Said,
    accepted: str | None,
    severity: Literal["error", "warning"] = "error",
    accepted_params: dict[str, object] | None = None,
) -> None:
    listing.problem(
        src.path, src.header, src.workbook, line, col, value, said,
        accepted, dict(accepted_params or {}), severity,
    )  # fmt: skip


def _off_roster(
    sources: list[Source],
    listings: list[ProblemList],
    order: list[str],
    first_rows: dict[str, tuple[str, int]],
    roster: list[str],
) -> None:
    """The first row of every unit not on the roster is a problem (its rows are not
    counted: the blocks left them out)."""
    index = {src.path: s for s, src in enumerate(sources)}
    present = set(order)
    missing = [u for u in roster if u not in present]
    on = set(roster)
    for name in order:
        if name in on:
            continue
        path, line = first_rows[name]
        s = index[path]
        alike = look_alike(name, missing) or look_alike(name, roster)
        col = sources[s].unit_col()
        _add(
            listings[s],
            sources[s],
            line,
            col,
            name,
            (
                catalogue.unexpected_unit_like(unit=name, like=alike)
                if alike
                else catalogue.unexpected_unit(unit=name)
            ),
            "accepted_expected_units",
            "error",
            {"units": "、".join(roster)},
        )


def _same_unit_twice(
    sources: list[Source],
    listings: list[ProblemList],
    order: list[str],
    first_rows: dict[str, tuple[str, int]],
) -> None:
    """Without a roster: two names that differ only in width, 縣/县 or an invisible
    character are one unit written two ways; the later one is pointed out."""
    index = {src.path: s for s, src in enumerate(sources)}
    seen: dict[str, str] = {}
    for name in order:
        key = name_key(name)
        if key in seen:
            path, line = first_rows[name]
            s = index[path]
            col = sources[s].unit_col()
            _add(
                listings[s],
                sources[s],
                line,
                col,
                name,
                catalogue.unit_written_twice(unit=name, like=seen[key]),
                "accepted_unit_name",
                "warning",
            )
        else:
            seen[key] = name


def _totals(
    sources: list[Source], reading: ReadSpec, units: list[str], spoiled: dict[str, set[str]]
) -> Records:
    """Every block's per-unit sums added up, unit by unit, in a fixed order; a unit
    reported twice over (``spoiled``) is incomplete in the metrics concerned."""
    n = len(units)
    at = {u: i for i, u in enumerate(units)}
    rows = [0] * n
    in_files = {m for src in sources for part in src.partials for m in part.in_file}
    metrics = [m for m in reading.metrics if m.id in in_files]
    sums = {m.id: [[0] * n for _ in range(4)] for m in metrics}
    products = {
        pair: Products.zeros(n)
        for pair in reading.products
        if pair[0] in in_files and pair[1] in in_files
    }
    for src in sources:
        for part in src.partials:
            where = [at.get(u, -1) for u in part.units]
            for k, i in enumerate(where):
                if i < 0:
                    continue
                rows[i] += part.rows[k]
                for m in metrics:
                    acc = sums[m.id]
                    acc[0][i] += part.sums[m.id][k]
                    acc[1][i] += part.n_value[m.id][k]
                    acc[2][i] += part.n_missing[m.id][k]
                    acc[3][i] += part.n_na[m.id][k]
                for pair, totals in products.items():
                    block = part.products[pair]
                    for total, values in zip(totals.columns(), block.columns(), strict=True):
                        total[i] += values[k]
    for unit, bad in spoiled.items():
        i = at[unit]
        for m in metrics:
            if m.id in bad:
                sums[m.id][2][i] += 1
        for pair, totals in products.items():
            if bad & set(pair):
                totals.n_missing[i] += 1
    return Records(
        tuple(units),
        tuple(rows),
        {m.id: MetricTotals(*(tuple(a) for a in sums[m.id])) for m in metrics},
        {m.id: exact_scale(m) for m in reading.metrics},
        {pair: ProductTotals(*map(tuple, t.columns())) for pair, t in products.items()},
        frozenset(m.id for m in reading.metrics if exact(m)),
    )
