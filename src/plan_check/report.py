"""The Report: plain data that the engine returns and every renderer reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

from plan_check.codes import Code, Said
from plan_check.errors import ExitCode
from plan_check.i18n import Lang

if TYPE_CHECKING:  # plain data: the history module is imported by those that read it
    from plan_check.series import History


class Words(Protocol):
    """A wording in both languages (a goal's title)."""

    @property
    def zh(self) -> str: ...

    @property
    def en(self) -> str | None: ...

    def pick(self, lang: str) -> str: ...


class Goal(Protocol):
    """What the report and its readers know of the goal a result is about. Every rule
    kind is one (rules/); the report names no rule class, so it sits below them."""

    @property
    def id(self) -> str: ...
    @property
    def item(self) -> int | str: ...
    @property
    def quote(self) -> str: ...
    @property
    def title(self) -> Words: ...
    @property
    def short(self) -> Words | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def op(self) -> str: ...
    @property
    def target(self) -> Decimal | str: ...
    @property
    def target_value(self) -> Fraction | None: ...
    @property
    def deadline(self) -> date: ...
    @property
    def accrues(self) -> bool: ...
    @property
    def always(self) -> bool: ...
    @property
    def soft(self) -> bool: ...
    @property
    def upto(self) -> Decimal | None: ...
    @property
    def allow_na(self) -> bool: ...
    @property
    def each_unit_trend(self) -> bool: ...
    @property
    def inputs(self) -> tuple[str, ...]: ...
    @property
    def display_metric(self) -> str: ...

    is_rate: ClassVar[bool]
    yes_no: ClassVar[bool]
    additive: ClassVar[bool]
    metric_fields: ClassVar[dict[str, tuple[str, ...]]]

    def show(
        self, value: Fraction | bool | None, lang: Lang, metric: Any, against: Fraction | None
    ) -> str: ...
    def show_target(
        self,
        lang: Lang,
        metric: Any,
        baseline: Fraction | None = None,
        against: Fraction | None = None,
    ) -> str: ...
    def not_yet_code(self) -> str: ...
    def working(self, result: RuleResult, lang: Lang, metric: Any) -> str: ...
    def unit_shown(
        self, u: UnitResult, lang: Lang, metric: Any, against: Fraction | None
    ) -> str: ...


# behind: behind 序时进度 (a paced goal); not_yet: a goal with no pace (a rate, a yes/no,
# an unpaced total) not met before its deadline
Status = Literal["pass", "on_pace", "behind", "not_yet", "fail", "incomplete", "skipped"]
UnitStatus = Literal["pass", "on_pace", "behind", "not_yet", "fail", "n/a", "missing"]
STATUSES: tuple[Status, ...] = (
    "pass",
    "on_pace",
    "behind",
    "not_yet",
    "fail",
    "incomplete",
    "skipped",
)
WARNINGS: tuple[Status, ...] = ("behind", "not_yet", "skipped")  # exit 1 only with --strict
Alert = Literal["green", "yellow", "red"]  # 三色预警
ALERTS: tuple[Alert, ...] = ("green", "yellow", "red")  # worst last


@dataclass(frozen=True)
class SinceSameUnits:
    """A goal's change since the previous report when the two reports' units differ:
    its figure in each over the units with a figure in both (None: the kind's figure is
    not made of its units' parts), and the units with a figure in one report only."""

    actual: Fraction | None
    previous: Fraction | None
    count: int
    only_now: tuple[str, ...]
    only_before: tuple[str, ...]


@dataclass(frozen=True)
class Prior:
    """A goal's or a unit's figure and status in the previous report (--previous)."""

    actual: Fraction | bool | None
    status: str | None
    numerator: Fraction | None = None  # a unit's working (rates, means), when reported
    denominator: Fraction | None = None
    same_units: SinceSameUnits | None = None  # a goal whose units differ between reports


@dataclass(frozen=True)
class ShownFigure:
    """A figure inside a reason, written as its goal writes it when the reason is shown."""

    goal: Goal
    value: Fraction
    change: bool = False  # a change (+201人, +0.85 个百分点), not a figure


@dataclass(frozen=True)
class SameUnits:
    """A goal judged against last year over the units with a figure in both years
    (同口径), when the two years do not cover the same units; ``unlike`` names the others
    by why (absent_now, na_before…)."""

    units: tuple[str, ...]
    actual: Fraction
    baseline: Fraction
    unlike: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Reason:
    """Why a rule has its status, as a message code (see i18n) and parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitResult:
    """One unit's figure of a goal, and whether it met the goal (units judged one by one)."""

    unit: str
    actual: Fraction | None
    status: UnitStatus | None  # None in city rules, where units are not judged one by one
    state: Literal["value", "n/a", "missing"]
    numerator: Fraction | None = None  # ratio and weighted-mean rules show their working
    denominator: Fraction | None = None
    baseline: Fraction | None = None  # the unit's figure last year (--baseline)
    quota: Fraction | None = None  # the unit's share of the city target (任务分解)
    expected: Fraction | None = None  # its share expected by the as-of date
    alert: Alert | None = None  # None: the unit is not judged on this goal
    previous: Prior | None = None  # None: not in the previous report, or none given


@dataclass(frozen=True)
class RuleResult:
    """A goal judged: its status, figure and target, its units, and the reasons."""

    rule: Goal
    status: Status
    actual: Fraction | bool | None  # yes/no for milestones
    target: Fraction | bool | None  # None: a baseline goal judged without a baseline
    units: tuple[UnitResult, ...]
    reasons: tuple[Reason, ...] = ()
    numerator: Fraction | None = None  # Σ numerator / Σ denominator behind a ratio
    denominator: Fraction | None = None
    expected: Fraction | None = None  # a paced goal: target × elapsed share (序时进度)
    elapsed_share: Fraction | None = None
    alert: Alert | None = None
    previous: Prior | None = None
    same_units: SameUnits | None = None  # a baseline goal over the units of both years

    @property
    def completion(self) -> Fraction | None:
        """Actual as a share of the target, for goals of the form "at least N" with N > 0;
        none for goals judged against last year (102% of last year is no completion), nor
        for rates (98.4% of a rate is no completion: a rate is so many points above or
        below its target)."""
        if (
            self.rule.target != "baseline"
            and not self.rule.is_rate
            and self.rule.scope != "each_unit"  # no city total to complete
            and self.rule.op in (">=", ">")
            and isinstance(self.target, Fraction)
            and self.target > 0
            and self.actual is not None
        ):
            return self.actual / self.target
        return None


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data, located as a spreadsheet shows it."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    code: Code
    params: dict[str, Any] = field(default_factory=dict)
    accepted: str | None = None  # message code for what the cell accepts
    accepted_params: dict[str, Any] = field(default_factory=dict)
    severity: Literal["error", "warning"] = "error"
    cell: str | None = None  # A1 reference, for workbooks

    @classmethod
    def at(
        cls,
        said: Said,
        file: str,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
        *,
        accepted: str | None = None,
        accepted_params: dict[str, Any] | None = None,
        severity: Literal["error", "warning"] = "error",
        cell: str | None = None,
    ) -> Problem:
        """The problem a catalogue constructor says (problems.py), at its place."""
        return cls(
            file, line, column, value, said.code, said.params,
            accepted, accepted_params or {}, severity, cell,
        )  # fmt: skip


UNLISTED = Code.MORE_PROBLEMS_UNLISTED  # one Problem standing for many of a kind


def weight(p: Problem) -> int:
    """How many problems ``p`` stands for."""
    return int(p.params.get("count", 1)) if p.code == UNLISTED else 1


@dataclass(frozen=True)
class FileInfo:
    """A file read: its path, encoding, delimiter and rows."""

    path: str
    encoding: str
    rows: int
    baseline: bool = False  # last year's figures (--baseline)
    delimiter: str = ","  # of a delimited text file; "," for workbooks too


@dataclass(frozen=True)
class Standing:
    """A unit's line in the ranking (排名): goals met of goals judged, score and rank."""

    unit: str
    rank: int | None  # None: not ranked (nothing judged, or the city's own row)
    met: int
    judged: int
    score: Fraction | None
    completion: Fraction | None  # mean completion of the paced goals (the tie-break)
    alert: Alert | None  # the worst alert of the unit's judged goals
    city: bool = False  # the city's own row (市直)
    previous_rank: int | None = None
    sent: bool = True  # False: the unit sent nothing (未报送), listed, never ranked
    vetoed: tuple[str, ...] = ()  # 一票否决 goals the unit missed: ranked below all others
    # places gained since the previous report among the units ranked in both (a unit
    # ranked in one report only moves no one else); None: not ranked in both
    moved: int | None = None


@dataclass(frozen=True)
class Previous:
    """The earlier report compared with (--previous), and what is in only one of the two."""

    source: str
    as_of: date | None
    goals_only_now: tuple[str, ...] = ()
    goals_only_before: tuple[str, ...] = ()
    units_only_now: tuple[str, ...] = ()
    units_only_before: tuple[str, ...] = ()
    # the goals the ranking judged units on in one report only (--allocations in one month
    # only, a baseline in one month only): the rank changes are then not comparable
    ranked_only_now: tuple[str, ...] = ()
    ranked_only_before: tuple[str, ...] = ()

    @property
    def ranks_comparable(self) -> bool:
        """Both rankings judged the units on the same goals, so a rank change means something."""
        return not self.ranked_only_now and not self.ranked_only_before


@dataclass(frozen=True)
class AsOfFrom:
    """Where a dated check's as-of date came from: --as-of, or the 填报日期 that most
    files and sheets carry (``agree`` of them), the others set aside unread."""

    option: bool  # given with --as-of
    agree: int = 0  # files or sheets whose 填报日期 it is
    set_aside: tuple[str, ...] = ()  # files or sheets dated otherwise, as shown


@dataclass(frozen=True)
class Report:
    """The check, as plain data: every goal's result, the problems of the data, the files
    read and the units; renderers read it and nothing else."""

    results: tuple[RuleResult, ...]
    problems: tuple[Problem, ...]
    files: tuple[FileInfo, ...]
    units: tuple[str, ...]
    missing_units: tuple[str, ...] = ()
    as_of: date | None = None  # None: a final, full-year evaluation
    elapsed_share: Fraction | None = None  # of the plan's year, for goals due at its end
    year_days: int | None = None  # the days of the plan's year (365), the share's whole
    targets_file: str = ""  # the targets file the goals came from, as shown
    roster: tuple[str, ...] | None = None  # the units that must report; None: no roster
    roster_source: str | None = None  # where the roster came from
    ranking: tuple[Standing, ...] = ()
    previous: Previous | None = None
    as_of_from: AsOfFrom | None = None  # None: a final check, or built without the engine
    history: History | None = None  # --history: the earlier runs of the same plan
    # blank cells of the rows read (cell_blank warnings naming unit and metric), apart from
    # the problems: whether a unit had to fill one is the plan's to say (returns.py)
    blanks: tuple[Problem, ...] = ()
    first_rows: dict[str, tuple[str, int]] = field(default_factory=dict)  # unit -> file, line

    @property
    def summary(self) -> dict[Status, int]:
        counts = Counter(r.status for r in self.results)
        return {s: counts.get(s, 0) for s in STATUSES}

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that do not fail the check (an ignored column, a skipped 合计 row)."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def error_count(self) -> int:
        """Data problems as every format counts them: a line that stands for the cells not
        listed one by one (more_problems_unlisted) counts as those cells."""
        return sum(weight(p) for p in self.errors)

    @property
    def warning_count(self) -> int:
        return sum(weight(p) for p in self.warnings)

    @property
    def paced(self) -> bool:
        """Whether some goal is judged against 序时进度 (a dated check before its deadline)."""
        return any(r.elapsed_share is not None for r in self.results)

    def exit_code(self, strict: bool = False) -> ExitCode:
        """1 for a missed or incomplete goal or a data problem; with ``strict`` also for
        a goal behind the pace or not judged (strict means every goal judged and on time).
        A soft target (力争, 预期性指标) missed is a warning, as its yellow alert says: 1
        only with ``strict``."""
        s = self.summary
        soft = sum(1 for r in self.results if r.status == "fail" and r.rule.soft)
        if s["fail"] - soft or s["incomplete"] or self.errors:
            return ExitCode.NOT_MET
        if strict and (soft or any(s[w] for w in WARNINGS)):
            return ExitCode.NOT_MET
        return ExitCode.OK
