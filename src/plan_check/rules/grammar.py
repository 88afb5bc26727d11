"""The target grammar every kind shares: a target as a bureau types it (≥ 92％, 2-4,
2.78亿元), a change against last year (下降不低于 0.5 个百分点), a soft target (力争,
预期性指标), a goal's own start date and per-unit targets (镜湖区 ≥ 8, the others ≥ 5).

The fields are declared here, mixed into every rule by ``RuleBase``; judging them stays in
``base.py``. Everything is read exactly (Decimal); nothing is rounded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from plan_check.cells import CellError, fold, parse_number
from plan_check.errors import Msg
from plan_check.models import Model

Op = Literal[">=", ">", "<=", "<", "=="]
# the comparison as a bureau types it, folded to the canonical operator
OP_WORDS = {"≥": ">=", "≧": ">=", "≤": "<=", "≦": "<=", "=": "=="}
_OPS_TYPED = [">=", ">", "<=", "<", "==", "≥", "≤", "="]
_LEADING_OP = re.compile(r"^(>=|<=|==|≥|≧|≤|≦|>|<|=)\s*")
_RANGE = re.compile(r"^([0-9.,]+%?)\s*(?:-|~|～|至|到|—|–)\s*([0-9.,]+%?)$")
_CHANGE = re.compile(r"^([+-])\s*([0-9.]+)\s*(个百分点|百分点|pp|pt|%)?$")
MONEY = {"亿元": Decimal(10) ** 8, "万元": Decimal(10) ** 4, "元": Decimal(1)}
_MULTIPLIER = {"亿": Decimal(10) ** 8}

WHY = "a number (3000, 7.6万, 2.78亿), a percent (96.50%, 92％), a range (2-4) or baseline"


def read_op(value: object) -> object:
    """≥ ≤ = as a bureau types them (full-width too) are >=, <=, ==."""
    if isinstance(value, str):
        text = fold(value)
        return OP_WORDS.get(text, text)
    return value


TypedOp = Annotated[
    Op,
    BeforeValidator(read_op),
    WithJsonSchema(
        {
            "enum": _OPS_TYPED,
            "description": "the comparison: >= > <= < == (≥ ≤ = as typed are the same)",
        }
    ),
]


def target_number(text: str) -> Decimal:
    """One figure of a target: 3000, 7.6万, 2.78亿, 96.50%, 92％ (exactly)."""
    folded = "".join(fold(text).split())
    multiplier = Decimal(1)
    for word, times in _MULTIPLIER.items():
        if folded.endswith(word):
            folded, multiplier = folded[: -len(word)], times
    parsed = parse_number(folded, "rate" if folded.endswith("%") else "float", "")
    if isinstance(parsed, CellError):
        raise ValueError(f"cannot read target {text!r}: write {WHY}")
    return parsed * multiplier


def money(text: str, unit: str) -> Decimal | None:
    """A target written in money (2.78亿元, 720元) in the unit of the goal's column (万元:
    27800), or None when the text names no money unit."""
    folded = "".join(fold(text).split())
    for word, times in MONEY.items():
        if folded.endswith(word):
            if unit not in MONEY:
                raise ValueError(f"target {text!r} is money, but its column counts {unit or '—'}")
            return target_number(folded[: -len(word)]) * times / MONEY[unit]
    return None


def op_conflict(rule: Mapping[str, Any]) -> str | None:
    """The comparison a typed target states (≥ 92%) when the rule's op says another."""
    target, op = rule.get("target"), rule.get("op")
    match = _LEADING_OP.match(fold(target)) if isinstance(target, str) else None
    if match is None or op is None or read_op(match.group(1)) == read_op(op):
        return None
    return match.group(1)


def split_target(data: Mapping[str, Any]) -> dict[str, Any]:
    """A rule's raw fields with its target split as typed: "≥ 92％" is op >= and 92%,
    "2-4" is target 2 upto 4."""
    out = dict(data)
    target = out.get("target")
    if not isinstance(target, str):
        return out
    text = fold(target)
    match = _LEADING_OP.match(text)
    if match:  # an op: beside it that says otherwise is a slip lint names (op_conflict)
        out.setdefault("op", read_op(match.group(1)))
        text = text[match.end() :]
    match = _RANGE.match(text)
    if match and "upto" not in out:
        out["target"], out["upto"] = match.group(1), match.group(2)
    else:
        out["target"] = text
    return out


