"""``plan-check explain RULE``: what a goal means, how its figure is computed, and a worked
example, in words a supervisor can check by hand. Pure text; no data is read."""

from __future__ import annotations

import difflib
from fractions import Fraction

from plan_check import refusals
from plan_check.i18n import Lang, list_sep, t, use_words
from plan_check.models import item_words
from plan_check.plan import Plan
from plan_check.render.text import OP_SYMBOL, number, percent
from plan_check.rules import RuleBase


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
        raise refusals.several_rules(rule=rule_id, close=listed)
    ids = [r.id for r in plan.rules]
    close = difflib.get_close_matches(wanted.lower(), ids, n=3, cutoff=0.4)
    raise refusals.unknown_rule(rule=rule_id, close=", ".join(close or ids))


def _matches(rule: RuleBase, wanted: str) -> bool:
    if wanted.isdigit():  # an item number: explain 16
        return rule.item == int(wanted)
    if wanted == rule.item:  # an item the plan numbers in words: explain 二(三)
        return True
    folded = wanted.lower()
    texts = (rule.title.zh, rule.title.pick("en").lower(), rule.quote)
    return bool(folded) and any(folded in text for text in texts)


def _label(plan: Plan, metric_id: str, lang: Lang) -> str:
    m = plan.metric(metric_id)
    unit = m.unit_label(lang)
    name = m.label("zh") if lang == "zh" or not m.name_en else f"{m.name_en} [{m.label('zh')}]"
    return f"{name} ({m.id}{', ' + unit if unit else ''})"


def explain(plan: Plan, rule: RuleBase, lang: Lang) -> str:
    """The explanation of one rule, as plain text lines."""
    use_words(plan.words())  # its examples name the plan's units and city row
    section = plan.section_of(rule.item)
    lines = [
        f"{rule.id}: {rule.title.pick(lang)}",
        "",
        t(
            "ex_item",
            lang,
            item=item_words(rule.item, lang),
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
        *_grammar(plan, rule, lang),
    ]
    if rule.accrues:
        lines.append(t("ex_accrues", lang))
    if rule.always:
        lines.append(t("ex_always", lang))
    lines += ["", t("ex_cells", lang), *("  " + line for line in _cells(rule, lang))]
    rows = ("ex_one_identity", "ex_blank_row", "ex_one_row")
    lines += ["", t("ex_rows", lang), *("  " + t(code, lang) for code in rows)]
    lines += ["", t("ex_example", lang), *("  " + line for line in _example(plan, rule, lang))]
    return "\n".join(lines) + "\n"


def _computation(plan: Plan, rule: RuleBase, lang: Lang) -> list[str]:
    op = OP_SYMBOL[rule.op]
    if rule.upto is not None or rule.change is not None or rule.soft:
        goal = rule.show_target(lang, plan.metric)  # a range, a change, a soft target
    elif rule.target == "baseline":
        goal = t("ex_than_baseline", lang, op=op)
    elif rule.is_rate:
        goal = f"{op} {percent(Fraction(rule.target))}"
    else:
        goal = f"{op} {number(Fraction(rule.target))}"
    labels = [_label(plan, getattr(rule, f), lang) for f in rule.metric_fields]
    return rule.explain_computation(lang, labels, goal)


def _grammar(plan: Plan, rule: RuleBase, lang: Lang) -> list[str]:
    """What the target grammar adds: a goal's own start, its units' own targets, a range,
    a soft target."""
    lines = []
    if rule.start is not None:
        lines.append(t("ex_start", lang, start=rule.start.isoformat()))
    if rule.unit_targets:
        own = [
            f"{unit} {rule.show(Fraction(v), lang, plan.metric, None)}"
            for unit, v in rule.unit_targets.items()
        ]
        shown = rule.show(rule.target_value, lang, plan.metric, None)
        lines.append(t("ex_unit_targets", lang, targets=list_sep(lang).join(own), target=shown))
    if rule.upto is not None and rule.target_value is not None:
        low, high = rule.target_value, Fraction(rule.upto)
        shown_low, shown_high = (rule.show(v, lang, plan.metric, None) for v in (low, high))
        lines.append(t("ex_range", lang, low=shown_low, high=shown_high))
    if rule.soft:
        lines.append(t("ex_soft", lang))
    return lines


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
    return rule.explain_cells(lang)


def _example(plan: Plan, rule: RuleBase, lang: Lang) -> list[str]:
    """Two invented units with figures chosen from the target, worked out in Fractions."""
    return rule.explain_example(lang)
