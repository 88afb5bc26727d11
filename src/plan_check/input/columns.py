"""A column of text cells to figures and cell states.

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
from typing import TYPE_CHECKING, Any

import numpy as np

from plan_check import problems
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

if TYPE_CHECKING:
    import numpy.typing as npt
    import pyarrow as pa

    from plan_check.dictionary import Metric

MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
SEEN_LIMIT = 50_000  # distinct texts remembered per kind of figure (type and unit word)
PLAIN_INT_DIGITS = 15  # below MAX_FIGURE: a plain digit run of this length is exact
_PLAIN_DECIMAL = r"^[0-9]{1,15}(\.[0-9]{1,15})?$"
_PLAIN_AMOUNT = r"^[0-9]{1,12}(\.[0-9]{1,6})?$"  # below MAX_AMOUNT, at most six decimals
_THOUSANDS_AMOUNT = r"^[0-9]{1,3}(,[0-9]{3}){1,3}(\.[0-9]{1,6})?$"
# 3,000 and 12,345.5 as Excel writes them (quoted in a CSV): thousands, read by the kernels
_THOUSANDS_INT = r"^[0-9]{1,3}(,[0-9]{3}){1,4}$"
_THOUSANDS_DECIMAL = r"^[0-9]{1,3}(,[0-9]{3}){1,4}(\.[0-9]{1,9})?$"

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


def whole(metric: Metric) -> bool:
    return metric.type in ("int", "bool")


def scale_of(metric: Metric) -> int:
    """What a stored figure is divided by: 1 for counts, a million for amounts (万元, years,
    kept as exact integers of millionths); rates are floats (1)."""
    return AMOUNT_SCALE if metric.type == "float" else 1


def exact(metric: Metric) -> bool:
    """Figures kept as integers: counts, yes/no, and amounts in millionths."""
    return metric.type in ("int", "bool", "float")


def read_column(column: pa.Array | pa.ChunkedArray, metric: Metric) -> Column:
    """A column's cells to figures: the plain cells by one vectorised cast, the cells
    written with thousands (3,000) by a second over those left, every other cell by the
    clerk's-habit parser, once per distinct text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    dtype = np.int64 if exact(metric) else np.float64
    length = pc.binary_length(column)
    lengths = _numbers(length, np.int64) if column.null_count else _array(length)
    blank = lengths == 0  # null or ""
    if metric.type == "int":  # the usual column: its plain cells cast in one kernel
        is_plain = _mask(pc.ascii_is_decimal(column), False) & (lengths <= PLAIN_INT_DIGITS)
        values = np.zeros(len(lengths), dtype=dtype)
        if is_plain.any():
            plain_cells = pc.filter(column, pa.array(is_plain))
            values[is_plain] = _array(pc.cast(plain_cells, pa.int64()))
    else:
        plain, picked = _plain(column, metric)
        is_plain = _mask(plain, False)
        values = _numbers(picked, dtype)
        values[~is_plain] = 0  # a rate above 1 has a value but is no plain cell
    states = np.where(is_plain, VALUE, BAD).astype(np.int8)
    states[blank] = BLANK
    rest = np.flatnonzero(~is_plain & ~blank)
    if len(rest) and metric.type != "bool":
        texts = pc.take(column, pa.array(rest))
        if pc.any(pc.match_substring(texts, ",")).as_py():  # 3,000: few columns, few cells
            hit_arrow, hit_picked = _thousands(texts, metric)
            hit = _mask(hit_arrow, False)
            if hit.any():
                values[rest[hit]] = _numbers(hit_picked, dtype)[hit]
                states[rest[hit]] = VALUE
                rest = rest[~hit]
    refused: list[tuple[int, CellError]] = []
    if len(rest):
        texts = pc.take(column, pa.array(rest))
        distinct = pc.unique(texts)
        memo = _SEEN.setdefault((metric.type, metric.unit), {})
        cells = [_cached(str(text), metric, memo) for text in distinct.to_pylist()]
        where = pc.index_in(texts, value_set=distinct).to_numpy(zero_copy_only=False)
        values[rest] = np.array([c[0] for c in cells], dtype=dtype)[where]
        states[rest] = np.array([c[1] for c in cells], dtype=np.int8)[where]
        errors = [c[2] for c in cells]
        wrong = np.array([e is not None for e in errors], dtype=bool)[where]
        refused = [(int(rest[k]), errors[where[k]]) for k in np.flatnonzero(wrong).tolist()]
    return Column(values, states, refused)


