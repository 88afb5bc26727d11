"""The Python API: ``check(files, targets=…, options=…) -> Report``, the check that
``plan-check validate`` renders, for a script or a notebook.

Everything between the options and the Report is here: the option checks, the plan, the
roster, the previous report or the history compared with, where the blocks are read (here,
a local process pool, a Dask cluster) and what gets read. Nothing is printed or written
(the CLI and the renderers write); a check that cannot run raises a PlanCheckError
(``DataFileError``, ``TargetsError``, ``UsageError``…). Importing this module is light:
the reader (pandas, Arrow) is imported when a check runs.
"""

from __future__ import annotations

import contextvars
import decimal
import os
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from plan_check import refusals

if TYPE_CHECKING:
    from plan_check.input import Progress, Submission
    from plan_check.input.files import Url
    from plan_check.input.grid import Grid
    from plan_check.plan import Plan
    from plan_check.report import Report

PathLike = str | os.PathLike[str]
Format = Literal["json", "html", "markdown", "junit", "csv", "table", "xlsx", "word"]
FORMATS: tuple[str, ...] = ("json", "html", "markdown", "junit", "csv", "table", "xlsx", "word")


@dataclass(frozen=True)
class Options:
    """How to check: the options of ``plan-check validate`` that change the report, each
    with the meaning it has there (README, Usage). Read options (``encoding``, ``sheet``)
    are handed with every block to whichever process reads it."""

    units: PathLike | None = None  # the roster file (--units), over the targets' units:
    as_of: date | str | None = None  # --as-of: a date, or text such as "2023-06-30"
    encoding: str | None = None  # --encoding: force one instead of detecting it
    sheet: str | None = None  # --sheet: one sheet of a workbook
    baseline: PathLike | tuple[PathLike, ...] = ()  # --baseline: a file or folder, or a tuple
    allocations: PathLike | None = None  # --allocations: per-unit quotas
    previous: PathLike | None = None  # --previous: an earlier JSON report to compare with
    history: PathLike | None = None  # --history: an SQLite history; the run is recorded
    jobs: int = 1  # --jobs: local processes reading the blocks (1: in this process)
    dask: str | None = None  # --dask: a scheduler's address, or local[:N]

    def __post_init__(self) -> None:
        """Each option of the type it takes, or a UsageError naming it (a notebook has no
        mypy): one file for ``baseline`` is a tuple of one, a datetime its date."""
        for name in ("units", "allocations", "previous", "history"):
            _name_of(getattr(self, name), name, optional=True)
        baseline = self.baseline
        if isinstance(baseline, str | os.PathLike):
            baseline = (baseline,)
        if not isinstance(baseline, tuple | list):
            raise refusals.option_type(option="baseline", value=_shown(baseline))
        object.__setattr__(self, "baseline", tuple(_name_of(b, "baseline") for b in baseline))
        as_of = self.as_of
        if isinstance(as_of, datetime):  # a pandas Timestamp too
            object.__setattr__(self, "as_of", as_of.date())
        elif as_of is not None and not isinstance(as_of, date | str):
            raise refusals.option_type(option="as_of", value=_shown(as_of))
        for name in ("encoding", "sheet", "dask"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value):
                raise refusals.option_type(option=name, value=_shown(value))
        if isinstance(self.jobs, bool) or not isinstance(self.jobs, int):
            raise refusals.option_type(option="jobs", value=_shown(self.jobs))


@dataclass(frozen=True)
class Checked:
    """A check done: its report, the plan it judged, and (with a history) the call that
    records the run, made once the caller has written its reports."""

    report: Report
    plan: Plan
    record: Callable[[], None] | None = None


