"""``weighted_mean``: Σ weight·value / Σ weight, e.g. years of schooling weighted by population.

Records whose weight is 0 or not applicable are left out. The plan only asks this figure
to rise, so the shipped rule compares it with last year's (``target: baseline``).

    - id: schooling-years
      kind: weighted_mean
      value: schooling_years_15_59
      weight: population_15_59
      op: ">"
      target: baseline

With 青山县 10.0 years over 300,000 people and 白水县 11.0 over 100,000 the city figure is
(10.0·300000 + 11.0·100000) / 400000 = 10.25, not the plain mean 10.5.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

from plan_check.i18n import Lang, t
from plan_check.rules.base import Measurement, RuleBase, UnitMeasure
from plan_check.rules.shown import FractionShown, Metrics

if TYPE_CHECKING:
    from plan_check.figures import Figures
    from plan_check.report import UnitResult


class WeightedMeanRule(FractionShown, RuleBase):
    kind: Literal["weighted_mean"]
    value: str
    weight: str

    metric_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        "value": ("int", "float"),
        "weight": ("int", "float"),
    }

    @property
    def products(self) -> tuple[tuple[str, str], ...]:
        return ((self.value, self.weight),)

    def numerator_words(self, lang: Lang, metric: Metrics) -> str:
        """人口·年限: the weights times the values."""
        fields = list(self.metric_fields)
        values, weights = (metric(getattr(self, f)).label(lang) for f in fields[:2])
        return f"{weights}·{values}"

    def explain_computation(self, lang: Lang, labels: list[str], goal: str) -> list[str]:
        return [f"Σ {labels[1]} × {labels[0]}", f"/ Σ {labels[1]}", goal]

    def explain_example(self, lang: Lang) -> list[str]:
        return [t("ex_weighted", lang)]

    def unit_shown(
        self, u: UnitResult, lang: Lang, metric: Metrics, against: Fraction | None
    ) -> str:
        return self.show(u.actual, lang, metric, None)  # a mean is not judged unit by unit

    def measure(self, figures: Figures) -> Measurement:
        wx, w = figures.product(self.value, self.weight)
        units = []
        sum_wx = sum_w = None
        for unit, a, b in zip(figures.units, wx.units, w.units, strict=True):
            if a.state == "value" and a.value is not None and b.value:
                units.append(UnitMeasure(unit, "value", a.value / b.value, a.value, b.value))
                sum_wx = a.value if sum_wx is None else sum_wx + a.value
                sum_w = b.value if sum_w is None else sum_w + b.value
            else:
                units.append(UnitMeasure(unit, "n/a" if a.state == "n/a" else a.state, None))
        city = sum_wx / sum_w if sum_wx is not None and sum_w else None
        return Measurement(city, tuple(units), wx.present, sum_wx, sum_w)
