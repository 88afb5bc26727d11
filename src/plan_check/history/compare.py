"""Like for like between two runs of a history: which units a goal's figure covers in a
run, and its change since the run before over the units with a figure in both (同口径),
as ``--previous`` makes it (standing.py), from the unit figures the store keeps."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction

from plan_check.history.store import GoalFigure


@dataclass(frozen=True)
class Cover:
    """The units a goal's figure is made of in one run, and how many units owe it one
    (all but those it does not apply to)."""

    units: tuple[str, ...]
    of: int


@dataclass(frozen=True)
class Step:
    """A goal's change since the run before. ``same_units``: the number of units it is
    over when the two runs cover different units (None: the same units, the whole
    figure); ``withheld``: the two runs cover different units and no figure over the units
    in both can be made (none in both, or a figure not made of its units' parts)."""

    change: Fraction | None
    same_units: int | None = None
    withheld: bool = False


def cover(goal: GoalFigure) -> Cover:
    named = tuple(u.unit for u in goal.units if u.state == "value" and u.actual is not None)
    return Cover(named, sum(u.state != "n/a" for u in goal.units))


def lacking(covers: Sequence[Cover | None]) -> list[tuple[str, ...]]:
    """For each run, the units whose figures the run before or after has and it lacks
    (数据不全 there): its figure is not comparable with theirs as a total."""
    out = []
    for i, here in enumerate(covers):
        near = [
            c
            for c in (covers[i - 1] if i else None, covers[i + 1] if i + 1 < len(covers) else None)
            if c is not None
        ]
        has = set(here.units) if here else set()
        out.append(
            tuple(dict.fromkeys(u for c in near for u in c.units if u not in has)) if here else ()
        )
    return out


def _over(goal: GoalFigure, names: Collection[str], is_rate: bool) -> Fraction | None:
    """The goal's figure over ``names``: Σ numerator / Σ denominator where the units carry
    their working, else (not a rate) Σ figure, as standing._total makes it."""
    names = names if isinstance(names, (set, frozenset)) else set(names)  # one look-up each
    parts = [u for u in goal.units if u.unit in names]
    if parts and all(u.numerator is not None and u.denominator is not None for u in parts):
        den = sum((u.denominator for u in parts if u.denominator is not None), Fraction(0))
        num = sum((u.numerator for u in parts if u.numerator is not None), Fraction(0))
        return num / den if den else None
    if is_rate or any(u.numerator is not None or u.denominator is not None for u in parts):
        return None
    return sum(
        (
            Fraction(int(u.actual)) if isinstance(u.actual, bool) else u.actual or Fraction(0)
            for u in parts
        ),
        Fraction(0),
    )


def _made_of_units(goal: GoalFigure, is_rate: bool) -> bool:
    """The goal's figure is its units' parts added up (a count, an amount, a rate or mean
    with its working), so a figure over some of its units means the same."""
    return goal.actual == _over(goal, cover(goal).units, is_rate)


def step(now: GoalFigure | None, before: GoalFigure | None, is_rate: bool) -> Step:
    """The change of a figure since the run before: the whole figure when both runs cover
    the same units, else over the units in both (or withheld)."""
    if now is None or before is None:
        return Step(None)
    if not isinstance(now.actual, Fraction) or not isinstance(before.actual, Fraction):
        return Step(None)
    here, there = cover(now).units, cover(before).units
    if set(here) == set(there):
        return Step(now.actual - before.actual)
    in_there = set(there)
    both = [n for n in here if n in in_there]
    if not both or not (_made_of_units(now, is_rate) and _made_of_units(before, is_rate)):
        return Step(None, len(both), withheld=True)
    a, b = _over(now, both, is_rate), _over(before, both, is_rate)
    if a is None or b is None:
        return Step(None, len(both), withheld=True)
    return Step(a - b, len(both))
