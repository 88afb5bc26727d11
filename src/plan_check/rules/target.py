"""A goal's target as the plan writes it."""

from __future__ import annotations

from decimal import Decimal

from plan_check.rules.grammar import target_number


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
    try:  # 92％ and 2.78亿 as typed too
        return target_number(value)
    except ValueError:
        raise ValueError(
            f"cannot read target {value!r}: write a number (3000, 7.6万), "
            "a percent (96.50%) or baseline"
        ) from None
