"""The CELLS stage: a file's columns, which is which (``FileReader``), each metric column
of a chunk read to typed figures and cell states (``read_column``), each row checked
against itself (its unit cell, a numerator above its own denominator, a rate the county
computed that disagrees with its own figures, a weight of 0), and every problem located
(``FileReader``: file, line or workbook cell, column, the value as typed; listed up to a
limit and counted beyond it by ``partial.ProblemList``).

Cells written as plain numbers (or plain yes/no words) are read by Arrow compute kernels
over the whole column; every other cell goes, once per distinct text, through the clerk's
habit parser in ``plan_check.cells`` (万, 3,000, 96.5%, ３０００, 300人, / for not
applicable): that parser is this domain's own policy, which no library has. The Python
work so grows with the distinct messy texts, not with the file.

Counts (``int``, and yes/no as 1/0) are int64 end to end, never floats; amounts (万元,
years) are int64 counts of millionths (at most six decimals: exact, or refused); only the
rates a county computed itself (cross-checked, never summed) are float64.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from plan_check import problems, refusals
from plan_check.cells import (
    AMOUNT_DECIMALS,
    AMOUNT_SCALE,
    BAD,
    BLANK,
    FALSE_TOKENS,
    NA,
    NA_TOKENS,
    TRUE_TOKENS,
    VALUE,
    ZERO_WORDS,
    CellError,
    fold,
    parse_bool,
    parse_number,
)
from plan_check.codes import Code, Said
from plan_check.identity import clean_name, fold_column, is_total_row, total_rows
from plan_check.identity import key as header_key
from plan_check.input.dates import parse_date
from plan_check.input.grid import (
    COUNTY_HEADERS,
    DATE_HEADERS,
    SCHOOL_HEADERS,
    STUDENT_HEADERS,
    UNIT_HEADERS,
    Chunk,
    Grid,
    column_letter,
)
from plan_check.input.partial import MAX_UNITS, ProblemList, ReadSpec

if TYPE_CHECKING:
    import pyarrow as pa

    from plan_check.dictionary import Metric


ROW_ACCEPTED = {
    Code.ROW_TOO_LONG: "accepted_row_width",
    Code.ROW_UNQUOTED_THOUSANDS: "accepted_row_width",
    Code.ROW_TOO_SHORT: "accepted_row_width",
    Code.UNCLOSED_QUOTE: "accepted_quotes",
    Code.QUOTE_SWALLOWS_ROWS: "accepted_quotes",
    Code.ROW_ABOVE_HEADER: "accepted_below_header",
}


class FileReader:
    """One file (or sheet) while a block of it is read: its grid, which column is which,
    and its problems."""

    def __init__(self, grid: Grid, reading: ReadSpec) -> None:
        """Which column is which: the unit, school, student-id and date columns, each
        metric's (a later column of the same metric is its twin, compared), those without
        a header; a column named twice or not known is said."""
        self.grid = grid
        self.listing = ProblemList(reading.options.max_problems)
        self.by_id = {m.id: m for m in reading.metrics}
        self.unit_words = {m.unit for m in reading.metrics if m.unit} | {"%", "是/否", "单位"}
        self.date_col: int | None = None
        self.metric_cols: dict[str, int] = {}
        self.twin_cols: dict[str, list[int]] = {}  # a metric's later columns: compared
        self.key_twins: list[tuple[int, int]] = []  # a unit/school/id column again: compared
        self.headless: list[int] = []
        self.bad_dates: set[str] = set()  # report dates already refused
        self.invisible: set[str] = set()  # unit names already said to hold invisible marks
        metrics: dict[str, Metric] = {}
        for m in reading.metrics:
            named = [m.id, m.header]
            if m.unit:  # 国培计划培训人数(人)
                named += [f"{m.header}({m.unit})", f"{m.header}[{m.unit}]"]
            metrics |= {header_key(h): m for h in named}
        kinds = [
            {header_key(h) for h in hs} for hs in (UNIT_HEADERS, SCHOOL_HEADERS, STUDENT_HEADERS)
        ]
        dates = {header_key(h) for h in DATE_HEADERS}
        county = {header_key(h) for h in COUNTY_HEADERS}
        # what a header cell names, however spelt (国培计划培训人数(人), guopei, 縣區): a
        # header again is known by it (header_again)
        self.names = {k: m.id for k, m in metrics.items()} | {k: ":date" for k in dates}
        self.names |= {k: f":{n}" for n, keys in enumerate(kinds) for k in keys}
        found: list[int | None] = [None, None, None]  # the unit, school and student-id columns
        for j, raw_header in enumerate(grid.header):
            key = header_key(raw_header)
            kind = next((k for k, keys in enumerate(kinds) if key in keys), None)
            if kind is not None and found[kind] is None:
                found[kind] = j
            elif key in dates:
                self.date_col = j
            elif kind is not None and (first := found[kind]) is not None:
                # a key column again, never unknown; compared where it is that column again
                # (學校 beside 学校, 縣區 beside 区县), not read where it is another (身份证号)
                same = key == (other := header_key(grid.header[first])) or {key, other} <= county
                self._twice(j, first, "accepted_one_key_column", read=same)
                if same:
                    self.key_twins.append((first, j))
            elif key in metrics:
                metric_id = metrics[key].id
                if metric_id in self.metric_cols:
                    self._twice(j, self.metric_cols[metric_id])
                    self.twin_cols.setdefault(metric_id, []).append(j)
                else:
                    self.metric_cols[metric_id] = j
            elif not key:  # a column without a header is reported only if it holds data
                self.headless.append(j)
            else:
                self._header_problem(j, raw_header, problems.unknown_column(), "accepted_columns")
        unit_col, self.school_col, self.student_col = found
        assert unit_col is not None  # the header row is found by its unit column
        self.unit_col = unit_col

    def _twice(
        self, j: int, first: int, accepted: str = "accepted_once", read: bool = True
    ) -> None:
        """Column ``j`` names what column ``first`` names: the first is read, the other
        checked against it (``read``), or not read at all (another id, another level)."""
        said = (problems.duplicate_column if read else problems.key_column_unread)(
            metric=self.grid.header[first], other=first + 1, letter=column_letter(first + 1)
        )
        self._header_problem(j, self.grid.header[j], said, accepted)

    def _header_problem(self, j: int, header: str, said: Said, accepted: str) -> None:
        grid = self.grid
        self.listing.problem(grid, grid.header_line, j, header, said, accepted, severity="warning")

    def at_row(
        self,
        chunk: Chunk,
        i: int,
        col: int,
        said: Said,
        accepted: str,
        accepted_params: dict[str, Any] | None = None,
        severity: Literal["error", "warning"] = "error",
        value: str | None = None,
    ) -> None:
        """The problem ``said`` at row ``i`` of a chunk: its line, and the cell as typed
        unless ``value`` is shown instead."""
        shown = chunk.cell(i, col) if value is None else value
        line = int(chunk.lines[i])
        self.listing.problem(self.grid, line, col, shown, said, accepted, accepted_params, severity)

    def header(self, metric_id: str) -> str:
        return self.grid.header[self.metric_cols[metric_id]].strip()


def is_units_line(chunk: Chunk, f: FileReader, i: int = 0) -> bool:
    """Whether the chunk's row ``i`` only names units of measure (人, 所, 万元…). One that
    gives a metric in another scale of its unit (万元 for 元) refuses the file."""
    row, line = chunk.row(i), int(chunk.lines[i])
    if fold(row[f.unit_col]).strip(":") not in ("", "单位", "计量单位"):  # 单位: 人, 人
        return False
    cells = [fold(v).strip("()") if j != f.unit_col else "" for j, v in enumerate(row)]
    if not any(cells) or any(c and c not in f.unit_words for c in cells):
        return False
    for metric_id, j in f.metric_cols.items():
        unit, given = f.by_id[metric_id].unit, cells[j]
        if unit and given and given != unit and (given.endswith(unit) or unit.endswith(given)):
            raise refusals.units_line_scale(path=f.grid.path, line=line, column=f.grid.header[j],
                                            given=given, unit=unit)  # fmt: skip
    return True


def header_again(f: FileReader, at: Rows, filled: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Rows that are the header again (two tables pasted one below the other): a row with
    a cell no figure is read from whose cells name two of this file's columns (one, in a
    file of two), whatever its unit cell holds (区县, nothing, 序号). One whose every cell
    names what the header's does is a copy, skipped with a warning; any other refuses the
    file, since the rows below it are not what the header says (a cell not known, 教师工资
    (元), may be a column moved). A row of units (人), a label or a footer names none."""
    bad = np.zeros(len(at.lines), dtype=bool)
    for column in at.read.values():
        bad |= column.states == BAD
    rows: npt.NDArray[np.bool_] = filled & bad

    def names(row: list[str]) -> list[str]:
        keys = [header_key(c) if j != f.unit_col else "" for j, c in enumerate(row)]
        return [f.names.get(k, k) for k in keys]

    header = names(f.grid.header)
    named, units = set(header) - {""}, []  # units: lines of units under a copy
    for i in np.flatnonzero(rows).tolist():
        cells = names(at.chunk.row(i))
        hits = [j for j, k in enumerate(cells) if k in named]
        if len(hits) < min(2, len(named)):
            rows[i] = False
        elif any(c and c != header[j] for j, c in enumerate(cells)):  # one cell elsewhere: all
            line, first = int(at.lines[i]), f.grid.header_line
            raise refusals.header_again(path=f.grid.path, line=line, header=first)
        else:
            said = problems.header_repeated(header=f.grid.header_line)
            f.at_row(at.chunk, i, f.unit_col, said, "accepted_one_header", severity="warning")
            units += [i + 1] if i + 1 < len(rows) and is_units_line(at.chunk, f, i + 1) else []
    rows[units] = True
    return rows


MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
SEEN_LIMIT = 50_000  # distinct texts remembered per kind of figure (type and unit word)
PLAIN_INT_DIGITS = 15  # below MAX_FIGURE: a plain digit run of this length is exact
# the other cells the kernels read, by type: plain, or with thousands as Excel writes them
# (3,000 and 12,345.5, quoted in a CSV); amounts below MAX_AMOUNT, at most six decimals
_KERNEL_CELLS = {
    ("float", False): r"^[0-9]{1,12}(\.[0-9]{1,6})?$",
    ("float", True): r"^[0-9]{1,3}(,[0-9]{3}){1,3}(\.[0-9]{1,6})?$",
    ("rate", False): r"^[0-9]{1,15}(\.[0-9]{1,15})?$",
    ("rate", True): r"^[0-9]{1,3}(,[0-9]{3}){1,4}(\.[0-9]{1,9})?$",
    ("int", True): r"^[0-9]{1,3}(,[0-9]{3}){1,4}$",
}

Cell = tuple[int | float, int, CellError | None]  # a cell's value, state and why refused
# the clerk's-habit parser's answers, per (type, unit word), for every block this process
# reads: a messy text met in each block is parsed once
_SEEN: dict[tuple[str, str | None], dict[str, Cell]] = {}


def forget() -> None:
    """A new check: the parser's answers remembered for the last one are let go."""
    _SEEN.clear()


