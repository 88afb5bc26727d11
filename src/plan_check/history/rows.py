"""Every value read from a history file, checked before it is used: a file edited by hand,
damaged or crafted is refused with a message naming the table, the run and the column
(exit 2, the file left as it was), never an internal error. plan-check writes figures as
exact decimals or fractions of bounded length, dates as ISO dates, statuses and alerts from
report.py's lists; anything else did not come from plan-check."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from typing import get_args

from plan_check import refusals
from plan_check.errors import Msg, PlanCheckError
from plan_check.history.store import Figure
from plan_check.report import ALERTS, STATUSES, UnitStatus

MAX_FIGURE_CHARS = 400  # an exact figure: a sum of 24-digit cells has a few dozen digits
MAX_TEXT_CHARS = 32_767  # a unit's name came from one cell (Excel's limit)
MAX_SHOWN = 60  # a value quoted in the message is cut to this
FINAL = "final"
_FIGURE = re.compile(r"-?[0-9]+(\.[0-9]+)?|-?[0-9]+/[1-9][0-9]*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
UNIT_STATUSES = get_args(UnitStatus)
STATES = ("value", "n/a", "missing")


def exact(value: Figure) -> str | None:
    """A figure as exact text: a decimal where it ends (0.965, 4680.45), else a fraction
    (5/6); yes/no as true/false."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    den, twos, fives = value.denominator, 0, 0
    while den % 2 == 0:
        den, twos = den // 2, twos + 1
    while den % 5 == 0:
        den, fives = den // 5, fives + 1
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    if not places:
        return str(value.numerator)
    digits = abs(value.numerator) * 10**places // value.denominator
    whole, part = divmod(digits, 10**places)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{part:0{places}d}".rstrip("0")


def figure(text: str | None) -> Figure:
    if text is None:
        return None
    if text in ("true", "false"):
        return text == "true"
    return Fraction(text)


class Rows:
    """Checks for the values of one table's rows of one run (or plan), each refusing the
    file with where the value is and what is accepted."""

    def __init__(self, source: str, table: str, where: Msg) -> None:
        self.source = source
        self.table = table
        self.where = where

    def refuse(self, column: str, value: object, accepted: Msg) -> PlanCheckError:
        shown = "NULL" if value is None else repr(value) if not isinstance(value, str) else value
        if len(shown) > MAX_SHOWN:
            shown = shown[: MAX_SHOWN - 1] + f"…({len(shown):,})"
        return refusals.history_bad_value(
            path=self.source,
            table=self.table,
            where=self.where,
            column=column,
            value=shown,
            accepted=accepted,
        )

    def figure(self, column: str, value: object) -> Fraction | bool | None:
        """An exact figure (3050, 4680.45, 5/6), yes/no (true/false) or none."""
        if value is None:
            return None
        if value in ("true", "false"):
            return value == "true"
        return self._number(column, value, Msg("history_accepts_figure", limit=MAX_FIGURE_CHARS))

    def fraction(self, column: str, value: object) -> Fraction | None:
        """An exact number or none (a numerator, a denominator, what 序时进度 asked)."""
        if value is None:
            return None
        return self._number(column, value, Msg("history_accepts_number", limit=MAX_FIGURE_CHARS))

    def _number(self, column: str, value: object, accepted: Msg) -> Fraction:
        if not isinstance(value, str) or len(value) > MAX_FIGURE_CHARS:
            raise self.refuse(column, value, accepted)
        if not _FIGURE.fullmatch(value):
            raise self.refuse(column, value, accepted)
        return Fraction(value)

    def text(self, column: str, value: object, limit: int = MAX_TEXT_CHARS) -> str:
        if not isinstance(value, str) or not value or len(value) > limit:
            raise self.refuse(column, value, Msg("history_accepts_text", limit=f"{limit:,}"))
        return value

    def one_of(self, column: str, value: object, allowed: tuple[str, ...], blank: bool) -> str:
        """A status, an alert or a state from its list (none when ``blank``)."""
        if (value is None and blank) or value in allowed:
            return value  # type: ignore[return-value]
        words = " ".join(allowed) + (" NULL" if blank else "")
        raise self.refuse(column, value, Msg("history_accepts_one_of", values=words))

    def status(self, value: object) -> str:
        return self.one_of("status", value, STATUSES, blank=False)

    def unit_status(self, value: object) -> str | None:
        return self.one_of("status", value, UNIT_STATUSES, blank=True) or None

    def alert(self, value: object) -> str | None:
        return self.one_of("alert", value, ALERTS, blank=True) or None

    def state(self, value: object) -> str:
        return self.one_of("state", value, STATES, blank=False)

    def flag(self, column: str, value: object) -> bool:
        if type(value) is not int or value not in (0, 1):
            raise self.refuse(column, value, Msg("history_accepts_one_of", values="0 1"))
        return bool(value)

    def rank(self, value: object) -> int | None:
        if value is None:
            return None
        if type(value) is not int or not 1 <= value <= 10**9:
            raise self.refuse("rank", value, Msg("history_accepts_rank"))
        return value

    def item(self, value: object) -> int | str:
        """A goal's item as the plan numbers it: 16, or 二(三)."""
        if type(value) is int and 1 <= value <= 10**9:
            return value
        return self.text("item", value, limit=40)

    def as_of(self, value: object) -> date | None:
        """An ISO date, or final (a final check)."""
        if value == FINAL:
            return None
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.refuse("as_of", value, Msg("history_accepts_date"))


def of_run(source: str, table: str, run: object) -> Rows:
    return Rows(source, table, Msg("history_where_run", run=run))


def of_plan(source: str, table: str, plan: object) -> Rows:
    return Rows(source, table, Msg("history_where_plan", plan=plan))