def check(
    files: PathLike | Iterable[PathLike],
    targets: PathLike | None = None,
    options: Options | None = None,
) -> Report:
    """Check data files (CSV, xlsx, folders of them, fsspec URLs of CSV files) against
    the goals of ``targets`` (default: ./targets.yaml or the nearest parent's, else the
    packaged one), as ``plan-check validate`` does, and return its Report.

    Raises a ``plan_check.errors.PlanCheckError`` when the check cannot run (a file not
    found, a targets file with mistakes, an option that cannot be used); problems in the
    data are in the report (``report.problems``). With ``options.history`` the run is
    recorded in it."""
    if options is not None and not isinstance(options, Options):
        raise refusals.option_type(option="options", value=_shown(options))

    def run() -> Report:
        with ExitStack() as stack:
            stack.enter_context(decimal.localcontext(_decimals()))
            done = Validation(files, targets, options or Options()).run(stack)
            if done.record is not None:
                done.record()
        _PLANS[id(done.report)] = done.plan
        weakref.finalize(done.report, _PLANS.pop, id(done.report), None)
        return done.report

    # the plan's words (use_words) stay inside the check: the caller's context is untouched
    return contextvars.copy_context().run(run)


def _decimals() -> decimal.Context:
    """The decimal arithmetic of every check, whatever the caller's context holds (a
    precision of 6, Inexact trapped): Python's default, its flags left in the check."""
    return decimal.Context(
        prec=28,
        rounding=decimal.ROUND_HALF_EVEN,
        Emin=-999_999,
        Emax=999_999,
        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
    )


_PLANS: dict[int, Plan] = {}  # the plan each report of check() was judged by, while it lives


@overload
def render(
    report: Report,
    fmt: Literal["json", "html", "markdown", "junit", "csv", "table"] = "json",
    *,
    targets: PathLike | None = None,
    lang: Literal["zh", "en"] = "zh",
) -> str: ...


@overload
def render(
    report: Report,
    fmt: Literal["xlsx", "word"],
    *,
    targets: PathLike | None = None,
    lang: Literal["zh", "en"] = "zh",
) -> bytes: ...


def render(
    report: Report,
    fmt: Format = "json",
    *,
    targets: PathLike | None = None,
    lang: Literal["zh", "en"] = "zh",
) -> str | bytes:
    """The report as ``plan-check validate -o`` writes it: text, or bytes for ``xlsx``
    and ``word`` (.docx). The goals are the plan ``check`` judged the report by; a report
    made otherwise names its targets file (``targets``), whose goals must be the report's."""
    if fmt not in FORMATS:
        raise refusals.render_format(value=_shown(fmt), accepted=" ".join(FORMATS))
    if lang not in ("zh", "en"):
        raise refusals.option_type(option="lang", value=_shown(lang))

    def run() -> str | bytes:
        from plan_check.render import render_file
        from plan_check.render.options import RenderOptions
        from plan_check.targets import load_plan

        plan = _PLANS.get(id(report)) if targets is None else None
        if plan is None:
            plan = load_plan(Path(_name_of(targets, "targets")) if targets is not None else None)
        if [r.id for r in plan.rules] != [r.rule.id for r in report.results]:
            raise refusals.render_other_plan(targets=plan.source)
        verbose = RenderOptions(lang=lang, verbose=True)  # report files hold everything
        with decimal.localcontext(_decimals()):
            return render_file(fmt, report, plan, verbose)

    return contextvars.copy_context().run(run)


