"""What every rule kind shares: its fields, its target and how a measurement is judged.

A kind module only says how its figure is *measured* (``measure``); judging the
measurement against the target, city-wide or unit by unit, is the same for all and
lives here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field, field_validator

from plan_check.models import Cover, Item, Prose, Reviewed
from plan_check.models import Model as Model  # the plan's models share it
from plan_check.models import Title as Title
from plan_check.numbers import OPS as OPS
from plan_check.numbers import huge_exponent, to_step
from plan_check.pace import elapsed_share
from plan_check.rules.grammar import Grammar, Op, TypedOp, split_columns
from plan_check.rules.measure import CITY_ROW_NAMES as CITY_ROW_NAMES  # for the kinds
from plan_check.rules.measure import Context as Context
from plan_check.rules.measure import Measurement as Measurement
from plan_check.rules.measure import UnitMeasure as UnitMeasure
from plan_check.rules.measure import units_reason
from plan_check.rules.pacing import paced, with_quotas
from plan_check.rules.shown import Shown
from plan_check.rules.target import parse_target as parse_target  # for the plan
from plan_check.rules.trend import held, holds_bound, last_year, with_baseline

if TYPE_CHECKING:
    from plan_check.figures import Figures, UnitState
    from plan_check.report import Reason, RuleResult, Status, UnitResult, UnitStatus

__all__ = ["Op", "RuleBase", "Scope", "parse_target"]
# city: the total over every unit; each_unit: every unit must meet it; city_row: the city
# bureau's own act, judged on the city's own row (市直) alone; counties: the total over
# the counties (县/市/区), the city's own row left out.
Scope = Literal["city", "each_unit", "city_row", "counties"]


class RuleBase(Shown, Grammar, Reviewed):
    """Fields every rule has, whatever its kind."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    item: Item
    quote: Prose = Field(min_length=2, description="the plan's own words for the goal")
    covers: tuple[Cover, ...] = Field(
        (), description="other words of the plan this goal checks, listed by rules --coverage"
    )
    title: Title
    short: Title | None = Field(
        None, description="a few words for the overview's column head; default: the title"
    )
    scope: Scope = "city"
    op: TypedOp = ">="
    target: Decimal | Literal["baseline"]
    deadline: date = Field(
        default_factory=lambda: date.max,  # completed by the plan that holds the rule
        description="the date the goal is due; default: the plan's deadline, else the end "
        "of period_start's year",
    )
    accrues: bool = Field(False, description="the figure builds up over the year (paced)")
    always: bool = Field(False, description="must hold at every moment: fails before the deadline")
    allow_na: bool = Field(
        True,
        description='"/" marks a unit not applicable; false: the goal binds every unit by '
        "nature, and a / is not reported",
    )
    precision: Decimal | None = Field(
        None,
        gt=0,
        le=1000,
        decimal_places=6,
        description="compare figures as the plan publishes them, at this precision "
        "(0.01: 受教育年限 10.13 年 against 10.12 年, never +0.0001 年 from a rounding)",
    )
    each_unit_trend: bool = Field(
        False,
        description="with target: baseline, every unit is also judged against its own last "
        "year, and the units that fell are named",
    )

    kind: str  # narrowed to a Literal by each kind: the union's discriminator
    # Set by each kind: the fields that name metrics, and the metric types they accept.
    metric_fields: ClassVar[dict[str, tuple[str, ...]]] = {}
    is_rate: ClassVar[bool] = False
    # each unit answers yes or no (a milestone, a count of units saying yes): its figure is
    # 是/否, and a unit that left it blank is not behind it when another unit answers
    yes_no: ClassVar[bool] = False
    # the city figure is a sum of the units' figures, so a target splits into quotas
    additive: ClassVar[bool] = False

    @field_validator("target", mode="before")
    @classmethod
    def _target(cls, value: object) -> object:
        return parse_target(value)

    @field_validator("precision", mode="before")
    @classmethod
    def _precision(cls, value: object) -> object:
        """1e-999999999 refused before pydantic counts its digits one by one."""
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            text = str(value).strip().lower()
            if huge_exponent(text):
                raise ValueError("a precision from 0.000001 to 1000, such as 0.01")
        return value

    @property
    def inputs(self) -> tuple[str, ...]:
        """The columns the rule reads (each column of a figure that adds several)."""
        return tuple(c for name in self.metric_fields for c in split_columns(getattr(self, name)))

    @property
    def products(self) -> tuple[tuple[str, str], ...]:
        """(value, weight) pairs whose per-unit Σ value·weight the rule reads; the reader
        sums them as it reads, since it keeps no rows."""
        return ()

    @property
    def conditions(self) -> tuple[tuple[str, str, Decimal], ...]:
        """(column, op, value): the rule counts the rows whose figure meets it; the reader
        counts them as it reads."""
        return ()

    @property
    def display_metric(self) -> str:
        """The metric whose unit of measure the figure is shown in."""
        return self.inputs[0]

    @property
    def target_value(self) -> Fraction | None:
        return None if self.target == "baseline" else Fraction(self.target)

    def measure(self, figures: Figures) -> Measurement:
        raise NotImplementedError

    def evaluate(self, ctx: Context) -> RuleResult:
        """Judge the rule: as a final, full-year check, then against the pace of the year
        when an as-of date falls before the deadline."""
        result = self._placeless(self._evaluate_final(ctx), ctx)
        if ctx.baseline is not None:
            result = with_baseline(self, result, ctx)
        quotas = ctx.quotas.get(self.id)
        if quotas:
            result = with_quotas(result, quotas)
        start = self.start or ctx.period_start  # a goal's own start (2021-2025 学位)
        share = elapsed_share(start, ctx.as_of, self.deadline)
        return paced(self, result, share, grows=self.additive and self.target != "baseline")

    def scoped(self, figures: Figures, ctx: Context) -> Measurement:
        """The rule's measurement over the units its scope takes in; a "/" is "not
        reported" where the goal binds every unit."""
        if self.scope == "counties":
            figures = figures.only(lambda unit: not ctx.is_city(unit))
        m = self.measure(figures)
        if not self.allow_na:
            units = tuple(replace(u, state="missing") if u.state == "n/a" else u for u in m.units)
            m = replace(m, units=units)
        return m

    def _evaluate_final(self, ctx: Context) -> RuleResult:
        from plan_check.report import Reason, RuleResult

        m = self.scoped(ctx.figures, ctx)
        target: Fraction | None
        if self.target == "baseline":
            if ctx.baseline is None:
                return self._result(m, "skipped", None, [Reason("reason_no_baseline")])
            compared = last_year(self, m, ctx)
            if isinstance(compared, RuleResult):
                return compared  # the two years do not cover the same units
            target = self.against(compared)
        else:
            target = self.target_value
        if not m.present:
            reason = Reason("reason_column_absent", {"columns": list(self.inputs)})
            return self._result(m, "incomplete", target, [reason])
        if self.scope == "city_row":
            return self._judge_city_row(m, target, ctx)
        if self.scope == "each_unit":
            return self._judge_units(m, target)
        return self._judge_city(m, target)

    def _placeless(self, result: RuleResult, ctx: Context) -> RuleResult:
        """A verdict that rows holding the goal's figures but naming no unit (a blank unit
        cell: a merged cell saved as CSV) could change is no verdict: incomplete, as for a
        unit left blank. A total reached, or a failing unit, stands."""
        places = [ctx.placeless, ctx.baseline_placeless if self.target == "baseline" else {}]
        said = [p[c] for p in places for c in (*self.inputs, "*") if c in p][:1]
        if not said or result.status not in ("pass", "fail"):
            return result
        certain: Status | None = None
        if self.scope == "each_unit":
            certain = "fail" if result.status == "fail" else None  # a failing unit decides
        elif isinstance(result.actual, Fraction) and isinstance(result.target, Fraction):
            certain = self._certain_despite_blanks(result.actual, result.target)
        status = result.status if certain == result.status else "incomplete"
        return replace(result, status=status, reasons=(*result.reasons, *said))

    def _judge_city_row(self, m: Measurement, target: Fraction | None, ctx: Context) -> RuleResult:
        """The city bureau's own act: the city's own row answers; a county's answer is
        shown but does not decide, and a county yes against a city no is pointed out."""
        from plan_check.report import Reason

        rows = [u for u in m.units if ctx.is_city(u.unit)]
        if not rows:
            reason = Reason("reason_city_row_absent", {"units": list(ctx.city_names)})
            return replace(self._result(m, "incomplete", target, [reason]), actual=None)
        row = rows[0]
        if row.state != "value" or row.actual is None or target is None:
            reason = Reason("reason_city_row_blank", {"units": [row.unit]})
            return replace(self._result(m, "incomplete", target, [reason]), actual=None)
        status: Status = "pass" if OPS[self.op](row.actual, target) else "fail"
        reasons: list[Reason] = []
        if status == "fail":
            yes = [u.unit for u in m.units if not ctx.is_city(u.unit) and u.actual]
            if yes:
                reasons.append(Reason("reason_counties_not_city", {"units": yes, "city": row.unit}))
        result = self._result(m, status, target, reasons)
        # the counties' cells are shown, but none of them is "missing": they need not answer
        units = tuple(u if ctx.is_city(u.unit) else replace(u, status=None) for u in result.units)
        return replace(result, actual=self._own(row.actual), units=units)

    def _own(self, actual: Fraction | None) -> Fraction | bool | None:
        """The city row's figure as the goal shows it (yes/no for a milestone)."""
        return actual

    def _judge_city(self, m: Measurement, target: Fraction | None) -> RuleResult:
        from plan_check.report import Reason

        missing = [u.unit for u in m.units if u.state == "missing" and u.unit not in m.blocking]
        if m.blocking:
            reasons = [units_reason("missing", missing)] if missing else []
            return self._result(m, "incomplete", target, reasons)
        if missing:
            certain = self._certain_despite_blanks(m.city, target)
            if certain is None:
                return self._result(m, "incomplete", target, [units_reason("missing", missing)])
            which = "missing_met" if certain == "pass" else "missing_missed"
            return self._result(m, certain, target, [units_reason(which, missing)])
        if m.city is None or target is None:
            return self._result(m, "skipped", target, [Reason("reason_no_applicable_unit")])
        if holds_bound(self, m.city, target):
            return self._result(m, "pass", target, [held(self)])
        status: Status = "pass" if self.compare(m.city, target) else "fail"
        return self._result(m, status, target, [])

    def against(self, before: Fraction) -> Fraction:
        """The figure to compare with, given last year's: moved by the goal's change."""
        return before if self.change is None else self.change.applied(before)

    def compare(self, actual: Fraction, target: Fraction) -> bool:
        """The goal's comparison, at the plan's published precision where it sets one
        (both figures rounded half up to it first)."""
        upto = None if self.upto is None else Fraction(self.upto)
        if self.precision is not None:
            step = Fraction(self.precision)
            actual, target = to_step(actual, step), to_step(target, step)
        return OPS[self.op](actual, target) and (upto is None or actual <= upto)

    def _certain_despite_blanks(
        self, reported: Fraction | None, target: Fraction | None
    ) -> Status | None:
        """The verdict no figure of the units that left it blank could change, or None. A
        total of counts only grows as units report: "≥ 3000" reached by the units that
        reported is met whatever the blanks hold, and a "≤" or "= 0" total already over
        its line is missed. A rate, a mean or a comparison with last year is never
        certain with a unit blank."""
        if not self.additive or self.target == "baseline" or reported is None or target is None:
            return None
        if self.upto is not None:  # a range: only passing its top is certain
            return "fail" if reported > self.upto else None
        if self.op in (">=", ">") and OPS[self.op](reported, target):
            return "pass"
        if self.op in ("<=", "<", "==") and not OPS[self.op](reported, target):
            return "fail" if self.op != "==" or reported > target else None
        return None

    def _judge_units(self, m: Measurement, target: Fraction | None) -> RuleResult:
        from plan_check.report import Reason, RuleResult, UnitResult

        judged: list[UnitResult] = []
        for u in m.units:
            own = self.own_target(u.unit, target)
            status: UnitStatus
            if u.state == "missing":
                status = "missing"
            elif u.state == "n/a" or u.actual is None or own is None:
                status = "n/a"
            else:
                status = "pass" if self.compare(u.actual, own) else "fail"
            quota = own if u.unit in self.unit_targets else None  # the unit's own target
            judged.append(
                UnitResult(
                    u.unit, u.actual, status, u.state, u.numerator, u.denominator, quota=quota
                )
            )
        failing = [u.unit for u in judged if u.status == "fail"]
        missing = [u.unit for u in judged if u.status == "missing" and u.unit not in m.blocking]
        reasons = []
        if failing:
            reasons.append(units_reason("failing", failing))
        if missing:
            reasons.append(units_reason("missing", missing))
        rule_status: Status
        if failing:
            rule_status = "fail"  # a failing unit decides, whoever else is blank
        elif missing or m.blocking:
            rule_status = "incomplete"
        elif not any(u.status == "pass" for u in judged):
            rule_status = "skipped"
            reasons.append(Reason("reason_no_applicable_unit"))
        else:
            rule_status = "pass"
        return RuleResult(
            self,
            rule_status,
            m.city,
            target,
            tuple(judged),
            (*reasons, *m.notes),
            m.numerator,
            m.denominator,
        )

    def _result(
        self,
        m: Measurement,
        status: Status,
        target: Fraction | bool | None,
        reasons: Iterable[Reason],
        actual: Fraction | bool | None = None,
    ) -> RuleResult:
        from plan_check.report import RuleResult, UnitResult

        units = tuple(
            UnitResult(
                u.unit,
                u.actual,
                _unit_status(u.state),  # units are judged one by one only in _judge_units
                u.state,
                u.numerator,
                u.denominator,
            )
            for u in m.units
        )
        return RuleResult(
            self,
            status,
            m.city if actual is None else actual,
            target,
            units,
            (*reasons, *m.notes),
            m.numerator,
            m.denominator,
        )


_UNIT_STATUS: dict[str, UnitStatus] = {"missing": "missing", "n/a": "n/a"}


def _unit_status(state: UnitState) -> UnitStatus | None:
    return _UNIT_STATUS.get(state)
