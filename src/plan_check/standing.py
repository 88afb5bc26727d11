"""The supervisor's view of judged results: 三色预警 on every goal and unit, and the change
since the previous report (the ranking of the units, 排名, is in ranking.py). Pure:
results in, results out.

Policy (defaults in ``policy.py``, documented in the README):

- A goal or unit met, or on pace, is green. Behind 序时进度 it is green up to
  ``yellow_behind`` points behind, yellow up to ``red_behind``, red beyond; behind with no
  pace to measure (a milestone, a rate) it is yellow. Missed, incomplete or a unit not
  reporting is red. A goal not judged (no baseline) is yellow. A unit that is not judged
  on a goal (a city total without quotas, or "/") has no alert.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from plan_check import problems
from plan_check.numbers import number
from plan_check.pace import pace_gap
from plan_check.policy import Alerts
from plan_check.report import (
    Alert,
    Previous,
    Prior,
    Problem,
    Reason,
    Report,
    RuleResult,
    ShownFigure,
    SinceSameUnits,
    Standing,
    UnitResult,
)

MET = ("pass", "on_pace")
UNIT_JUDGED = ("pass", "on_pace", "behind", "not_yet", "fail", "missing")


def _by_lag(points_behind: Fraction | None, alerts: Alerts) -> Alert:
    if points_behind is None:
        return "yellow"
    if points_behind <= Fraction(alerts.yellow_behind):
        return "green"
    return "yellow" if points_behind <= Fraction(alerts.red_behind) else "red"


def goal_lag(r: RuleResult) -> Fraction | None:
    """Percentage points behind 序时进度 (positive: behind), for a paced goal; for a goal
    every unit must reach, paced unit by unit, the points of the unit furthest behind."""
    if r.rule.scope == "each_unit":
        lags = [lag for u in r.units if (lag := unit_lag(r, u)) is not None]
        return max(lags) if lags else None
    if (
        r.elapsed_share is None
        or not isinstance(r.actual, Fraction)
        or not isinstance(r.target, Fraction)
        or not r.target
    ):
        return None
    return -pace_gap(r.actual, r.target, r.elapsed_share)


def unit_lag(r: RuleResult, u: UnitResult) -> Fraction | None:
    """Points a unit is behind the pace of its own quota."""
    own = u.quota
    if own is None and r.rule.scope == "each_unit" and isinstance(r.target, Fraction):
        own = r.target  # an each-unit goal paced unit by unit: against the goal's target
    if r.elapsed_share is None or own is None or not own or u.actual is None:
        return None
    return -pace_gap(u.actual, own, r.elapsed_share)


def goal_alert(r: RuleResult, alerts: Alerts) -> Alert:
    if r.status in MET:
        return "green"
    if r.status == "behind":
        return _by_lag(goal_lag(r), alerts)
    if r.status == "fail" and r.rule.soft:
        return "yellow"  # a soft target (预期性指标) missed is a warning, not red
    return "yellow" if r.status in ("not_yet", "skipped") else "red"


def unit_alert(r: RuleResult, u: UnitResult, alerts: Alerts) -> Alert | None:
    if u.status in MET:
        return "green"
    if u.status == "behind":
        return _by_lag(unit_lag(r, u), alerts)
    if u.status == "not_yet":
        return "yellow"  # no pace to measure it by: someone must act before the deadline
    if u.status == "fail" and r.rule.soft:
        return "yellow"  # a soft target missed
    if u.status in ("fail", "missing"):
        return "red"
    return None


def with_alerts(results: Sequence[RuleResult], alerts: Alerts) -> tuple[RuleResult, ...]:
    return tuple(
        replace(
            r,
            alert=goal_alert(r, alerts),
            units=tuple(replace(u, alert=unit_alert(r, u, alerts)) for u in r.units),
        )
        for r in results
    )


@dataclass(frozen=True)
class PriorGoal:
    actual: Fraction | bool | None
    status: str | None
    units: Mapping[str, Prior]


@dataclass(frozen=True)
class PriorReport:
    """What an earlier JSON report said, as far as a comparison needs it."""

    source: str
    as_of: str | None
    goals: Mapping[str, PriorGoal]
    ranks: Mapping[str, int | None]
    units: tuple[str, ...]
    ranked_on: tuple[str, ...] = ()  # the goals its ranking judged units on


def ranks_units(scope: str | None, quotas: bool, own_trend: bool) -> bool:
    """Whether a goal judges units one by one in the ranking: every unit must meet it, it
    is the bureau's own act (the city's row), a unit has a quota, or a unit is judged
    against its own last year. Read the same way from a report and from its JSON."""
    return scope in ("each_unit", "city_row") or quotas or own_trend


def ranked_on(results: Sequence[RuleResult]) -> tuple[str, ...]:
    """The goals the ranking judges units on, in the plan's order."""
    return tuple(
        r.rule.id
        for r in results
        if ranks_units(
            r.rule.scope,
            any(u.quota is not None for u in r.units),
            r.rule.each_unit_trend
            and any(u.baseline is not None and u.status in ("pass", "fail") for u in r.units),
        )
    )


