"""The report date (填报日期) as clerks write it."""

from __future__ import annotations

import re
from datetime import date, timedelta

from plan_check.cells import fold

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's date serials (1900 system)
_SERIALS = range(36526, 73051)  # 2000-01-01 .. 2099-12-31: a 5-digit number in a date column


def parse_date(text: str) -> date | None:
    """2023-06-30, 2023/6/30, 2023.06.30, 2023年6月30日, or the serial Excel writes for a
    date cell saved without its format (45107 = 2023-06-30); None when it is none of them."""
    folded = fold(text)
    if folded.isdigit() and int(folded) in _SERIALS:
        return _EXCEL_EPOCH + timedelta(days=int(folded))
    match = _DATE.match(folded)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def consensus(days: list[date]) -> date | None:
    """The as-of date of a submission: the 填报日期 most files and sheets carry, each one
    vote; a tie goes to the latest of the dates tied (a sheet kept beside a newer one is
    the older copy). None when nothing is dated."""
    votes: dict[date, int] = {}
    for day in days:
        votes[day] = votes.get(day, 0) + 1
    return max(votes, key=lambda day: (votes[day], day), default=None)


def a_year_before(day: date) -> date:
    """The same day a year earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
