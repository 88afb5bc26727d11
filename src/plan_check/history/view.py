"""``plan-check history FILE``: the runs of every plan in a history and each goal's series
(``--goal ID``: one goal by unit), as data for JSON and as words for a table."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from plan_check.errors import PlanCheckError
from plan_check.history.store import Figure, GoalInfo, HistoryStore, PlanKey, Run
from plan_check.i18n import Lang, t
from plan_check.numbers import exact, number, percent
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


def _points(runs: list[Run], goal: str, unit: str | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    before: Figure = None
    for run in runs:
        g = next((x for x in run.goals if x.goal == goal), None)
        if g is not None and unit is not None:
            found = next((u for u in g.units if u.unit == unit), None)
            actual, status, alert, expected = (
                (found.actual, found.status, found.alert, None)
                if found
                else (None, None, None, None)
            )
        elif g is not None:
            actual, status, alert, expected = g.actual, g.status, g.alert, g.expected
        else:
            actual, status, alert, expected = None, None, None, None
        change = None
        if isinstance(actual, Fraction) and isinstance(before, Fraction):
            change = actual - before
        out.append(
            {
                "as_of": run.as_of.isoformat() if run.as_of else None,
                "actual": actual,
                "status": status,
                "alert": alert,
                **({} if unit is not None else {"expected": expected}),
                "change": change,
            }
        )
        before = actual
    return out


def series(
    store: HistoryStore, lang: Lang, goal: str | None = None
) -> list[tuple[PlanKey, list[Run], list[Series]]]:
    """Every plan's runs and series; with ``goal``, that goal's units (an unknown id is
    an error naming the closest ones)."""
    found = []
    known: list[str] = []
    for plan, goals in store.plans():
        runs = store.runs(plan)
        lines = []
        for info in goals:
            known.append(info.id)
            title = info.title_zh if lang == "zh" else info.title_en
            if goal is None:
                lines.append(Series(info.id, title, info, _points(runs, info.id, None)))
            elif info.id == goal:
                units = dict.fromkeys(
                    u.unit for run in runs for g in run.goals if g.goal == goal for u in g.units
                )
                lines += [Series(u, u, info, _points(runs, goal, u)) for u in units]
        if goal is None or any(info.id == goal for info in goals):
            found.append((plan, runs, lines))
    if goal is not None and not found:
        close = difflib.get_close_matches(goal, sorted(set(known)), n=3, cutoff=0.5)
        raise PlanCheckError(
            "history_unknown_goal", goal=goal, close=", ".join(close) or "-", path=store.source
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
    """A figure as the table shows it: 1,520; 96.50%; 是/否; a change with its sign."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if info.is_rate:
        text = percent(value)
        if change:
            points = number(value * 100, 2)
            return ("+" if value > 0 else "") + t("history_points", lang, points=points)
        return text
    text = exact(value)
    return ("+" + text if value > 0 else text) if change else text


def spark(info: GoalInfo, points: list[dict[str, Any]]) -> str:
    values = [p["actual"] for p in points]
    return sparkline([Fraction(int(v)) if isinstance(v, bool) else v for v in values], info.is_rate)
