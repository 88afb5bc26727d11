"""The words of a goal judged against last year that the city met and some unit did
not: the city's real change, and, where the plan asks a change (提高 2 个百分点), each
short unit's own change beside what was asked. Never 差 X: the city moved the right way."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from plan_check.i18n import Lang, list_sep, safe, t
from plan_check.plan import Plan
from plan_check.report import Goal, RuleResult

Change = Callable[[Goal, Fraction, Plan, Lang], str]  # text.change: +1.00 个百分点


def moved(
    result: RuleResult, actual: Fraction, goal: Fraction, plan: Plan, lang: Lang, change: Change
) -> str:
    """全市提高 4.00 个百分点;甲县(+1.00 个百分点)未达到较上年 +2 个百分点的要求."""
    rule = result.rule
    asked = getattr(rule, "change", None)
    codes = ("reason_fell_units", "reason_short_of_change_units")
    why = next((r for r in result.reasons if r.code in codes), None)
    fell: list[str] = list(why.params["units"]) if why else []
    own = {
        u.unit: change(rule, u.actual - u.baseline, plan, lang)
        for u in result.units
        if isinstance(u.actual, Fraction) and isinstance(u.baseline, Fraction)
    }
    shown = "{}({})" if lang == "zh" else "{} ({})"
    units = [shown.format(safe(u), own[u]) if asked and u in own else safe(u) for u in fell]
    before = goal if asked is None else asked.undone(goal)  # last year's city figure
    way = "up" if rule.op in (">", ">=") else "down"
    return t(
        "gap_city_short_" + way if asked else "gap_city_moved_" + way,
        lang,
        change=change(rule, abs(actual - before), plan, lang).lstrip("+−"),
        units=list_sep(lang).join(units),
        required=asked.words() if asked else "",
    )
