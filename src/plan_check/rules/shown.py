"""How a rule's figures read, for every kind: the figure, the target, the working and a
unit's figure. A kind that reads differently (a yes/no answer, a rate's fraction)
overrides these in its own module; renderers ask the rule and never switch on its kind.

A rule names its metrics by id; the words of a metric (its label, its unit of measure)
come from the plan, handed in as ``metric`` (``plan.metric``), so the rules need not
import the plan that holds them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Protocol

from plan_check.i18n import Lang, t
from plan_check.numbers import (
    OP_SYMBOL,
    OPS,
    exact,
    number,
    percent,
    places_apart,
    target_decimals,
)

if TYPE_CHECKING:
    from plan_check.report import RuleResult, UnitResult
    from plan_check.rules.grammar import Change


class MetricWords(Protocol):
    """What a metric of the data dictionary says about itself."""

    def label(self, lang: Lang) -> str: ...

    def unit_label(self, lang: Lang, one: bool = False) -> str: ...


Metrics = Callable[[str], MetricWords]


class Shown:
    """The presentation every kind shares (mixed into RuleBase)."""

    if TYPE_CHECKING:  # the rule's own fields (declared here for the type checker only)
        is_rate: ClassVar[bool]
        yes_no: ClassVar[bool]
        op: str
        scope: str
        allow_na: bool
        target: Decimal | str
        upto: Decimal | None
        soft: bool
        change: Change | None
        unit_targets: dict[str, Decimal]
        metric_fields: ClassVar[dict[str, tuple[str, ...]]]

        @property
        def display_metric(self) -> str: ...

    def show(
        self, value: Fraction | bool | None, lang: Lang, metric: Metrics, against: Fraction | None
    ) -> str:
        """3,050 人, 96.62%, 是; a rate has enough decimals that its rounding never makes
        a missed target (``against``) look met: 79.996% is not shown as 80.00%."""
        if value is None:
            return "—"
        if isinstance(value, bool):
            return t("yes" if value else "no", lang)
        if self.is_rate:
            return percent(value, places_apart(value, against, percent))
        unit = metric(self.display_metric).unit_label(lang, one=value == 1)
        text = number(value, places_apart(value, against, number))
        return f"{text} {unit}" if unit and lang == "en" else f"{text}{unit}"

    def show_target(
        self,
        lang: Lang,
        metric: Metrics,
        baseline: Fraction | None = None,
        against: Fraction | None = None,
    ) -> str:
        """≥ 3,000人, ≥ 96.50% (the plan's own decimals), > 上年基数 10.12年, 2–4所,
        ≤ 上年基数 -0.5个百分点; a soft target says so (预期性)."""
        shown = self._target_words(lang, metric, baseline, against)
        if self.unit_targets:  # the others' target; the units with their own are counted
            shown = t("grammar_others", lang, target=shown, count=len(self.unit_targets))
        return t("grammar_soft_target", lang, target=shown) if self.soft else shown

    def _target_words(
        self, lang: Lang, metric: Metrics, baseline: Fraction | None, against: Fraction | None
    ) -> str:
        symbol = OP_SYMBOL[self.op]
        if self.target == "baseline":
            shown = f"{symbol} {t('baseline', lang)}{self.change_words(lang, metric)}"
            if baseline is None:
                return shown
            return f"{shown} {self.show(baseline, lang, metric, against)}"
        value = Fraction(self.target)
        if self.upto is not None:  # a range: 2–4所, 95%–98%
            if self.is_rate:
                ends = (Decimal(self.target), self.upto)
                low, high = (percent(Fraction(v), target_decimals(v)) for v in ends)
                return f"{low}–{high}"
            return f"{number(value)}–{self.show(Fraction(self.upto), lang, metric, None)}"
        if self.is_rate:
            return f"{symbol} {percent(value, target_decimals(self.target))}"
        return f"{symbol} {self.show(value, lang, metric, None)}"

    def change_words(self, lang: Lang, metric: Metrics) -> str:
        """The change against last year a goal asks: +2个百分点, -5%, +100人."""
        if self.change is None:
            return ""
        by = Fraction(self.change.by)
        sign = "+" if by >= 0 else "-"
        if self.change.per == "points":
            return " " + t("grammar_points", lang, sign=sign, by=number(abs(by)))
        if self.change.per == "percent":
            return f" {sign}{number(abs(by))}%"
        return f" {sign}{self.show(abs(by), lang, metric, None)}"

    def not_yet_code(self) -> str:
        """The status word for a goal with no pace not met before its deadline: 尚未达标,
        or 尚未完成 for an act answered yes or no."""
        return "status_not_yet" if self.yes_no else "status_not_yet_met"

    def working(self, result: RuleResult, lang: Lang, metric: Metrics) -> str:
        """How the city figure was computed, with every unit's contribution."""
        values = [u.actual for u in result.units if u.state == "value"]
        parts = " + ".join(exact(v) for v in values if isinstance(v, Fraction))
        name = metric(self.display_metric).label(lang)
        shown = self.show(result.actual, lang, metric, None)
        return f"Σ {name} = {parts or '—'} = {shown}"

    def unit_shown(
        self, u: UnitResult, lang: Lang, metric: Metrics, against: Fraction | None
    ) -> str:
        """A unit's own figure, without last year or its quota."""
        return self.show(u.actual, lang, metric, against)

    # --- `plan-check explain`: the computation, what a cell accepts, a worked example ---

    def explain_computation(self, lang: Lang, labels: list[str], goal: str) -> list[str]:
        if self.scope == "each_unit":
            return [t("ex_each_unit_of", lang, formula=f"{labels[0]} {goal}")]
        return [f"Σ {labels[0]} {goal}"]

    def explain_cells(self, lang: Lang) -> list[str]:
        return [t("ex_blank", lang), t("ex_na" if self.allow_na else "ex_na_not_excused", lang)]

    def explain_example(self, lang: Lang) -> list[str]:
        """Two invented units with figures chosen from the target, worked in Fractions."""
        if self.target == "baseline":
            return [t("ex_baseline_example", lang)]
        target = Fraction(self.target)
        if self.scope == "each_unit":
            return [t("ex_each_unit_sum", lang, target=number(target))]
        a = Fraction(math.ceil(target * Fraction(6, 10)))
        b = Fraction(math.ceil(target * Fraction(42, 100)))
        total = a + b
        return [
            t("ex_sum_units", lang, a=number(a), b=number(b)),
            f"{number(a)} + {number(b)} = {number(total)} → {self.verdict(total, target, lang)}",
            t("ex_sum_blank", lang, a=number(a)),
        ]

    def verdict(self, actual: Fraction, target: Fraction, lang: Lang) -> str:
        return t("status_pass" if OPS[self.op](actual, target) else "status_fail", lang)


class FractionShown(Shown):
    """A figure that is Σ numerator / Σ denominator (a rate, a weighted mean)."""

    def numerator_words(self, lang: Lang, metric: Metrics) -> str:
        return metric(getattr(self, next(iter(self.metric_fields)))).label(lang)

    def working(self, result: RuleResult, lang: Lang, metric: Metrics) -> str:
        fields = list(self.metric_fields)
        num = self.numerator_words(lang, metric)
        den = metric(getattr(self, fields[1])).label(lang)
        units = [u for u in result.units if u.state == "value"]
        parts_n = " + ".join(exact(u.numerator) for u in units if u.numerator is not None)
        parts_d = " + ".join(exact(u.denominator) for u in units if u.denominator is not None)
        total = (
            f"{exact(result.numerator)} / {exact(result.denominator)}"
            if result.numerator is not None and result.denominator is not None
            else "—"
        )
        shown = self.show(result.actual, lang, metric, None)
        return f"Σ {num} / Σ {den} = ({parts_n or '—'}) / ({parts_d or '—'}) = {total} = {shown}"
