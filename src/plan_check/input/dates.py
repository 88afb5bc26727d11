"""The report date (填报日期) as clerks write it, and the as-of date of a submission.

Each file or sheet with one 填报日期 is one vote. A report is a month's (月报): the month
most of them fall in is the period, a tie going to the latest, and the date most of that
month's carry is the as-of date, a tie going to the latest (``consensus``). A file
dated otherwise within the month (a county that filed on the 29th) is read, with a note
that it is judged as of that date. A file or sheet of another month is a stale copy (last
month's sheet kept beside this month's): it is named, its rows are set aside before
repeated rows are looked for (so they are neither summed nor called repeats), and units
found only there are named as not submitted. A date
outside the plan's year is a problem of its file and no vote: its rows are read, but
the check is not paced by it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from plan_check import problems
from plan_check.cells import fold

if TYPE_CHECKING:
    from plan_check.codes import Said
    from plan_check.input.partial import ProblemList, Source
    from plan_check.report import Problem

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
    votes = Counter(days)
    return max(votes, key=lambda day: (votes[day], day), default=None)


def a_year_before(day: date) -> date:
    """The same day a year earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


MAX_NAMED_UNITS = 10  # a stale sheet's own units named in its problem, the rest counted


@dataclass
class Dated:
    """The as-of date the sources agree on, and which of them are kept."""

    as_of: date | None
    kept: list[int]
    set_aside: list[str] = field(default_factory=list)  # files or sheets, as shown
    problems: list[Problem] = field(default_factory=list)


def one_date(src: Source) -> tuple[date, int] | None:
    """A source's one 填报日期 and its first line; None when it has none, or several
    (a problem ``combine`` names)."""
    found: dict[date, int] = {}
    for part in src.partials:
        for day, line in part.dates.items():
            found[day] = min(line, found.get(day, line))
    return next(iter(found.items())) if len(found) == 1 else None


def by_date(sources: list[Source], year: tuple[date, date] | None) -> Dated:
    """The as-of date, the sources kept, and the problems of those dated otherwise."""
    from plan_check.input.partial import ProblemList

    listing = ProblemList(limit=len(sources) * 2)
    dated: dict[int, tuple[date, int]] = {}
    for s, src in enumerate(sources):
        found = one_date(src)
        if found is None:
            continue
        day, line = found
        if year is not None and not year[0] <= day <= year[1]:
            start, end = year[0].isoformat(), year[1].isoformat()
            said = problems.report_date_outside_plan(date=day.isoformat(), start=start, end=end)
            _add(
                listing, src, line, day, said, "accepted_date_in_plan", {"start": start, "end": end}
            )
            continue
        dated[s] = found
    months = consensus([day.replace(day=1) for day, _ in dated.values()])
    period = [day for day, _ in dated.values() if day.replace(day=1) == months]
    as_of = consensus(period)
    odd = [s for s, (day, _) in dated.items() if day.replace(day=1) != months]
    for s, (day, line) in dated.items():
        if day != as_of and s not in odd:  # the same month's report, filed another day
            assert as_of is not None
            said = problems.report_date_near(date=day.isoformat(), as_of=as_of.isoformat())
            _add(listing, sources[s], line, day, said, severity="warning")
    kept = [s for s in range(len(sources)) if s not in odd]
    agree = len(dated) - len(odd)
    elsewhere = {u for s in kept for u in sources[s].units()} if odd else set()
    for s in odd:
        src, (day, line) = sources[s], dated[s]
        assert as_of is not None
        rows = sum(len(p.keys) for p in src.partials)
        dated_so = problems.report_date_stale if day < as_of else problems.report_date_ahead
        said = dated_so(date=day.isoformat(), as_of=as_of.isoformat(), agree=agree, rows=rows)
        _add(listing, src, line, day, said)
        own = list(dict.fromkeys(u for p in src.partials for u in p.units if u not in elsewhere))
        if own:
            shown = "、".join(own[:MAX_NAMED_UNITS]) + ("…" if len(own) > MAX_NAMED_UNITS else "")
            said = problems.report_date_stale_units(count=len(own), units=shown)
            _add(listing, src, line, day, said.with_context(as_of=as_of.isoformat()))
    return Dated(as_of, kept, [sources[s].path for s in odd], listing.listed())


def _add(
    listing: ProblemList,
    src: Source,
    line: int,
    day: date,
    said: Said,
    accepted: str = "accepted_as_of_date",
    accepted_params: dict[str, Any] | None = None,
    severity: Literal["error", "warning"] = "error",
) -> None:
    """A problem at the source's first dated cell; it accepts the as-of date unless said
    otherwise."""
    col = src.partials[0].date_col if src.partials else None
    if accepted_params is None:
        accepted_params = {"date": said.params.get("as_of", "")}
    said = said.with_context(date=day.isoformat(), file=src.path)
    listing.problem(src, line, col, day.isoformat(), said, accepted, accepted_params, severity)
