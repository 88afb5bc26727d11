"""``--submission``: one unit's own file as a clerk sends it. Every cell readable, every
cell the unit must fill filled, and its own each-unit goals shown; the city's own acts
and the other units are not asked for. The verdict is about the data alone: clean and
complete, or so many things to fix (``data_exit``)."""

from __future__ import annotations

import json
from typing import Any

from plan_check.errors import ExitCode
from plan_check.i18n import Lang, list_sep, t
from plan_check.plan import Plan
from plan_check.render import fixes, text
from plan_check.render.json import number
from plan_check.render.options import RenderOptions
from plan_check.report import Problem, Report, RuleResult, UnitResult


def _own_goals(report: Report, plan: Plan, unit: str) -> list[tuple[RuleResult, UnitResult]]:
    """The goals the unit must meet on its own (each unit, or its quota)."""
    out = []
    for r in report.results:
        u = next((x for x in r.units if x.unit == unit), None)
        if u is None or not fixes.applies(r, plan, unit):
            continue
        if r.rule.scope == "each_unit" or u.quota is not None:
            out.append((r, u))
    return out


def _file_problems(report: Report) -> list[Problem]:
    """Problems no one unit has to fix (a file that could not be read at all)."""
    of = fixes.owner(report)
    return [p for p in report.problems if of(p) is None]


def _to_fix(todo: fixes.Fixes) -> int:
    return todo.data_problems + len(todo.absent)


def sent(report: Report) -> list[str]:
    """The units the files hold rows of (not the roster's others)."""
    missing = set(report.missing_units)
    return [u for u in report.units if u not in missing]


def data_exit(report: Report, plan: Plan) -> ExitCode:
    """1 when a cell is unreadable, a cell the unit must fill is blank, or a figure it
    must give is missing; 0 when the data is clean and complete, whatever the goals."""
    if report.errors:
        return ExitCode.NOT_MET
    if any(_to_fix(fixes.fixes(report, plan, u)) for u in sent(report)):
        return ExitCode.NOT_MET
    return ExitCode.OK


def _problem_line(p: Problem, lang: Lang) -> str:
    where = text.where(p, lang)
    place = " ".join(x for x in (text.safe(p.file), where, text.safe(p.column or "")) if x)
    accepted = text.problem_accepted(p, lang)
    value = f" “{text.safe(p.value)}”" if p.value else ""
    tail = f"({accepted})" if accepted and lang == "zh" else f" ({accepted})" if accepted else ""
    return f"  {place}{value}: {text.problem_message(p, lang)}{tail}"


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    lang = options.lang
    lines = [
        t(
            "submission_heading",
            lang,
            files=list_sep(lang).join(text.safe(f.path) for f in report.files),
        )
    ]
    for p in _file_problems(report):
        lines.append(_problem_line(p, lang))
    for unit in sent(report):
        todo = fixes.fixes(report, plan, unit)
        count = len(fixes.must_fill(plan, unit, report))
        lines.append("")
        lines.append(t("submission_unit", lang, unit=text.safe(unit), count=count))
        lines.extend(_problem_line(p, lang) for p in todo.problems)
        lines.extend("  " + fixes.absent_line(a, lang) for a in todo.absent)
        goals = _own_goals(report, plan, unit)
        if goals:
            lines.append(t("submission_goals", lang))
        for r, u in goals:
            status = u.status or "missing"
            label = (
                t("unit_" + status, lang)
                if status in ("missing", "n/a")
                else text.status(status, lang, r.rule)
            )
            if status in ("missing", "n/a"):  # no figure to show beside it
                lines.append(f"  {text.title(r.rule, lang)}: {label}")
                continue
            figure = text.unit_figure(r, u, plan, lang)
            lines.append(f"  {text.title(r.rule, lang)}: {figure} — {label}")
    code = data_exit(report, plan)
    total = sum(_to_fix(fixes.fixes(report, plan, u)) for u in sent(report))
    total += sum(1 for p in _file_problems(report) if p.severity == "error")
    if code is ExitCode.OK:
        verdict = t("submission_clean", lang)
    else:
        verdict = t("submission_fix", lang, count=total)
    if options.quiet:  # the verdict alone
        return verdict + "\n"
    return "\n".join([*lines, "", verdict]) + "\n"


def _problem_dict(p: Problem, lang: Lang) -> dict[str, Any]:
    return {
        "file": p.file,
        "line": p.line,
        **({"cell": p.cell} if p.cell else {}),
        "column": p.column,
        "value": p.value,
        "code": p.code,
        "message": text.problem_message(p, lang),
        "accepted": text.problem_accepted(p, lang),
        "severity": "error" if p.code == "cell_blank" else p.severity,
    }


def render_json(report: Report, plan: Plan, options: RenderOptions) -> str:
    lang = options.lang
    units = []
    for unit in sent(report):
        todo = fixes.fixes(report, plan, unit)
        units.append(
            {
                "unit": unit,
                "must_fill": fixes.headers(plan, fixes.must_fill(plan, unit, report)),
                "problems": [_problem_dict(p, lang) for p in todo.problems],
                "not_reported": [list(a.columns) for a in todo.absent],
                "goals": [
                    {
                        "id": r.rule.id,
                        "title": text.title(r.rule, lang),
                        "status": u.status if u.state != "missing" else "missing",
                        "actual": number(u.actual) if u.state == "value" else None,
                    }
                    for r, u in _own_goals(report, plan, unit)
                ],
            }
        )
    doc = {
        "submission": True,
        "exit_code": int(data_exit(report, plan)),
        "files": [f.path for f in report.files],
        "file_problems": [_problem_dict(p, lang) for p in _file_problems(report)],
        "units": units,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
