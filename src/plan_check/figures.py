"""Per-unit figures, aggregated once from the loaded records and read by every rule.

A record is one row of a data file (one unit, or one school of a unit). Each metric cell
is in one of four states; a unit's figure for a metric is
- ``missing`` when any of its records left the cell blank or unreadable (or it has none),
- ``n/a`` when every record marks it not applicable,
- otherwise a ``value``: the sum over its records.
Blank is "not reported", never zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

# Cell states in the loaded records.
VALUE, BLANK, NA, BAD = 0, 1, 2, 3

UnitState = Literal["value", "n/a", "missing"]


def to_fraction(value: float, whole: bool) -> Fraction:
    """An aggregated float as the exact figure it stands for.

    Counts are sums of whole numbers, exact in float64 below 2**53. Other sums (万元 with
    decimals) carry binary residue (0.1 + 0.2), so they are read back at six decimals.
    """
    if whole:
        return Fraction(round(float(value)))
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
    """The loaded rows: unit codes, metric values (float64, NaN when not a value), states."""

    units: tuple[str, ...]  # unit names; codes index into this
    codes: npt.NDArray[np.intp]
    values: dict[str, npt.NDArray[np.floating[Any]]]  # metric -> one value per record
    states: dict[str, npt.NDArray[np.int8]]
    whole: frozenset[str]  # metrics whose values are whole numbers


class Figures:
    """Per-unit figures of the records, each metric aggregated on first use and kept."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self.units = records.units
        self._cache: dict[str, MetricFigures] = {}

    def __getitem__(self, metric: str) -> MetricFigures:
        if metric not in self._cache:
            self._cache[metric] = self._aggregate(metric)
        return self._cache[metric]

    def _counts(self, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
        counts = np.bincount(self.records.codes, weights=mask, minlength=len(self.units))
        return counts.astype(np.float64)

    def _aggregate(self, metric: str) -> MetricFigures:
        rec = self.records
        n = len(self.units)
        if metric not in rec.states:
            return MetricFigures(metric, False, (UnitFigure("missing", None),) * n)
        state = rec.states[metric]
        is_value = state == VALUE
        values = np.where(is_value, rec.values[metric].astype(np.float64, copy=False), 0.0)
        sums = np.bincount(rec.codes, weights=values, minlength=n)
        n_value = self._counts(is_value)
        n_missing = self._counts((state == BLANK) | (state == BAD))
        n_rows = np.bincount(rec.codes, minlength=n)
        whole = metric in rec.whole
        figures = []
        for i in range(n):
            reported = to_fraction(sums[i], whole) if n_value[i] else None
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
        n = len(self.units)
        if value not in rec.states or weight not in rec.states:
            absent = (UnitFigure("missing", None),) * n
            return MetricFigures(value, False, absent), MetricFigures(weight, False, absent)
        vs, ws = rec.states[value], rec.states[weight]
        # float64 before multiplying: counts may be stored as float32
        v = rec.values[value].astype(np.float64, copy=False)
        w = rec.values[weight].astype(np.float64, copy=False)
        both = (vs == VALUE) & (ws == VALUE) & (np.nan_to_num(w) > 0)
        missing = (vs == BLANK) | (vs == BAD) | (ws == BLANK) | (ws == BAD)
        wx = np.bincount(rec.codes, weights=np.where(both, v * np.nan_to_num(w), 0.0), minlength=n)
        sw = np.bincount(rec.codes, weights=np.where(both, w, 0.0), minlength=n)
        n_both = self._counts(both)
        n_missing = self._counts(missing)
        n_rows = np.bincount(rec.codes, minlength=n)
        wx_figs, w_figs = [], []
        for i in range(n):
            a = to_fraction(wx[i], False) if n_both[i] else None
            b = to_fraction(sw[i], weight in rec.whole) if n_both[i] else None
            state: UnitState = (
                "missing" if n_missing[i] or not n_rows[i] else ("value" if n_both[i] else "n/a")
            )
            wx_figs.append(UnitFigure(state, a))
            w_figs.append(UnitFigure(state, b))
        present = bool(n_both.sum() or ((vs == NA) | (ws == NA)).any())
        return (
            MetricFigures(f"{weight}*{value}", present, tuple(wx_figs)),
            MetricFigures(weight, present, tuple(w_figs)),
        )
