"""The pure judging: the plan and what was read in, a Report out. Reads no file, prints
nothing; the orchestration that reads the files is engine.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from fractions import Fraction
from typing import Protocol

from plan_check.codes import Code
from plan_check.figures import Figures, Records
from plan_check.pace import elapsed_share
from plan_check.plan import Plan
from plan_check.ranking import rank
from plan_check.report import UNLISTED, FileInfo, Problem, Reason, Report, weight
from plan_check.rules.base import Context
from plan_check.standing import with_alerts


class Submitted(Protocol):
    """What reading a submission gives the judging (input.Loaded is one)."""

    @property
    def records(self) -> Records: ...
    @property
    def problems(self) -> Sequence[Problem]: ...
    @property
    def files(self) -> Sequence[FileInfo]: ...
    @property
    def missing_units(self) -> Sequence[str]: ...
    @property
    def report_dates(self) -> Mapping[str, date]: ...


def evaluate(
    plan: Plan,
    loaded: Submitted,
    baseline: Submitted | None = None,
    as_of: date | None = None,
    quotas: Mapping[str, Mapping[str, Fraction]] | None = None,
) -> Report:
    ctx = Context(
        placeless=_placeless(loaded.problems),
        baseline_placeless=_placeless(baseline.problems) if baseline is not None else {},
        figures=Figures(loaded.records),
        baseline=Figures(baseline.records) if baseline is not None else None,
        as_of=as_of,
        period_start=plan.period_start,
        quotas=quotas or {},
        city_names=tuple(plan.city_units),
        baseline_as_of=_one_day(baseline.report_dates) if baseline is not None else None,
    )
    results = with_alerts([rule.evaluate(ctx) for rule in plan.rules], plan.alerts)
    problems = [*loaded.problems, *(baseline.problems if baseline is not None else [])]
    year_end = max((r.deadline for r in plan.rules), default=plan.period_start)
    return Report(
        results=results,
        problems=tuple(problems),
        blanks=tuple(getattr(loaded, "blanks", ())),  # input.Loaded has them
        first_rows=dict(getattr(loaded, "first_rows", {})),
        files=tuple(loaded.files)
        + tuple(replace(f, baseline=True) for f in (baseline.files if baseline else [])),
        units=loaded.records.units,
        missing_units=tuple(loaded.missing_units),
        as_of=as_of,
        elapsed_share=elapsed_share(plan.period_start, as_of, year_end),
        year_days=(year_end - plan.period_start).days + 1,
        ranking=rank(
            results, loaded.records.units, ctx.is_city, plan.ranking, loaded.missing_units
        ),
    )


# past the problem limit, the rows no unit may be charged with: a unit cell that names
# none, or (with a roster) a unit not on it; a row not read (too wide, a quote never
# closed), whose unit cell may name none
PLACELESS = frozenset({Code.BLANK_UNIT, Code.UNIT_NAME_TOO_LONG, Code.UNIT_NAME_LINE_BREAK,
                       Code.UNEXPECTED_UNIT, Code.UNEXPECTED_UNIT_LIKE})  # fmt: skip
UNREAD = frozenset({Code.ROW_TOO_LONG, Code.ROW_UNQUOTED_THOUSANDS, Code.UNCLOSED_QUOTE,
                    Code.QUOTE_SWALLOWS_ROWS})  # fmt: skip


def _placeless(problems: Sequence[Problem]) -> dict[str, Reason]:
    """Per metric, the rows holding its figures that no unit could be charged with (each
    refused at its row, with the metrics it holds: "*" for any); rows past the problem
    limit, only counted, may hold any."""
    count: Counter[str] = Counter()
    first: dict[str, Problem] = {}
    for p in problems:
        if "row_metrics" in p.params and p.severity == "error":
            metrics, n = p.params["row_metrics"], 1
        elif p.code == UNLISTED and p.params.get("code") in PLACELESS | UNREAD:
            metrics, n = ("*",), weight(p)
        else:
            continue
        for m in metrics:
            count[m] += n
            first.setdefault(m, p)
    return {
        m: Reason(
            "reason_placeless_rows", {"count": n, "file": first[m].file, "line": first[m].line}
        )
        for m, n in count.items()
    }


def _one_day(dates: Mapping[str, date]) -> date | None:
    """The report date last year's files share, if they carry one."""
    days = set(dates.values())
    return days.pop() if len(days) == 1 else None
