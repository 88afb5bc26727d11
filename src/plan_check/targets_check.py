"""What the schema of a targets file cannot see: references between metrics, rules and
sections, duplicate ids, the plan's calendar, quotes that are not the plan's words."""

from __future__ import annotations

import difflib
from datetime import date
from typing import Any

from plan_check.errors import Msg, TargetsProblem
from plan_check.rules import KINDS
from plan_check.rules.units import column_fields, grammar_problems, group_problems
from plan_check.targets_locate import Locator


def _dicts(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings under a list key, with their index; anything else is pydantic's to report."""
    items = data.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def cross_check(data: dict[str, Any], locate: Locator) -> list[TargetsProblem]:
    """What the schema cannot see: references between metrics, rules and sections, and
    duplicate ids. Works on the raw document, so it reports alongside schema errors."""
    problems: list[TargetsProblem] = []
    metrics: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, m in _dicts(data, "metrics"):
        mid = m.get("id")
        if not isinstance(mid, str):
            continue
        if mid in metrics:
            first = locate.line(("metrics", metrics[mid][0]))
            problems.append(
                locate.at(
                    ("metrics", i, "id"), Msg("targets_duplicate_metric", id=mid, first=first)
                )
            )
        metrics.setdefault(mid, (i, m))
    for i, m in _dicts(data, "metrics"):
        refs = [("not_above", m.get("not_above"))]
        refs += [("ratio_of", other) for other in (m.get("ratio_of") or [])]
        for field, other in refs:
            if isinstance(other, str) and other not in metrics:
                problems.append(
                    locate.at(("metrics", i, field), Msg("targets_bad_bound", metric=other))
                )
    items = {
        str(item).strip()
        for _, sec in _dicts(data, "sections")
        for item in sec.get("items") or []
        if isinstance(item, int | str)
    }
    start = data.get("period_start")
    plan_deadline = data.get("deadline")
    if isinstance(plan_deadline, date) and isinstance(start, date) and plan_deadline < start:
        problems.append(
            locate.at(
                ("deadline",), Msg("targets_deadline_early", deadline=plan_deadline, start=start)
            )
        )
    seen: dict[str, int] = {}
    for i, rule in _dicts(data, "rules"):
        rid = rule.get("id")
        if isinstance(rid, str):
            if rid in seen:
                first = locate.line(("rules", seen[rid]))
                problems.append(
                    locate.at(("rules", i, "id"), Msg("targets_duplicate_id", id=rid, first=first))
                )
            seen.setdefault(rid, i)
        deadline = rule.get("deadline")
        if isinstance(deadline, date) and isinstance(start, date) and deadline < start:
            problems.append(
                locate.at(
                    ("rules", i, "deadline"),
                    Msg("targets_deadline_early", deadline=deadline, start=start),
                )
            )
        item = rule.get("item")
        numbered = isinstance(item, str) or (isinstance(item, int) and item >= 1)
        if numbered and items and str(item).strip() not in items:
            problems.append(locate.at(("rules", i, "item"), Msg("targets_no_section", item=item)))
        kind = KINDS.get(str(rule.get("kind")))
        if kind is None:
            continue
        units: dict[str, str] = {}
        for field, types, metric_id in column_fields(kind.metric_fields, rule):
            if metric_id not in metrics:
                close = difflib.get_close_matches(metric_id, list(metrics), n=3, cutoff=0.5)
                problems.append(
                    locate.at(
                        ("rules", i, field),
                        Msg(
                            "targets_undeclared_metric",
                            metric=metric_id,
                            known=", ".join(close) or "—",
                        ),
                    )
                )
                continue
            declared = metrics[metric_id][1]
            if declared.get("type") not in types:
                problems.append(
                    locate.at(
                        ("rules", i, field),
                        Msg(
                            "targets_metric_type",
                            field=field,
                            expected="/".join(types),
                            metric=metric_id,
                            actual=declared.get("type"),
                        ),
                    )
                )
            units[field] = str(declared.get("unit") or "")
        if kind.is_rate and len(set(units.values())) > 1:
            problems.append(
                locate.at(
                    ("rules", i, "denominator"),
                    Msg(
                        "targets_unit_mismatch",
                        numerator=rule.get("numerator"),
                        num_unit=units.get("numerator") or "—",
                        denominator=rule.get("denominator"),
                        den_unit=units.get("denominator") or "—",
                    ),
                )
            )
        for field, msg in grammar_problems(data, rule, units):
            problems.append(locate.at(("rules", i, field), msg))
    problems += [locate.at(path, msg) for path, msg in group_problems(data)]
    ranking = data.get("ranking")
    for j, rid in enumerate(ranking.get("veto") or [] if isinstance(ranking, dict) else []):
        if isinstance(rid, str) and rid not in seen:
            at = ("ranking", "veto", j)
            problems.append(locate.at(at, Msg("targets_unknown_veto", id=rid, known=len(seen))))
    return problems


def check_quotes(data: dict[str, Any], locate: Locator, seed: str) -> list[TargetsProblem]:
    """Every quote, of a rule, of words a rule covers or of a commitment left unchecked,
    must be the plan's own words."""
    from plan_check.coverage import quote_places  # lint --seed only

    return [
        locate.at(path, Msg("targets_quote_not_in_seed", quote=quote))
        for path, quote in quote_places(data)
        if quote not in seed
    ]