class Change(Model):
    """A change against last year: +2 个百分点 (points), -5% (percent of last year), +100."""

    by: Decimal
    per: Literal["points", "percent", "amount"]

    def applied(self, before: Fraction) -> Fraction:
        by = Fraction(self.by)
        if self.per == "points":
            return before + by / 100
        if self.per == "percent":
            return before * (1 + by / 100)
        return before + by

    def undone(self, after: Fraction) -> Fraction:
        """Last year's figure a target moved by this change was worked out from."""
        by = Fraction(self.by)
        if self.per == "points":
            return after - by / 100
        if self.per == "percent":
            return after / (1 + by / 100)
        return after - by

    def words(self) -> Msg:
        """The change as the plan asks it: +2 个百分点, +5%, +100."""
        sign = "+" if self.by >= 0 else "−"
        if self.per == "points":
            return Msg("grammar_points", sign=sign, by=f"{abs(self.by):f}")
        return Msg(
            "grammar_change_plain", change=f"{sign}{abs(self.by):f}" + "%" * (self.per == "percent")
        )


def read_change(value: object) -> object:
    """ "-0.5个百分点", "+2pp", "+5%", "+100" as a Change."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return value
    text = "".join(fold(str(value)).split())
    match = _CHANGE.match(text if text[:1] in "+-" else "+" + text)
    if not match:
        raise ValueError(
            f"cannot read change {value!r}: write +2个百分点, -0.5个百分点, +5% or +100"
        )
    sign, figure, word = match.groups()
    per = "percent" if word == "%" else "points" if word else "amount"
    return {"by": Decimal(sign + figure), "per": per}


def join_columns(value: object) -> object:
    """Columns added up as one figure: [a, b] or "a + b" is "a + b"."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return PLUS.join(value)
    return value


def split_columns(value: str) -> tuple[str, ...]:
    """The columns of a figure that adds them: "a + b" is (a, b)."""
    return tuple(part.strip() for part in value.split("+"))


PLUS = " + "
Columns = Annotated[
    str,
    BeforeValidator(join_columns),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}, "minItems": 1},
            ],
            "description": "a column id, or several added up as one figure: [pre_teachers, "
            "compulsory_teachers] (学前、义务教育阶段专任教师)",
        }
    ),
]

ChangeField = Annotated[Change, BeforeValidator(read_change)]
UnitTarget = Annotated[Decimal, BeforeValidator(lambda v: target_number(str(v)))]


class Grammar(Model):
    """The fields of the target grammar, shared by every kind."""

    upto: Decimal | None = Field(
        None,
        description="the top of a range: target: 2-4 (新增 2-4 所) is target 2 upto 4, met "
        "from 2 to 4 inclusive",
    )
    change: ChangeField | None = Field(
        None,
        description="with target: baseline, the change against last year the goal asks: "
        '"+2个百分点" (提高 2 个百分点), "-0.5个百分点" with op <= (下降不低于 0.5 个百分点), '
        '"+5%" (of last year), "+100" (an amount)',
    )
    soft: bool = Field(
        False,
        description="a soft target (力争…, …左右, 预期性指标): shown as such, yellow and not "
        "red when missed",
    )
    start: date | None = Field(
        None,
        description="the goal's own start (2021-01-01 for 2021-2025 增加学位 1000 个): its "
        "figure counts from then and its pace runs from then to the deadline; default: "
        "period_start",
    )
    unit_targets: dict[str, UnitTarget] = Field(
        default_factory=dict,
        description="with scope: each_unit, targets of their own for some units or named "
        "groups (groups:): {镜湖区: 8, 市区: 98%}; every other unit has target. No city "
        "total is made of them",
    )

    @model_validator(mode="before")
    @classmethod
    def _typed(cls, data: Any) -> Any:
        return split_target(data) if isinstance(data, Mapping) else data

    @field_validator("upto", mode="before")
    @classmethod
    def _upto(cls, value: object) -> object:
        return target_number(str(value)) if value is not None else value

    def own_target(self, unit: str, target: Fraction | None) -> Fraction | None:
        """A unit's own target (unit_targets), else the goal's."""
        own = self.unit_targets.get(unit)
        return Fraction(own) if own is not None else target
