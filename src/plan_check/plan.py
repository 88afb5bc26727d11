"""The plan as data: metrics, sections and rules read from a targets file.

The file is read with YAML's safe loader only (no tag is ever executed), validated by
frozen pydantic models that forbid unknown keys, then cross-checked (declared metrics,
unique ids, metric types). Every problem is reported with its line and column, all at
once, in a single TargetsError.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, model_validator

from plan_check.dictionary import Metric as Metric  # the data dictionary
from plan_check.models import Model, Prose, Title
from plan_check.policy import Alerts, Ranking
from plan_check.rules import Rule
from plan_check.rules.base import CITY_ROW_NAMES, parse_target

Position = tuple[int, int]  # 1-based line and column
Path_ = tuple[str | int, ...]


def _quantity(value: object) -> object:
    parsed = parse_target(value)
    if parsed == "baseline":
        raise ValueError("a quota is a number such as 300 or 0.12万")
    return parsed


Quantity = Annotated[Decimal, BeforeValidator(_quantity)]


class Section(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    number: Prose = Field(description="the plan's own numbering, e.g. 五")
    title: Title
    items: list[int] = Field(min_length=1)


DEFAULT_TARGETS = "targets.yaml"
PACKAGED = f"<plan_check>/{DEFAULT_TARGETS}"


class NotChecked(Model):
    """A commitment of the plan that no rule checks, with the reason: the coverage list."""

    item: int = Field(ge=1)
    quote: Prose = Field(min_length=2, description="the plan's own words")
    why: Literal["qualitative", "low_value", "no_figure"] = Field(
        description="qualitative: nothing to count; low_value: a yes/no a bureau rarely "
        "tracks; no_figure: no 2023 figure or date"
    )


class Bulletin(Model):
    """The 通报 a bureau issues from a report (``report:`` in a targets file): who issues it,
    its title and its issue number (期数); each is optional, and ``--issue-number`` wins."""

    issuer: Prose | None = Field(None, description="发文机关, e.g. XX市教育局")
    title: Title | None = Field(
        None, description="the 通报's title; default: the plan's title and 落实情况通报"
    )
    number: Prose | None = Field(None, description="期数, e.g. 第 7 期 (--issue-number wins)")
    total: Title | None = Field(
        None, description="the overview's total row; default 全市合计 / City total"
    )


class Plan(Model):
    title: Title
    period_start: date = date(2023, 1, 1)
    metrics: list[Metric] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    rules: list[Rule] = Field(min_length=1)
    units: list[str] | None = Field(None, description="the units that must report")
    city_units: list[str] = Field(
        default_factory=lambda: list(CITY_ROW_NAMES),
        min_length=1,
        description="names of the city's own row (市直); every other unit is a county",
    )
    not_checked: list[NotChecked] = Field(
        default_factory=list, description="the plan's commitments no rule checks, and why"
    )
    quotas: dict[str, dict[str, Quantity]] | None = Field(
        None, description="per-unit shares of city targets: {rule id: {unit: quota}}"
    )

    alerts: Alerts = Field(default_factory=Alerts, description="三色预警 thresholds")
    ranking: Ranking = Field(default_factory=Ranking, description="how units are ranked (排名)")
    report: Bulletin = Field(
        default_factory=Bulletin, description="the 通报: issuing body, title, issue number"
    )

    _source: str = PrivateAttr(PACKAGED)

    @model_validator(mode="after")
    def _year_end_deadlines(self) -> Plan:
        """A goal without its own deadline is due at the end of the plan's year (the day
        before ``period_start`` a year on), not on a fixed date of some other year."""
        start = self.period_start
        try:
            end = start.replace(year=start.year + 1) - timedelta(days=1)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + 1, day=28)
        rules = [
            r if "deadline" in r.model_fields_set else r.model_copy(update={"deadline": end})
            for r in self.rules
        ]
        object.__setattr__(self, "rules", rules)  # a frozen model, completed once
        return self

    @property
    def source(self) -> str:
        """The targets file the plan was read from, as shown to the user."""
        return self._source

    @property
    def products(self) -> tuple[tuple[str, str], ...]:
        """The (value, weight) pairs the rules weigh: summed by the reader as it reads."""
        return tuple(dict.fromkeys(pair for rule in self.rules for pair in rule.products))

    def metric(self, metric_id: str) -> Metric:
        return self._metrics[metric_id]

    @property
    def _metrics(self) -> dict[str, Metric]:
        return {m.id: m for m in self.metrics}

    def section_of(self, item: int) -> Section:
        for section in self.sections:
            if item in section.items:
                return section
        raise KeyError(item)


def json_schema() -> str:
    """The JSON Schema of a targets file, generated from the models (editors use it)."""
    import json

    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Plan.model_json_schema(),
        "title": "plan-check targets file",
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
