"""Progress through the year (序时进度): how much of a goal is due by the as-of date.

The elapsed share counts days from the period start through the as-of date, both
included, over the days from the period start through the deadline: 2023-06-30 of a
year due 2023-12-31 is 181/365. On or after the deadline the check is final.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction


def elapsed_share(period_start: date, as_of: date | None, deadline: date) -> Fraction | None:
    """The share of the period gone by ``as_of``; None when the goal is due (final), or
    when its period is empty (a start after the deadline, refused by lint): no pace can be
    told of no days, so the goal is judged as final rather than divided by zero."""
    if as_of is None or as_of >= deadline or period_start > deadline:
        return None
    days = (as_of - period_start).days + 1
    total = (deadline - period_start).days + 1
    return Fraction(max(days, 0), total)


def pace_gap(actual: Fraction, target: Fraction, share: Fraction) -> Fraction:
    """Completion minus elapsed share, in percentage points: + ahead of 序时进度, - behind."""
    return (actual / target - share) * 100
