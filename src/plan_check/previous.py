"""``--previous REPORT.json``: an earlier JSON report of the same targets, read back for the
change since last time (较上期, 排名变化).

Only plan-check's own JSON report is accepted, and only what a comparison needs is taken
from it (the models of report_prior.py). Figures are read as decimals, never floats, so a
change is exact. Anything else ends in one message naming the file and the place in it
(``results[3].units[2].actual``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from plan_check import refusals
from plan_check.errors import Msg
from plan_check.input.files import read_bytes
from plan_check.report_prior import PriorDoc, prior_report, where
from plan_check.standing import PriorReport

PREVIOUS_LIMIT = 32 * 2**20  # a report of 5,000 units and every goal stays under this


class _TooBig:
    """An integer literal too long to be a figure, found where it stands."""


TOO_BIG = _TooBig()


def _int(literal: str) -> int | _TooBig:
    return TOO_BIG if len(literal.lstrip("-")) > 31 else int(literal)


def read_previous(path: Path, goal_ids: list[str]) -> PriorReport:
    """An earlier JSON report, checked to be plan-check's and of the same goals."""
    shown = str(path)
    data = read_bytes(path, shown, limit=PREVIOUS_LIMIT)
    try:
        raw = json.loads(data.decode("utf-8-sig"), parse_float=Decimal, parse_int=_int)
    except UnicodeDecodeError:
        raise refusals.previous_not_json(path=shown, reason="UTF-8") from None
    except json.JSONDecodeError as exc:
        raise refusals.previous_not_json(
            path=shown, reason=f"{exc.lineno}:{exc.colno} {exc.msg}"
        ) from None
    except RecursionError:
        raise refusals.previous_not_json(path=shown, reason=Msg("json_too_deep")) from None
    try:
        doc = PriorDoc.model_validate(raw)
    except ValidationError as exc:
        place, what = where(exc.errors(include_url=False)[0])
        raise refusals.previous_not_report(path=shown, where=place, what=Msg(what)) from None
    prior = prior_report(doc, shown)
    if not set(prior.goals) & set(goal_ids):
        raise refusals.previous_other_targets(path=shown)
    return prior
