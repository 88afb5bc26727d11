"""A report as a run in the history and back: the plan's key, the run recorded, the last
earlier run as ``--previous`` would read it, and the series the report carries."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from fractions import Fraction

from plan_check import problems as catalogue
from plan_check.errors import Msg
from plan_check.history.compare import cover, lacking, step
from plan_check.history.store import (
    Figure,
    GoalFigure,
    GoalInfo,
    HistoryStore,
    PlanKey,
    Run,
    UnitFigure,
)
from plan_check.plan import Plan
from plan_check.report import Problem, Report
from plan_check.report_prior import PriorDoc, PriorResult, PriorStanding, PriorUnit, prior_report
from plan_check.series import History, Point, Trend
from plan_check.standing import PriorReport, as_reported, ranked_on


def plan_key(plan: Plan) -> PlanKey:
    """The plan's title and the SHA-256 of its canonical content (the targets file as
    validated, keys sorted): the same goals in another layout or with comments changed are
    one plan; a changed target, goal or unit list is another."""
    canonical = json.dumps(
        plan.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return PlanKey(digest, plan.title.zh, plan.title.pick("en"))


def goal_infos(plan: Plan) -> list[GoalInfo]:
    return [
        GoalInfo(r.id, r.item, r.title.zh, r.title.pick("en"), r.is_rate, r.yes_no, r.accrues)
        for r in plan.rules
    ]


def _recorded() -> str:
    """Now (UTC), or SOURCE_DATE_EPOCH when set, as reports do."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    now = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else datetime.now(UTC)
    return now.isoformat(timespec="seconds")


def run_of(report: Report) -> Run:
    """Every goal's and unit's exact figure, status and alert, the ranks and the units."""
    goals = []
    ranked = set(ranked_on(report.results))  # what its ranking judged units on
    for r in report.results:
        units = tuple(
            UnitFigure(
                u.unit,
                (bool(u.actual) if r.rule.yes_no else u.actual) if u.state == "value" else None,
                u.status,
                u.alert,
                u.state,
                u.numerator,
                u.denominator,
            )
            for u in r.units
        )
        goals.append(
            GoalFigure(
                *(r.rule.id, r.actual, r.status, r.alert, r.target, r.expected, units),
                r.rule.id in ranked,
            )
        )
    ranks = tuple((s.unit, s.rank) for s in report.ranking)
    return Run(report.as_of, _recorded(), tuple(goals), ranks, report.units)


def _as_json(value: Figure) -> Figure:
    """A figure as a JSON report holds it, so the comparison is the one --previous makes."""
    return as_reported(value) if isinstance(value, Fraction) else value


def _part(value: Fraction | None) -> Fraction | None:
    return None if value is None else as_reported(value)


def prior_of(run: Run, source: str) -> PriorReport:
    """A run read back as ``--previous`` reads the JSON report of that run: the same
    models (report_prior.py), built from the store's figures as the report writes them
    (figures plan-check recorded itself, so they are not validated again)."""
    doc = PriorDoc.model_construct(
        results=[
            PriorResult.model_construct(
                id=g.goal,
                actual=_as_json(g.actual),
                status=g.status,
                units=[
                    PriorUnit.model_construct(
                        unit=u.unit,
                        actual=_as_json(u.actual),
                        status=u.status,
                        numerator=_part(u.numerator),
                        denominator=_part(u.denominator),
                    )
                    for u in g.units
                ],
            )
            for g in run.goals
        ],
        ranking=[PriorStanding.model_construct(unit=u, rank=rank) for u, rank in run.ranks],
        as_of=run.as_of.isoformat() if run.as_of else None,
        units=list(run.units),
    )
    # the goals its ranking judged units on, as the run recorded them (the store keeps no
    # scopes or quotas to read them from, as a JSON report is read)
    ranked = tuple(g.goal for g in run.goals if g.ranked)
    return replace(prior_report(doc, source), ranked_on=ranked)


def _key(day: date | None) -> date:
    return day or date.max  # a final check comes after every dated one


def last_before(runs: list[Run], as_of: date | None) -> Run | None:
    """The latest run dated before ``as_of`` (a final check: before the year's end)."""
    earlier = [r for r in runs if _key(r.as_of) < _key(as_of)]
    return max(earlier, key=lambda r: _key(r.as_of), default=None)


def previous_from(store: HistoryStore, plan: Plan) -> Callable[[date | None], PriorReport | None]:
    """For the engine: the last run before the check's as-of date, once that is known."""

    def find(as_of: date | None) -> PriorReport | None:
        run = last_before(store.runs(plan_key(plan)), as_of)
        return None if run is None else prior_of(run, store.source)

    return find


def points(runs: list[Run], goal: str, is_rate: bool) -> tuple[Point, ...]:
    """A goal's figure in every run that has it, with the units it covers and its change
    since the run before, like for like (compare.py)."""
    found = [g for run in runs for g in run.goals if g.goal == goal]
    dated = [run for run in runs if any(g.goal == goal for g in run.goals)]
    covers = [cover(g) for g in found]
    out = []
    for i, (run, g, made, lacks) in enumerate(
        zip(dated, found, covers, lacking(covers), strict=True)
    ):
        before = found[i - 1] if i else None
        joined = i == 0 or set(made.units) == set(covers[i - 1].units)
        moved = step(g, before, is_rate)
        out.append(
            Point(
                *(run.as_of, g.actual, g.status, g.alert, g.expected),
                *(len(made.units), made.of, lacks, joined),
                *(moved.change, moved.same_units, moved.withheld),
            )
        )
    return tuple(out)


def keep(report: Report, plan: Plan, store: HistoryStore) -> tuple[Report, Callable[[], None]]:
    """The report with the series of the stored runs up to it and this run (which replaces
    one of the same date, with a warning saying so), and the call that records the run:
    made once every report is written, so that a check that fails on the way leaves the
    history as it was."""
    key = plan_key(plan)
    this = run_of(report)
    stored = store.runs(key)  # every value checked as it is read (rows.py)
    replaced = any(r.as_of == report.as_of for r in stored)
    runs = [r for r in stored if _key(r.as_of) < _key(report.as_of)] + [this]
    goals = {r.id: points(runs, r.id, r.is_rate) for r in plan.rules}
    goals = {goal: found for goal, found in goals.items() if found}
    trend = tuple(
        Trend(
            run.as_of,
            sum(g.alert == "green" for g in run.goals),
            sum(g.alert == "yellow" for g in run.goals),
            sum(g.alert == "red" for g in run.goals),
        )
        for run in runs
    )
    problems = report.problems
    if replaced:
        shown: str | Msg = report.as_of.isoformat() if report.as_of else Msg("final")
        said = catalogue.history_replaced(as_of=shown)
        problems += (Problem.at(said, store.source, severity="warning"),)
    history = History(store.source, goals, trend, replaced)

    def record() -> None:
        store.record(key, goal_infos(plan), this)

    return replace(report, history=history, problems=problems), record
