"""What ``--previous`` reads of an earlier JSON report: the part of the report schema
(report_schema.py, the same keys) a comparison needs, as pydantic models. A run in the
history is read back through the same models (history/runs.py), so both compare alike.

Only every goal's id, figure and status, every unit's figure, status and working, the
ranks, the as-of date and the units are read; every other key is ignored, and a key a
comparison can do without may be absent. Figures are read as the decimals the JSON
parser gives (never floats), so a change is exact. Each refusal is a ``json_*`` error
type naming what the place should hold (a message code); ``where`` turns its location
into the place in the file (``results[3].units[2].actual``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from plan_check.report import STATUSES, Prior, UnitStatus
from plan_check.report_schema import SCHEMA_VERSION
from plan_check.standing import PriorGoal, PriorReport, ranks_units

UNIT_STATUSES: tuple[str, ...] = get_args(UnitStatus)  # a status added there is read here
MAX_GOALS = 1_000
MAX_UNITS = 5_000  # as many as a submission may name
MAX_TEXT = 1_000  # characters of a unit name or a goal id
BIG = 10**30  # a figure this large is no report's


def _bad(what: str, after: str = "") -> PydanticCustomError:
    """A refusal: the place should hold ``json_<what>``; ``after`` continues the place
    below the value checked (``[3].unit`` of a list)."""
    return PydanticCustomError("json_" + what, "{after}", {"after": after})


def _figure(value: Any) -> Fraction | bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and (not value.is_finite() or abs(value.adjusted()) > 30):
        raise _bad("number")  # 1e999999999 would take all memory as a Fraction
    if isinstance(value, int) and abs(value) >= BIG:
        raise _bad("number")
    if isinstance(value, int | Decimal):
        try:
            return Fraction(value)
        except (ValueError, OverflowError, InvalidOperation):
            raise _bad("number") from None
    raise _bad("number")


def _part(value: Any) -> Fraction | None:
    """A numerator or a denominator: a number, never yes or no."""
    figure = _figure(value)
    if isinstance(figure, bool):
        raise _bad("number")
    return figure


def _status(allowed: tuple[str, ...]) -> PlainValidator:
    def check(value: Any) -> str | None:
        if value is None or (isinstance(value, str) and value in allowed):
            return value
        raise _bad("status")

    return PlainValidator(check)


def _text(value: Any) -> str:
    if isinstance(value, str) and value and len(value) <= MAX_TEXT:
        try:
            value.encode("utf-8")  # a lone surrogate (\ud800) is no text
        except UnicodeEncodeError:
            raise _bad("text") from None
        return value
    raise _bad("text")


def _list(limit: int) -> BeforeValidator:
    def check(value: Any) -> Any:
        if isinstance(value, list) and len(value) <= limit:
            return value
        raise _bad("list")

    return BeforeValidator(check)


def _unique(key: str) -> AfterValidator:
    """No two entries of the list with the same ``key`` (a goal's id, a unit's name)."""

    def check(entries: Sequence[Any]) -> Sequence[Any]:
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            name = entry if isinstance(entry, str) else getattr(entry, key)
            if name in seen:
                raise _bad("unique", f"[{i}]" + (f".{key}" if key else ""))
            seen.add(name)
        return entries

    return AfterValidator(check)


def _scope(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and len(value) <= MAX_TEXT):
        return value
    raise _bad("text")


def _rank(value: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return value
    raise _bad("rank")


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise _bad("date")


def _version(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value == SCHEMA_VERSION:
        return value
    raise _bad("schema_version")


Figure = Annotated[Fraction | bool | None, PlainValidator(_figure)]
Part = Annotated[Fraction | None, PlainValidator(_part)]
Text = Annotated[str, PlainValidator(_text)]


class _Read(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True, validate_default=False)


class PriorUnit(_Read):
    unit: Text
    actual: Figure = None
    status: Annotated[str | None, _status(UNIT_STATUSES)] = None
    numerator: Part = None
    denominator: Part = None
    quota: Figure = None  # with baseline: whether the ranking judged units on the goal
    baseline: Figure = None


class PriorResult(_Read):
    id: Text
    actual: Figure = None
    status: Annotated[str | None, _status(STATUSES)] = None
    scope: Annotated[str | None, PlainValidator(_scope)] = None
    units: Annotated[list[PriorUnit], _list(MAX_UNITS), _unique("unit")] = []


class PriorStanding(_Read):
    unit: Text
    rank: Annotated[int | None, PlainValidator(_rank)] = None


def _ranks_in_list(entries: list[PriorStanding]) -> list[PriorStanding]:
    for i, s in enumerate(entries):
        if s.rank is not None and s.rank > len(entries):
            raise _bad("rank", f"[{i}].rank")
    return entries


class PriorDoc(_Read):
    """An earlier report as far as a comparison reads it. No ``schema_version``: a report
    written before the key existed, read as version 1."""

    results: Annotated[list[PriorResult], _list(MAX_GOALS), _unique("id")] = Field(
        default=None,
        validate_default=True,  # absent: refused as no list
    )
    ranking: Annotated[
        list[PriorStanding], _list(MAX_UNITS), AfterValidator(_ranks_in_list), _unique("unit")
    ] = []
    as_of: Annotated[str | None, PlainValidator(_date)] = None
    units: Annotated[list[Text], _list(MAX_UNITS), _unique("")] = []
    schema_version: Annotated[int, PlainValidator(_version)] = SCHEMA_VERSION


def prior_report(doc: PriorDoc, source: str) -> PriorReport:
    """What the comparison reads of a report (or of a run in the history, built as the
    models of its JSON report)."""
    goals = {
        r.id: PriorGoal(
            r.actual,
            r.status,
            {u.unit: Prior(u.actual, u.status, u.numerator, u.denominator) for u in r.units},
        )
        for r in doc.results
    }
    ranks = {s.unit: s.rank for s in doc.ranking}
    # the goals its ranking judged units on, read as ours are (standing.ranks_units)
    ranked_on = tuple(
        r.id
        for r in doc.results
        if ranks_units(
            r.scope,
            any(u.quota is not None for u in r.units),
            any(u.baseline is not None and u.status in ("pass", "fail") for u in r.units),
        )
    )
    return PriorReport(source, doc.as_of, goals, ranks, tuple(doc.units), ranked_on)


def where(error: ErrorDetails) -> tuple[str, str]:
    """The place in the file (``results[3].units[2].actual``; ``$``: the whole document)
    and the message code of what it should hold."""
    place = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in error["loc"])
    place = place.removeprefix(".") + str(error.get("ctx", {}).get("after", ""))
    kind = error["type"]
    what = kind if kind.startswith("json_") else "json_object"  # a list entry not an object
    return place or "$", what
