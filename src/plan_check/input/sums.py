"""Per-unit sums of a block, exactly: integers throughout (counts; amounts in millionths;
the rates a county computed in millionths), so blocks add up alike in any order."""

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
    from plan_check.dictionary import Metric
    from plan_check.input.columns import Column
    from plan_check.input.partial import Products

MICRO = 10**6  # a rate a county computed, summed in millionths


def exact_values(values: npt.NDArray[Any], metric: Metric) -> npt.NDArray[Any]:
    """A column's values as integers: counts and amounts are already; a county's own rate
    (a float) in millionths."""
    if values.dtype.kind == "f":
        return np.round(values * MICRO).astype(np.int64)
    return values.astype(np.int64, copy=False)


def exact_scale(metric: Metric) -> int:
    """What a summed figure of ``metric`` is divided by."""
    return MICRO if metric.type == "rate" else scale_of(metric)


def add(acc: list[int], counts: npt.NDArray[Any]) -> None:
    for u, c in enumerate(counts.tolist()):
        if c:
            acc[u] += c


def add_sums(acc: list[int], at: npt.NDArray[np.intp], values: npt.NDArray[Any], n: int) -> None:
    """Per-unit sums, exactly: int64 while they cannot wrap, Python integers otherwise."""
    if not len(at):
        return
    if values.dtype != object:
        largest = int(np.abs(values).max(initial=0))
        if largest * len(values) < 2**62:
            sums = np.zeros(n, dtype=np.int64)
            np.add.at(sums, at, values)
            add(acc, sums)
            return
    for u, v in zip(at.tolist(), values.tolist(), strict=True):
        acc[u] += int(v)


def add_where(
    acc: list[int],
    at: npt.NDArray[np.intp],
    values: npt.NDArray[Any],
    where: npt.NDArray[np.bool_],
    n: int,
) -> None:
    """Per-unit sums of the values ``where`` holds, exactly: one weighted count while
    every partial sum stays below 2**53 (a float holds such integers exactly), else
    ``add_sums`` over the rows picked."""
    if values.dtype != object and len(values):
        largest = int(np.abs(values).max(initial=0))
        if largest * len(values) < 2**53:
            weights = np.where(where, values, 0).astype(np.float64)
            add(acc, np.bincount(at, weights=weights, minlength=n).astype(np.int64))
            return
    add_sums(acc, at[where], values[where], n)


def add_products(
    acc: Products,
    value: Column | None,
    weight: Column | None,
    metrics: tuple[Metric, Metric],
    rows: Any,
    at: npt.NDArray[np.intp],
    n: int,
) -> None:
    """A weighted mean's pair summed per unit over ``rows`` (``at``: their units): Σ
    value·weight and Σ weight where both are given (weight above 0), and the rows."""
    if value is None or weight is None:  # a column not in the file: every row misses it
        add(acc.n_missing, np.bincount(at, minlength=n))
        return
    vs, ws = value.states[rows], weight.states[rows]
    v = exact_values(value.values[rows], metrics[0])
    w = exact_values(weight.values[rows], metrics[1])
    both = (vs == VALUE) & (ws == VALUE) & (w > 0)
    missing = (vs == BLANK) | (vs == BAD) | (ws == BLANK) | (ws == BAD)
    products = v[both].astype(object) * w[both].astype(object)
    add_sums(acc.weighted, at[both], products, n)
    add_sums(acc.weights, at[both], w[both], n)
    add(acc.n_both, np.bincount(at[both], minlength=n))
    add(acc.n_missing, np.bincount(at[missing], minlength=n))
    add(acc.n_na, np.bincount(at[(vs == NA) | (ws == NA)], minlength=n))


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
