"""The TOTALS stage: the typed batch of a chunk's rows to sum (``typed_batch``), aggregated
per unit and kind of row by Arrow's hash aggregation (``totals``), exactly: integers
throughout (counts; amounts in millionths; the rates a county computed in millionths),
each column int64 where its sum provably cannot wrap, decimal128 where it can, and a batch
cut into slices where even decimal128 could (a product of two huge figures), so blocks add
up alike in any order."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from plan_check.cells import BAD, BLANK, NA, VALUE
from plan_check.dictionary import Condition
from plan_check.input.columns import scale_of

if TYPE_CHECKING:
    import pyarrow as pa

    from plan_check.dictionary import Metric
    from plan_check.input.columns import Column
    from plan_check.input.partial import Partial, ReadSpec

MICRO = 10**6  # a rate a county computed, summed in millionths
INT64 = 2**63  # a sum below this in magnitude is exact in int64
DECIMAL = 10**38  # and below this in decimal128(38, 0)
# the batch's leading columns: each row's unit (its index in the block), whether it is the
# unit's own row (no school, no student) and its line
KEYS = ("unit", "own", "line")


def typed_batch(
    read: dict[str, Column],
    rows: Any,
    keys: dict[str, npt.NDArray[Any]],
    reading: ReadSpec,
    by_id: Mapping[str, Metric],
) -> list[pa.Table]:
    """The rows ``rows`` of a chunk's typed columns as the TOTALS stage takes them: the
    ``keys`` columns, then per metric read its figure where given (null elsewhere; a
    condition's 1 where met) and its rows marked not applicable, per weighted mean's pair
    Σ value·weight and the weight where both are given (weight above 0), the rows missing
    either and those with either not applicable. Marks are int8 1s, null elsewhere. One
    table, or slices of it small enough for every sum to stay exact."""
    import pyarrow as pa

    n = len(keys["unit"])
    batch: dict[str, Any] = {k: pa.array(keys[k]) for k in KEYS}
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
    step = max(1, (DECIMAL - 1) // largest)  # rows whose products sum below 10**38
    return [table] if n <= step else [table.slice(i, step) for i in range(0, n, step)]


def totals(batch: pa.Table) -> pa.Table:
    """TOTALS: a typed batch summed per (unit, own) by Arrow's ``group_by``: the rows
    (``line_count``) and first line (``line_min``); per figure its sum and the rows giving
    it (``_sum``, ``_count``; a weight its sum alone); per mark the rows marked
    (``_count``)."""
    import pyarrow.compute as pc

    every = pc.ScalarAggregateOptions(min_count=0)  # a sum over no figure is 0, not null
    wanted: list[Any] = [("line", "min"), ("line", "count")]
    for name in batch.column_names[len(KEYS) :]:
        if not name.endswith((":na", ":missing")):
            wanted.append((name, "sum", every))
        if not name.endswith(":weight"):  # its rows: those of the pair's products
            wanted.append((name, "count"))
    return batch.group_by(["unit", "own"], use_threads=False).aggregate(wanted)


def accumulators(part: Partial) -> dict[str, list[int]]:
    """A block's per-unit lists, each under the name of the ``totals`` column adding to it:
    the rows; per metric its sum, rows given, rows not applicable (the rest missing); per
    pair Σ value·weight, Σ weight, rows with both, rows missing either, rows with either
    not applicable."""
    out = {"line_count": part.rows}
    for m, sums in part.sums.items():
        out |= {f"{m}_sum": sums, f"{m}_count": part.n_value[m], f"{m}:na_count": part.n_na[m]}
    for (value, weight), acc in part.products.items():
        pair = f"{value}*{weight}"
        out |= {
            f"{pair}_sum": acc.weighted,
            f"{pair}:weight_sum": acc.weights,
            f"{pair}_count": acc.n_both,
            f"{pair}:missing_count": acc.n_missing,
            f"{pair}:na_count": acc.n_na,
        }
    return out


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


def exact_scale(metric: Metric) -> int:
    """What a summed figure of ``metric`` is divided by."""
    return MICRO if metric.type == "rate" else scale_of(metric)


def meets(values: npt.NDArray[Any], op: str, value: Decimal, scale: int) -> npt.NDArray[Any]:
    """1 where a row's figure (an integer, ``scale`` per unit) meets ``op value``, else 0,
    compared exactly: 4.5 in a column of millionths is 4,500,000."""
    line = Fraction(value) * scale
    if op == ">=":
        hit = values >= math.ceil(line)
    elif op == ">":
        hit = values > math.floor(line)
    elif op == "<=":
        hit = values <= math.floor(line)
    elif op == "<":
        hit = values < math.ceil(line)
    else:
        hit = values == line.numerator if line.denominator == 1 else np.zeros(len(values), bool)
    return np.asarray(hit, dtype=np.int64)


def source_of(metric: Metric) -> str:
    """The column a metric is read from: a condition's source, else its own."""
    return metric.source if isinstance(metric, Condition) else metric.id


def with_conditions(in_file: set[str], metrics: Iterable[Metric]) -> set[str]:
    """The metrics a file gives: its columns, and the conditions on them."""
    return in_file | {m.id for m in metrics if source_of(m) in in_file}


def counted(values: npt.NDArray[Any], metric: Metric, by_id: Mapping[str, Metric]) -> Any:
    """A condition's values: 1 for each row meeting it; any other metric's as read."""
    if not isinstance(metric, Condition):
        return values
    return meets(values, metric.op, metric.value, scale_of(by_id[metric.source]))
