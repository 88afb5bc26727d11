"""``per_capita``: a figure per head (生均公用经费), Σ numerator / Σ denominator in a declared
unit such as 元/人, where a rate's numerator and denominator would have to share a unit.

    - id: public-funds-per-student
      kind: per_capita
      numerator: public_funds        # 万元
      denominator: students          # 人
      unit: 元/人
      op: ">="
      target: 720

With 甲县 90 万元 over 1,000 students and 乙县 54 万元 over 1,000 the city figure is
(90 + 54) 万元 / 2,000 人 = 0.072 万元 = 720 元/人: met. The numerator is converted
exactly from its column's money unit (元, 万元, 亿元) to the declared one.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field, PrivateAttr

from plan_check.i18n import Lang, t
from plan_check.models import Prose
from plan_check.numbers import number, places_apart
from plan_check.rules.base import Measurement, UnitMeasure
from plan_check.rules.ratio import RatioRule
from plan_check.rules.shown import Metrics

if TYPE_CHECKING:
    from plan_check.figures import Figures


def _scaled(value: Fraction | None, scale: Fraction) -> Fraction | None:
    return None if value is None else value * scale


class PerCapitaRule(RatioRule):
    kind: Literal["per_capita"]  # type: ignore[assignment]
    unit: Prose = Field(
        min_length=1,
        description="the unit of the figure, money or count over the denominator's unit: "
        "元/人 (生均公用经费), 平方米/人; a numerator in 万元 is converted to 元",
    )

    is_rate: ClassVar[bool] = False
    _scale: Fraction = PrivateAttr(Fraction(1))  # the numerator's column unit → unit

    def scaled_by(self, scale: Fraction) -> PerCapitaRule:
        """The rule with its numerator converted by ``scale`` (万元 → 元: 10,000)."""
        copy = self.model_copy()
        copy._scale = scale
        return copy

    def show(
        self, value: Fraction | bool | None, lang: Lang, metric: Metrics, against: Fraction | None
    ) -> str:
        """720元/人: the declared unit, not the numerator column's."""
        if value is None or isinstance(value, bool):
            return super().show(value, lang, metric, against)
        text = number(value, places_apart(value, against, number))
        return f"{text} {self.unit}" if lang == "en" else f"{text}{self.unit}"

    def explain_computation(self, lang: Lang, labels: list[str], goal: str) -> list[str]:
        return [
            f"Σ {labels[0]}",
            f"/ Σ {labels[1]}",
            goal,
            t("ex_per_capita", lang, unit=self.unit),
        ]

    def explain_example(self, lang: Lang) -> list[str]:
        return []

    def measure(self, figures: Figures) -> Measurement:
        m = super().measure(figures)
        s = self._scale
        units = tuple(
            UnitMeasure(
                u.unit, u.state, _scaled(u.actual, s), _scaled(u.numerator, s), u.denominator
            )
            for u in m.units
        )
        return replace(m, city=_scaled(m.city, s), units=units, numerator=_scaled(m.numerator, s))
