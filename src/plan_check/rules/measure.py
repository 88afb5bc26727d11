"""What a rule kind measures and is judged with: a unit's measure, the measurement of a
rule before it is judged, the context of a judgement. Plain data, no rule in sight."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plan_check.figures import Figures, UnitState
    from plan_check.report import Reason

CITY_ROW_NAMES = ("市直", "市本级", "市直属")


def units_reason(which: str, units: list[str]) -> Reason:
    from plan_check.report import Reason

    return Reason(f"reason_{which}_units", {"count": len(units), "units": units})


@dataclass(frozen=True)
class UnitMeasure:
    """A unit's figure as a kind measures it, with the numerator and denominator of a rate."""

    unit: str
    state: UnitState
    actual: Fraction | None
    numerator: Fraction | None = None
    denominator: Fraction | None = None


@dataclass(frozen=True)
class Measurement:
    """A rule's figure for the city and for each unit, before it is judged."""

    city: Fraction | None  # over the units with a value; None when nothing to compute
    units: tuple[UnitMeasure, ...]
    present: bool  # False: an input column is absent, or blank in every row
    numerator: Fraction | None = None
    denominator: Fraction | None = None
    # units whose figure cannot be placed (a numerator with no denominator): the goal is
    # incomplete until they are fixed; and notes naming units left out, shown as reasons
    blocking: tuple[str, ...] = ()
    notes: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Context:
    """Everything a rule is judged with besides its own definition."""

    figures: Figures
    period_start: date  # the plan's: 序时进度 counts from it
    baseline: Figures | None = None  # last year's figures, for trend goals
    as_of: date | None = None  # None: final, every deadline reached
    quotas: Mapping[str, Mapping[str, Fraction]] = field(default_factory=dict)
    city_names: tuple[str, ...] = CITY_ROW_NAMES  # the city's own row; the others are counties
    baseline_as_of: date | None = None  # the date last year's figures were reported for
    # per metric ("*": any), why rows holding its figures were charged to no unit
    placeless: Mapping[str, Reason] = field(default_factory=dict)
    baseline_placeless: Mapping[str, Reason] = field(default_factory=dict)  # last year's

    def is_city(self, unit: str) -> bool:
        return unit.strip() in self.city_names
