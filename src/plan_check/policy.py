"""How a bureau colours and ranks results (三色预警, 排名): the ``alerts:`` and ``ranking:``
settings of a targets file, with the defaults documented in the README (The 通报)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Literal

from pydantic import Field, field_validator, model_validator

from plan_check.rules.base import Model


class Alerts(Model):
    """三色预警. A goal met or on pace is green; a goal behind 序时进度 is green while it is
    at most ``yellow_behind`` percentage points behind, yellow up to ``red_behind`` points,
    red beyond; a goal behind with no pace to measure (a yes/no, a rate) is yellow; missed
    or incomplete is red; not judged (no baseline) is yellow: someone must act."""

    # percentage points: a goal is at most 100 behind its pace; four decimals are plenty
    yellow_behind: Decimal = Field(
        Decimal(0),
        ge=0,
        le=100,
        decimal_places=4,
        description="points behind 序时进度 still green (0: any lag is yellow)",
    )
    red_behind: Decimal = Field(
        Decimal(30),
        ge=0,
        le=100,
        decimal_places=4,
        description="more points behind 序时进度 than this is red",
    )

    @field_validator("yellow_behind", "red_behind", mode="before")
    @classmethod
    def _points(cls, value: object) -> object:
        """Refuse 1e999999999 and 1e-999999999 before any arithmetic: some pydantic
        versions expand such a decimal digit by digit to count its places."""
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            return value  # pydantic says what is wrong
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            return value
        exponent = number.as_tuple().exponent
        finite = number.is_finite() and isinstance(exponent, int)
        if finite and (number.adjusted() > 3 or int(exponent) < -4):
            raise ValueError("percentage points from 0 to 100, with at most 4 decimals")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Alerts:
        if self.red_behind < self.yellow_behind:
            raise ValueError(
                f"red_behind ({self.red_behind}, 30 unless given) must be at least "
                f"yellow_behind ({self.yellow_behind})"
            )
        return self


class Ranking(Model):
    """排名 of the units. ``met_share``: goals met of goals judged for the unit;
    ``completion``: the mean completion of the unit's own targets (its quota, or the
    goal where every unit must meet it), each capped at 100%. Ties are broken by the mean
    completion of the paced goals (``ties: completion``) or shared (``ties: shared``)."""

    score: Literal["met_share", "completion"] = "met_share"
    ties: Literal["completion", "shared"] = "completion"
    include_city: bool = Field(
        False, description="rank the city's own row (市直) with the counties"
    )
    veto: tuple[str, ...] = Field(
        (),
        description="一票否决: goal ids; a unit that misses any of them ranks below every "
        "unit that met them all",
    )
