"""The target grammar's ties to the rest of the plan: a money target converted to its
column's unit, and per-unit targets named by group spread over the group's units."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

from plan_check import problems
from plan_check.errors import Msg
from plan_check.rules.grammar import MONEY, join_columns, money, op_conflict, split_columns

# the field naming the column a kind's figure is shown in (its unit of measure)
SHOWN_IN = ("metric", "value", "numerator")

if TYPE_CHECKING:
    from plan_check.report import Problem

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
            named = [join_columns(rule.get(f)) for f in SHOWN_IN]
            shown = next((split_columns(n)[0] for n in named if isinstance(n, str)), None)
            unit = units.get(shown, "")
            if isinstance(rule.get("unit"), str):  # a figure per head: in its declared unit
                unit = money_part(rule["unit"])
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


def money_part(unit: str) -> str:
    """The unit above the line of a unit per head: 元/人 → 元."""
    return unit.split("/")[0].strip()


def numerator_scale(declared: str, column_unit: str) -> Fraction | None:
    """What a numerator in ``column_unit`` is multiplied by to read in the declared unit
    per head (万元 → 元/人: 10,000), or None when the two units do not fit."""
    top = money_part(declared)
    if top == column_unit:
        return Fraction(1)
    if top in MONEY and column_unit in MONEY:
        return Fraction(MONEY[column_unit] / MONEY[top])
    return None


def per_head_units(rule: R, units: Mapping[str, str]) -> R:
    """A figure per head with its numerator converted to the declared unit."""
    declared = getattr(rule, "unit", None)
    scaled_by = getattr(rule, "scaled_by", None)
    if not isinstance(declared, str) or scaled_by is None:
        return rule
    scale = numerator_scale(declared, units.get(getattr(rule, "numerator", ""), ""))
    result: R = scaled_by(scale or Fraction(1))
    return result


def per_head_problem(rule: Mapping[str, Any], units: Mapping[str, str]) -> Msg | None:
    """Why a raw rule's declared unit per head (``unit:``) does not fit its numerator's
    column, or None."""
    declared = rule.get("unit")
    column = units.get("numerator", "")
    if "numerator" not in rule or not isinstance(declared, str):
        return None  # a unit that is no unit per head (a row counted: 所)
    if numerator_scale(declared, column) is not None:
        return None
    return Msg("targets_per_head_unit", unit=declared, column=column or "—")


def column_fields(
    fields: Mapping[str, tuple[str, ...]], rule: Mapping[str, Any]
) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """(field, accepted types, column id) for every column a raw rule names, each column
    of a figure that adds several ([a, b] or "a + b") on its own."""
    for field, types in fields.items():
        value = join_columns(rule.get(field))
        if isinstance(value, str):
            for column in split_columns(value):
                yield field, types, column


def grammar_problems(
    data: Mapping[str, Any], rule: Mapping[str, Any], units: Mapping[str, str]
) -> Iterator[tuple[str, Msg]]:
    """(field, why) for each use of the target grammar a raw rule gets wrong: per-unit
    targets without scope each_unit or naming no unit or group, a change without a
    baseline, a goal starting after its deadline, a unit per head that does not fit."""
    if (msg := per_head_problem(rule, units)) is not None:
        yield "unit", msg
    if (typed := op_conflict(rule)) is not None:
        yield "target", Msg("grammar_op_conflict", typed=typed, op=str(rule.get("op")))
    own = rule.get("unit_targets")
    if isinstance(own, Mapping) and own:
        if rule.get("scope") != "each_unit":
            yield "unit_targets", Msg("grammar_unit_targets_scope")
        declared = data.get("groups")
        groups: Mapping[str, Any] = declared if isinstance(declared, Mapping) else {}
        roster = data.get("units") if isinstance(data.get("units"), list) else None
        for name in own:
            if name not in groups and roster is not None and name not in roster:
                yield "unit_targets", Msg("grammar_unknown_unit", name=name)
        yield from _twice_grouped(own, groups)
    start, deadline = rule.get("start"), rule.get("deadline")
    if not isinstance(deadline, date):  # due when the plan is: its deadline or year end
        deadline = data.get("deadline")
        begin = data.get("period_start")
        if not isinstance(deadline, date) and isinstance(begin, date):
            deadline = year_end(begin)
    if isinstance(start, date) and isinstance(deadline, date) and start > deadline:
        yield "start", Msg("grammar_start_late", start=start, deadline=deadline)
    if rule.get("change") is not None and rule.get("target") != "baseline":
        yield "change", Msg("grammar_change_needs_baseline")
    if rule.get("kind") == "count_rows" and rule.get("where") is None:
        types = {
            m.get("id"): m.get("type") for m in data.get("metrics") or [] if isinstance(m, Mapping)
        }
        if types.get(rule.get("metric"), "bool") != "bool":
            yield "metric", Msg("grammar_count_rows_where", metric=str(rule.get("metric")))


def _twice_grouped(own: Mapping[str, Any], groups: Mapping[str, Any]) -> Iterator[tuple[str, Msg]]:
    """A unit given a target by two of a goal's unit_targets (named on its own counts
    once: it wins over its group) would get whichever comes first: refused."""
    by: dict[str, str] = {}
    for name in own:
        members = groups.get(name)
        for unit in members if isinstance(members, list) else ():
            if not isinstance(unit, str):
                continue
            if unit in by and by[unit] != name:
                yield (
                    "unit_targets",
                    Msg("grammar_unit_two_groups", unit=unit, first=by[unit], second=name),
                )
            by.setdefault(unit, name)


def group_problems(data: Mapping[str, Any]) -> Iterator[tuple[tuple[str | int, ...], Msg]]:
    """(path, why) for each member of groups: that cannot be a unit: a group's name (groups
    do not nest), or a name not on the roster (units:) when the plan has one. Without a
    roster a member no file names is a problem of validate."""
    declared = data.get("groups")
    if not isinstance(declared, Mapping):
        return
    roster = data.get("units") if isinstance(data.get("units"), list) else None
    for group, members in declared.items():
        for j, unit in enumerate(members if isinstance(members, list) else []):
            if not isinstance(unit, str):
                continue
            if unit in declared:
                yield ("groups", group, j), Msg("grammar_group_in_group", unit=unit, group=group)
            elif roster is not None and unit not in roster:
                close = difflib.get_close_matches(unit, [str(u) for u in roster], n=1, cutoff=0.3)
                yield (
                    ("groups", group, j),
                    Msg(
                        "grammar_group_unknown",
                        unit=unit,
                        group=group,
                        like=close[0] if close else "—",
                    ),
                )


def unreported_targets(rules: Sequence[Any], units: Sequence[str], path: str) -> list[Problem]:
    """A unit given its own target (by name or by group, unit_targets) that no file names:
    a misspelt member would otherwise leave the real unit judged against the common
    target without a word. With a roster (units:) lint refuses it first."""
    from plan_check.report import Problem

    found = dict.fromkeys(units)
    named = dict.fromkeys(u for r in rules for u in getattr(r, "unit_targets", {}))
    return [
        Problem.at(problems.grammar_unit_not_reported(name=name), path, None, "unit_targets", name)
        for name in named
        if name not in found
    ]


def year_end(start: date) -> date:
    """The last day of a year that begins on ``start`` (plan.year_end, which imports this)."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)
