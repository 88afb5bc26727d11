"""How figures are written, in every report and in the rules' own words: 3,000; 96.62%;
5,200.5; 99.9% rounded down; enough decimals that a miss never looks met."""

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


def number(value: Fraction | Decimal, decimals: int | None = None) -> str:
    """3,000 for whole numbers; otherwise up to ``decimals`` places, trailing zeros off."""
    if value == int(value):
        return f"{int(value):,}"
    places = 2 if decimals is None else decimals
    return f"{float(value):,.{places}f}".rstrip("0").rstrip(".")


def percent(value: Fraction, decimals: int = 2) -> str:
    return f"{float(value) * 100:.{decimals}f}%"


def exact(value: Fraction) -> str:
    """A figure with every decimal it has (5,200.5, 4,680.45): the working adds up as shown.
    Figures are sums of typed decimals, so six places hold them; more is rounded."""
    for places in range(7):
        if (value * 10**places).denominator == 1:
            return f"{float(value):,.{places}f}" if places else f"{int(value):,}"
    return number(value, 6)


def completion(value: Fraction) -> str:
    """Actual over target, one decimal, rounded down: a missed goal never shows 100.0%."""
    tenths = math.floor(value * 1000)
    return f"{tenths // 10}.{tenths % 10}%"


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
