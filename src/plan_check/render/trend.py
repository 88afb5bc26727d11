"""The year as a series, as every format shows it (--history): the sparkline beside a goal
in the terminal, and the series and chart data the JSON report carries and the HTML charts
draw (one function for both, so the JSON holds exactly what is drawn)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from plan_check import report_schema as schema
from plan_check.plan import Plan
from plan_check.report import Report, RuleResult
from plan_check.series import Point, sparkline


def _value(point: Point) -> Fraction | None:
    if isinstance(point.actual, bool):
        return Fraction(int(point.actual))
    return point.actual


def spark(r: RuleResult, points: tuple[Point, ...]) -> str:
    """The goal's sparkline: its figure in every run, up to its target (a rate: between
    its lowest and highest); a run whose figure lacks a unit's is a dot."""
    target = r.target if isinstance(r.target, Fraction) and not r.rule.is_rate else None
    partial = {i for i, p in enumerate(points) if p.partial}  # a dot: lacks a unit's figure
    return sparkline([_value(p) for p in points], r.rule.is_rate, target, partial)


@dataclass(frozen=True)
class Chart:
    """A paced goal's progress: its figure at each run, and the 序时进度 line from 0 on the
    day before the year's first day to the target on the deadline."""

    result: RuleResult
    points: tuple[Point, ...]
    pace: tuple[tuple[date, Fraction], tuple[date, Fraction]]


def charts(report: Report, plan: Plan) -> list[Chart]:
    """The goals charted against 序时进度: those that accrue through the year towards a
    figure, with a history."""
    if report.history is None:
        return []
    found = []
    for r in report.results:
        points = report.history.goals.get(r.rule.id, ())
        if not r.rule.accrues or not isinstance(r.target, Fraction) or not points:
            continue
        start = plan.period_start - timedelta(days=1)
        found.append(Chart(r, points, ((start, Fraction(0)), (r.rule.deadline, r.target))))
    return found


def _number(value: Fraction | bool | None) -> int | float | bool | None:
    if value is None or isinstance(value, bool):
        return value
    return int(value) if value.denominator == 1 else float(value)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def history_model(report: Report, plan: Plan) -> schema.History:
    """The series of every goal, the overview's trend and the charts' data, for JSON."""
    history = report.history
    assert history is not None
    paced = {c.result.rule.id: c for c in charts(report, plan)}
    goals = []
    for r in report.results:
        points = history.goals.get(r.rule.id, ())
        shown = []
        for i, p in enumerate(points):
            # like for like: over the units in both runs when they differ (None: withheld)
            change = p.change if i and not isinstance(p.actual, bool) else None
            shown.append(
                schema.Point(
                    as_of=_day(p.as_of),
                    actual=_number(p.actual),
                    status=p.status,
                    alert=p.alert,
                    expected=_number(p.expected),
                    change=_number(change),
                )
            )
        chart = paced.get(r.rule.id)
        pace: dict[str, Any] = {}
        if chart is not None:
            pace["pace"] = [
                schema.PacePoint(as_of=d.isoformat(), value=_number(v)) for d, v in chart.pace
            ]
        goals.append(schema.GoalSeries(id=r.rule.id, points=shown, **pace))
    return schema.History(
        source=history.source,
        replaced=history.replaced,
        runs=[_day(x.as_of) for x in history.trend],
        goals=goals,
        trend=[
            schema.Trend(as_of=_day(x.as_of), green=x.green, yellow=x.yellow, red=x.red)
            for x in history.trend
        ],
    )
