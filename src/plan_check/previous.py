"""``--previous REPORT.json``: an earlier JSON report of the same targets, read back for the
change since last time (较上期, 排名变化).

Only plan-check's own JSON report is accepted, and only what a comparison needs is taken
from it: every goal's id, figure and status, every unit's figure and status, and the
ranks. Figures are read as decimals, never floats, so a change is exact. Anything else
ends in one message naming the file and the place in it (``results[3].units[2].actual``).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from plan_check.errors import DataFileError, Msg
from plan_check.input.files import read_bytes
from plan_check.report import STATUSES, Prior
from plan_check.standing import PriorGoal, PriorReport

PREVIOUS_LIMIT = 64 * 2**20  # a report of every school of a province stays well under this
UNIT_STATUSES = ("pass", "on_pace", "behind", "fail", "n/a", "missing")


class _Bad(Exception):
    def __init__(self, where: str, what: str) -> None:
        self.where = where
        self.what = what


def _figure(value: Any, where: str) -> Fraction | bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and (not value.is_finite() or abs(value.adjusted()) > 30):
        raise _Bad(where, "number")  # 1e999999999 would take all memory as a Fraction
    if isinstance(value, int | Decimal):
        try:
            return Fraction(value)
        except (ValueError, OverflowError, InvalidOperation):
            raise _Bad(where, "number") from None
    raise _Bad(where, "number")


def _status(value: Any, where: str, allowed: tuple[str, ...]) -> str | None:
    if value is None or value in allowed:
        return value
    raise _Bad(where, "status")


def _text(value: Any, where: str) -> str:
    if isinstance(value, str) and value:
        return value
    raise _Bad(where, "text")


def _list(value: Any, where: str) -> list[Any]:
    if isinstance(value, list):
        return value
    raise _Bad(where, "list")


def _dict(value: Any, where: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise _Bad(where, "object")


def _parse(doc: Any, shown: str) -> PriorReport:
    doc = _dict(doc, "$")
    goals: dict[str, PriorGoal] = {}
    for i, raw in enumerate(_list(doc.get("results"), "results")):
        at = f"results[{i}]"
        r = _dict(raw, at)
        units: dict[str, Prior] = {}
        for j, rawu in enumerate(_list(r.get("units", []), f"{at}.units")):
            u = _dict(rawu, f"{at}.units[{j}]")
            name = _text(u.get("unit"), f"{at}.units[{j}].unit")
            units[name] = Prior(
                _figure(u.get("actual"), f"{at}.units[{j}].actual"),
                _status(u.get("status"), f"{at}.units[{j}].status", UNIT_STATUSES),
            )
        goals[_text(r.get("id"), f"{at}.id")] = PriorGoal(
            _figure(r.get("actual"), f"{at}.actual"),
            _status(r.get("status"), f"{at}.status", STATUSES),
            units,
        )
    ranks: dict[str, int | None] = {}
    for i, raw in enumerate(_list(doc.get("ranking", []), "ranking")):
        s = _dict(raw, f"ranking[{i}]")
        value = s.get("rank")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise _Bad(f"ranking[{i}].rank", "rank")
        ranks[_text(s.get("unit"), f"ranking[{i}].unit")] = value
    as_of = doc.get("as_of")
    if as_of is not None:
        _text(as_of, "as_of")
    listed = [_text(u, f"units[{i}]") for i, u in enumerate(_list(doc.get("units", []), "units"))]
    return PriorReport(shown, as_of, goals, ranks, tuple(listed))


def read_previous(path: Path, goal_ids: list[str]) -> PriorReport:
    """An earlier JSON report, checked to be plan-check's and of the same goals."""
    shown = str(path)
    data = read_bytes(path, shown, limit=PREVIOUS_LIMIT)
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise DataFileError("previous_not_json", path=shown, reason="UTF-8") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(
            "previous_not_json", path=shown, reason=f"{exc.lineno}:{exc.colno} {exc.msg}"
        ) from None
    except (RecursionError, ValueError) as exc:  # nesting too deep, a 5,000-digit integer
        raise DataFileError("previous_not_json", path=shown, reason=type(exc).__name__) from None
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
