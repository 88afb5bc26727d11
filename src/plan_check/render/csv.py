"""CSV for a spreadsheet: one row per goal, one per unit's figure on it (the overview in
long form), one per unit of the ranking; headers in the report's language.

UTF-8 with a BOM so Excel shows Chinese; every text cell that a spreadsheet would run
as a formula (starting with = + - @, tab or carriage return) is prefixed with ' ;
numbers are written as plain numbers."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from plan_check.i18n import t
from plan_check.plan import Plan
from plan_check.render import overview, text
from plan_check.render.json import number
from plan_check.render.options import RenderOptions
from plan_check.report import Report
from plan_check.standing import change, goal_lag, unit_lag

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


# the first two headers are how plan-check knows its own report in a data folder
HEADER = (
    "id",
    "col_item",
    "col_goal",
    "col_unit",
    "col_status",
    "csv_status",
    "col_alert",
    "csv_actual",
    "csv_comparison",
    "csv_target",
    "csv_numerator",
    "csv_denominator",
    "csv_expected",
    "csv_pace",
    "csv_quota",
    "csv_baseline",
    "csv_previous",
    "csv_change",
    "csv_met",
    "csv_judged",
    "col_rank",
    "csv_previous_rank",
    "col_score",
    "col_mean_completion",
)


def _due(value: Fraction | None) -> object:
    """What is due by now, to the hundredth (the exact share of a year is no count)."""
    return "" if value is None else round(float(value), 2)


def _ahead(lag: Fraction | None) -> object:
    """Points ahead of 序时进度 (negative: behind), as the terminal's 进度差 column."""
    return "" if lag is None else round(-float(lag), 2)


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    """One row per goal; under it one per unit with a figure or a verdict on it (the unit
    status is empty where the goal does not judge units one by one); then one row per
    unit of the ranking (id ``ranking``).
    Figures are plain numbers, rates and scores as shares (0.965)."""
    lang = options.lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t(h, lang) if h.startswith(("col_", "csv_")) else h for h in HEADER])
    for r in report.results:
        rule = r.rule
        lead = (rule.id, rule.item, text.title(rule, lang))
        # a milestone is done or not: "等于 TRUE", not "不低于 TRUE"
        op = "==" if isinstance(r.target, bool) else rule.op
        comparison = (t("op_" + op, lang), _num(r.target))
        before = r.previous
        rows: list[tuple[object, ...]] = [
            (
                *lead,
                "",
                text.status_label(r.status, lang, r.rule),
                r.status,
                overview.alert(r.alert, lang),
                _num(r.actual),
                *comparison,
                _num(r.numerator),
                _num(r.denominator),
                _due(r.expected),
                _ahead(goal_lag(r)),
                "",
                "",
                _num(before.actual) if before else "",
                _num(change(r.actual, before)) if before else "",
                "",
                "",
                "",
                "",
                "",
                "",
            )
        ]
        for u in r.units:
            # every unit's figure (the overview in long form, for a pivot table), but not
            # the counties' blanks under the city bureau's own acts
            if u.status is None and u.state != "value" and u.quota is None:
                continue
            status = u.status or (u.state if u.state != "value" else "")
            ub = u.previous
            actual: Fraction | bool | None = u.actual if u.state == "value" else None
            if rule.yes_no and actual is not None:  # a unit answers yes or no: TRUE/FALSE
                actual = bool(actual)
            rows.append(
                (
                    *lead,
                    text.safe(u.unit),
                    t("unit_" + status, lang) if status else "",
                    status,
                    overview.alert(u.alert, lang),
                    _num(actual),
                    # a unit is judged against its quota, or the goal where every unit must
                    # meet it; a city total does not judge its units one by one
                    *(
                        (comparison[0], _num(u.quota))
                        if u.quota is not None
                        else comparison
                        if u.status is not None and rule.scope == "each_unit"
                        else ("", "")
                    ),
                    _num(u.numerator),
                    _num(u.denominator),
                    _due(u.expected),
                    _ahead(unit_lag(r, u)),
                    _num(u.quota),
                    _num(u.baseline),
                    _num(ub.actual) if ub else "",
                    _num(change(actual, ub)) if ub else "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                )
            )
        writer.writerows([cell(v) for v in row] for row in rows)
    for st in report.ranking:
        writer.writerow(
            cell(v)
            for v in (
                "ranking",
                "",
                t("ranking_heading", lang),
                text.safe(st.unit),
                "",
                "",
                overview.alert(st.alert, lang),
                *([""] * 11),
                st.met,
                st.judged,
                "" if st.rank is None else st.rank,
                "" if st.previous_rank is None else st.previous_rank,
                _num(st.score),
                _num(st.completion),
            )
        )
    previous = report.previous
    if previous is not None:  # the goals and units found in one of the two reports only
        width = len(HEADER)
        for code, names in (
            ("previous_goals_new", previous.goals_only_now),
            ("previous_goals_gone", previous.goals_only_before),
            ("previous_units_new", previous.units_only_now),
            ("previous_units_gone", previous.units_only_before),
            ("csv_ranked_only_now", previous.ranked_only_now),
            ("csv_ranked_only_before", previous.ranked_only_before),
        ):
            label = t(code, lang, count=len(names), names="").rstrip().rstrip(":")
            for name in names:
                row = ["previous", "", label, text.safe(name), *[""] * (width - 4)]
                writer.writerow(cell(v) for v in row)
    return "\ufeff" + buffer.getvalue()
