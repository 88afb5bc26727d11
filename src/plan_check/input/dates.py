"""The report date (填报日期) as clerks write it."""

from __future__ import annotations

import re
from datetime import date

from plan_check.cells import fold

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(text: str) -> date | None:
    """2023-06-30, 2023/6/30, 2023.06.30 or 2023年6月30日; None when it is none of them."""
    match = _DATE.match(fold(text))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
