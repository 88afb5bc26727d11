"""``plan-check history FILE``: the runs of every plan in a history and each goal's series
(``--goal ID``: one goal by unit), as data for JSON and as words for a table."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from plan_check import refusals
from plan_check.history.compare import Cover, cover, lacking, step
from plan_check.history.store import (
    Figure,
    GoalFigure,
    GoalInfo,
    HistoryStore,
    PlanKey,
    Run,
    UnitFigure,
)
from plan_check.i18n import Lang, t
from plan_check.numbers import number, percent
from plan_check.series import sparkline

STATUSES = ("pass", "on_pace", "behind", "not_yet", "fail", "incomplete", "skipped")
ALERTS = ("green", "yellow", "red")


@dataclass(frozen=True)
class Series:
    """One line of the history: a goal (or a goal's unit) and its figure in every run."""

    id: str
    title: str
    info: GoalInfo
    points: list[dict[str, Any]]


def _number(value: Figure) -> int | float | bool | None:
    if value is None or isinstance(value, bool):
        return value
    return int(value) if value.denominator == 1 else float(value)


def _unit_points(
    runs: list[Run], found_in: list[dict[str, UnitFigure]], unit: str
) -> list[dict[str, Any]]:
    """A unit's point in every run (``found_in``: each run's units of the goal by name,
    made once for all units): its figure, state (missing: the gap) and change."""
    out: list[dict[str, Any]] = []
    unit_before: Figure = None
    for run, units in zip(runs, found_in, strict=True):
        found = units.get(unit)
        actual = found.actual if found else None
        change = None
        if isinstance(actual, Fraction) and isinstance(unit_before, Fraction):
            change = actual - unit_before
        out.append(
            {
                "as_of": run.as_of.isoformat() if run.as_of else None,
                "actual": actual,
                "status": found.status if found else None,
                "alert": found.alert if found else None,
                "state": found.state if found else None,
                "change": change,
            }
        )
        unit_before = actual
    return out


def _goal_of(run: Run, goal: str) -> GoalFigure | None:
    return next((x for x in run.goals if x.goal == goal), None)


def _points(runs: list[Run], info: GoalInfo) -> list[dict[str, Any]]:
    """The goal's point in every run: the units its figure covers and whether the run
    before covered the same (``joined``); its change is like for like (compare.py)."""
    out: list[dict[str, Any]] = []
    before: GoalFigure | None = None
    made_of: list[Cover | None] = []
    for run in runs:
        g = _goal_of(run, info.id)
        point: dict[str, Any] = {
            "as_of": run.as_of.isoformat() if run.as_of else None,
            "actual": g.actual if g else None,
            "status": g.status if g else None,
            "alert": g.alert if g else None,
            "expected": g.expected if g else None,
        }
        made = cover(g) if g is not None else None
        if g is not None and made is not None:
            moved = step(g, before, info.is_rate)
            point |= {
                "units": len(made.units),
                "units_of": made.of,
                "lacks": [],
                "joined": before is None or set(made.units) == set(cover(before).units),
                "change": moved.change,
                "change_units": moved.same_units,
                "change_withheld": moved.withheld,
            }
        else:
            point["change"] = None
        out.append(point)
        before = g
        made_of.append(made)
    for point, lacks in zip(out, lacking(made_of), strict=True):
        if "lacks" in point:
            point["lacks"] = list(lacks)
    return out


def series(
    store: HistoryStore, lang: Lang, goal: str | None = None
) -> list[tuple[PlanKey, list[Run], list[Series]]]:
    """Every plan's runs and series; with ``goal``, that goal's units (an unknown id is
    an error naming the closest ones)."""
    found = []
    known: list[str] = []
    for plan, goals in store.plans():
        runs = store.runs(plan, units_of=goal)  # with a goal, only its units are read
        lines = []
        for info in goals:
            known.append(info.id)
            title = info.title_zh if lang == "zh" else info.title_en
            if goal is None:
                lines.append(Series(info.id, title, info, _points(runs, info)))
            elif info.id == goal:
                found_in = []  # each run's units of the goal by name: one look-up per unit
                for run in runs:
                    g = _goal_of(run, goal)
                    found_in.append({u.unit: u for u in g.units} if g else {})
                units = dict.fromkeys(u for names in found_in for u in names)
                lines += [Series(u, u, info, _unit_points(runs, found_in, u)) for u in units]
        if goal is None or any(info.id == goal for info in goals):
            found.append((plan, runs, lines))
    if goal is not None and not found:
        close = difflib.get_close_matches(goal, sorted(set(known)), n=3, cutoff=0.5)
        raise refusals.history_unknown_goal(
            goal=goal, close=", ".join(close) or "-", path=store.source
        )
    return found


def as_data(store: HistoryStore, lang: Lang, goal: str | None = None) -> dict[str, Any]:
    """The history as JSON: figures as numbers (counts exact, rates as fractions 0.965)."""
    plans = []
    for plan, runs, lines in series(store, lang, goal):
        plans.append(
            {
                "title": plan.title_zh if lang == "zh" else plan.title_en,
                "fingerprint": plan.fingerprint,
                "runs": [
                    {
                        "as_of": run.as_of.isoformat() if run.as_of else None,
                        "recorded": run.recorded,
                        "summary": _summary(run),
                        "alerts": _alerts(run),
                    }
                    for run in runs
                ],
                ("units" if goal else "goals"): [
                    {
                        ("unit" if goal else "id"): s.id,
                        **({} if goal else {"title": s.title}),
                        "series": [
                            {k: _number(v) if k in FIGURES else v for k, v in p.items()}
                            for p in s.points
                        ],
                    }
                    for s in lines
                ],
                **({"goal": goal} if goal else {}),
            }
        )
    return {"history": store.source, "plans": plans}


FIGURES = ("actual", "expected", "change")


def _summary(run: Run) -> dict[str, int]:
    counts = Counter(g.status for g in run.goals)
    return {s: counts.get(s, 0) for s in STATUSES}


def _alerts(run: Run) -> dict[str, int]:
    counts = Counter(g.alert for g in run.goals)
    return {a: counts.get(a, 0) for a in ALERTS}


def shown(info: GoalInfo, value: Figure, lang: Lang, change: bool = False) -> str:
    """A figure as the reports show it where the plan's own goal is not at hand (the
    command line shows it by the goal, render/text.py): 1,520; 10.3; 96.50%; 是/否; a
    change with its sign, rates in points, 持平 for none (as text.change)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if change and not value:
        return t("no_change", lang)
    sign = ("+" if value > 0 else "−") if change else ""
    if info.is_rate:
        if change:
            return sign + t("history_points", lang, points=number(abs(value) * 100, 2))
        return percent(value)
    return sign + number(abs(value) if change else value)


def spark(info: GoalInfo, points: list[dict[str, Any]]) -> str:
    values = [p["actual"] for p in points]
    partial = {i for i, p in enumerate(points) if p.get("lacks")}
    return sparkline(
        [Fraction(int(v)) if isinstance(v, bool) else v for v in values],
        info.is_rate,
        None,
        partial,
    )
