"""The orchestration: read the files (this year's, last year's, the allocations, the
previous report), then judge them with ``judge.evaluate``. Never prints; never imports
typer or rich (a contract keeps it so)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from plan_check import problems, refusals
from plan_check.codes import Code
from plan_check.identity import clean_name
from plan_check.input import Loaded, Progress, Submission, load
from plan_check.input.dates import a_year_before
from plan_check.input.grid import Grid
from plan_check.input.totals import look_alike
from plan_check.judge import evaluate as evaluate  # the pure judging, for callers of the engine
from plan_check.plan import Plan
from plan_check.quotas import ALLOCATIONS, QuotaEntry, check_quotas, read_allocations
from plan_check.report import AsOfFrom, Problem, Report
from plan_check.rules.units import unreported_targets
from plan_check.standing import PriorReport, with_previous, year_to_date_falls

if TYPE_CHECKING:
    from plan_check.input.options import ReadOptions
    from plan_check.input.text import Runner


@dataclass(frozen=True)
class Options:
    encoding: str | None = None
    sheet: str | None = None  # a workbook's sheet; default: the first
    expected_units: tuple[str, ...] | None = None  # overrides the targets file's units:
    as_of: date | None = None  # overrides the files' agreed 填报日期; None and no date: final
    baseline: Submission | None = None  # last year's files, for the trend goals
    allocations: Path | None = None  # per-unit quotas, overriding the targets file's
    progress: Callable[[Grid], Progress | None] | None = None  # a bar for big files (CLI)
    roster_source: str | None = None  # the file expected_units came from
    previous: PriorReport | None = None  # an earlier report, for the change since then
    runner: Runner | None = None  # where blocks are read: here (None), or a Dask cluster
    blocks: ReadOptions | None = None  # how files are read (None: the default sizes)
    # --history: the last earlier run of the plan, found once the as-of date is known
    history: Callable[[date | None], PriorReport | None] | None = None


def check(plan: Plan, paths: Submission | list[Path], options: Options = Options()) -> Report:
    report = _check(plan, paths, options)
    source: str | None = None
    if options.expected_units:
        source = options.roster_source or "--units"
    elif plan.units:
        source = plan.source
    roster = _roster(options, plan)
    report = replace(report, targets_file=plan.source, roster=roster, roster_source=source)
    prior = options.previous
    if prior is None and options.history is not None:
        prior = options.history(report.as_of)
    if prior is None:
        return report
    report = with_previous(report, prior)
    later = _previous_not_earlier(report, plan)
    falls = () if later else year_to_date_falls(report)  # a later report runs backwards
    return replace(report, problems=report.problems + later + falls)


def _of_another_period(loaded: Loaded, plan: Plan, year: tuple[date, date]) -> None:
    """A submission every file of which is dated outside the plan's period is refused (exit
    2): last year's forms, or the wrong targets file; judged anyway, every goal would read
    final. Some files of the period date the check, and the others are their problems."""
    outside = [p for p in loaded.problems if p.code == Code.REPORT_DATE_OUTSIDE_PLAN]
    if not outside or loaded.as_of is not None:
        return
    dated = {p.file for p in outside}
    undated = [f.path for f in loaded.files if not any(_part_of(d, f.path) for d in dated)]
    if undated:
        return
    days = sorted({str(p.value) for p in outside})
    raise refusals.report_dates_outside_plan(
        dates="、".join(days[:5]) + ("…" if len(days) > 5 else ""),
        start=year[0].isoformat(),
        end=year[1].isoformat(),
        targets=plan.source,
    )


def _part_of(source: str, path: str) -> bool:
    """A file, or a sheet of it (book.xlsx[7月])."""
    return source == path or source.startswith(path + "[")


def _previous_not_earlier(report: Report, plan: Plan) -> tuple[Problem, ...]:
    """A previous report dated on or after this check is compared all the same, with a
    warning: the change would run backwards (a final report has the year's end)."""
    assert report.previous is not None
    year_end = max((r.deadline for r in plan.rules), default=plan.period_start)
    before = report.previous.as_of or year_end
    now = report.as_of or year_end
    if before < now:
        return ()
    said = problems.previous_not_earlier(previous=before.isoformat(), now=now.isoformat())
    return (Problem.at(said, report.previous.source, severity="warning"),)


def _check(plan: Plan, paths: Submission | list[Path], options: Options) -> Report:
    """Load the files (and last year's), and judge every rule of the plan."""
    expected = _roster(options, plan)
    expected_list = list(expected) if expected else None
    quotas: dict[str, dict[str, Fraction]] = {
        rule: {unit: Fraction(v) for unit, v in shares.items()}
        for rule, shares in (plan.quotas or {}).items()
    }
    entries = []
    if options.allocations is not None:
        entries = read_allocations(options.allocations)
        shown = str(options.allocations)
        quotas.update(check_quotas(plan.rules, entries, expected_list, shown, ALLOCATIONS))

    def read(files: Submission | list[Path], year: tuple[date, date]) -> Loaded:
        return load(
            files,
            plan,
            encoding=options.encoding,
            sheet=options.sheet,
            expected_units=expected_list,
            progress=options.progress,
            runner=options.runner,
            year=year,
            blocks=options.blocks,
        )

    year = (plan.period_start, max((r.deadline for r in plan.rules), default=plan.period_start))
    loaded = read(paths, year)
    loaded.problems.extend(unreported_targets(plan.rules, loaded.records.units, plan.source))
    if options.as_of is None:
        _of_another_period(loaded, plan, year)
    last_year = (a_year_before(year[0]), a_year_before(year[1]))
    baseline = read(options.baseline, last_year) if options.baseline else None
    if baseline is not None:
        loaded.problems.extend(_look_alikes_across_years(loaded, baseline))
    if entries and options.allocations is not None:
        loaded.problems.extend(_quota_units_without_data(loaded, entries, options.allocations))
    as_of = options.as_of
    if as_of is None:
        as_of = loaded.as_of
    elif loaded.as_of is not None and loaded.as_of != as_of:
        said = problems.as_of_differs(as_of=as_of.isoformat(), dates=loaded.as_of.isoformat())
        loaded.problems.append(
            Problem.at(said, next(iter(loaded.report_dates)), severity="warning")
        )
    report = evaluate(plan, loaded, baseline, as_of, quotas)
    if as_of is None:
        return report
    agree = len(loaded.report_dates) if loaded.as_of is not None else 0
    source = AsOfFrom(options.as_of is not None, agree, tuple(loaded.set_aside))
    return replace(report, as_of_from=source)


def _look_alikes_across_years(now: Loaded, before: Loaded) -> list[Problem]:
    """A unit found only this year that looks like one found only last year (青山具 and
    青山县): probably one unit, misspelt in one of the years."""
    this_year, last_year = set(now.records.units), set(before.records.units)
    only_before = [u for u in before.records.units if u not in this_year]
    found = []
    for unit in now.records.units:
        if unit in last_year:
            continue
        like = look_alike(unit, only_before)
        if like is not None:
            path, line = now.first_rows.get(unit, ("", None))
            said = problems.unit_like_other_year(unit=unit, like=like)
            found.append(
                Problem.at(
                    said, path, line, None, unit, accepted="accepted_unit_name", severity="warning"
                )
            )
    return found


def _quota_units_without_data(
    loaded: Loaded, entries: list[QuotaEntry], path: Path
) -> list[Problem]:
    """A unit named in the allocations that sent no figures: a misspelt unit in either
    file would otherwise make its quota vanish without a word."""
    units = loaded.records.units
    found = []
    for e in entries:
        if e.unit in units:
            continue
        same_rule = {x.unit for x in entries if x.rule == e.rule}
        like = look_alike(e.unit, [u for u in units if u not in same_rule])
        said = (
            problems.quota_unit_not_reported_like(unit=e.unit, like=like)
            if like
            else problems.quota_unit_not_reported(unit=e.unit)
        )
        found.append(
            Problem.at(
                said,
                str(path),
                e.line,
                None,
                e.unit,
                accepted="accepted_unit_name",
                severity="warning",
            )
        )
    return found


def _roster(options: Options, plan: Plan) -> tuple[str, ...] | None:
    """The units that must report, each named as the reader names the units in the files
    (one identity: 青山縣 or 青山县\u200b on the roster is 青山县), each once."""
    given = options.expected_units or (tuple(plan.units) if plan.units else None)
    return None if given is None else tuple(dict.fromkeys(clean_name(u) for u in given))
