"""``--submission``: one unit's own file as a clerk sends it. Every cell readable, every
cell the unit must fill filled, and its own each-unit goals shown; the city's own acts
and the other units are not asked for. The verdict is about the data alone: clean and
complete, or so many things to fix (``data_exit``)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from plan_check import problems
from plan_check.codes import Code
from plan_check.errors import ExitCode
from plan_check.i18n import Lang, list_sep, t
from plan_check.identity import key
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
    """Problems no unit of the file has to fix: a file that could not be read at all, a
    unit not on the roster (its rows are not counted: the file holds no unit's data)."""
    of = fixes.owner(report)
    units = set(sent(report))
    return [p for p in report.problems if of(p) not in units]


def _cells(plan: Plan, note: Problem, unit: str, metrics: list[str]) -> list[Problem]:
    """The cells of ``unit``'s row without a figure that it must fill, each blank."""
    header = [key(str(h)) for h in note.params.get("header", ())]
    out = []
    for m in metrics:
        metric = plan.metric(m)
        names = {key(metric.id), key(metric.header)}
        if metric.unit:  # 国培计划培训人数(人)
            names |= {key(f"{metric.header}{a}{metric.unit}{b}") for a, b in ("()", "[]")}
        j = next((i for i, h in enumerate(header) if h in names), None)
        if j is None:  # no column for it: said as not reported, with no cell
            continue
        shown = str(note.params["header"][j])
        cell = f"{_letter(j + 1)}{note.line}" if note.cell else None
        said = problems.cell_blank(row_unit=unit).with_context(row_metric=m)
        out.append(
            Problem.at(
                said,
                note.file,
                note.line,
                shown,
                "",
                accepted="accepted_filled",
                severity="warning",
                cell=cell,
            )
        )
    return out


def _letter(n: int) -> str:
    """A spreadsheet's column letters: 1 A, 27 AA."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _to_fix(todo: fixes.Fixes) -> int:
    return todo.data_problems + len(todo.absent)


def sent(report: Report) -> list[str]:
    """The units the files hold rows of (not the roster's others)."""
    missing = set(report.missing_units)
    return [u for u in report.units if u not in missing]


def own_file(report: Report, plan: Plan) -> Report:
    """The report as a unit's own file reads: a file whose one unit is named only on rows
    without any figure is that unit's file sent with nothing filled, so every cell it
    must fill is blank on its first such row (for the bureau's check such a row is no
    submission at all). Beside a unit's figures, another unit's blank rows are the
    template's, not asked for; several units' blank rows alone name no one unit."""
    if sent(report):
        return report
    notes: dict[str, Problem] = {}
    for note in report.blanks:
        unit = fixes.unit_of(note)
        if fixes.figureless(note) and unit in report.units and unit not in notes:
            notes[unit] = note  # not on the roster: said as such, never asked for
    if len(notes) != 1:
        return report
    ((unit, note),) = notes.items()
    added = _cells(plan, note, unit, fixes.must_fill(plan, unit, report))
    missing = tuple(u for u in report.missing_units if u != unit)
    return replace(report, blanks=(*report.blanks, *added), missing_units=missing)


def data_exit(report: Report, plan: Plan) -> ExitCode:
    """1 when a cell is unreadable, a cell the unit must fill is blank, or a figure it
    must give is missing; 0 when the data is clean and complete, whatever the goals."""
    report = own_file(report, plan)
    if report.errors or not sent(report):  # no unit's data: nothing sent
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
    report = own_file(report, plan)
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
    elif not sent(report):  # a unit's row with no figure counts as its row, blank
        verdict = t("submission_no_unit", lang, count=total)
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
        "severity": "error" if p.code == Code.CELL_BLANK else p.severity,
    }


def render_json(report: Report, plan: Plan, options: RenderOptions) -> str:
    lang = options.lang
    report = own_file(report, plan)
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
