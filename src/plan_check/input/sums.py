"""Per-unit sums of a block, exactly: integers throughout (counts; amounts in millionths;
the rates a county computed in millionths), so blocks add up alike in any order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from plan_check.input.columns import scale_of

if TYPE_CHECKING:
    from plan_check.dictionary import Metric

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
