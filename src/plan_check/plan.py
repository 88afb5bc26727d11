"""The plan as data: metrics, sections and rules read from a targets file.

The file is read with YAML's safe loader only (no tag is ever executed), validated by
frozen pydantic models that forbid unknown keys, then cross-checked (declared metrics,
unique ids, metric types). Every problem is reported with its line and column, all at
once, in a single TargetsError.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from plan_check.dictionary import Condition
from plan_check.dictionary import Metric as Metric  # the data dictionary
from plan_check.i18n import NEUTRAL_WORDS, Lang
from plan_check.models import Item, Model, Prose, Title
from plan_check.policy import Alerts, Ranking
from plan_check.rules import Rule
from plan_check.rules.base import CITY_ROW_NAMES, parse_target
from plan_check.rules.grammar import PLUS, split_columns
from plan_check.rules.units import expand_groups, money_targets, per_head_units

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
    items: list[Item] = Field(min_length=1)


DEFAULT_TARGETS = "targets.yaml"
PACKAGED = f"<plan_check>/{DEFAULT_TARGETS}"


WhyCode = Literal["qualitative", "low_value", "no_figure"]
WHY_CODES: tuple[str, ...] = ("qualitative", "low_value", "no_figure")


class Reason(Model):
    """Why a commitment is not checked, in the bureau's words; English is optional."""

    zh: Prose = Field(min_length=2)
    en: Prose | None = Field(None, min_length=2)

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh


_WHY_FORMS = (
    "write qualitative, low_value or no_figure, or the reason in words "
    "(Chinese text, or {zh: …, en: …})"
)


