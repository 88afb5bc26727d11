"""``--previous REPORT.json``: an earlier JSON report of the same targets, read back for the
change since last time (较上期, 排名变化).

Only plan-check's own JSON report is accepted, and only what a comparison needs is taken
from it: every goal's id, figure and status, every unit's figure and status, and the
ranks. Figures are read as decimals, never floats, so a change is exact. Anything else
ends in one message naming the file and the place in it (``results[3].units[2].actual``).
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from plan_check.errors import DataFileError, Msg
from plan_check.input.files import read_bytes
from plan_check.report import STATUSES, Prior
from plan_check.standing import PriorGoal, PriorReport, ranks_units

PREVIOUS_LIMIT = 32 * 2**20  # a report of 5,000 units and every goal stays under this
UNIT_STATUSES = ("pass", "on_pace", "behind", "not_yet", "fail", "n/a", "missing")
MAX_GOALS = 1_000
MAX_UNITS = 5_000  # as many as a submission may name
MAX_TEXT = 1_000  # characters of a unit name or a goal id
BIG = 10**30  # a figure this large is no report's


class _TooBig:
    """An integer literal too long to be a figure, found where it stands."""


TOO_BIG = _TooBig()


def _int(literal: str) -> int | _TooBig:
    return TOO_BIG if len(literal.lstrip("-")) > 31 else int(literal)


class _Bad(Exception):
    def __init__(self, where: str, what: str) -> None:
        self.where = where
        self.what = what


def _figure(value: Any, where: str) -> Fraction | bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and (not value.is_finite() or abs(value.adjusted()) > 30):
        raise _Bad(where, "number")  # 1e999999999 would take all memory as a Fraction
    if isinstance(value, int) and abs(value) >= BIG:
        raise _Bad(where, "number")
    if isinstance(value, int | Decimal):
        try:
            return Fraction(value)
        except (ValueError, OverflowError, InvalidOperation):
            raise _Bad(where, "number") from None
    raise _Bad(where, "number")


def _working(unit: dict[str, Any], where: str) -> tuple[Fraction | None, Fraction | None]:
    """A unit's numerator and denominator (rates, means), for the change over the units
    of both reports; None where the report has none."""
    parts = []
    for key in ("numerator", "denominator"):
        value = _figure(unit.get(key), f"{where}.{key}")
        if isinstance(value, bool):
            raise _Bad(f"{where}.{key}", "number")
        parts.append(value)
    return parts[0], parts[1]


def _status(value: Any, where: str, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and value in allowed:
        return value
    raise _Bad(where, "status")


def _text(value: Any, where: str) -> str:
    if isinstance(value, str) and value and len(value) <= MAX_TEXT:
        try:
            value.encode("utf-8")  # a lone surrogate (\ud800) is no text
        except UnicodeEncodeError:
            raise _Bad(where, "text") from None
        return value
    raise _Bad(where, "text")


def _list(value: Any, where: str, limit: int = MAX_UNITS) -> list[Any]:
    if isinstance(value, list) and len(value) <= limit:
        return value
    raise _Bad(where, "list")


def _unique(name: str, seen: set[str], where: str) -> str:
    if name in seen:
        raise _Bad(where, "unique")
    seen.add(name)
    return name


def _dict(value: Any, where: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise _Bad(where, "object")


def _parse(doc: Any, shown: str) -> PriorReport:
    doc = _dict(doc, "$")
    goals: dict[str, PriorGoal] = {}
    goal_ids: set[str] = set()
    ranked_on: list[str] = []  # the goals its ranking judged units on, read as ours are
    for i, raw in enumerate(_list(doc.get("results"), "results", MAX_GOALS)):
        at = f"results[{i}]"
        r = _dict(raw, at)
        units: dict[str, Prior] = {}
        names: set[str] = set()  # one set per goal, grown as read: linear in the units
        quotas = own_trend = False
        for j, rawu in enumerate(_list(r.get("units", []), f"{at}.units")):
            u = _dict(rawu, f"{at}.units[{j}]")
            quotas = quotas or u.get("quota") is not None
            own_trend = own_trend or (
                u.get("baseline") is not None and u.get("status") in ("pass", "fail")
            )
            name = _text(u.get("unit"), f"{at}.units[{j}].unit")
            _unique(name, names, f"{at}.units[{j}].unit")
            units[name] = Prior(
                _figure(u.get("actual"), f"{at}.units[{j}].actual"),
                _status(u.get("status"), f"{at}.units[{j}].status", UNIT_STATUSES),
                *_working(u, f"{at}.units[{j}]"),
            )
        goal = _unique(_text(r.get("id"), f"{at}.id"), goal_ids, f"{at}.id")
        if ranks_units(r.get("scope"), quotas, own_trend):
            ranked_on.append(goal)
        goals[goal] = PriorGoal(
            _figure(r.get("actual"), f"{at}.actual"),
            _status(r.get("status"), f"{at}.status", STATUSES),
            units,
        )
    ranks: dict[str, int | None] = {}
    ranked: set[str] = set()
    ranking = _list(doc.get("ranking", []), "ranking")
    for i, raw in enumerate(ranking):
        s = _dict(raw, f"ranking[{i}]")
        value = s.get("rank")
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(ranking)
        ):
            raise _Bad(f"ranking[{i}].rank", "rank")
        name = _text(s.get("unit"), f"ranking[{i}].unit")
        ranks[_unique(name, ranked, f"ranking[{i}].unit")] = value
    as_of = doc.get("as_of")
    if as_of is not None and not (
        isinstance(as_of, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", as_of)
    ):
        raise _Bad("as_of", "date")
    seen: set[str] = set()
    listed = [
        _unique(_text(u, f"units[{i}]"), seen, f"units[{i}]")
        for i, u in enumerate(_list(doc.get("units", []), "units"))
    ]
    return PriorReport(shown, as_of, goals, ranks, tuple(listed), tuple(ranked_on))


def read_previous(path: Path, goal_ids: list[str]) -> PriorReport:
    """An earlier JSON report, checked to be plan-check's and of the same goals."""
    shown = str(path)
    data = read_bytes(path, shown, limit=PREVIOUS_LIMIT)
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_float=Decimal, parse_int=_int)
    except UnicodeDecodeError:
        raise DataFileError("previous_not_json", path=shown, reason="UTF-8") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(
            "previous_not_json", path=shown, reason=f"{exc.lineno}:{exc.colno} {exc.msg}"
        ) from None
    except RecursionError:
        raise DataFileError("previous_not_json", path=shown, reason=Msg("json_too_deep")) from None
    try:
        prior = _parse(doc, shown)
        if prior.as_of is not None:
            date.fromisoformat(prior.as_of)
    except _Bad as bad:
        raise DataFileError(
            "previous_not_report", path=shown, where=bad.where, what=Msg("json_" + bad.what)
        ) from None
    except ValueError:
        raise DataFileError(
            "previous_not_report", path=shown, where="as_of", what=Msg("json_date")
        ) from None
    if not set(prior.goals) & set(goal_ids):
        raise DataFileError("previous_other_targets", path=shown)
    return prior