@dataclass
class Column:
    """One metric column of a chunk, read."""

    values: npt.NDArray[Any]  # int64 (amounts in millionths), float64 for rates; 0 if no value
    states: npt.NDArray[np.int8]
    refused: list[tuple[int, CellError]]  # (row, why) for every unreadable cell


def scale_of(metric: Metric) -> int:
    """What a stored figure is divided by: 1 for counts, a million for amounts (万元, years,
    kept as exact integers of millionths); rates are floats (1)."""
    return AMOUNT_SCALE if metric.type == "float" else 1


def exact(metric: Metric) -> bool:
    """Figures kept as integers: counts, yes/no, and amounts in millionths."""
    return metric.type in ("int", "bool", "float")


def read_column(column: pa.Array | pa.ChunkedArray, metric: Metric) -> Column:
    """A column's cells to figures: the plain cells by one vectorised cast, the cells
    written with thousands (3,000) by a second over those left, every other cell (a blank
    one too) by the clerk's-habit parser, once per distinct text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = one_array(column)
    is_plain, values = _kernel(column, metric, thousands=False)  # the others' values set below
    states = np.where(is_plain, np.int8(VALUE), np.int8(BAD))
    rest = np.flatnonzero(~is_plain)
    texts = column.take(rest)
    if metric.type != "bool" and pc.any(pc.match_substring(texts, ",")).as_py():
        hit, figures = _kernel(texts, metric, thousands=True)  # few columns
        values[rest[hit]] = figures[hit]
        states[rest[hit]] = VALUE
        rest, texts = rest[~hit], texts.filter(pa.array(~hit))
    where, distinct = names_of(texts)
    memo = _SEEN.setdefault((metric.type, metric.unit), {})
    cells = []
    for text in distinct:
        if (cell := memo.get(text)) is None:
            cell = read_cell(text, metric)
            if len(memo) < SEEN_LIMIT:  # a column of distinct decimals must not fill memory
                memo[text] = cell
        cells.append(cell)
    values[rest] = np.array([c[0] for c in cells], dtype=values.dtype)[where]
    states[rest] = np.array([c[1] for c in cells], dtype=np.int8)[where]
    wrong = np.array([c[2] is not None for c in cells], dtype=bool)[where]
    refused = [(int(rest[k]), cells[where[k]][2]) for k in np.flatnonzero(wrong).tolist()]
    return Column(values, states, refused)


def disagree(first: Column, twin: Column, texts: Any, col: int) -> None:
    """Rows where a metric's later column (``twin``, column ``col``, its cells ``texts``)
    holds another figure than its first (or one where the first is blank): which one is
    right cannot be told, so the first's cell is refused (its unit's figure incomplete),
    never taken in silence."""
    differ = (first.states != BAD) & (twin.states != BLANK)  # a blank twin: nothing said
    rows = np.flatnonzero(differ & ((first.states != twin.states) | (first.values != twin.values)))
    first.states[rows], first.values[rows] = BAD, 0
    said: dict[str, CellError] = {}  # one per text, however many rows hold it
    for row, value in zip(rows.tolist(), texts.take(rows).to_pylist(), strict=True):
        if (why := said.get(value)) is None:
            shown = str(value).strip()
            shown = shown if len(shown) <= 40 else shown[:40] + "…"
            why = said[value] = CellError.of(
                problems.duplicate_column_differs(
                    other=col + 1, letter=column_letter(col + 1), value=shown
                )
            )
        first.refused.append((row, why))


def _kernel(texts: Any, metric: Metric, thousands: bool) -> tuple[Any, npt.NDArray[Any]]:
    """Which cells the Arrow kernels read, plain or (``thousands``) written with thousands,
    and their figures (anything elsewhere): counts as int64, amounts as exact millionths
    (decimal128(18, 6)), rates as floats (at most 1: the parser says why a larger one is
    refused), yes/no words as 1/0."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if metric.type == "bool":
        yes = pc.is_in(texts, value_set=pa.array(sorted(TRUE_TOKENS), pa.string()))
        no = pc.is_in(texts, value_set=pa.array(sorted(FALSE_TOKENS), pa.string()))
        return mask_of(pc.or_(yes, no)), _numbers(pc.cast(yes, pa.int64()))
    if metric.type == "int" and not thousands:  # the usual column: a faster kernel
        hit = pc.ascii_is_decimal(texts)
        if (pc.max(pc.binary_length(texts)).as_py() or 0) > PLAIN_INT_DIGITS:
            hit = pc.and_(hit, pc.less_equal(pc.binary_length(texts), PLAIN_INT_DIGITS))
    else:
        hit = pc.match_substring_regex(texts, _KERNEL_CELLS[(metric.type, thousands)])
    if thousands:
        texts = pc.replace_substring(texts, ",", "")
    kind = {"int": pa.int64(), "rate": pa.float64()}.get(metric.type)
    picked = pc.cast(masked(texts, hit), kind or pa.decimal128(18, AMOUNT_DECIMALS))
    if metric.type == "rate":
        hit = pc.and_(hit, pc.less_equal(picked, 1.0))
    return mask_of(hit), _numbers(picked)


