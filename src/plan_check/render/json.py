"""``--format json``: the Report as one JSON document (UTF-8, Chinese as is)."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from plan_check.i18n import Lang
from plan_check.plan import Plan
from plan_check.render import text
from plan_check.render.options import RenderOptions
from plan_check.report import UNLISTED, Prior, Report, RuleResult, weight
from plan_check.standing import change, change_all


def number(value: Fraction | bool | None) -> int | float | bool | None:
    """Counts as integers, rates and means as floats (0.965), yes/no as booleans."""
    if value is None or isinstance(value, bool):
        return value
    if value.denominator == 1:
        return int(value)
    return float(value)


def _unit_actual(r: RuleResult, value: Fraction | None) -> int | float | bool | None:
    if r.rule.yes_no:  # a unit said yes or no
        return bool(value)
    return number(value)


def _prior(now: Fraction | bool | None, before: Prior) -> dict[str, Any]:
    same = before.same_units
    return {
        "actual": number(before.actual),
        "status": before.status,
        "change": number(change(now, before)),  # over the units of both reports
        **(
            {
                "same_units": {
                    "count": same.count,
                    "actual": number(same.actual),
                    "previous": number(same.previous),
                },
                "change_all_units": number(change_all(now, before)),
                "units_only_now": list(same.only_now),
                "units_only_before": list(same.only_before),
            }
            if same is not None
            else {}
        ),
    }


def _same_units(r: RuleResult) -> dict[str, Any]:
    """A goal judged against last year, over the units with a figure in both years."""
    same = r.same_units
    assert same is not None
    return {
        "units": list(same.units),
        "actual": number(same.actual),
        "baseline": number(same.baseline),
        "unlike": {why: list(units) for why, units in same.unlike.items()},
    }


def ranking(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "unit": s.unit,
            "rank": s.rank,
            "met": s.met,
            "judged": s.judged,
            "score": number(s.score),
            "completion": number(s.completion),
            "alert": s.alert,
            "city": s.city,
            "previous_rank": s.previous_rank,
            "sent": s.sent,
            "vetoed": list(s.vetoed),
        }
        for s in report.ranking
    ]


def previous(report: Report) -> dict[str, Any] | None:
    p = report.previous
    if p is None:
        return None
    return {
        "source": p.source,
        "as_of": p.as_of.isoformat() if p.as_of else None,
        "goals_only_now": list(p.goals_only_now),
        "goals_only_before": list(p.goals_only_before),
        "units_only_now": list(p.units_only_now),
        "units_only_before": list(p.units_only_before),
    }


def result_dict(r: RuleResult, plan: Plan, lang: Lang) -> dict[str, Any]:
    rule = r.rule
    return {
        "id": rule.id,
        "item": rule.item,
        "section": plan.section_of(rule.item).id,
        "title": text.title(rule, lang),
        "kind": rule.kind,
        "scope": rule.scope,
        "status": r.status,
        "alert": r.alert,
        "actual": number(r.actual),
        "op": rule.op,
        "target": number(r.target),
        **({"upto": number(Fraction(rule.upto))} if rule.upto is not None else {}),
        **({"soft": True} if rule.soft else {}),
        "numerator": number(r.numerator),
        "denominator": number(r.denominator),
        "expected": number(r.expected),
        "elapsed_share": number(r.elapsed_share),
        "reasons": [text.reason(x, lang, plan) for x in r.reasons],
        **({"previous": _prior(r.actual, r.previous)} if r.previous is not None else {}),
        **({"same_units": _same_units(r)} if r.same_units is not None else {}),
        "units": [
            {
                "unit": u.unit,
                "actual": _unit_actual(r, u.actual) if u.state == "value" else None,
                "status": u.status,
                "alert": u.alert,
                **(
                    {"numerator": number(u.numerator), "denominator": number(u.denominator)}
                    if rule.is_rate or u.numerator is not None
                    else {}
                ),
                **({"baseline": number(u.baseline)} if u.baseline is not None else {}),
                **({"quota": number(u.quota)} if u.quota is not None else {}),
                **({"expected": number(u.expected)} if u.expected is not None else {}),
                **(
                    {"previous": _prior(u.actual if u.state == "value" else None, u.previous)}
                    if u.previous is not None
                    else {}
                ),
            }
            for u in r.units
        ],
    }


def report_dict(report: Report, plan: Plan, lang: Lang) -> dict[str, Any]:
    return {
        "targets": report.targets_file,
        "roster": (
            None
            if report.roster is None
            else {"source": report.roster_source, "units": list(report.roster)}
        ),
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "as_of_from": _as_of_from(report),
        "elapsed_share": number(report.elapsed_share),
        "summary": report.summary,
        "results": [result_dict(r, plan, lang) for r in report.results],
        "ranking": ranking(report),
        "previous": previous(report),
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                **({"cell": p.cell} if p.cell else {}),
                "column": p.column,
                "value": p.value,
                "code": p.code,
                **({"of": p.params["code"], "count": weight(p)} if p.code == UNLISTED else {}),
                "message": text.problem_message(p, lang),
                "accepted": text.problem_accepted(p, lang),
                "severity": p.severity,
            }
            for p in report.problems
        ],
        "files": [
            {
                "path": f.path,
                "encoding": f.encoding,
                "delimiter": f.delimiter or None,
                "rows": f.rows,
            }
            for f in report.files
        ],
        "units": list(report.units),
        "missing_units": list(report.missing_units),
    }


def _as_of_from(report: Report) -> dict[str, Any] | None:
    """Where the as-of date came from: "option" (--as-of) or "report_date" (the 填报日期
    ``agree`` files or sheets carry), and the files or sheets set aside as dated otherwise."""
    source = report.as_of_from
    if source is None:
        return None
    return {
        "source": "option" if source.option else "report_date",
        "agree": source.agree,
        "set_aside": list(source.set_aside),
    }


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    doc = report_dict(report, plan, options.lang)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
