"""``-o report.xlsx``: a workbook a bureau can forward. The 一览表 (units × goals, with a
全市合计 row), one sheet per unit (its figures, targets or quotas, status and what to
fix), the data problems, and the goal list; frozen headers, fitted columns, figures as
numbers exactly as the report shows them, 是/否, alerts as fills with their shape in the
text, and nothing from data ever stored as a formula (see ``xlsx_cells``)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from plan_check.i18n import Lang, list_sep, t
from plan_check.plan import Plan
from plan_check.render import fixes, overview, text
from plan_check.render.options import RenderOptions
from plan_check.render.xlsx_cells import (
    Value,
    figure,
    fit_columns,
    header,
    new_book,
    put,
    rows,
    save,
    share,
    sheet_name,
)
from plan_check.report import Problem, Report, RuleResult, UnitResult

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

BINARY = True  # written as bytes: render_bytes


def render_bytes(report: Report, plan: Plan, options: RenderOptions) -> bytes:
    book = new_book(options.generated)
    taken: set[str] = set()
    first = book.active
    assert first is not None
    first.title = sheet_name(t("xlsx_overview", options.lang), taken)
    _overview(first, report, plan, options)
    _goals(
        book.create_sheet(sheet_name(t("xlsx_goals", options.lang), taken)), report, plan, options
    )
    _problems(
        book.create_sheet(sheet_name(t("xlsx_problems", options.lang), taken)),
        report,
        plan,
        options,
    )
    for s in report.ranking:
        _unit(book.create_sheet(sheet_name(s.unit, taken)), s.unit, report, plan, options)
    return save(book)


def _title(ws: Worksheet, code: str, report: Report, options: RenderOptions) -> None:
    lang = options.lang
    as_of = report.as_of.isoformat() if report.as_of else t("final", lang)
    put(ws, 1, 1, t(code, lang) + "  " + t("xlsx_as_of", lang, as_of=as_of), bold=True)


def _overview(ws: Worksheet, report: Report, plan: Plan, options: RenderOptions) -> None:
    """Units (ranking order) × goals; the 全市合计 row last: the city's figure per goal."""
    lang = options.lang
    _title(ws, "xlsx_overview_title", report, options)
    columns = [c for b in overview.blocks(report, plan, lang) for c in b.columns]
    lead = [t("col_rank", lang), t("col_unit", lang), t("col_met", lang), t("col_alert", lang)]
    header(ws, 2, lead + [overview.head(c, lang) for c in columns])
    row = 3
    for s in report.ranking:
        put(ws, row, 1, overview.rank(s, lang) if s.rank is None else s.rank)
        put(ws, row, 2, s.unit)
        put(ws, row, 3, overview.met(s))
        put(ws, row, 4, overview.alert(s.alert, lang))
        for col, c in enumerate(columns, start=len(lead) + 1):
            u = next((x for x in c.result.units if x.unit == s.unit), None)
            if u is None:
                continue
            if u.state == "value":
                value, fmt = figure(c.result.rule, _unit_value(c.result, u.actual), lang)
            else:
                value, fmt = overview.value(c.result, u, lang), None
            put(ws, row, col, value, fmt, u.alert)
        row += 1
    total = t("xlsx_city_total", lang)
    put(ws, row, 2, total[:1].upper() + total[1:], bold=True)  # City total / 全市合计
    for col, c in enumerate(columns, start=len(lead) + 1):
        value, fmt = figure(c.result.rule, c.result.actual, lang, _against(c.result))
        put(ws, row, col, value, fmt, c.result.alert, bold=True)
    put(ws, row + 2, 1, overview.alert_basis(plan, lang))
    put(ws, row + 3, 1, overview.ranking_basis(plan, lang))
    ws.freeze_panes = "C3"
    fit_columns(ws)
    ws.column_dimensions["A"].width = 8


def _unit_value(r: RuleResult, value: Fraction | None) -> Fraction | bool | None:
    """A unit answers yes or no on a yes/no goal, whatever the city's figure counts."""
    return bool(value) if r.rule.yes_no and value is not None else value


def _against(r: RuleResult) -> Fraction | None:
    return r.target if isinstance(r.target, Fraction) else None


def _goals(ws: Worksheet, report: Report, plan: Plan, options: RenderOptions) -> None:
    lang = options.lang
    _title(ws, "xlsx_goals_title", report, options)
    names = ["col_item", "col_id", "col_goal", "col_scope", "col_status", "col_alert"]
    names += ["col_actual", "col_target", "col_completion", "col_expected", "xlsx_why"]
    header(ws, 2, [t(n, lang) for n in names])
    for row, r in enumerate(report.results, start=3):
        put(ws, row, 1, r.rule.item)
        put(ws, row, 2, r.rule.id)
        put(ws, row, 3, text.title(r.rule, lang))
        put(ws, row, 4, t("scope_" + r.rule.scope, lang))
        put(ws, row, 5, text.status_label(r.status, lang, r.rule), alert=r.alert)
        put(ws, row, 6, overview.alert(r.alert, lang))
        value, fmt = figure(r.rule, r.actual, lang, _against(r))
        put(ws, row, 7, value, fmt)
        put(ws, row, 8, text.target(r, plan, lang))
        if r.completion is not None:  # numbers, as the report shows them
            put(ws, row, 9, *share(r.completion))
        if r.expected is not None:
            put(ws, row, 10, *figure(r.rule, text.due_value(r.rule, r.expected, plan), lang))
        why = (text.reason(x, lang, plan, bureau=True) for x in r.reasons)
        put(ws, row, 11, "; ".join(why))
    ws.freeze_panes = "D3"
    fit_columns(ws)


