"""``plan-check explain RULE``: what a goal means, how its figure is computed, and a worked
example, in words a supervisor can check by hand. Pure text; no data is read."""

from __future__ import annotations

import difflib
import math
from fractions import Fraction

from plan_check.errors import UsageError
from plan_check.i18n import Lang, t
from plan_check.plan import Plan
from plan_check.render.text import OP_SYMBOL, number, percent
from plan_check.rules import RuleBase
from plan_check.rules.base import OPS
from plan_check.rules.count_yes import CountYesRule
from plan_check.rules.milestone import MilestoneRule


def find_rule(plan: Plan, rule_id: str) -> RuleBase:
    """A goal by its id (any case), or the one goal whose Chinese or English title, quote
    or item number matches what was typed; several matches are listed to choose from."""
    wanted = rule_id.strip()
    for rule in plan.rules:
        if rule.id.lower() == wanted.lower():
            return rule
    found = [r for r in plan.rules if _matches(r, wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        listed = ", ".join(f"{r.id}({r.title.zh})" for r in found)
        raise UsageError("several_rules", rule=rule_id, close=listed)
    ids = [r.id for r in plan.rules]
    close = difflib.get_close_matches(wanted.lower(), ids, n=3, cutoff=0.4)
    raise UsageError("unknown_rule", rule=rule_id, close=", ".join(close or ids))


def _matches(rule: RuleBase, wanted: str) -> bool:
    if wanted.isdigit():  # an item number: explain 16
        return rule.item == int(wanted)
    folded = wanted.lower()
    texts = (rule.title.zh, rule.title.en.lower(), rule.quote)
    return bool(folded) and any(folded in text for text in texts)


def _label(plan: Plan, metric_id: str, lang: Lang) -> str:
    m = plan.metric(metric_id)
    unit = m.unit_label(lang)
    name = m.header if lang == "zh" else f"{m.name_en} [{m.header}]"
    return f"{name} ({m.id}{', ' + unit if unit else ''})"


def explain(plan: Plan, rule: RuleBase, lang: Lang) -> str:
    """The explanation of one rule, as plain text lines."""
    section = plan.section_of(rule.item)
    lines = [
        f"{rule.id}: {rule.title.pick(lang)}",
        "",
        t(
            "ex_item",
            lang,
            item=rule.item,
            number=section.number,
            section=section.title.pick(lang),
        ),
        t("ex_quote", lang, quote=rule.quote),
        "",
        t("ex_computed", lang),
        *("  " + line for line in _computation(plan, rule, lang)),
        *("  " + line for line in _notes(plan, rule, lang)),
        t("ex_scope_" + rule.scope, lang),
        *([t("ex_no_na", lang)] if not rule.allow_na else []),
        *([t("ex_each_unit_trend", lang)] if rule.each_unit_trend else []),
        t("ex_deadline", lang, deadline=rule.deadline.isoformat()),
    ]
    if rule.accrues:
        lines.append(t("ex_accrues", lang))
    if rule.always:
        lines.append(t("ex_always", lang))
    lines += ["", t("ex_cells", lang), *("  " + line for line in _cells(rule, lang))]
    lines += ["", t("ex_example", lang), *("  " + line for line in _example(plan, rule, lang))]
    return "\n".join(lines) + "\n"


def _computation(plan: Plan, rule: RuleBase, lang: Lang) -> list[str]:
    op = OP_SYMBOL[rule.op]
    if rule.target == "baseline":
        goal = t("ex_than_baseline", lang, op=op)
    elif rule.is_rate:
        goal = f"{op} {percent(Fraction(rule.target))}"
    else:
        goal = f"{op} {number(Fraction(rule.target))}"
    if isinstance(rule, CountYesRule):
        metric = _label(plan, rule.metric, lang)
        if rule.scope == "city_row":
            return [t("ex_milestone_city_row", lang, metric=metric)]
        if isinstance(rule, MilestoneRule):
            return [t("ex_milestone", lang, metric=metric)]
        if rule.scope == "counties":
            return [t("ex_count_yes_counties", lang, metric=metric, goal=goal)]
        return [t("ex_count_yes", lang, metric=metric, goal=goal)]
    fields = [getattr(rule, f) for f in rule.metric_fields]
    labels = [_label(plan, f, lang) for f in fields]
    if rule.kind == "sum" and rule.scope == "each_unit":
        return [t("ex_each_unit_of", lang, formula=f"{labels[0]} {goal}")]
    if rule.kind == "sum":
        return [f"Σ {labels[0]} {goal}"]
    if rule.kind == "ratio":
        return [f"Σ {labels[0]}", f"/ Σ {labels[1]}", goal, t("ex_ratio_note", lang)]
    return [f"Σ {labels[1]} × {labels[0]}", f"/ Σ {labels[1]}", goal]


def _notes(plan: Plan, rule: RuleBase, lang: Lang) -> list[str]:
    """What each column counts, where the header alone leaves it open."""
    notes = []
    for metric_id in rule.inputs:
        m = plan.metric(metric_id)
        if m.note is not None:
            note = m.note.pick(lang)
            notes.append(t("ex_note", lang, header=m.label(lang), note=note))
    return notes


def _cells(rule: RuleBase, lang: Lang) -> list[str]:
    if isinstance(rule, CountYesRule):
        return [t("ex_bool_cells_city_row" if rule.scope == "city_row" else "ex_bool_cells", lang)]
    notes = [t("ex_blank", lang), t("ex_na" if rule.allow_na else "ex_na_not_excused", lang)]
    if rule.kind == "ratio":
        notes.append(t("ex_zero_den", lang))
    return notes


def _example(plan: Plan, rule: RuleBase, lang: Lang) -> list[str]:
    """Two invented units with figures chosen from the target, worked out in Fractions."""
    if isinstance(rule, CountYesRule):
        code = {"city_row": "ex_example_city_row", "counties": "ex_example_counties"}
        return [t(code.get(rule.scope, "ex_example_yes"), lang)]
    target = rule.target_value
    if rule.kind == "ratio" and target is not None and rule.scope == "each_unit":
        full, of_full, of_short = Fraction(40), Fraction(40), Fraction(10)
        short = Fraction(math.ceil(target * of_short)) - 1  # one short of the target
        return [
            t(
                "ex_ratio_each_unit",
                lang,
                a=number(full),
                ad=number(of_full),
                ra=percent(full / of_full),
                b=number(short),
                bd=number(of_short),
                rb=percent(short / of_short),
            )
        ]
    if rule.kind == "ratio" and target is not None:
        a_den, b_den = Fraction(1000), Fraction(10)
        a_num = min(a_den, Fraction(math.ceil(target * a_den)) + (0 if rule.op == "==" else 5))
        b_num = min(b_den, Fraction(math.floor(target * b_den)))
        if rule.op == "==":
            b_num = b_den - 1 if b_den * target >= 1 else b_num
        rate = (a_num + b_num) / (a_den + b_den)
        an, ad, bn, bd = (number(v) for v in (a_num, a_den, b_num, b_den))
        verdict = _verdict(rule, rate, target, lang)
        return [
            t("ex_ratio_units", lang, a=an, ad=ad, b=bn, bd=bd),
            f"({an} + {bn}) / ({ad} + {bd}) = {percent(rate)} → {verdict}",
        ]
    if rule.kind == "sum" and target is not None:
        if rule.scope == "each_unit":
            return [t("ex_each_unit_sum", lang, target=number(target))]
        a = Fraction(math.ceil(target * Fraction(6, 10)))
        b = Fraction(math.ceil(target * Fraction(42, 100)))
        total = a + b
        return [
            t("ex_sum_units", lang, a=number(a), b=number(b)),
            f"{number(a)} + {number(b)} = {number(total)} → {_verdict(rule, total, target, lang)}",
            t("ex_sum_blank", lang, a=number(a)),
        ]
    if rule.kind == "weighted_mean":
        return [t("ex_weighted", lang)]
    return [t("ex_baseline_example", lang)]


def _verdict(rule: RuleBase, actual: Fraction, target: Fraction, lang: Lang) -> str:
    return t("status_pass" if OPS[rule.op](actual, target) else "status_fail", lang)
