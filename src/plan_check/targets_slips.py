"""Modelling slips a targets file can hold and still be valid: a ratio's target written
without its percent sign (92 is 9200%), a scope a kind does not judge, fields that
contradict each other, a unit column the reader would not find, and (given the plan's
text) a quote whose figure is not the target."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from plan_check.errors import Msg, TargetsProblem
from plan_check.identity import key
from plan_check.numbers import number, percent
from plan_check.rules import KINDS
from plan_check.rules.base import RuleBase, parse_target
from plan_check.rules.grammar import (
    join_columns,
    read_change,
    read_op,
    split_columns,
    split_target,
    target_number,
)
from plan_check.targets_locate import Locator

SCOPES = ("city", "each_unit", "city_row", "counties")
# a figure of a quote: 96.5%, 3000名, 7.6万人, 1.2 亿元
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%%]")
_COUNT = re.compile(
    r"(\d+(?:\.\d+)?)\s*(万|亿)?\s*(名|人|个|所|项|次|元|家|座|间|台|套|户|支|场|期)"
)


def _rules(data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    rules = data.get("rules")
    if not isinstance(rules, list):
        return []
    return [(i, r) for i, r in enumerate(rules) if isinstance(r, dict)]


def _target(rule: dict[str, Any]) -> Decimal | None:
    try:
        value = parse_target(rule.get("target"))
    except ValueError:
        return None  # the schema says what is wrong
    return value if isinstance(value, Decimal) else None


def check_slips(data: dict[str, Any], locate: Locator) -> list[TargetsProblem]:
    """Every slip of the file, each at its line and column with the fix."""
    problems = _unit_header(data, locate)
    for i, rule in _rules(data):
        kind = KINDS.get(str(rule.get("kind")))
        if kind is None:
            continue
        target = _target(rule)
        written = rule.get("target")
        bare = not (isinstance(written, str) and written.strip().endswith(("%", "%")))
        if kind.is_rate and target is not None and bare and target > 1:
            fix = number(Fraction(target) / 100)
            value = str(written).strip()
            shown = percent(Fraction(target))
            msg = Msg("targets_ratio_bare", value=value, percent=shown, fraction=fix)
            problems.append(locate.at(("rules", i, "target"), msg))
        problems += _contradictions(i, rule, kind, locate)
    return problems


def _contradictions(
    i: int, rule: dict[str, Any], kind: type[RuleBase], locate: Locator
) -> list[TargetsProblem]:
    """A scope the kind does not judge; fields that contradict each other."""
    found: list[tuple[str, Msg]] = []
    scope = rule.get("scope", "city")
    scopes = getattr(kind, "scopes", SCOPES)
    if isinstance(scope, str) and scope in SCOPES and scope not in scopes:
        kind_name, shown = rule.get("kind"), " ".join(scopes)
        found.append(
            ("scope", Msg("targets_scope_unsupported", kind=kind_name, scope=scope, scopes=shown))
        )
    if rule.get("each_unit_trend") is True and rule.get("target") != "baseline":
        found.append(("each_unit_trend", Msg("targets_trend_needs_baseline")))
    found += _grammar_slips(rule, kind)
    if rule.get("accrues") is True:
        if kind.is_rate or kind.yes_no or rule.get("target") == "baseline":
            found.append(("accrues", Msg("targets_accrues_not_a_total")))
        elif rule.get("always") is True:
            found.append(("always", Msg("targets_accrues_always")))
    return [locate.at(("rules", i, key), msg) for key, msg in found]


def _grammar_slips(rule: dict[str, Any], kind: type[RuleBase]) -> list[tuple[str, Msg]]:
    """A change in points on a figure that is no rate, a column added to itself, a range
    whose low end is above its high end or with a comparison other than >=."""
    found: list[tuple[str, Msg]] = []
    try:
        change = read_change(rule.get("change"))
    except ValueError:
        change = None  # the schema says what is wrong
    if isinstance(change, dict) and change.get("per") == "points" and not kind.is_rate:
        found.append(("change", Msg("grammar_points_not_rate", change=str(rule.get("change")))))
    for field in ("metric", "value", "numerator", "denominator"):
        named = join_columns(rule.get(field))
        columns = split_columns(named) if isinstance(named, str) else ()
        twice = [c for c in dict.fromkeys(columns) if columns.count(c) > 1]
        if twice:
            found.append((field, Msg("grammar_column_twice", column=twice[0])))
    typed = split_target(rule)
    if typed.get("upto") is not None:
        try:
            low, high = target_number(str(typed["target"])), target_number(str(typed["upto"]))
        except ValueError:
            return found
        if low > high:
            found.append(
                (
                    "target",
                    Msg(
                        "grammar_range_reversed", low=str(typed["target"]), high=str(typed["upto"])
                    ),
                )
            )
        if read_op(typed.get("op", ">=")) != ">=":
            found.append(("op", Msg("grammar_range_op", op=str(typed.get("op")))))
    return found


def _unit_header(data: dict[str, Any], locate: Locator) -> list[TargetsProblem]:
    """The form's unit column must be one the reader takes for the unit column."""
    from plan_check.input.grid import UNIT_HEADERS

    header = data.get("unit_header")
    if not isinstance(header, str) or header in UNIT_HEADERS:  # as the reader writes it:
        return []  # no fold (it loads OpenCC, which ``plan-check rules`` needs not)
    if key(header) in {key(h) for h in UNIT_HEADERS}:
        return []
    accepted = " ".join(h for h in UNIT_HEADERS if not h.isascii())
    return [
        locate.at(("unit_header",), Msg("targets_unit_header", value=header, accepted=accepted))
    ]


def check_quote_figures(data: dict[str, Any], locate: Locator) -> list[TargetsProblem]:
    """A quote's figures (96.5%, 3000名, 7.6万人) against the goal's target: a target none
    of them equals is a slip of the target or of the quote."""
    problems: list[TargetsProblem] = []
    for i, rule in _rules(data):
        kind = KINDS.get(str(rule.get("kind")))
        quote, target = rule.get("quote"), _target(rule)
        if kind is None or kind.yes_no or not isinstance(quote, str) or target is None:
            continue
        if kind.is_rate and target > 1:
            continue  # a percent sign left out: said once, by check_slips
        figures = _figures(quote, kind.is_rate)
        if figures and Fraction(target) not in figures:
            shown = percent if kind.is_rate else number
            msg = Msg(
                "targets_quote_figure",
                figures="、".join(dict.fromkeys(shown(f) for f in figures)),
                target=shown(Fraction(target)),
            )
            problems.append(locate.at(("rules", i, "target"), msg))
    return problems


def _figures(quote: str, rate: bool) -> list[Fraction]:
    if rate:
        return [Fraction(Decimal(m.group(1))) / 100 for m in _PERCENT.finditer(quote)]
    scale = {"万": 10_000, "亿": 100_000_000, None: 1}
    return [Fraction(Decimal(m.group(1))) * scale[m.group(2)] for m in _COUNT.finditer(quote)]
