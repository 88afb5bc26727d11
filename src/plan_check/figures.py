"""Per-unit figures, from the per-unit totals the reader summed, read by every rule.

A record is one row of a data file (one unit, one school of a unit, or one student). Each
metric cell is in one of four states; a unit's figure for a metric is
- ``missing`` when any of its records left the cell blank or unreadable (or it has none),
- ``n/a`` when every record marks it not applicable,
- otherwise a ``value``: the sum over its records.
Blank is "not reported", never zero. The reader keeps no rows: it sums each block per
unit, exactly (integers), and the blocks' totals are added here.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Literal

from plan_check import refusals
from plan_check.cells import BAD, BLANK, NA, VALUE

__all__ = [
    "BAD",
    "BLANK",
    "NA",
    "VALUE",
    "Figures",
    "MetricFigures",
    "MetricTotals",
    "ProductTotals",
    "Records",
    "UnitFigure",
]

UnitState = Literal["value", "n/a", "missing"]
SUM_LIMIT = 2**62  # a count total this large is no count: refused, as it always was


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
class MetricTotals:
    """One metric summed per unit (in unit order): the sum of its values (integers, to
    be divided by the metric's scale) and how many rows gave a value, left it blank or
    unreadable, or marked it not applicable."""

    sums: tuple[int, ...]
    n_value: tuple[int, ...]
    n_missing: tuple[int, ...]
    n_na: tuple[int, ...]


@dataclass(frozen=True)
class ProductTotals:
    """Per unit, over the rows reporting both a value and a weight above 0: Σ value·weight
    and Σ weight (integers); rows with both, rows missing either, rows with either not
    applicable."""

    weighted: tuple[int, ...]
    weights: tuple[int, ...]
    n_both: tuple[int, ...]
    n_missing: tuple[int, ...]
    n_na: tuple[int, ...]


@dataclass(frozen=True)
class Records:
    """What was read, summed per unit: the units in order, the rows counted for each, and
    per metric (of those some file has a column for) its totals."""

    units: tuple[str, ...]
    rows: tuple[int, ...]
    metrics: dict[str, MetricTotals]
    scale: dict[str, int]  # what a summed figure is divided by
    products: dict[tuple[str, str], ProductTotals] = field(default_factory=dict)
    counts: frozenset[str] = frozenset()  # metrics refused past SUM_LIMIT (counts, amounts)


class Figures:
    """Per-unit figures of the records, each metric aggregated on first use and kept."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self.units = records.units
        self._select: tuple[int, ...] | None = None  # the units a scope keeps, if not all
        self._cache: dict[str, MetricFigures] = {}

    def __getitem__(self, metric: str) -> MetricFigures:
        if metric not in self._cache:
            parts = [c.strip() for c in metric.split("+")]
            self._cache[metric] = self._aggregate(metric) if len(parts) == 1 else self._added(parts)
        return self._selected(self._cache[metric])

    def only(self, keep: Callable[[str], bool]) -> Figures:
        """The same figures restricted to the units ``keep`` accepts (a rule's scope:
        the counties without the city's own row, say), within those already kept;
        aggregation is shared."""
        view = copy.copy(self)
        names = self.records.units
        kept = range(len(names)) if self._select is None else self._select
        view._select = tuple(i for i in kept if keep(names[i]))
        view.units = tuple(self.records.units[i] for i in view._select)
        return view

    def _selected(self, f: MetricFigures) -> MetricFigures:
        if self._select is None:
            return f
        return replace(f, units=tuple(f.units[i] for i in self._select))

    def _aggregate(self, metric: str) -> MetricFigures:
        rec = self.records
        n = len(rec.units)
        t = rec.metrics.get(metric)
        if t is None:
            return MetricFigures(metric, False, (UnitFigure("missing", None),) * n)
        scale = rec.scale.get(metric, 1)
        if metric in rec.counts and any(abs(x) >= SUM_LIMIT for x in t.sums):
            raise refusals.sum_out_of_range(metric=metric)
        figures = []
        for i in range(n):
            reported = Fraction(t.sums[i], scale) if t.n_value[i] else None
            if t.n_missing[i] or not rec.rows[i]:
                figures.append(UnitFigure("missing", reported))
            elif not t.n_value[i]:
                figures.append(UnitFigure("n/a", None))
            else:
                figures.append(UnitFigure("value", reported))
        present = bool(sum(t.n_value) or sum(t.n_na))
        return MetricFigures(metric, present, tuple(figures))

    def _added(self, columns: list[str]) -> MetricFigures:
        """Columns added up as one figure (学前 + 义务教育 teachers): per unit, missing when
        any column is, not applicable when every column is, else the sum of the figures."""
        parts = [self._aggregate(c) for c in columns]
        figures = []
        for cells in zip(*(p.units for p in parts), strict=True):
            values = [c.value for c in cells if c.value is not None]
            total = sum(values, Fraction(0)) if values else None
            if any(c.state == "missing" for c in cells):
                figures.append(UnitFigure("missing", total))
            elif all(c.state == "n/a" for c in cells):
                figures.append(UnitFigure("n/a", None))
            else:
                figures.append(UnitFigure("value", total))
        present = any(p.present for p in parts)
        return MetricFigures(" + ".join(columns), present, tuple(figures))

    def product(self, value: str, weight: str) -> tuple[MetricFigures, MetricFigures]:
        """Per unit Σ weight·value and Σ weight over the records that report both.

        A record whose weight is 0 or not applicable is left out; a record that leaves
        either blank makes its unit missing.
        """
        rec = self.records
        n = len(rec.units)
        p = rec.products.get((value, weight))
        if value not in rec.metrics or weight not in rec.metrics or p is None:
            absent = (UnitFigure("missing", None),) * len(self.units)
            return MetricFigures(value, False, absent), MetricFigures(weight, False, absent)
        v_scale, w_scale = rec.scale.get(value, 1), rec.scale.get(weight, 1)
        wx_figs, w_figs = [], []
        for i in range(n):
            a = Fraction(p.weighted[i], v_scale * w_scale) if p.n_both[i] else None
            b = Fraction(p.weights[i], w_scale) if p.n_both[i] else None
            state: UnitState = (
                "missing"
                if p.n_missing[i] or not rec.rows[i]
                else ("value" if p.n_both[i] else "n/a")
            )
            wx_figs.append(UnitFigure(state, a))
            w_figs.append(UnitFigure(state, b))
        present = bool(sum(p.n_both) or sum(p.n_na))
        return (
            self._selected(MetricFigures(f"{weight}*{value}", present, tuple(wx_figs))),
            self._selected(MetricFigures(weight, present, tuple(w_figs))),
        )
