"""Judging a result against its units' own targets (任务分解 quotas) and against the pace
of the year (序时进度): a goal not yet due is behind, not failed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING

from plan_check.numbers import OPS
from plan_check.rules.measure import units_reason

if TYPE_CHECKING:
    from plan_check.report import Goal, Reason, RuleResult, Status, UnitResult, UnitStatus


def with_quotas(result: RuleResult, quotas: Mapping[str, Fraction]) -> RuleResult:
    """Each unit judged against its own share of the city target (任务分解)."""
    units = []
    for u in result.units:
        quota = quotas.get(u.unit)
        if quota is None:
            units.append(u)
            continue
        status: UnitStatus
        if u.state == "missing" or u.actual is None:
            status = "missing"
        else:
            status = "pass" if OPS[result.rule.op](u.actual, quota) else "fail"
        units.append(replace(u, quota=quota, status=status))
    failing = [u.unit for u in units if u.quota is not None and u.status == "fail"]
    reasons = result.reasons
    if failing:
        reasons += (units_reason("below_quota", failing),)
    return replace(result, units=tuple(units), reasons=reasons)


def paced(
    rule: Goal, result: RuleResult, share: Fraction | None, grows: bool = False
) -> RuleResult:
    """Before the deadline a goal not yet met is behind, not failed, unless it must hold at
    every moment; a paced goal is on pace when its figure keeps up with 序时进度. ``grows``:
    the figure is a total that only grows as units report, so a total of the units that
    reported already up to 序时进度 is on pace whatever the blanks hold."""
    from plan_check.report import Reason

    if share is None:
        return result
    expected = None
    target = result.target
    if rule.accrues and isinstance(target, Fraction):
        expected = target * share
    # a goal every unit must reach that builds up over the year: each unit is paced
    # against its own target (the goal's, or its quota), and the goal follows its units
    per_unit = rule.accrues and rule.scope == "each_unit" and isinstance(target, Fraction)
    units = []
    for u in result.units:
        own = u.quota if u.quota is not None else target if per_unit else None
        unit_expected = own * share if rule.accrues and isinstance(own, Fraction) else None
        if unit_expected is None and (u.status != "fail" or rule.always):
            units.append(u)  # nothing about this unit changes before the deadline
            continue
        unit_status = u.status
        if unit_status == "fail" and not rule.always:
            on_pace = (
                unit_expected is not None and u.actual is not None and u.actual >= unit_expected
            )
            unit_status = "not_yet" if unit_expected is None else "on_pace" if on_pace else "behind"
        units.append(replace(u, status=unit_status, expected=unit_expected))
    status: Status = result.status
    reasons = result.reasons
    if any(r.code == "reason_below_quota_units" for r in reasons):
        # before the deadline a unit is short of its quota only when behind its own pace
        reasons = tuple(r for r in reasons if r.code != "reason_below_quota_units")
        behind = [u.unit for u in units if u.quota is not None and u.status in ("behind", "fail")]
        if behind:
            reasons += (units_reason("behind_quota", behind),)
    if per_unit and not rule.always:
        status, reasons = _from_units(status, reasons, units)
    elif status == "fail" and not rule.always:
        actual = result.actual
        on_pace = expected is not None and isinstance(actual, Fraction) and actual >= expected
        # 滞后 is behind 序时进度 only; a goal with no pace is not yet met (尚未达标)
        status = "not_yet" if expected is None else "on_pace" if on_pace else "behind"
        word = "_behind_" if expected is not None else "_not_yet_"
        reasons = tuple(Reason(r.code.replace("_failing_", word), r.params) for r in reasons)
    elif status == "incomplete" and grows and _on_pace_anyway(rule, result.actual, expected):
        status = "on_pace"  # the certain verdict, the units that did not report named
        reasons = tuple(
            Reason("reason_missing_on_pace_units", r.params)
            if r.code == "reason_missing_units"
            else r
            for r in reasons
        )
    return replace(
        result,
        status=status,
        units=tuple(units),
        reasons=reasons,
        expected=expected,
        elapsed_share=share if rule.accrues else None,
    )


def _on_pace_anyway(rule: Goal, actual: object, expected: Fraction | None) -> bool:
    """A "≥" total, no range, that the units that reported already bring up to 序时进度."""
    return (
        rule.op in (">=", ">")
        and rule.upto is None
        and not rule.always
        and expected is not None
        and isinstance(actual, Fraction)
        and actual >= expected
    )


def _from_units(
    status: Status, reasons: tuple[Reason, ...], units: list[UnitResult]
) -> tuple[Status, tuple[Reason, ...]]:
    """An each-unit goal paced unit by unit: behind while one unit is behind its own pace
    (named), on pace while one is short of its full target but on pace, else as judged."""
    behind = [u.unit for u in units if u.status == "behind"]
    reasons = tuple(r for r in reasons if r.code != "reason_failing_units")
    if behind:
        return "behind", (units_reason("behind_pace", behind), *reasons)
    if status == "fail":  # the units short of their target are all on pace
        return ("incomplete" if any(u.status == "missing" for u in units) else "on_pace"), reasons
    return status, reasons
