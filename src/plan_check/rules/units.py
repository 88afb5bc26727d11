"""The target grammar's ties to the rest of the plan: a money target converted to its
column's unit, and per-unit targets named by group spread over the group's units."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from plan_check.rules.grammar import money

# the field naming the column a kind's figure is shown in (its unit of measure)
SHOWN_IN = ("metric", "value", "numerator")

R = TypeVar("R")


def money_targets(data: object) -> object:
    """The raw targets file with every money target (2.78亿元, 720元) converted to the unit of
    the goal's column, exactly; anything else is left to the models to read or refuse."""
    if not isinstance(data, Mapping):
        return data
    units = {
        m.get("id"): str(m.get("unit") or "")
        for m in data.get("metrics") or []
        if isinstance(m, Mapping)
    }
    rules = data.get("rules")
    if not isinstance(rules, list):
        return data
    converted = []
    for rule in rules:
        if isinstance(rule, Mapping):
            shown = next((rule[f] for f in SHOWN_IN if isinstance(rule.get(f), str)), None)
            unit = units.get(shown, "")
            rule = dict(rule)
            for key in ("target", "upto"):
                if isinstance(rule.get(key), str):
                    try:
                        value = money(rule[key], unit)
                    except ValueError:  # money against a column of 人: refused at its line
                        continue
                    rule[key] = rule[key] if value is None else str(value)
        converted.append(rule)
    return {**data, "rules": converted}


def expand_groups(rule: R, groups: Mapping[str, Sequence[str]]) -> R:
    """The rule with its unit_targets named by group given to each unit of the group (a
    unit named on its own wins over its group)."""
    own: dict[str, Any] = getattr(rule, "unit_targets", {})
    if not own or not any(name in groups for name in own):
        return rule
    spread: dict[str, Any] = {}
    for name, value in own.items():
        for unit in groups.get(name, ()):
            spread.setdefault(unit, value)
    spread.update({name: v for name, v in own.items() if name not in groups})
    copy: R = rule.model_copy(update={"unit_targets": spread})  # type: ignore[attr-defined]
    return copy
