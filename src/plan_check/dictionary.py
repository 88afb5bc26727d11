"""The data dictionary: the columns a county submits, and what reading a submission needs
to know of the plan (its metrics, nothing of its rules)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from pydantic import Field

from plan_check.cells import MetricType
from plan_check.i18n import Lang
from plan_check.models import Item, Model, Prose, Title, inert


class Metric(Model):
    """A column of the county submission (the data dictionary)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    header: str = Field(min_length=1, description="the Chinese column header")
    name_en: Prose = Field("", description="the English name; default: the Chinese header")
    type: MetricType
    unit: Prose = ""
    unit_en: Prose = ""
    unit_en_one: Prose = Field(
        "", description="the English unit for exactly one (teacher); unit_en is the plural"
    )
    item: Item
    not_above: str | None = Field(None, description="a metric this one may not exceed")
    optional: bool = Field(False, description="a cross-check column no rule needs")
    ratio_of: tuple[str, str] | None = Field(
        None, description="for a rate column: the numerator and denominator it should equal"
    )
    note: Title | None = Field(
        None, description="what the column counts, where the header alone leaves it open"
    )

    def label(self, lang: Lang) -> str:
        """The column's name as shown (the header is kept as written: it is matched)."""
        return inert(self.header) if lang == "zh" or not self.name_en else self.name_en

    def unit_label(self, lang: Lang, one: bool = False) -> str:
        """The unit after a figure; English says "1 teacher", "2 teachers"."""
        if lang == "zh":
            return self.unit
        if one and self.unit_en_one:
            return self.unit_en_one
        return self.unit_en or self.unit


class Condition(Metric):
    """A column read as the rows whose figure meets a condition (a count of schools whose
    生均面积 ≥ 4.5): per unit, the rows meeting it; built by the plan, never written."""

    source: str
    op: str
    value: Decimal

    @classmethod
    def of(cls, source: Metric, op: str, value: Decimal) -> Condition:
        shown = f"{source.id}{op}{value}"
        fields: dict[str, object] = {"not_above": None, "ratio_of": None, "note": None}
        fields |= {"id": shown, "header": "\0" + shown, "type": "int", "optional": True}
        return cls.model_construct(
            **{**source.model_dump(), **fields}, source=source.id, op=op, value=value
        )  # the header is never a file's


class Dictionary(Protocol):
    """What the reader asks of the plan: its metrics, and the names of the city's own row
    (two of them are one row sent twice) (a Plan is one)."""

    @property
    def metrics(self) -> Sequence[Metric]: ...
    @property
    def products(self) -> Sequence[tuple[str, str]]: ...
    @property
    def conditions(self) -> Sequence[Metric]: ...
    @property
    def city_units(self) -> Sequence[str]: ...
