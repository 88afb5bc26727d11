"""CSV for a spreadsheet: one row per goal and, for each-unit goals, one per unit.

UTF-8 with a BOM so Excel shows Chinese; every text cell that a spreadsheet would run
as a formula (starting with = + - @, tab or carriage return) is prefixed with ' ;
numbers are written as plain numbers."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from plan_check.i18n import t
from plan_check.plan import Plan
from plan_check.render import text
from plan_check.render.json import number
from plan_check.render.options import RenderOptions
from plan_check.report import Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _num(value: Fraction | bool | None) -> object:
    shown = number(value)
    if isinstance(shown, bool):
        return "TRUE" if shown else "FALSE"  # what Excel reads as a boolean
    return "" if shown is None else shown


HEADER = (
    "id",
    "col_item",
    "col_goal",
    "col_unit",
    "col_status",
    "status",
    "actual",
    "comparison",
    "target",
    "numerator",
    "denominator",
)


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    lang = options.lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t(h, lang) if h.startswith("col_") else h for h in HEADER])
    for r in report.results:
        rule = r.rule
        lead = (rule.id, rule.item, text.title(rule, lang))
        comparison = (t("op_" + rule.op, lang), _num(r.target))
        rows: list[tuple[object, ...]] = [
            (
                *lead,
                "",
                text.status_label(r.status, lang, r.rule),
                r.status,
                _num(r.actual),
                *comparison,
                _num(r.numerator),
                _num(r.denominator),
            )
        ]
        if rule.scope == "each_unit":
            for u in r.units:
                status = u.status or u.state
                actual = _num(u.actual if u.state == "value" else None)
                rows.append(
                    (
                        *lead,
                        text.safe(u.unit),
                        t("unit_" + status, lang),
                        status,
                        actual,
                        *comparison,
                        _num(u.numerator),
                        _num(u.denominator),
                    )
                )
        writer.writerows([cell(v) for v in row] for row in rows)
    return "\ufeff" + buffer.getvalue()