class Validation:
    """One check, in two steps: the options checked and the files listed (nothing read
    yet, so a caller can refuse outputs that would overwrite an input), then ``run``."""

    def __init__(
        self,
        files: PathLike | Iterable[PathLike],
        targets: PathLike | None,
        options: Options,
        progress: Callable[[Grid], Progress | None] | None = None,
    ) -> None:
        from plan_check.input import expand, parse_date
        from plan_check.input.cluster import MAX_LOCAL_WORKERS

        self.options, self.progress = options, progress
        self.targets = Path(_name_of(targets, "targets")) if targets is not None else None
        self.day = _day(options.as_of, parse_date)
        if options.history is not None and options.previous is not None:
            raise refusals.history_and_previous()
        if isinstance(options.jobs, bool) or not 1 <= options.jobs <= MAX_LOCAL_WORKERS:
            raise refusals.jobs_bad(value=options.jobs, limit=MAX_LOCAL_WORKERS)
        if options.jobs != 1 and options.dask is not None:
            raise refusals.jobs_and_dask()
        if options.encoding is not None:
            from plan_check.input.decoding import text_codec

            text_codec(options.encoding)  # an unknown or non-text encoding is a usage error
        self.submission: Submission = expand([_location(f) for f in _names(files)])
        baseline = [_location(f) for f in _names(options.baseline)]  # a tuple by now
        self.baseline: Submission | None = expand(baseline) if baseline else None

    @property
    def inputs(self) -> list[tuple[str, Path | Url]]:
        """Every file the check reads, with the option that names it ("" for the data)."""
        o = self.options
        inputs = [("", f) for f in self.submission.files]
        inputs += [("--baseline", f) for f in (self.baseline.files if self.baseline else ())]
        side = {"--targets": self.targets, "--units": _path(o.units)}
        side |= {"--allocations": _path(o.allocations), "--previous": _path(o.previous)}
        inputs += [(option, p) for option, p in side.items() if p is not None]
        return inputs

    def run(self, stack: ExitStack) -> Checked:
        """Read and judge. A history stays open on ``stack`` until the run is recorded."""
        from plan_check.engine import Options as Reading
        from plan_check.engine import check as judged
        from plan_check.input.cluster import connected
        from plan_check.targets import load_plan
        from plan_check.units import read_units_file

        o = self.options
        plan = load_plan(self.targets)
        _within_plan(self.day, plan)
        units = _path(o.units)
        expected = tuple(read_units_file(units)) if units is not None else None
        prior = None
        if o.previous is not None:
            from plan_check.previous import read_previous

            prior = read_previous(Path(o.previous), [r.id for r in plan.rules])
        store = None
        if o.history is not None:
            from plan_check.history.runs import previous_from
            from plan_check.history.sqlite import SQLiteHistory

            # closed on the way out, whatever happens
            store = stack.enter_context(SQLiteHistory(Path(o.history)))
        record = None  # the run, recorded once every report is written
        with connected(o.dask, o.jobs) as runner:
            report = judged(
                plan,
                self.submission,
                Reading(
                    runner=runner,
                    encoding=o.encoding,
                    sheet=o.sheet,
                    expected_units=expected,
                    roster_source=str(units) if units is not None else None,
                    as_of=self.day,
                    baseline=self.baseline,
                    allocations=_path(o.allocations),
                    previous=prior,
                    history=previous_from(store, plan) if store is not None else None,
                    progress=self.progress,
                ),
            )
        if store is not None:
            from plan_check.history.runs import keep

            report, record = keep(report, plan, store)  # with its series
        return Checked(report, plan, record)


def _day(value: date | str | None, parse: Callable[[str], date | None]) -> date | None:
    if value is None or isinstance(value, date):
        return value
    day = parse(value)
    if day is None:
        raise refusals.bad_as_of(value=value)
    return day


def _within_plan(day: date | None, plan: Plan) -> None:
    """An as-of date before the plan's year is refused; after it the check is final."""
    if day is None:
        return
    last = max((r.deadline for r in plan.rules), default=plan.period_start)
    if day < plan.period_start:
        raise refusals.as_of_outside(
            value=day.isoformat(),
            start=plan.period_start.isoformat(),
            end=last.isoformat(),
        )


def _location(name: PathLike) -> Path | Url:
    from plan_check.input.files import as_location

    return as_location(name) if isinstance(name, str) else Path(name)


def _path(name: PathLike | None) -> Path | None:
    return None if name is None else Path(name)


def _names(files: object) -> list[PathLike]:
    """The data files named: one name, or a list, tuple or iterator of names (a pandas
    frame, say, is refused rather than read as its column names)."""
    if isinstance(files, str | os.PathLike):
        return [_name_of(files, "files")]
    if not isinstance(files, list | tuple | set | frozenset | Iterator):
        raise refusals.option_type(option="files", value=_shown(files))
    return [_name_of(f, "files") for f in files]


def _name_of(name: object, option: str, *, optional: bool = False) -> PathLike:
    """A file or folder name: text or a path, not empty, no NUL."""
    if name is None and optional:
        return ""
    if isinstance(name, os.PathLike):
        name = os.fspath(name)
    if not isinstance(name, str) or not name or "\0" in name:
        raise refusals.option_type(option=option, value=_shown(name))
    return name


def _shown(value: object) -> str:
    """A value as a message quotes it: its type and a short repr."""
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:59] + '…'}"