def with_previous(report: Report, prior: PriorReport) -> Report:
    """Each goal and unit with its figure and status last time, and each standing with
    its rank last time; the goals and units found in only one of the two are named."""
    results = []
    for r in report.results:
        before = prior.goals.get(r.rule.id)
        if before is None:
            results.append(r)
            continue
        units = tuple(replace(u, previous=before.units.get(u.unit)) for u in r.units)
        same = _same_units(r, before)
        results.append(
            replace(
                r,
                previous=Prior(before.actual, before.status, same_units=same),
                units=units,
                reasons=r.reasons + _since_reasons(r, before, same),
            )
        )
    now_on = ranked_on(report.results)
    ranked_only_now = tuple(g for g in now_on if g not in prior.ranked_on)
    ranked_only_before = tuple(g for g in prior.ranked_on if g not in now_on)
    comparable = not ranked_only_now and not ranked_only_before
    # ranks judged on other goals are not shown as moves: no previous rank to move from
    ranking = tuple(
        replace(s, previous_rank=prior.ranks.get(s.unit) if comparable else None)
        for s in report.ranking
    )
    if comparable:
        ranking = _moves(ranking, prior.ranks)
    ids = [r.rule.id for r in report.results]
    id_set, earlier, now = set(ids), set(prior.units), set(report.units)
    previous = Previous(
        source=prior.source,
        as_of=date.fromisoformat(prior.as_of) if prior.as_of else None,
        goals_only_now=tuple(i for i in ids if i not in prior.goals),
        goals_only_before=tuple(i for i in prior.goals if i not in id_set),
        units_only_now=tuple(u for u in report.units if u not in earlier),
        units_only_before=tuple(u for u in prior.units if u not in now),
        ranked_only_now=ranked_only_now,
        ranked_only_before=ranked_only_before,
    )
    return replace(report, results=tuple(results), ranking=ranking, previous=previous)


def _moves(ranking: tuple[Standing, ...], before: Mapping[str, int | None]) -> tuple[Standing, ...]:
    """Each unit's move among the units ranked in both reports: a unit that sent nothing
    in one month, ranked in the other, moves no one (like for like)."""
    now = {s.unit: s.rank for s in ranking if s.rank is not None}
    both = [u for u in now if before.get(u) is not None]

    def place(ranks: Mapping[str, int | None], unit: str) -> int:
        mine = ranks[unit]
        assert mine is not None
        return 1 + sum(1 for v in both if (ranks[v] or 0) < mine)

    moved = {u: place(before, u) - place(now, u) for u in both}
    return tuple(replace(s, moved=moved.get(s.unit)) for s in ranking)


def _total(
    r: RuleResult, parts: Sequence[tuple[Fraction | bool, Fraction | None, Fraction | None]]
) -> Fraction | None:
    """A goal's figure over some of its units, from their parts: Σ numerator / Σ
    denominator where the units carry their working (rates, means), else Σ figure
    (counts, amounts, units saying yes); None for a figure made otherwise."""
    if r.rule.is_rate or all(n is not None and d is not None for _, n, d in parts):
        if not all(n is not None and d is not None for _, n, d in parts):
            return None
        den = sum((d for _, _, d in parts if d is not None), Fraction(0))
        num = sum((n for _, n, _ in parts if n is not None), Fraction(0))
        return num / den if den else None
    if r.rule.additive or r.rule.yes_no:
        return sum(
            (Fraction(int(a)) if isinstance(a, bool) else a for a, _, _ in parts), Fraction(0)
        )
    return None