class NotChecked(Model):
    """A commitment of the plan that no rule checks, with the reason: the coverage list."""

    item: Item
    quote: Prose = Field(min_length=2, description="the plan's own words")
    why: WhyCode | Reason | Prose = Field(
        description="qualitative: nothing to count; low_value: a yes/no a bureau rarely "
        "tracks; no_figure: no figure or date for the plan's year; or the reason in words "
        "(Chinese text, or {zh: …, en: …} with English optional)"
    )

    @field_validator("why", mode="wrap")
    @classmethod
    def _one_reason(cls, value: object, handler: ValidatorFunctionWrapHandler) -> object:
        """A code, or a reason in words (never a mistyped code: low-value, qualitativ);
        one message whatever went wrong, not one per form the field may take."""
        if (
            isinstance(value, str)
            and value not in WHY_CODES
            and (re.fullmatch(r"[A-Za-z_ -]*", value) or len(value.strip()) < 2)
        ):
            raise PydanticCustomError("why_form", _WHY_FORMS)
        try:
            return handler(value)
        except ValidationError:
            raise PydanticCustomError("why_form", _WHY_FORMS) from None

    def code(self) -> str | None:
        """The reason's code, or None for a reason in words."""
        return self.why if isinstance(self.why, str) and self.why in WHY_CODES else None

    def reason(self) -> Reason:
        """The reason in words: a code's sentence is the caller's to word."""
        return self.why if isinstance(self.why, Reason) else Reason(zh=str(self.why))


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
    period_start: date = Field(
        description="the first day of the plan's period (2024-01-01): 序时进度 counts from it"
    )
    deadline: date | None = Field(
        None,
        description="the deadline of every goal that names none; default: the end of "
        "period_start's year (the day before period_start a year on, 2024-12-31)",
    )
    metrics: list[Metric] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    rules: list[Rule] = Field(min_length=1)
    units: list[str] | None = Field(None, description="the units that must report")
    city_units: list[str] = Field(
        default_factory=lambda: list(CITY_ROW_NAMES),
        min_length=1,
        description="names of the city's own row (市直, 县直, 市本级…); every other unit is a "
        "county; the first is the name every report and form uses",
    )
    city_owner: Title | None = Field(
        None,
        description="whose own acts the city's row answers for (市教育局本级); default: 本级",
    )
    unit_word: Title | None = Field(
        None,
        description="what the plan calls its units other than the city row, for the "
        "counties scope: {zh: 乡镇, en: townships}; default: 单位 (units)",
    )
    whole: Title | None = Field(
        None,
        description="the plan's whole, as its totals are named: {zh: 全市, en: city} (全县, "
        "全区 for a county's or a district's plan); default: 全部单位 (overall)",
    )
    unit_header: Prose = Field(
        "单位",
        description="the unit column's header on the form (区县, 乡镇, 单位…): one the reader "
        "takes for the unit column",
    )
    not_checked: list[NotChecked] = Field(
        # not ``list``: pydantic reads a factory's signature, and a builtin's costs every
        # start-up the tokenizer's patterns (about 6 ms)
        default_factory=lambda: [],
        description="the plan's commitments no rule checks, and why",
    )
    quotas: dict[str, dict[str, Quantity]] | None = Field(
        None, description="per-unit shares of city targets: {rule id: {unit: quota}}"
    )

    groups: dict[str, list[str]] = Field(
        default_factory=dict,
        description="named groups of units for per-unit targets (unit_targets): "
        "{市区: [镜湖区, 鸠江区, 弋江区]}",
    )

    alerts: Alerts = Field(default_factory=Alerts, description="三色预警 thresholds")
    ranking: Ranking = Field(default_factory=Ranking, description="how units are ranked (排名)")
    report: Bulletin = Field(
        default_factory=Bulletin, description="the 通报: issuing body, title, issue number"
    )

    _source: str = PrivateAttr(PACKAGED)

    @model_validator(mode="before")
    @classmethod
    def _money(cls, data: object) -> object:
        """A target in money (投入 2.78亿元) in its column's unit (万元: 27800)."""
        return money_targets(data)

    @model_validator(mode="after")
    def _groups(self) -> Plan:
        """Per-unit targets named by group are every unit of the group's; a figure per
        head reads its numerator in the declared unit."""
        units = {m.id: m.unit for m in self.metrics}
        rules = [per_head_units(expand_groups(r, self.groups), units) for r in self.rules]
        object.__setattr__(self, "rules", rules)
        return self

    @model_validator(mode="after")
    def _year_end_deadlines(self) -> Plan:
        """A goal without its own deadline is due on the plan's ``deadline``, else at the
        end of the plan's year (the day before ``period_start`` a year on), never on a
        fixed date of some other year."""
        end = self.deadline or year_end(self.period_start)
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

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """The columns read as the rows meeting a condition (count_rows with where)."""
        found = {}
        for rule in self.rules:
            for source, op, value in rule.conditions:
                condition = Condition.of(self._metrics[source], op, value)
                found[condition.id] = condition
        return tuple(found.values())

    def metric(self, metric_id: str) -> Metric:
        """A column of the data dictionary; columns added up as one figure ("a + b") read
        as one column named by their headers, in the first one's unit."""
        if PLUS not in metric_id:
            return self._metrics[metric_id]
        parts = [self._metrics[c] for c in split_columns(metric_id)]
        joined = {
            "header": "+".join(p.header for p in parts),
            "name_en": " + ".join(p.name_en for p in parts),
        }
        return parts[0].model_copy(update={"id": metric_id, **joined, "note": None})

    @property
    def _metrics(self) -> dict[str, Metric]:
        return {m.id: m for m in self.metrics}

    def words(self) -> dict[Lang, dict[str, str]]:
        """The plan's words that messages name: its city row, whose acts that row answers
        for, what it calls its other units, two of them for the worked examples, the unit
        column's header; neutral words where the targets file says nothing."""
        city = self.city_units[0]
        counties = [u for u in self.units or [] if u not in self.city_units]
        words: dict[Lang, dict[str, str]] = {}
        for lang in ("zh", "en"):
            neutral = NEUTRAL_WORDS[lang]
            shown = dict(neutral, city=city, unit_header=self.unit_header)
            if self.city_owner is not None:
                shown["owner"] = self.city_owner.pick(lang)
            if self.unit_word is not None:
                shown["unit_word"] = self.unit_word.pick(lang)
            if self.whole is not None:
                shown["whole"] = self.whole.pick(lang)
            if len(counties) >= 2:
                shown["unit_a"], shown["unit_b"] = counties[0], counties[1]
            words[lang] = shown
        return words

    def item_order(self, item: int | str) -> int:
        """Where an item comes in the plan: its place in the sections, in their order."""
        items = [i for section in self.sections for i in section.items]
        return items.index(item) if item in items else len(items)

    def section_of(self, item: int | str) -> Section:
        for section in self.sections:
            if item in section.items:
                return section
        raise KeyError(item)


def year_end(start: date) -> date:
    """The last day of a year that begins on ``start``: 2024-12-31 for 2024-01-01."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


def json_schema() -> str:
    """The JSON Schema of a targets file, generated from the models (editors use it)."""
    import json

    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Plan.model_json_schema(),
        "title": "plan-check targets file",
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
