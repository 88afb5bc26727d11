"""How figures are written, in every report and in the rules' own words: 3,000; 96.62%;
5,200.5; rounded half up, exactly (68/106 = 64.2%, 7/9 = 77.8%), never cut; enough
decimals that a miss never looks met (99.96% is never shown as 100.0%)."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

OP_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


def half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimals, halves away from zero, computed exactly
    (binary floats would round 0.125 to 0.12 and 64.15% to 64.1%)."""
    exact_value = Fraction(value)
    scaled = abs(exact_value) * 10**places
    units = math.floor(scaled + Fraction(1, 2))
    return Decimal(-units if exact_value < 0 else units).scaleb(-places)


def number(value: Fraction | Decimal, decimals: int | None = None) -> str:
    """3,000 for whole numbers; otherwise up to ``decimals`` places, trailing zeros off."""
    if value == int(value):
        return f"{int(value):,}"
    places = 2 if decimals is None else decimals
    return f"{half_up(value, places):,.{places}f}".rstrip("0").rstrip(".")


def percent(value: Fraction, decimals: int = 2) -> str:
    return f"{half_up(Fraction(value) * 100, decimals):.{decimals}f}%"


def exact(value: Fraction) -> str:
    """A figure with every decimal it has (5,200.5, 4,680.45): the working adds up as shown.
    Figures are sums of typed decimals, so six places hold them; more is rounded."""
    for places in range(7):
        if (value * 10**places).denominator == 1:
            return f"{float(value):,.{places}f}" if places else f"{int(value):,}"
    return number(value, 6)


def completion(value: Fraction, places: int = 1) -> str:
    """A share (actual over target, units met over units judged) as a percent with one
    decimal (or ``places``), rounded half up (2/3 = 66.7%); below 1, more decimals until it
    no longer reads 100% (2999/3000 = 99.97%, never 100.0%)."""
    while value < 1 and half_up(value * 100, places) >= 100 and places < 6:
        places += 1
    shown = half_up(value * 100, places)
    if value < 1 and shown >= 100:  # closer to 100% than six decimals show: cut, not rounded
        shown = Decimal(math.floor(value * 100 * 10**places)).scaleb(-places)
    return f"{shown:.{places}f}%"


def places_apart(
    value: Fraction, against: Fraction | None, shown: Callable[[Fraction, int], str]
) -> int:
    """Two decimals, or more (up to six) until ``value`` no longer looks like ``against``
    when the two differ: 10.3004 beside 10.30, 79.996% beside 80%."""
    places = 2
    while (
        against is not None
        and value != against
        and places < 6
        and shown(value, places) == shown(against, places)
    ):
        places += 1
    return places


def target_decimals(target: Decimal | str) -> int:
    """Percent decimals the plan wrote its target with (96.50% -> 2, 80% -> 0)."""
    if isinstance(target, Decimal):
        exponent = target.as_tuple().exponent
        return max(0, -int(exponent) - 2) if isinstance(exponent, int) else 0
    return 2


def to_step(value: Fraction, step: Fraction) -> Fraction:
    """``value`` rounded half up to a multiple of ``step`` (0.01: 10.1294 → 10.13)."""
    return math.floor(value / step + Fraction(1, 2)) * step


def huge_exponent(text: str) -> bool:
    """Whether a number is written with an exponent beyond ±9 (1e-999999999): refused
    before any arithmetic, which would expand it digit by digit."""
    power = text.split("e")[-1] if "e" in text else ""
    return power.lstrip("+-").isdigit() and abs(int(power)) > 9
