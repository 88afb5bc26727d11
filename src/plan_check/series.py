"""The year as a series (--history): what the report carries of the earlier runs of the
same plan, for the charts, the sparklines and the JSON report. Plain data, like report.py."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction


@dataclass(frozen=True)
class Point:
    """A goal's figure in one run: its as-of date (None: a final check), figure, status,
    alert, and what 序时进度 asked by then (a paced goal). Like for like: ``units`` of
    ``of`` units make the figure; ``lacks``: the units whose figures the run before or
    after has and this one lacks (数据不全), so it is not their like; ``joined``: the run
    before covered the same units, so the two are comparable; ``change`` since the run
    before, over the units in both (``same_units`` of them) when the two differ, None when
    none can be made (``withheld``) or there is no run before."""

    as_of: date | None
    actual: Fraction | bool | None
    status: str | None
    alert: str | None
    expected: Fraction | None = None
    units: int | None = None
    of: int | None = None
    lacks: tuple[str, ...] = ()
    joined: bool = True
    change: Fraction | None = None
    same_units: int | None = None
    withheld: bool = False

    @property
    def partial(self) -> bool:
        """The figure lacks a unit's (数据不全): not the total of the others' runs."""
        return bool(self.lacks)


@dataclass(frozen=True)
class Trend:
    """The overview in one run: its goals counted by alert (三色预警)."""

    as_of: date | None
    green: int
    yellow: int
    red: int


@dataclass(frozen=True)
class History:
    """The runs of this plan in the history file up to this one, oldest first: each goal's
    series (this run last) and the overview's trend. ``replaced``: this run took the place
    of a run of the same date."""

    source: str
    goals: dict[str, tuple[Point, ...]]
    trend: tuple[Trend, ...]
    replaced: bool = False


SPARK = "▁▂▃▄▅▆▇█"
PARTIAL = "·"  # a run whose figure lacks a unit's


def sparkline(
    values: Sequence[Fraction | None],
    rate: bool,
    top: Fraction | None = None,
    partial: Collection[int] = (),
) -> str:
    """One character a run, oldest first: the figure's height between 0 (a rate: its
    lowest) and the highest figure or ``top`` (the target); a run without a figure is a
    space, a run whose figure lacks a unit's (the indexes ``partial``) a dot: its height
    would not compare with the others'."""
    known = [v for i, v in enumerate(values) if v is not None and i not in partial]
    if not known:
        return "".join(" " if v is None else PARTIAL for v in values)
    low = min(known) if rate else min([Fraction(0), *known])
    high = max([*known, *([top] if top is not None else [])])
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif len(out) in partial:
            out.append(PARTIAL)
        elif high == low:
            out.append(SPARK[-1] if v else SPARK[0])
        else:
            out.append(SPARK[int((v - low) / (high - low) * (len(SPARK) - 1))])
    return "".join(out)
