"""What a unit has to fix (退回修改单) and what it must fill: the cells it must fill, its
blank required cells and unreadable cells with their place, the goals it must meet on
its own that it has missed for good, and the figures it left out with no cell to point at (a column
its file lacks). Plain data, shared by ``--problems``, ``--returns``, ``--submission``
and the workbook's unit sheets."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from plan_check.codes import Code
from plan_check.i18n import Lang, list_sep, t
from plan_check.plan import Plan
from plan_check.render import text
from plan_check.report import Problem, Report, RuleResult, UnitResult

# a unit's own goal it has missed for good: behind its pace or not there yet before the
# deadline is no result to return, and never a figure to report instead of its own
MISSED = ("fail",)


def is_city(plan: Plan, unit: str) -> bool:
    return unit.strip() in plan.city_units


def applies(result: RuleResult, plan: Plan, unit: str) -> bool:
    """Whether the goal asks ``unit`` for its figures: the bureau's own acts only the
    city's row, the counties' goals only counties."""
    scope = result.rule.scope
    if scope == "city_row":
        return is_city(plan, unit)
    if scope == "counties":
        return not is_city(plan, unit)
    return True


def must_fill(plan: Plan, unit: str, report: Report) -> list[str]:
    """The metrics ``unit`` must fill, in the plan's order (optional cross-checks and
    the bureau's own acts, for a county, are not asked for)."""
    wanted = {m for r in report.results if applies(r, plan, unit) for m in r.rule.inputs}
    return [m.id for m in plan.metrics if m.id in wanted and not m.optional]


def unit_of(p: Problem) -> str | None:
    """The unit of the row a problem is on, where the reader knows it."""
    unit = p.params.get("row_unit")
    return unit if isinstance(unit, str) else None


Owner = Callable[[Problem], str | None]


def owner(report: Report) -> Owner:
    """Whose a problem is to fix: the unit of its row, else the one unit whose rows its
    file holds (a county's own file: its header, a row too long); else no one unit's."""
    by_file: dict[str, set[str]] = {}
    for unit, (path, _) in report.first_rows.items():
        by_file.setdefault(path, set()).add(unit)
    for p in (*report.problems, *report.blanks):
        if figureless(p):  # a row without a figure: no submission of its unit
            continue
        row_unit = unit_of(p)
        if row_unit is not None:
            by_file.setdefault(p.file, set()).add(row_unit)

    def of(p: Problem) -> str | None:
        unit = unit_of(p)
        if unit is not None:
            return unit
        units = by_file.get(p.file, set())
        return next(iter(units)) if len(units) == 1 else None

    return of


def figureless(p: Problem) -> bool:
    """The reader's note of a unit named on a row without any figure (its first such
    row, no metric): no submission of that unit."""
    return p.params.get("row_figureless") is True


def metric_of(p: Problem) -> str | None:
    """The metric of the cell a problem is about, where the reader knows it."""
    metric = p.params.get("row_metric")
    return metric if isinstance(metric, str) else None


def required_blanks(report: Report, plan: Plan) -> list[Problem]:
    """The blank cells of the rows read that their unit had to fill."""
    cache: dict[str, set[str]] = {}
    out = []
    for p in report.blanks:
        unit = unit_of(p)
        if unit is None:
            continue
        if unit not in cache:
            cache[unit] = set(must_fill(plan, unit, report))
        if metric_of(p) in cache[unit]:
            out.append(p)
    return out


def with_blanks(report: Report, plan: Plan) -> list[Problem]:
    """Every problem and every blank required cell, in file order (line, then column)."""
    order = {f.path: i for i, f in enumerate(report.files)}

    def key(p: Problem) -> tuple[int, int, str]:
        return (order.get(p.file, len(order)), p.line or 0, p.column or "")

    problems = list(report.problems)
    blanks = required_blanks(report, plan)
    if not blanks:
        return problems
    return sorted([*problems, *blanks], key=key)