def masked(column: Any, mask: Any) -> Any:
    """A string array's cells where ``mask`` (a Boolean array) holds, null elsewhere: the
    mask's bits as its validity, the cells' bytes shared."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if mask.offset or mask.null_count:
        return pc.if_else(mask, column, None)
    _, offsets, data = column.buffers()
    offsets = offsets.slice(column.offset * (8 if pa.types.is_large_string(column.type) else 4))
    return pa.Array.from_buffers(column.type, len(column), [mask.buffers()[1], offsets, data])


def mask_of(mask: Any) -> npt.NDArray[np.bool_]:
    """A Boolean Arrow array as numpy, null as False."""
    import pyarrow.compute as pc

    mask = pc.fill_null(mask, False) if mask.null_count else mask
    bits = np.unpackbits(np.frombuffer(mask.buffers()[1], np.uint8), bitorder="little")
    return bits[mask.offset : mask.offset + len(mask)].view(bool)


def _numbers(array: Any) -> npt.NDArray[Any]:
    """An int64, float64 or decimal128 Arrow array (a decimal's low words: its figures are
    below 2**63) as a numpy array of its own (int64 or float64), whatever its null cells
    hold."""
    import pyarrow as pa

    step = 2 if pa.types.is_decimal(array.type) else 1
    words = np.frombuffer(
        array.buffers()[1], np.float64 if array.type == pa.float64() else np.int64
    )
    return np.array(words[array.offset * step : (array.offset + len(array)) * step : step])


def read_cell(raw: str, metric: Metric) -> Cell:
    """One cell as (value, state, why refused)."""
    if len(raw) > MAX_CELL_CHARS:
        return 0, BAD, CellError.of(problems.cell_text_too_long(limit=f"{MAX_CELL_CHARS:,}"))
    text = raw.strip()
    if not text:
        return 0, BLANK, None
    if metric.type == "int" and fold(text) in ZERO_WORDS:
        return 0, VALUE, None
    if fold(text).lower() in NA_TOKENS:
        return 0, NA, None
    bool_type = metric.type == "bool"
    number = parse_bool(text) if bool_type else parse_number(text, metric.type, metric.unit)
    if isinstance(number, CellError):
        return 0, BAD, number
    if metric.type in ("int", "bool"):  # yes/no as 1/0
        return int(number), VALUE, None
    if metric.type == "float":  # parse_number has refused more than six decimals
        return int(number * AMOUNT_SCALE), VALUE, None
    return float(number), VALUE, None


MAX_UNIT_CHARS = 100  # a longer "unit name" is surely no county or school
RATE_TOLERANCE = 0.0005  # 0.05 percentage points: a county's own rate vs its figures
SCIENTIFIC_ID = r"^[+-]?[0-9]+(\.[0-9]*)?e[+-]?[0-9]+$"  # 1.10101e+17, as folded


class Rows:
    """A chunk's rows while CELLS checks them: the chunk, its metric columns read
    (``read``, once read), each row's unit as a code among ``names`` (the chunk's distinct
    unit cells, ``raw_names``, cleaned), and its second key (school or student id) as
    typed (trimmed) and folded, the rows giving it and those left out for it; and the
    school column as typed."""

    def __init__(self, f: FileReader, chunk: Chunk) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        self.chunk, self.lines = chunk, chunk.lines
        self.read: dict[str, Column] = {}
        self.codes, self.raw_names = names_of(chunk.columns[f.unit_col])
        if len(self.raw_names) > 4 * MAX_UNITS:  # refused before each name is looked at (a
            # block of 20,000 names; up to that the whole file's names are counted exactly)
            raise refusals.file_too_many_units(
                path=f.grid.path, count=len(self.raw_names), limit=MAX_UNITS
            )
        self.names = [clean_name(u) for u in self.raw_names]
        self.col = f.student_col if f.student_col is not None else f.school_col
        self.raw: Any = None
        self.folded: Any = None
        self.school: Any = None
        self.present, self.totals, self.empty, self.lost = np.zeros((4, len(chunk)), bool)
        self.given = self.present  # the rows naming a school or student
        if self.col is None:  # no row is left out for its key
            return
        raw = pc.utf8_trim_whitespace(one_array(chunk.columns[self.col]))
        self.raw, self.folded = raw, fold_column(raw)
        self.present = self.given = mask_of(pc.greater(pc.binary_length(raw), 0))  # holds text
        # text that folds to nothing (a zero-width space)
        self.empty = self.present & mask_of(pc.equal(pc.utf8_length(self.folded), 0))
        if self.col == f.school_col:  # 小计 rows, and the unit's own rows (naming no school)
            self.school, self.totals = raw, total_rows(self.folded)
            self.given = self.present & ~mask_of(self.no_school(self.folded))
            return
        # 1.10101E+17: an id Excel wrote as a number, its digits lost; ids that collapse
        # so would be one student (and the others dropped as repeats)
        self.lost = mask_of(pc.match_substring_regex(self.folded, SCIENTIFIC_ID))
        if f.school_col is not None and len(chunk):  # a student file's school column:
            cells = one_array(chunk.columns[f.school_col])
            codes, schools = names_of(cells)  # each school looked at once
            self.totals = total_rows(fold_column(pa.array(schools, pa.string())))[codes]
            self.school = pc.utf8_trim_whitespace(cells)

    def no_school(self, folded: Any) -> Any:
        """Whether each folded school cell names no school: "/", "-", 无 (a clerk's "not
        applicable"), or the unit's own name (青山县 in the 学校 column of 青山县)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        units = pa.array([header_key(n) for n in self.names], type=pa.string())
        own = pc.equal(folded, pc.take(units, pa.array(self.codes)))
        return pc.or_(own, pc.is_in(folded, value_set=pa.array(sorted(NA_TOKENS), pa.string())))


def key_problems(
    f: FileReader, rows: Rows, keep: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Rows left out for their school or student cell: a 小计/合计 row in the school column
    (a note: plan-check adds the schools itself), a key that folds to nothing and a
    student id in scientific notation (errors; the unit is then incomplete). Returns (the
    totals, the others)."""
    totals = keep & rows.totals
    empty = keep & ~totals & rows.empty
    lost = keep & ~totals & ~empty & rows.lost
    said: list[tuple[Any, int | None, Said, str, Literal["error", "warning"]]] = [
        (totals, f.school_col, problems.school_total_row(), "accepted_school_name", "warning"),
        (empty, rows.col, problems.key_folds_to_nothing(), "accepted_key", "error"),
        (lost, rows.col, problems.student_id_scientific(), "accepted_student_id", "error"),
    ]
    for hit, col, why, accepted, severity in said:
        for i in np.flatnonzero(hit).tolist():
            assert col is not None  # no row is left out for a column not in the file
            shown = rows.chunk.cell(i, col).strip() if hit is totals else None  # else as typed
            f.at_row(rows.chunk, i, col, why, accepted, None, severity, shown)
    return totals, empty | lost


def unit_problems(
    f: FileReader, rows: Rows, filled: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Rows whose unit cell cannot be counted (blank, a line break, too long, a 合计
    row), each said; a name with invisible marks is said once per name and block."""
    chunk, codes, names = rows.chunk, rows.codes, rows.names
    for code, (raw, name) in enumerate(zip(rows.raw_names, names, strict=True)):
        if name == raw.strip() or name in f.invisible:
            continue
        if len(on := np.flatnonzero(filled & (codes == code))):  # not on a skipped row
            f.invisible.add(name)
            said, row = problems.unit_invisible_chars(unit=name), int(on[0])
            f.at_row(chunk, row, f.unit_col, said, "accepted_unit_name", None, "warning", raw)
    says = [_unit_says(u) for u in names]
    out: npt.NDArray[np.bool_] = filled & np.array([bool(x) for x in says] or [False])[codes]
    given = {m: c.states != BLANK for m, c in rows.read.items()} if out.any() else {}
    for i in np.flatnonzero(out).tolist():
        name = names[codes[i]]
        metrics = tuple(m for m, on in given.items() if on[i])  # no goal passes without them
        for said, severity in says[codes[i]]:
            said = said.with_context(row_metrics=metrics) if severity == "error" else said
            f.at_row(chunk, i, f.unit_col, said, "accepted_unit_name", None, severity, name)
    return out


def _unit_says(name: str) -> list[tuple[Said, Literal["error", "warning"]]]:
    """Why a unit name cannot be counted (nothing: it can)."""
    said: list[tuple[Said, Literal["error", "warning"]]] = []
    if not name:
        said.append((problems.blank_unit(), "error"))
    elif len(name) > MAX_UNIT_CHARS:
        said.append((problems.unit_name_too_long(length=len(name), limit=MAX_UNIT_CHARS), "error"))
    elif "\n" in name or "\r" in name:  # a unit name over lines: a quote that swallowed rows
        said.append((problems.unit_name_line_break(), "error"))
    if is_total_row(name):
        said.append((problems.total_row(), "warning"))
    return said


def check_bounds(f: FileReader, rows: Rows, summed: npt.NDArray[np.bool_]) -> None:
    """A numerator above its own denominator (301 enrolled of 300 willing) on one row, or
    "/" (none applies) beside a denominator above 0 (58 new staff, screened "/"): said,
    and the numerator not counted."""
    read, names, codes = rows.read, rows.names, rows.codes
    for metric_id, column in read.items():
        bound = f.by_id[metric_id].not_above
        if bound is None or bound not in read:
            continue
        num_scale, den_scale = scale_of(f.by_id[metric_id]), scale_of(f.by_id[bound])
        numerators, denominators = column.values, read[bound].values
        if num_scale != den_scale:  # compare num/s1 > den/s2 as whole numbers, exactly
            numerators = numerators.astype(object) * den_scale
            denominators = denominators.astype(object) * num_scale
        over = summed & (column.states == VALUE) & (read[bound].states == VALUE)
        over &= np.asarray(numerators > denominators, dtype=bool)
        na = summed & (column.states == NA) & (read[bound].states == VALUE)
        na &= read[bound].values > 0
        headers = {"numerator": f.header(metric_id), "denominator": f.header(bound)}
        for i in np.flatnonzero(over | na).tolist():
            text = "" if rows.school is None else str(rows.school[i].as_py())
            unit = names[codes[i]] + (f" {text}" if text else "")
            den_value = _typed(read[bound].values[i], den_scale)
            value = _typed(column.values[i], num_scale) if over[i] else None
            said = (
                problems.numerator_above_denominator(
                    unit=unit, num_value=value, den_value=den_value, **headers
                )
                if value is not None
                else problems.numerator_na(unit=unit, den_value=den_value, **headers)
            ).with_context(row_unit=names[codes[i]], row_metric=metric_id)
            j = f.metric_cols[metric_id]
            f.at_row(rows.chunk, i, j, said, "accepted_not_above", headers, value=value)
        column.states[over | na] = BAD


def cross_check_rates(f: FileReader, rows: Rows, keep: npt.NDArray[np.bool_]) -> None:
    """A rate the county computed itself that disagrees with its own figures: a warning."""
    read, names, codes = rows.read, rows.names, rows.codes
    for metric_id, column in read.items():
        ratio = f.by_id[metric_id].ratio_of
        if ratio is None or not set(ratio) <= read.keys():
            continue
        num_id, den_id = ratio
        num, den, rate = (
            read[m].values.astype(np.float64) / scale_of(f.by_id[m])
            for m in (num_id, den_id, metric_id)
        )
        given = (column.states == VALUE) & (read[num_id].states == VALUE)
        ok = keep & given & (read[den_id].states == VALUE) & (den > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            off = ok & (np.abs(rate - num / den) > RATE_TOLERANCE)
        j = f.metric_cols[metric_id]
        for i in np.flatnonzero(off).tolist():
            said = problems.rate_disagrees(
                unit=names[codes[i]],
                rate=f"{rate[i] * 100:.2f}%",
                computed=f"{num[i] / den[i] * 100:.2f}%",
                numerator=f.header(num_id),
                denominator=f.header(den_id),
            ).with_context(row_unit=names[codes[i]], row_metric=metric_id)
            value = rows.chunk.cell(i, j).strip()
            f.at_row(rows.chunk, i, j, said, "accepted_rate_agrees", None, "warning", value)


def _typed(value: Any, scale: int = 1) -> str:
    """A stored figure as typed: 301, 5200.5 (amounts are kept in millionths)."""
    if isinstance(value, np.integer | int):
        whole, part = divmod(int(value), scale)
        if not part:
            return str(whole)
        return f"{whole}.{part:0{len(str(scale)) - 1}d}".rstrip("0")
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def collect_dates(
    f: FileReader, rows: Rows, keep: npt.NDArray[np.bool_], found: dict[date, int]
) -> None:
    """Every distinct 填报日期 of the kept rows, with its first line; a bad date is a problem."""
    assert f.date_col is not None
    chunk = rows.chunk
    codes, distinct = names_of(chunk.columns[f.date_col])
    kept = np.flatnonzero(keep)
    present, first = np.unique(codes[kept], return_index=True)
    for code, row in zip(present.tolist(), kept[first].tolist(), strict=True):
        text = distinct[code].strip()  # each distinct text once
        if not text:
            continue
        day = parse_date(text)
        line = int(rows.lines[row])
        if day is None:
            if text not in f.bad_dates:  # once per block, at its first line
                f.bad_dates.add(text)
                f.at_row(chunk, row, f.date_col, problems.bad_date(), "accepted_date", value=text)
        elif day not in found or line < found[day]:
            found[day] = line


def one_array(column: Any) -> Any:
    """A column as one string array (each kernel over it runs once), its null cells ""."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return pc.fill_null(column, "") if column.null_count else column


def names_of(column: Any) -> tuple[npt.NDArray[np.intp], list[str]]:
    """Each row's code among the distinct cells of a column, and those cells as written."""
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(one_array(column))  # one dictionary
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
    return codes, [str(v) for v in encoded.dictionary.to_pylist()]


def check_weights(
    f: FileReader, rows: Rows, pairs: tuple[tuple[str, str], ...], summed: npt.NDArray[np.bool_]
) -> None:
    """A weight of 0 beside a figure (population 0, 10.2 years): a weighted mean cannot
    count the row, and leaving it out in silence would compare other units than last
    year's. Said at the weight's cell; the row's weight is not counted."""
    read = rows.read
    for value, weight in pairs:
        if value not in read or weight not in read:
            continue
        v, w = read[value], read[weight]
        zero = summed & (v.states == VALUE) & (w.states == VALUE) & (w.values == 0)
        header = {"value_column": f.header(value)}
        said = problems.weight_zero_with_value(**header)
        for i in np.flatnonzero(zero).tolist():
            f.at_row(rows.chunk, i, f.metric_cols[weight], said, "accepted_weight_positive", header)
        w.states[zero] = BAD
