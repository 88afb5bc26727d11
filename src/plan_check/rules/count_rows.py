"""``count_rows``: how many rows (schools, classes) answer yes in a column, e.g. the schools
meeting a standard, counted from a school-level file.

Each row is one school answering 是/否; a unit's figure is the number of its rows
answering 是, and the city's the sum over the units. A row left blank is not reported
(the unit is incomplete), "/" is a row the standard does not apply to.

    - id: standard-schools
      kind: count_rows
      metric: meets_standard         # 是/否, one row per school
      unit: 所
      op: ">="
      target: 10

With 青山县's schools 是, 是, 否 and 白水县's 是, / the count is 2 + 1 = 3.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

from plan_check.i18n import Lang, t
from plan_check.models import Prose
from plan_check.numbers import number, places_apart
from plan_check.rules.base import Measurement, RuleBase, UnitMeasure
from plan_check.rules.shown import Metrics

if TYPE_CHECKING:
    from plan_check.figures import Figures


class CountRowsRule(RuleBase):
    kind: Literal["count_rows"]
    metric: str
    unit: Prose = Field("个", description="what a row is, after the count: 所 (schools), 个")

    metric_fields: ClassVar[dict[str, tuple[str, ...]]] = {"metric": ("bool",)}
    additive: ClassVar[bool] = True

    def show(
        self, value: Fraction | bool | None, lang: Lang, metric: Metrics, against: Fraction | None
    ) -> str:
        """12所: the rows answering yes, in the rule's own word for a row."""
        if value is None or isinstance(value, bool):
            return super().show(value, lang, metric, against)
        text = number(value, places_apart(value, against, number))
        return f"{text} {self.unit}" if lang == "en" else f"{text}{self.unit}"

    def explain_computation(self, lang: Lang, labels: list[str], goal: str) -> list[str]:
        return [t("ex_count_rows", lang, metric=labels[0], goal=goal)]

    def explain_example(self, lang: Lang) -> list[str]:
        return [t("ex_count_rows_example", lang)]

    def measure(self, figures: Figures) -> Measurement:
        f = figures[self.metric]  # a yes/no column sums to the rows answering yes
        units = tuple(
            UnitMeasure(unit, fig.state, fig.value if fig.state == "value" else None)
            for unit, fig in zip(figures.units, f.units, strict=True)
        )
        values = [u.actual for u in units if u.actual is not None]
        return Measurement(sum(values, Fraction(0)) if values else None, units, f.present)
