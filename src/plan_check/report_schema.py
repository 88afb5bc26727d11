"""The JSON report's schema: pydantic models of what ``--format json`` writes, in the order
it writes it. render/json.py builds a ``JsonReport`` and dumps it; ``report_json_schema``
is published as report.schema.json (``plan-check schema --report``).

A key written only in some reports (a goal's ``previous``, a unit's ``quota``, the
``history``…) is a field with a default, left unset when absent: the dump leaves unset
fields out (``exclude_unset``), so a key is either written with its value or not at all.
New keys join as such optional fields, so the reports already written stay valid.
``SCHEMA_VERSION`` changes only when a key changes its meaning or goes away.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from plan_check.report import Alert, Status, UnitStatus

SCHEMA_VERSION = 1  # reports written before the field existed are of version 1

Number = int | float | None  # counts as integers, rates and means as floats (0.965)
Figure = bool | int | float | None  # a yes/no goal's figure is a boolean


class _Model(BaseModel):
    """A part of the report: no key beyond those named here."""

    model_config = ConfigDict(extra="forbid")


class Roster(_Model):
    source: str | None
    units: list[str]


class AsOfFrom(_Model):
    """Where the as-of date came from: --as-of, or the 填报日期 most files carry."""

    source: Literal["option", "report_date"]
    agree: int
    set_aside: list[str]


class SinceSameUnits(_Model):
    count: int
    actual: Number
    previous: Number


class Prior(_Model):
    """A goal's or a unit's figure and status in the previous report, and the change."""

    actual: Figure
    status: str | None
    change: Number
    same_units: SinceSameUnits | None = None  # a goal whose units differ between reports
    change_all_units: Number = None
    units_only_now: list[str] | None = None
    units_only_before: list[str] | None = None


class SameUnits(_Model):
    """A goal judged against last year over the units with a figure in both years."""

    units: list[str]
    actual: Number
    baseline: Number
    unlike: dict[str, list[str]]


class UnitResult(_Model):
    unit: str
    actual: Figure
    status: UnitStatus | None
    alert: Alert | None
    numerator: Number = None  # rates and means show their working
    denominator: Number = None
    baseline: Number = None  # --baseline
    quota: Number = None  # 任务分解
    expected: Number = None
    previous: Prior | None = None  # --previous, a unit in both reports


class Result(_Model):
    """One goal: its figure, target, status and every unit's part."""

    id: str
    item: int | str  # the plan's item number, or its label as written (a plan's own numbering)
    section: str
    title: str
    kind: str  # new kinds join without a schema change
    scope: str
    status: Status
    alert: Alert | None
    actual: Figure
    op: str
    target: Figure
    upto: Number = None  # a range's upper end (新增 2-4 所)
    soft: bool | None = None  # a soft target (力争, 预期性): true when set
    numerator: Number
    denominator: Number
    expected: Number
    elapsed_share: Number
    reasons: list[str]
    previous: Prior | None = None  # --previous, a goal in both reports
    same_units: SameUnits | None = None
    units: list[UnitResult]


class Standing(_Model):
    """A unit's line in the ranking (排名)."""

    unit: str
    rank: int | None
    met: int
    judged: int
    score: Number
    completion: Number
    alert: Alert | None
    city: bool
    previous_rank: int | None
    moved: int | None = None  # places gained among the units ranked in both reports
    sent: bool
    vetoed: list[str]


class Previous(_Model):
    """The earlier report compared with (--previous)."""

    source: str
    as_of: str | None
    goals_only_now: list[str]
    goals_only_before: list[str]
    units_only_now: list[str]
    units_only_before: list[str]
    ranking_comparable: bool  # both rankings judged units on the same goals
    ranked_only_now: list[str]  # goals this ranking judges units on, the earlier did not
    ranked_only_before: list[str]


class Point(_Model):
    as_of: str | None
    actual: Figure
    status: str | None
    alert: Alert | None
    expected: Number
    change: Number


class PacePoint(_Model):
    as_of: str
    value: Number


class GoalSeries(_Model):
    id: str
    points: list[Point]
    pace: list[PacePoint] | None = None  # a goal charted against 序时进度


class Trend(_Model):
    as_of: str | None
    green: int
    yellow: int
    red: int


class History(_Model):
    """--history: the runs of this plan up to this one, oldest first."""

    source: str
    replaced: bool
    runs: list[str | None]
    goals: list[GoalSeries]
    trend: list[Trend]


class Problem(_Model):
    """One thing wrong in the data, located as a spreadsheet shows it."""

    file: str
    line: int | None
    cell: str | None = None  # A1 reference, for workbooks
    column: str | None
    value: str | None
    code: str
    of: str | None = None  # more_problems_unlisted: the code of the problems not listed
    count: int | None = None  # and how many they are
    message: str
    accepted: str | None
    severity: Literal["error", "warning"]


class FileInfo(_Model):
    path: str
    encoding: str
    delimiter: str | None
    rows: int


class JsonReport(_Model):
    """The whole report, as ``--format json`` writes it."""

    model_config = ConfigDict(title="plan-check JSON report")

    schema_version: Literal[1] = Field(
        description="changes only when a key changes its meaning or goes away"
    )
    targets: str
    roster: Roster | None
    as_of: str | None = Field(description="2023-06-30; null: a final, full-year check")
    as_of_from: AsOfFrom | None
    elapsed_share: Number
    summary: dict[Status, int]
    results: list[Result]
    ranking: list[Standing]
    previous: Previous | None
    history: History | None = None  # --history
    problems: list[Problem]
    files: list[FileInfo]
    units: list[str]
    missing_units: list[str]

    def dumps(self) -> str:
        """The report as written (see ``dumps``)."""
        return dumps(self.model_dump(mode="json", exclude_unset=True))


def dumps(doc: dict[str, Any]) -> str:
    """A dumped report as written: UTF-8 text, Chinese as is, two-space indent. Python's
    json writes the floats (0.8333333333333334, 1e-05) as reports always have."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def report_json_schema() -> str:
    """The JSON Schema of the report (report.schema.json)."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **JsonReport.model_json_schema(),
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
