"""Per-unit figures, aggregated once from the loaded records and read by every rule.

A record is one row of a data file (one unit, or one school of a unit). Each metric cell
is in one of four states; a unit's figure for a metric is
- ``missing`` when any of its records left the cell blank or unreadable (or it has none),
- ``n/a`` when every record marks it not applicable,
- otherwise a ``value``: the sum over its records.
Blank is "not reported", never zero.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

from plan_check.cells import BAD, BLANK, NA, VALUE
from plan_check.errors import DataFileError

__all__ = ["BAD", "BLANK", "NA", "VALUE", "Figures", "MetricFigures", "Records", "UnitFigure"]

UnitState = Literal["value", "n/a", "missing"]


def to_fraction(value: float | int, scale: int | None) -> Fraction:
    """An aggregated figure as the exact number it stands for: counts and amounts are
    integers (amounts in millionths, ``scale``), exact as they are; a float (a rate a
    county computed) is read back at six decimals."""
    if scale is not None:
        return Fraction(int(value), scale)
    return Fraction(Decimal(repr(round(float(value), 6))))


@dataclass(frozen=True)
class UnitFigure:
    state: UnitState
    value: Fraction | None  # the sum over reported records (partial when missing)


@dataclass(frozen=True)
class MetricFigures:
    """One metric's figure for every unit, in unit order."""

    metric: str
    present: bool  # some record reports a value or n/a; False: absent or blank everywhere
    units: tuple[UnitFigure, ...]


@dataclass(frozen=True)
class Records:
    """The loaded rows: unit codes, metric values (int64 for counts, float64 otherwise;
    0 where the state is not a value), states."""

    units: tuple[str, ...]  # unit names; codes index into this
    codes: npt.NDArray[np.intp]
    values: dict[str, npt.NDArray[np.floating[Any]]]  # metric -> one value per record
    states: dict[str, npt.NDArray[np.int8]]
    scale: dict[str, int]  # integer-valued metrics: what a stored value is divided by


