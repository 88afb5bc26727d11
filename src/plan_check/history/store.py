"""The history store's interface: what a run is in the store, and the few calls the
command line makes. ``sqlite.SQLiteHistory`` implements it in one file; a server database
shared by a province's cities can implement the same Protocol."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Protocol

Figure = Fraction | bool | None


@dataclass(frozen=True)
class PlanKey:
    """A plan as the store tells plans apart: its title and the fingerprint of its targets
    file's canonical content (two plans never mix, even under one title)."""

    fingerprint: str
    title_zh: str
    title_en: str


@dataclass(frozen=True)
class GoalInfo:
    """A goal of the plan, as the ``history`` command names and shows it."""

    id: str
    item: int | str  # as the plan numbers it: 16, or 二(三)
    title_zh: str
    title_en: str
    is_rate: bool
    yes_no: bool
    accrues: bool


@dataclass(frozen=True)
class UnitFigure:
    unit: str
    actual: Figure
    status: str | None
    alert: str | None
    state: str  # value, n/a, missing
    numerator: Fraction | None = None
    denominator: Fraction | None = None


@dataclass(frozen=True)
class GoalFigure:
    goal: str
    actual: Figure
    status: str
    alert: str | None
    target: Figure = None
    expected: Fraction | None = None  # what 序时进度 asked by the as-of date
    units: tuple[UnitFigure, ...] = ()
    ranked: bool = False  # the run's ranking judged units on it (standing.ranked_on)


@dataclass(frozen=True)
class Run:
    """One ``validate`` run: its as-of date (None: a final check), when it was recorded,
    every goal's and unit's figure, status and alert, the ranks and the units."""

    as_of: date | None
    recorded: str
    goals: tuple[GoalFigure, ...]
    ranks: tuple[tuple[str, int | None], ...] = ()
    units: tuple[str, ...] = ()


class HistoryStore(Protocol):
    """Where the runs are kept. Every call is one transaction: a run is recorded whole or
    not at all, and a run of a date already kept replaces it."""

    source: str  # the store as shown to the user (a path)

    def record(self, plan: PlanKey, goals: Sequence[GoalInfo], run: Run) -> bool:
        """Keep ``run``; True when it replaced a run of the same plan and date."""
        ...

    def runs(self, plan: PlanKey, units_of: str | None = None) -> list[Run]:
        """The plan's runs, oldest first (a final check last); with ``units_of``, the
        units of that goal only (every other goal's figure without its units)."""
        ...

    def plans(self) -> list[tuple[PlanKey, list[GoalInfo]]]:
        """Every plan with a run in the store, and its goals in the plan's order."""
        ...

    def close(self) -> None: ...
