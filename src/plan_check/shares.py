"""Quotas (任务分解): each unit's share of a city target, checked against the goals, from a
targets file's ``quotas:`` or an allocations file. Knows the rules, not the plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from plan_check.errors import Heading, Msg, TargetsError, TargetsProblem
from plan_check.rules.base import RuleBase


def _plain(value: Fraction | None) -> str:
    if value is None:
        return "—"
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


@dataclass(frozen=True)
class QuotaEntry:
    """A unit's share of a goal's city target, as written, at its line and column."""

    rule: str
    unit: str
    value: Decimal
    line: int | None = None
    column: int | None = None


Quotas = dict[str, dict[str, Fraction]]
ALLOCATIONS: Heading = "allocations_invalid"  # the heading of an allocations file's mistakes


def check_quotas(
    rules_of_plan: Sequence[RuleBase],
    entries: list[QuotaEntry],
    expected_units: list[str] | None,
    shown: str,
    kind: Heading = "targets_invalid",
) -> Quotas:
    """The quotas by rule and unit, or a TargetsError listing every mistake."""
    problems: list[TargetsProblem] = []
    rules = {r.id: r for r in rules_of_plan}
    quotas: Quotas = {}
    first_line: dict[str, int | None] = {}

    def fail(e: QuotaEntry, msg: Msg) -> None:
        problems.append(TargetsProblem(shown, e.line, e.column, e.rule, msg))

    for e in entries:
        rule = rules.get(e.rule)
        if rule is None:
            fail(e, Msg("quota_unknown_rule", rule=e.rule, known=", ".join(rules)))
            continue
        if (
            not rule.additive
            or rule.scope != "city"
            or rule.op not in (">=", ">")
            or (rule.target == "baseline")
        ):
            fail(e, Msg("quota_not_summable", rule=e.rule))
            continue
        if expected_units is not None and e.unit not in expected_units:
            fail(e, Msg("quota_unknown_unit", unit=e.unit, units="、".join(expected_units)))
            continue
        if e.unit in quotas.get(e.rule, {}):
            fail(e, Msg("quota_duplicate", unit=e.unit))
            continue
        quotas.setdefault(e.rule, {})[e.unit] = Fraction(e.value)
        first_line.setdefault(e.rule, e.line)
    for rule_id, shares in quotas.items():
        target = rules[rule_id].target_value
        total = sum(shares.values(), Fraction(0))
        if total != target:
            problems.append(
                TargetsProblem(
                    shown,
                    first_line[rule_id],
                    None,
                    rule_id,
                    Msg("quota_sum", sum=_plain(total), target=_plain(target)),
                )
            )
    if problems:
        raise TargetsError(shown, problems, kind)
    return quotas
