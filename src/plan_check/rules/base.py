"""What every rule kind shares: its fields, its target and how a measurement is judged.

A kind module only says how its figure is *measured* (``measure``); judging the
measurement against the target, city-wide or unit by unit, is the same for all and
lives here.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from plan_check.cells import CellError, parse_number
from plan_check.figures import Figures, UnitState
from plan_check.report import Reason, RuleResult, Status, UnitResult, UnitStatus

Op = Literal[">=", ">", "<=", "<", "=="]
Scope = Literal["city", "each_unit"]

OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


def parse_target(value: object) -> Decimal | str:
    """A target as the plan writes it: 3000, "7.6万", "96.50%", 0.8, or ``baseline``."""
    if value == "baseline":
        return "baseline"
    if isinstance(value, bool):
        raise ValueError("a target is a number, a percent such as 96.50%, or baseline")
    if isinstance(value, int | float):
        value = repr(value)
    if not isinstance(value, str):
        raise ValueError("a target is a number, a percent such as 96.50%, or baseline")
    parsed = parse_number(value, "rate" if value.strip().endswith("%") else "float", "")
    if isinstance(parsed, CellError):
        raise ValueError(
            f"cannot read target {value!r}: write a number (3000, 7.6万), "
            "a percent (96.50%) or baseline"
        )
    return parsed


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Title(Model):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class RuleBase(Model):
    """Fields every rule has, whatever its kind."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    item: int = Field(ge=1, description="the plan's item number")
    quote: str = Field(min_length=2, description="the plan's own words for the goal")
    title: Title
    scope: Scope = "city"
    op: Op = ">="
    target: Decimal | Literal["baseline"]
    deadline: date = date(2023, 12, 31)
    accrues: bool = Field(False, description="the figure builds up over the year (paced)")

    kind: str  # narrowed to a Literal by each kind: the union's discriminator
    # Set by each kind: the fields that name metrics, and the metric types they accept.
    metric_fields: ClassVar[dict[str, tuple[str, ...]]] = {}
    is_rate: ClassVar[bool] = False

    @field_validator("target", mode="before")
    @classmethod
    def _target(cls, value: object) -> object:
        return parse_target(value)

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in self.metric_fields)

    @property
    def display_metric(self) -> str:
        """The metric whose unit of measure the figure is shown in."""
        return self.inputs[0]

    @property
    def target_value(self) -> Fraction | None:
        return None if self.target == "baseline" else Fraction(self.target)

    def measure(self, figures: Figures) -> Measurement:
        raise NotImplementedError

    def evaluate(self, figures: Figures, baseline: Figures | None) -> RuleResult:
        m = self.measure(figures)
        if self.target == "baseline":
            if baseline is None:
                return self._result(m, "skipped", None, [Reason("reason_no_baseline")])
            target = self.measure(baseline).city
        else:
            target = self.target_value
        if not m.present:
            reason = Reason("reason_column_absent", {"columns": list(self.inputs)})
            return self._result(m, "incomplete", target, [reason])
        if self.scope == "city":
            return self._judge_city(m, target)
        return self._judge_units(m, target)

    def _judge_city(self, m: Measurement, target: Fraction | None) -> RuleResult:
        missing = [u.unit for u in m.units if u.state == "missing"]
        if missing:
            return self._result(m, "incomplete", target, [_units_reason("missing", missing)])
        if m.city is None or target is None:
            return self._result(m, "skipped", target, [Reason("reason_no_applicable_unit")])
        status: Status = "pass" if OPS[self.op](m.city, target) else "fail"
        return self._result(m, status, target, [])

    def _judge_units(self, m: Measurement, target: Fraction | None) -> RuleResult:
        judged: list[UnitResult] = []
        for u in m.units:
            status: UnitStatus
            if u.state == "missing":
                status = "missing"
            elif u.state == "n/a" or u.actual is None or target is None:
                status = "n/a"
            else:
                status = "pass" if OPS[self.op](u.actual, target) else "fail"
            judged.append(UnitResult(u.unit, u.actual, status, u.state, u.numerator, u.denominator))
        failing = [u.unit for u in judged if u.status == "fail"]
        missing = [u.unit for u in judged if u.status == "missing"]
        reasons = []
        if failing:
            reasons.append(_units_reason("failing", failing))
        if missing:
            reasons.append(_units_reason("missing", missing))
        rule_status: Status
        if failing:
            rule_status = "fail"  # a failing unit decides, whoever else is blank
        elif missing:
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
            tuple(reasons),
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
            tuple(reasons),
            m.numerator,
            m.denominator,
        )


def _unit_status(state: UnitState) -> UnitStatus | None:
    return {"missing": "missing", "n/a": "n/a"}.get(state)  # type: ignore[return-value]


def _units_reason(which: Literal["missing", "failing"], units: list[str]) -> Reason:
    return Reason(f"reason_{which}_units", {"count": len(units), "units": units})


@dataclass(frozen=True)
class UnitMeasure:
    unit: str
    state: UnitState
    actual: Fraction | None
    numerator: Fraction | None = None
    denominator: Fraction | None = None


@dataclass(frozen=True)
class Measurement:
    """A rule's figure for the city and for each unit, before it is judged."""

    city: Fraction | None  # over the units with a value; None when nothing to compute
    units: tuple[UnitMeasure, ...]
    present: bool  # False: an input column is absent, or blank in every row
    numerator: Fraction | None = None
    denominator: Fraction | None = None