class Figures:
    """Per-unit figures of the records, each metric aggregated on first use and kept."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self.units = records.units
        self._select: tuple[int, ...] | None = None  # the units a scope keeps, if not all
        self._cache: dict[str, MetricFigures] = {}
        self._order: npt.NDArray[np.intp] | None = None  # rows sorted by unit, for exact sums
        self._starts: npt.NDArray[np.intp] = np.zeros(0, dtype=np.intp)

    def __getitem__(self, metric: str) -> MetricFigures:
        if metric not in self._cache:
            self._cache[metric] = self._aggregate(metric)
        return self._selected(self._cache[metric])

    def only(self, keep: Callable[[str], bool]) -> Figures:
        """The same figures restricted to the units ``keep`` accepts (a rule's scope:
        the counties without the city's own row, say); aggregation is shared."""
        view = copy.copy(self)
        view._select = tuple(i for i, u in enumerate(self.records.units) if keep(u))
        view.units = tuple(self.records.units[i] for i in view._select)
        return view

    def _selected(self, f: MetricFigures) -> MetricFigures:
        if self._select is None:
            return f
        return replace(f, units=tuple(f.units[i] for i in self._select))

    def _counts(self, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        return np.bincount(
            self.records.codes, weights=mask, minlength=len(self.records.units)
        ).astype(np.int64)

    def _sums(self, metric: str, values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Per-unit sums: exact integers (one sort, then ``np.add.reduceat``) for counts,
        float64 otherwise. A count total beyond int64 is refused, never wrapped."""
        n = len(self.records.units)
        codes = self.records.codes
        if values.dtype.kind != "i":
            return np.bincount(codes, weights=values, minlength=n)
        if self._order is None:
            self._order = np.argsort(codes, kind="stable")
            self._starts = np.searchsorted(codes[self._order], np.arange(n))
        ordered = values[self._order]
        if not len(ordered):
            return np.zeros(n, dtype=np.int64)
        sums = np.add.reduceat(ordered, np.minimum(self._starts, len(ordered) - 1), dtype=np.int64)
        sums[np.bincount(codes, minlength=n) == 0] = 0
        largest = int(np.abs(ordered).max(initial=0))
        if len(ordered) * largest >= 2**62:  # a wrap is possible: check against floats
            rough = np.bincount(codes, weights=values.astype(np.float64), minlength=n)
            if (np.abs(rough) >= 2.0**62).any():
                raise DataFileError("sum_out_of_range", metric=metric)
        return sums

    def _exact_sums(self, products: npt.NDArray[Any]) -> list[int]:
        """Per-unit sums of integer products, exactly (int64 when they cannot wrap)."""
        n = len(self.records.units)
        if products.dtype != object:
            return [int(x) for x in self._sums("product", products)]
        totals = [0] * n
        for code, product in zip(self.records.codes.tolist(), products.tolist(), strict=True):
            totals[code] += product
        return totals

    def _aggregate(self, metric: str) -> MetricFigures:
        rec = self.records
        n = len(self.records.units)
        if metric not in rec.states:
            return MetricFigures(metric, False, (UnitFigure("missing", None),) * n)
        state = rec.states[metric]
        is_value = state == VALUE
        raw = rec.values[metric]
        values = np.where(is_value, raw, np.zeros(1, dtype=raw.dtype))
        sums = self._sums(metric, values)
        n_value = self._counts(is_value)
        n_missing = self._counts((state == BLANK) | (state == BAD))
        n_rows = np.bincount(rec.codes, minlength=n)
        scale = rec.scale.get(metric)
        figures = []
        for i in range(n):
            reported = to_fraction(sums[i], scale) if n_value[i] else None
            if n_missing[i] or not n_rows[i]:
                figures.append(UnitFigure("missing", reported))
            elif not n_value[i]:
                figures.append(UnitFigure("n/a", None))
            else:
                figures.append(UnitFigure("value", reported))
        present = bool(n_value.sum() or (state == NA).any())
        return MetricFigures(metric, present, tuple(figures))

    def product(self, value: str, weight: str) -> tuple[MetricFigures, MetricFigures]:
        """Per unit Σ weight·value and Σ weight over the records that report both.

        A record whose weight is 0 or not applicable is left out; a record that leaves
        either blank makes its unit missing.
        """
        rec = self.records
        n = len(self.records.units)
        if value not in rec.states or weight not in rec.states:
            absent = (UnitFigure("missing", None),) * len(self.units)
            return MetricFigures(value, False, absent), MetricFigures(weight, False, absent)
        vs, ws = rec.states[value], rec.states[weight]
        v, w = rec.values[value], rec.values[weight]
        both = (vs == VALUE) & (ws == VALUE) & (w > 0)
        missing = (vs == BLANK) | (vs == BAD) | (ws == BLANK) | (ws == BAD)
        v_scale, w_scale = rec.scale.get(value), rec.scale.get(weight)
        exact = v_scale is not None and w_scale is not None
        if exact:  # integers (amounts in millionths): the products exactly, as Python ints
            kept = np.where(both, v.astype(np.int64), 0), np.where(both, w.astype(np.int64), 0)
            top = int(np.abs(kept[0]).max(initial=0)) * int(np.abs(kept[1]).max(initial=0))
            fits = top * max(len(kept[0]), 1) < 2**62  # the products, and their sums, fit
            products = kept[0] * kept[1] if fits else kept[0].astype(object) * kept[1]
            wx: Any = self._exact_sums(products)
        else:
            fv, fw = v.astype(np.float64), w.astype(np.float64)
            wx = np.bincount(rec.codes, weights=np.where(both, fv * fw, 0.0), minlength=n)
        sw = self._sums(weight, np.where(both, w, np.zeros(1, dtype=w.dtype)))
        n_both = self._counts(both)
        n_missing = self._counts(missing)
        n_rows = np.bincount(rec.codes, minlength=n)
        wx_figs, w_figs = [], []
        for i in range(n):
            if exact:
                assert v_scale is not None and w_scale is not None
                a = Fraction(int(wx[i]), v_scale * w_scale) if n_both[i] else None
            else:
                a = to_fraction(wx[i], None) if n_both[i] else None
            b = to_fraction(sw[i], w_scale) if n_both[i] else None
            state: UnitState = (
                "missing" if n_missing[i] or not n_rows[i] else ("value" if n_both[i] else "n/a")
            )
            wx_figs.append(UnitFigure(state, a))
            w_figs.append(UnitFigure(state, b))
        present = bool(n_both.sum() or ((vs == NA) | (ws == NA)).any())
        return (
            self._selected(MetricFigures(f"{weight}*{value}", present, tuple(wx_figs))),
            self._selected(MetricFigures(weight, present, tuple(w_figs))),
        )