def _plain(column: Any, metric: Metric) -> tuple[Any, Any]:
    """Which cells of a column of yes/no words, amounts or rates are plain and their
    figures (null elsewhere), by Arrow kernels over the whole column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if metric.type == "bool":
        yes = pc.is_in(column, value_set=pa.array(sorted(TRUE_TOKENS), pa.string()))
        no = pc.is_in(column, value_set=pa.array(sorted(FALSE_TOKENS), pa.string()))
        return pc.or_(yes, no), pc.cast(yes, pa.int64())
    pattern = _PLAIN_AMOUNT if metric.type == "float" else _PLAIN_DECIMAL
    return _decimals(column, pc.match_substring_regex(column, pattern), metric)


def _thousands(texts: Any, metric: Metric) -> tuple[Any, Any]:
    """Which of ``texts`` are written with thousands separators as Excel writes them
    (3,000; 12,345.5), and their figures."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if metric.type == "int":
        plain = pc.match_substring_regex(texts, _THOUSANDS_INT)
        digits = pc.replace_substring(texts, ",", "")
        return plain, pc.cast(pc.if_else(plain, digits, None), pa.int64())
    pattern = _THOUSANDS_AMOUNT if metric.type == "float" else _THOUSANDS_DECIMAL
    plain = pc.match_substring_regex(texts, pattern)
    return _decimals(pc.replace_substring(texts, ",", ""), plain, metric)


def _decimals(texts: Any, plain: Any, metric: Metric) -> tuple[Any, Any]:
    """Plain decimals: amounts as exact millionths, rates as floats (at most 1: the parser
    says why a larger one is refused)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if metric.type == "float":
        decimals = pc.cast(pc.if_else(plain, texts, None), pa.decimal128(18, AMOUNT_DECIMALS))
        return plain, _millionths(decimals)
    picked = pc.cast(pc.if_else(plain, texts, None), pa.float64())
    return pc.and_(plain, pc.less_equal(picked, 1.0)), picked


def _millionths(decimals: Any) -> Any:
    """A decimal128(18, 6) column as the int64 counts of millionths it stores (exact)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    filled = pc.fill_null(decimals, 0)
    array = filled.combine_chunks() if isinstance(filled, pa.ChunkedArray) else filled
    words = np.frombuffer(array.buffers()[1], dtype=np.int64)
    low = words[array.offset * 2 : (array.offset + len(array)) * 2 : 2]  # values < 2**63
    return pa.array(low.copy(), type=pa.int64())


def _mask(mask: Any, null: bool) -> npt.NDArray[np.bool_]:
    import pyarrow.compute as pc

    return np.asarray(pc.fill_null(mask, null).to_numpy(zero_copy_only=False), dtype=bool)


def _array(array: Any) -> npt.NDArray[Any]:
    """An Arrow array without nulls as numpy."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    return np.asarray(array.to_numpy(zero_copy_only=False))


def _numbers(array: Any, dtype: Any) -> npt.NDArray[Any]:
    import pyarrow.compute as pc

    return np.array(pc.fill_null(array, 0).to_numpy(zero_copy_only=False), dtype=dtype)


def _cached(text: str, metric: Metric, seen: dict[str, Cell]) -> Cell:
    cell = seen.get(text)
    if cell is None:
        cell = read_cell(text, metric)
        if len(seen) < SEEN_LIMIT:  # a column of distinct decimals must not fill memory
            seen[text] = cell
    return cell


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
    if metric.type == "bool":
        answer = parse_bool(text)
        if isinstance(answer, CellError):
            return 0, BAD, answer
        return int(answer), VALUE, None
    number = parse_number(text, metric.type, metric.unit)
    if isinstance(number, CellError):
        return 0, BAD, number
    if whole(metric):
        return int(number), VALUE, None
    if metric.type == "float":  # parse_number has refused more than six decimals
        return int(number * AMOUNT_SCALE), VALUE, None
    return float(number), VALUE, None
