"""``ratio``: a rate as Σ numerator / Σ denominator, never the mean of unit rates.

A unit whose denominator is 0 or not applicable is left out (n/a), never divided by
zero and never failed. With ``scope: each_unit`` every unit's own rate must meet it.

    - id: graduate-placement
      kind: ratio
      numerator: graduates_2023_placed
      denominator: graduates_2023
      op: ">="
      target: 80%

Passes with 青山县 850/1000 and 白水县 5/10: (850 + 5) / (1000 + 10) = 84.65%, although
the mean of the unit rates, (85% + 50%) / 2 = 67.5%, would miss it.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

from plan_check.i18n import Lang, t
from plan_check.numbers import number, percent
from plan_check.rules.base import Measurement, RuleBase, UnitMeasure
from plan_check.rules.shown import FractionShown, Metrics

if TYPE_CHECKING:
    from plan_check.figures import Figures
    from plan_check.report import UnitResult


class RatioRule(FractionShown, RuleBase):
    kind: Literal["ratio"]
    numerator: str
    denominator: str

    metric_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        "numerator": ("int", "float"),
        "denominator": ("int", "float"),
    }
    is_rate: ClassVar[bool] = True

    def explain_computation(self, lang: Lang, labels: list[str], goal: str) -> list[str]:
        return [f"Σ {labels[0]}", f"/ Σ {labels[1]}", goal, t("ex_ratio_note", lang)]

    def explain_cells(self, lang: Lang) -> list[str]:
        return [*super().explain_cells(lang), t("ex_zero_den", lang)]

    def explain_example(self, lang: Lang) -> list[str]:
        if self.target == "baseline":
            return [t("ex_baseline_example", lang)]
        target = Fraction(self.target)
        if self.scope == "each_unit":
            full, of_full, of_short = Fraction(40), Fraction(40), Fraction(10)
            short = Fraction(math.ceil(target * of_short)) - 1  # one short of the target
            return [
                t(
                    "ex_ratio_each_unit",
                    lang,
                    a=number(full),
                    ad=number(of_full),
                    ra=percent(full / of_full),
                    b=number(short),
                    bd=number(of_short),
                    rb=percent(short / of_short),
                )
            ]
        a_den, b_den = Fraction(1000), Fraction(10)
        a_num = min(a_den, Fraction(math.ceil(target * a_den)) + (0 if self.op == "==" else 5))
        b_num = min(b_den, Fraction(math.floor(target * b_den)))
        if self.op == "==":
            b_num = b_den - 1 if b_den * target >= 1 else b_num
        rate = (a_num + b_num) / (a_den + b_den)
        an, ad, bn, bd = (number(v) for v in (a_num, a_den, b_num, b_den))
        return [
            t("ex_ratio_units", lang, a=an, ad=ad, b=bn, bd=bd),
            f"({an} + {bn}) / ({ad} + {bd}) = {percent(rate)} → {self.verdict(rate, target, lang)}",
        ]

    def unit_shown(
        self, u: UnitResult, lang: Lang, metric: Metrics, against: Fraction | None
    ) -> str:
        """1,950 / 3,100 = 62.90%: the unit's own fraction."""
        shown = self.show(u.actual, lang, metric, against)
        if u.numerator is None or u.denominator is None:
            return shown
        return f"{number(u.numerator)} / {number(u.denominator)} = {shown}"

    def measure(self, figures: Figures) -> Measurement:
        num, den = figures[self.numerator], figures[self.denominator]
        units = []
        total_num = total_den = Fraction(0)
        for unit, n, d in zip(figures.units, num.units, den.units, strict=True):
            if d.state == "n/a" or (d.state == "value" and d.value == 0):
                units.append(UnitMeasure(unit, "n/a", None, n.value, d.value))
            elif n.state != "value" or d.state != "value":
                # blank either side, or a numerator "not applicable" beside a real denominator
                units.append(UnitMeasure(unit, "missing", None, n.value, d.value))
            else:
                assert n.value is not None and d.value is not None
                total_num += n.value
                total_den += d.value
                units.append(UnitMeasure(unit, "value", n.value / d.value, n.value, d.value))
        city = total_num / total_den if total_den else None
        present = num.present and den.present
        return Measurement(city, tuple(units), present, total_num, total_den)