def _same_units(r: RuleResult, before: PriorGoal) -> SinceSameUnits | None:
    """The goal over the units with a figure in both reports, when some unit has one in
    one report only; None when both reports have the same units (or the goal is the
    city's own act, answered on one row)."""
    if r.rule.scope == "city_row" or isinstance(r.actual, bool) or r.actual is None:
        return None
    now = {u.unit: u for u in r.units if u.state == "value" and u.actual is not None}
    then = {name: p for name, p in before.units.items() if p.actual is not None}
    only_now = tuple(name for name in now if name not in then)
    only_before = tuple(name for name in then if name not in now)
    if not only_now and not only_before:
        return None
    both = [name for name in now if name in then]
    if not both:
        return SinceSameUnits(None, None, 0, only_now, only_before)
    ours = [(now[n].actual or Fraction(0), now[n].numerator, now[n].denominator) for n in both]
    theirs = [(then[n].actual or Fraction(0), then[n].numerator, then[n].denominator) for n in both]
    return SinceSameUnits(_total(r, ours), _total(r, theirs), len(both), only_now, only_before)


def _since_reasons(
    r: RuleResult, before: PriorGoal, same: SinceSameUnits | None
) -> tuple[Reason, ...]:
    """The change over the same units, and the units left out of it, in words."""
    if same is None:
        return ()
    reasons = []
    delta, whole = (
        change(r.actual, Prior(before.actual, None, same_units=same)),
        change_all(r.actual, Prior(before.actual, None)),
    )
    if delta is not None and whole is not None:
        params = {"count": same.count, "change": ShownFigure(r.rule, delta, change=True)}
        params["all"] = ShownFigure(r.rule, whole, change=True)
        reasons.append(Reason("reason_previous_same_units", params))
    if same.only_now:
        reasons.append(
            Reason(
                "reason_previous_only_now_units",
                {"count": len(same.only_now), "units": list(same.only_now)},
            )
        )
    if same.only_before:
        reasons.append(
            Reason(
                "reason_previous_only_before_units",
                {"count": len(same.only_before), "units": list(same.only_before)},
            )
        )
    return tuple(reasons)


def year_to_date_falls(report: Report) -> tuple[Problem, ...]:
    """A year-to-date figure (a paced goal's) lower than in the previous report: a unit
    whose total since January fell has mistyped one of the two reports."""
    assert report.previous is not None
    found = []
    for r in report.results:
        if not r.rule.accrues:
            continue
        for u in r.units:
            before = u.previous.actual if u.previous is not None else None
            if u.state != "value" or u.actual is None or not isinstance(before, Fraction):
                continue
            if isinstance(before, bool) or u.actual >= before:
                continue
            said = problems.year_to_date_fell(
                unit=u.unit, goal=r.rule.id, before=number(before), now=number(u.actual)
            )
            found.append(
                Problem.at(
                    said,
                    report.previous.source,
                    None,
                    None,
                    u.unit,
                    accepted="accepted_year_to_date",
                    severity="warning",
                )
            )
    return tuple(found)


def as_reported(value: Fraction) -> Fraction:
    """A figure as a JSON report holds it: whole numbers exactly, others as the shortest
    float that reads back the same (0.8333333333333334)."""
    return value if value.denominator == 1 else Fraction(Decimal(repr(float(value))))


def change(now: Fraction | bool | None, before: Prior | None) -> Fraction | None:
    """The change of a figure since the previous report, when both are numbers: over
    the units with a figure in both reports when the two reports' units differ."""
    if before is not None and before.same_units is not None:
        same = before.same_units
        if same.actual is None or same.previous is None:
            return None
        return same.actual - same.previous
    return change_all(now, before)


def change_all(now: Fraction | bool | None, before: Prior | None) -> Fraction | None:
    """The change of the whole figure since the previous report, whatever its units. The
    previous figure was read from JSON, so this one is taken as JSON would hold it: an
    unchanged rate shows no change, not 1e-17."""
    if before is None or isinstance(now, bool) or isinstance(before.actual, bool):
        return None
    if now is None or before.actual is None:
        return None
    return as_reported(now) - before.actual
