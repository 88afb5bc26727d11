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

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import BeforeValidator, Field

from plan_check.i18n import Lang, t
from plan_check.models import Model, Prose
from plan_check.numbers import OP_SYMBOL, exact, number, places_apart
from plan_check.rules.base import Measurement, RuleBase, UnitMeasure
from plan_check.rules.grammar import TypedOp, target_number
from plan_check.rules.shown import Metrics

if TYPE_CHECKING:
    from plan_check.figures import Figures
    from plan_check.report import RuleResult


class Where(Model):
    """A condition on a row's figure: op and value (4.5, 85%)."""

    op: TypedOp = ">="
    value: Annotated[Decimal, BeforeValidator(lambda v: target_number(str(v)))]


class CountRowsRule(RuleBase):
    kind: Literal["count_rows"]
    metric: str
    unit: Prose = Field("个", description="what a row is, after the count: 所 (schools), 个")
    where: Where | None = Field(
        None,
        description="the condition a row's figure meets to be counted, on a number column: "
        '{op: ">=", value: 4.5} (生均面积 ≥ 4.5 的学校); without it, a yes/no column\'s 是 rows',
    )

    metric_fields: ClassVar[dict[str, tuple[str, ...]]] = {"metric": ("bool", "int", "float")}

    @property
    def conditions(self) -> tuple[tuple[str, str, Decimal], ...]:
        return () if self.where is None else ((self.metric, self.where.op, self.where.value),)

    @property
    def counted(self) -> str:
        """The column counted: the condition's, or the yes/no column itself."""
        if self.where is None:
            return self.metric
        return f"{self.metric}{self.where.op}{self.where.value}"

    additive: ClassVar[bool] = True

    def show(
        self, value: Fraction | bool | None, lang: Lang, metric: Metrics, against: Fraction | None
    ) -> str:
        """12所: the rows answering yes, in the rule's own word for a row."""
        if value is None or isinstance(value, bool):
            return super().show(value, lang, metric, against)
        text = number(value, places_apart(value, against, number))
        return f"{text} {self.unit}" if lang == "en" else f"{text}{self.unit}"

    def rows_words(self, lang: Lang, label: str) -> str:
        """生均面积 ≥ 4.5 的行, or 达标 填“是”的行: what a counted row is."""
        if self.where is None:
            return t("grammar_rows_yes", lang, metric=label)
        cond = f"{OP_SYMBOL[self.where.op]} {number(Fraction(self.where.value))}"
        return t("grammar_rows_where", lang, metric=label, cond=cond)

    def explain_computation(self, lang: Lang, labels: list[str], goal: str) -> list[str]:
        return [t("ex_count_rows", lang, rows=self.rows_words(lang, labels[0]), goal=goal)]

    def working(self, result: RuleResult, lang: Lang, metric: Metrics) -> str:
        """Σ 生均面积 ≥ 4.5 的行 = 2 + 1 = 3所."""
        parts = " + ".join(exact(u.actual) for u in result.units if u.actual is not None)
        rows = self.rows_words(lang, metric(self.metric).label(lang))
        return f"Σ {rows} = {parts or '—'} = {self.show(result.actual, lang, metric, None)}"

    def explain_example(self, lang: Lang) -> list[str]:
        return [t("ex_count_rows_example", lang)]

    def measure(self, figures: Figures) -> Measurement:
        f = figures[self.counted]  # a yes/no column sums to the rows answering yes
        units = tuple(
            UnitMeasure(unit, fig.state, fig.value if fig.state == "value" else None)
            for unit, fig in zip(figures.units, f.units, strict=True)
        )
        values = [u.actual for u in units if u.actual is not None]
        return Measurement(sum(values, Fraction(0)) if values else None, units, f.present)