@dataclass(frozen=True)
class Missed:
    """A goal the unit must meet on its own (every unit, or its quota) that it has missed
    for good (status fail): a result, said beside the data to fix, never a figure to put in."""

    result: RuleResult
    unit: UnitResult


@dataclass(frozen=True)
class Absent:
    """A figure the unit did not give, with no cell to point at (its column is missing
    from the file, or its row is)."""

    result: RuleResult
    columns: tuple[str, ...]  # the headers of the metrics the goal needs


@dataclass(frozen=True)
class Fixes:
    unit: str
    problems: tuple[Problem, ...]  # unreadable cells and blank required cells, in order
    missed: tuple[Missed, ...]
    absent: tuple[Absent, ...]

    @property
    def data_problems(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error" or p.code == Code.CELL_BLANK)

    def __bool__(self) -> bool:
        """Whether there is data to fix or fill in, or an own goal missed for good."""
        return bool(self.problems or self.missed or self.absent)


def fixes(report: Report, plan: Plan, unit: str, of: Owner | None = None) -> Fixes:
    """Everything ``unit`` has to fix or complete."""
    of = of or owner(report)
    listed = [p for p in with_blanks(report, plan) if of(p) == unit]
    located = {metric_of(p) for p in listed}
    missed: list[Missed] = []
    absent: list[Absent] = []
    for r in report.results:
        u = next((x for x in r.units if x.unit == unit), None)
        if u is None or not applies(r, plan, unit):
            continue
        if u.status in MISSED and (r.rule.scope == "each_unit" or u.quota is not None):
            missed.append(Missed(r, u))
        metrics = [m for m in r.rule.inputs if not plan.metric(m).optional]
        if u.state == "missing" and not located & set(metrics):
            columns = tuple(plan.metric(m).header for m in metrics)
            if all(a.columns != columns for a in absent):
                absent.append(Absent(r, columns))
    return Fixes(unit, tuple(listed), tuple(missed), tuple(absent))


def all_fixes(report: Report, plan: Plan) -> list[Fixes]:
    """Every unit that sent something and has something to fix, in the report's order."""
    missing = set(report.missing_units)  # those are chased, not returned
    sent = [u for u in report.units if u not in missing]
    of = owner(report)
    return [f for f in (fixes(report, plan, u, of) for u in sent) if f]


def no_ones(report: Report, plan: Plan) -> list[Problem]:
    """The problems no one unit has to fix (a file that could not be read, a file of
    several units' rows without a unit to charge it to)."""
    of = owner(report)
    return [p for p in with_blanks(report, plan) if of(p) is None]


def missed_line(m: Missed, plan: Plan, lang: Lang) -> str:
    """本单位未达到:goal,目标 its quota or the goal's target,实际 its figure: a result."""
    r, u = m.result, m.unit
    if u.quota is not None:  # its quota or its own target
        wanted = text.figure(r.rule, u.quota, plan, lang)
    else:
        wanted = text.target_of(r.rule, plan, lang, u.baseline, u.actual)
    against = u.quota if u.quota is not None else r.rule.target_value
    value: Fraction | bool | None = bool(u.actual) if r.rule.yes_no else u.actual
    actual = text.figure(r.rule, value, plan, lang, against)
    goal = text.title(r.rule, lang)
    return t("fix_missed", lang, goal=goal, target=wanted, actual=actual)


def absent_line(a: Absent, lang: Lang) -> str:
    return t("fix_absent", lang, columns=list_sep(lang).join(a.columns))


def headers(plan: Plan, metrics: Iterable[str]) -> list[str]:
    return [plan.metric(m).header for m in metrics]


def problem_cells(p: Problem, lang: Lang) -> list[str | int | None]:
    """A problem as a row's cells: file, line, cell, column, value as typed, the problem,
    what is accepted, its code (the problems sheet of a workbook, a 退回修改单)."""
    return [
        p.file,
        p.line,
        p.cell or "",
        p.column or "",
        p.value or "",
        text.problem_message(p, lang),
        text.problem_accepted(p, lang),
        p.code,
    ]
