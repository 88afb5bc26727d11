"""Goals judged against last year (``target: baseline``): like for like.

A city figure of this year is compared with last year's only over the same units. A
unit with a figure in one year and none in the other ("/" not applicable, a zero
denominator or weight, a blank, absent from a year's files, or sent nothing this year)
makes the two totals totals of different things: the goal is 数据不全 and those units
are named, each with its reason, and the comparison over the units with a figure in both
years (同口径) is shown beside it as information.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Protocol

from plan_check.errors import Msg
from plan_check.rules.grammar import Change
from plan_check.rules.measure import Context, Measurement, units_reason

if TYPE_CHECKING:  # the report's classes are imported when a goal is judged
    from plan_check.figures import Figures
    from plan_check.report import Goal, Reason, RuleResult, Status

    class RuleBase(Goal, Protocol):
        """What of a rule (rules/base.py) judging against last year uses."""

        is_rate: ClassVar[bool]

        @property
        def change(self) -> Change | None: ...

        def compare(self, actual: Fraction, target: Fraction) -> bool: ...

        def against(self, before: Fraction) -> Fraction: ...

        def scoped(self, figures: Figures, ctx: Context) -> Measurement: ...

        def _result(
            self,
            m: Measurement,
            status: Status,
            target: Fraction | bool | None,
            reasons: Iterable[Reason],
            actual: Fraction | bool | None = None,
        ) -> RuleResult: ...


def holds_bound(rule: RuleBase, now: Fraction, before: Fraction) -> bool:
    """Whether a figure to be raised or lowered against last year stays at the bound it
    cannot pass: a rate at 100% both years (巩固 is holding it), a count to be reduced at 0
    both years (大班额 0 → 0). Holding the bound is meeting the goal."""
    if rule.target != "baseline" or now != before:
        return False
    if rule.op in (">", ">="):
        return bool(rule.is_rate) and now == 1
    return rule.op in ("<", "<=") and now == 0


def held(rule: RuleBase) -> Reason:
    """The working of a goal met by holding its bound: 保持 100% / 保持 0."""
    from plan_check.report import Reason

    return Reason("reason_held_full" if rule.op in (">", ">=") else "reason_held_zero")


# why a unit cannot be compared: (this year, last year) -> reason
WHY = ("absent_now", "absent_before", "missing_now", "missing_before", "na_now", "na_before")


def _sent(figures: Figures) -> set[str]:
    """The units with at least one row read (a roster's unit that sent nothing has none)."""
    rec = figures.records
    return {u for u, rows in zip(rec.units, rec.rows, strict=True) if rows}


def _why(now: str | None, before: str | None, sent_now: bool) -> str | None:
    """Why a unit with these states (value, n/a, missing; None: not in the year's files)
    is not comparable, or None when it is (a figure in both years, or "/" in both)."""
    if now == before and now in ("value", "n/a"):
        return None
    if now is None or (now == "missing" and not sent_now):
        return "absent_now"
    if before is None:
        return "absent_before"
    if now == "missing":
        return "missing_now"
    if before == "missing":
        return "missing_before"
    return "na_now" if now == "n/a" else "na_before"


def last_year(rule: RuleBase, m: Measurement, ctx: Context) -> RuleResult | Fraction:
    """Last year's city figure to judge this year's against, or the result when the two
    years do not cover the same units (数据不全, with the 同口径 comparison beside it)."""
    from plan_check.report import Reason, SameUnits, ShownFigure

    assert ctx.baseline is not None
    base = rule.scoped(ctx.baseline, ctx)
    lacking = [u.unit for u in base.units if u.state == "missing"]
    if not base.present:
        reason = Reason("reason_baseline_incomplete", {"units": lacking})
        return rule._result(m, "incomplete", base.city, [reason])
    now = {u.unit: u.state for u in m.units}
    before = {u.unit: u.state for u in base.units}
    sent = _sent(ctx.figures)
    order = [u.unit for u in m.units] + [u.unit for u in base.units if u.unit not in now]
    unlike: dict[str, list[str]] = {why: [] for why in WHY}
    for unit in order:
        why = _why(now.get(unit), before.get(unit), unit in sent)
        if why is not None:
            unlike[why].append(unit)
    if not m.present or not any(unlike.values()):
        if base.city is None:
            reason = Reason("reason_baseline_incomplete", {"units": lacking})
            return rule._result(m, "incomplete", base.city, [reason])
        return base.city
    both = {u for u in order if now.get(u) == "value" and before.get(u) == "value"}
    reasons = [units_reason("unlike_" + why, units) for why, units in unlike.items() if units]
    same = None
    if both:
        a = rule.scoped(ctx.figures.only(both.__contains__), ctx).city
        b = rule.scoped(ctx.baseline.only(both.__contains__), ctx).city
        if a is not None and b is not None:
            kept = [u for u in order if u in both]
            same = SameUnits(tuple(kept), a, b, {k: tuple(v) for k, v in unlike.items() if v})
            sign = "<" if a < b else (">" if a > b else "=")
            met = "same_units_met" if rule.compare(a, rule.against(b)) else "same_units_missed"
            params = {"count": len(kept), "now": ShownFigure(rule, a), "sign": sign}
            params |= {"before": ShownFigure(rule, b), "verdict": Msg(met)}
            reasons.append(Reason("reason_same_units", params))
    result = rule._result(m, "incomplete", base.city, reasons)
    return replace(result, same_units=same)


def with_baseline(rule: RuleBase, result: RuleResult, ctx: Context) -> RuleResult:
    """Last year's figure beside each unit's, where last year's file has the columns; for
    the goals judged against last year, each unit judged against its own last year where
    the rule asks it, and a note when a part of this year is compared with a whole last
    year."""
    from plan_check.report import Reason

    assert ctx.baseline is not None
    measured = rule.scoped(ctx.baseline, ctx)
    if not measured.present:
        return result  # last year's file has no such column: nothing to show
    base = {u.unit: u for u in measured.units}
    units = tuple(
        replace(u, baseline=base[u.unit].actual if u.unit in base else None) for u in result.units
    )
    reasons = result.reasons
    status = result.status
    if rule.target == "baseline":
        if rule.each_unit_trend:
            judged = []
            for u in units:
                if u.state == "value" and u.actual is not None and u.baseline is not None:
                    ok = rule.compare(u.actual, rule.against(u.baseline)) or holds_bound(
                        rule, u.actual, u.baseline
                    )
                    judged.append(replace(u, status="pass" if ok else "fail"))
                else:
                    judged.append(u)
            units = tuple(judged)
            fell = [u.unit for u in units if u.status == "fail"]
            if fell and rule.change is not None:  # moved, maybe, but less than asked
                short = units_reason("short_of_change", fell)
                required = {"required": rule.change.words()}
                reasons += (Reason(short.code, short.params | required),)
            elif fell:
                reasons += (units_reason("fell", fell),)
            if fell and status in ("pass", "incomplete"):
                # the plan asks every unit to raise it: a unit that fell decides,
                # whatever the units without a comparable figure would show
                status = "fail"
        if (
            ctx.as_of is not None
            and ctx.as_of < rule.deadline
            and (
                ctx.baseline_as_of is None
                or ctx.baseline_as_of >= rule.deadline.replace(year=rule.deadline.year - 1)
            )
        ):
            reasons += (Reason("reason_baseline_full_year", {"as_of": ctx.as_of.isoformat()}),)
    return replace(result, units=units, reasons=reasons, status=status)