PROBLEM_COLUMNS = (
    "col_unit", "col_file", "col_line", "col_cell", "col_column", "col_value",
    "col_problem", "col_accepted", "col_code", "col_severity",
)  # fmt: skip


def problem_row(p: Problem, unit: str | None, options: RenderOptions) -> list[str | int | None]:
    lang = options.lang
    return [unit or "", *fixes.problem_cells(p, lang), t("severity_" + p.severity, lang)]


def problem_header(lang: Lang) -> list[str]:
    return [t(h, lang) for h in PROBLEM_COLUMNS]


def _problems(ws: Worksheet, report: Report, plan: Plan, options: RenderOptions) -> None:
    _title(ws, "xlsx_problems_title", report, options)
    header(ws, 2, problem_header(options.lang))
    of = fixes.owner(report)
    rows(ws, 3, (problem_row(p, of(p), options) for p in fixes.with_blanks(report, plan)))
    ws.freeze_panes = "A3"
    fit_columns(ws)


def _unit(ws: Worksheet, unit: str, report: Report, plan: Plan, options: RenderOptions) -> None:
    """A unit's figure on every goal that has one for it, its own target or quota, its
    status; then what it has to fix (a heading only with something under it). A unit
    that sent nothing says so at the top, and what it has to send."""
    lang = options.lang
    sent = unit not in report.missing_units
    put(ws, 1, 1, unit if sent else f"{unit}  {t('xlsx_unit_not_sent', lang)}", bold=True)
    names = ["col_item", "col_goal", "col_figure", "xlsx_unit_target", "col_status", "col_alert"]
    header(ws, 2, [t(n, lang) for n in names])
    row = 3
    for r in report.results:
        u = next((x for x in r.units if x.unit == unit), None)
        if u is None or not fixes.applies(r, plan, unit):
            continue
        put(ws, row, 1, r.rule.item)
        put(ws, row, 2, text.title(r.rule, lang))
        if u.state == "value":
            value, fmt = figure(r.rule, _unit_value(r, u.actual), lang)
        else:
            value, fmt = text.unit_figure(r, u, plan, lang), None
        put(ws, row, 3, value, fmt, u.alert)
        put(ws, row, 4, *_own_target(r, u, plan, lang))
        status = u.status or ("missing" if u.state == "missing" else "")
        put(ws, row, 5, _unit_status(status, r, lang))
        put(ws, row, 6, overview.alert(u.alert, lang))
        row += 1
    row += 1
    if not sent:  # what it owes, as the 催报 list says it
        owed = fixes.headers(plan, fixes.must_fill(plan, unit, report))
        put(ws, row, 1, t("xlsx_to_send", lang), bold=True)
        put(ws, row + 1, 1, list_sep(lang).join(owed))
        _fit(ws)
        return
    todo = fixes.fixes(report, plan, unit)
    put(ws, row, 1, t("xlsx_to_fix", lang) if todo else t("xlsx_nothing_to_fix", lang), bold=True)
    row += 1
    if todo.problems:
        header(ws, row, problem_header(lang))
        row = rows(ws, row + 1, (problem_row(p, unit, options) for p in todo.problems))
    for a in todo.absent:
        put(ws, row, 2, text.title(a.result.rule, lang))
        put(ws, row, 7, fixes.absent_line(a, lang))
        row += 1
    for m in todo.missed:  # its own goals missed for good, as results (the sentence
        put(ws, row, 7, fixes.missed_line(m, plan, lang))  # names the goal)
        row += 1
    _fit(ws)


def _fit(ws: Worksheet) -> None:
    ws.freeze_panes = "C3"
    fit_columns(ws)


def _own_target(r: RuleResult, u: UnitResult, plan: Plan, lang: Lang) -> tuple[Value, str | None]:
    """The unit's own target or quota, alike for every unit: its quota (任务数) or own
    target, or the target of a goal every unit must meet; a city's or the counties'
    target is not the unit's, and a unit without a figure has the same as the others."""
    if u.quota is not None:
        return figure(r.rule, u.quota, lang)
    if r.rule.scope == "each_unit":
        return text.target_of(r.rule, plan, lang, u.baseline, _fraction(u.actual)), None
    return None, None


def _fraction(value: Fraction | None) -> Fraction | None:
    return value if isinstance(value, Fraction) else None


def _unit_status(status: str, r: RuleResult, lang: Lang) -> str:
    if status in ("", "n/a", "missing"):
        return t("unit_" + status, lang) if status else ""
    return text.status_label(status, lang, r.rule)
