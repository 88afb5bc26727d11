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

from pydantic import Field

from plan_check.i18n import Lang, t
from plan_check.numbers import number, percent
from plan_check.rules.base import Measurement, RuleBase, UnitMeasure
from plan_check.rules.grammar import Columns
from plan_check.rules.measure import units_reason
from plan_check.rules.shown import FractionShown, Metrics

if TYPE_CHECKING:
    from plan_check.figures import Figures, UnitState
    from plan_check.report import UnitResult


class RatioRule(FractionShown, RuleBase):
    kind: Literal["ratio"]
    numerator: Columns
    denominator: Columns
    gross: bool = Field(
        False,
        description="a gross ratio (毛入园率, 毛入学率): numerator and denominator each summed "
        "over every unit that reports it, so children enrolled where there is no age "
        'population of its own (市直, "/") still count; otherwise a unit with a '
        "numerator and no denominator makes the goal incomplete, named",
    )

    metric_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        "numerator": ("int", "float"),
        "denominator": ("int", "float"),
    }
    is_rate: ClassVar[bool] = True

    def explain_computation(self, lang: Lang, labels: list[str], goal: str) -> list[str]:
        note = t("ex_ratio_gross" if self.gross else "ex_ratio_note", lang)
        return [f"Σ {labels[0]}", f"/ Σ {labels[1]}", goal, note]

    def explain_cells(self, lang: Lang) -> list[str]:
        if self.gross:
            return [t("ex_blank", lang), t("ex_ratio_gross_na", lang)]
        sides = [t("ex_ratio_left_out", lang), t("ex_ratio_one_sided", lang)]
        return [*super().explain_cells(lang), t("ex_zero_den", lang), *sides]

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
        if u.numerator is None and u.denominator is None:
            return shown
        if u.numerator is None or u.denominator is None:  # one side only: "/" on the other
            sides = (number(v) if v is not None else "/" for v in (u.numerator, u.denominator))
            return " / ".join(sides)
        return f"{number(u.numerator)} / {number(u.denominator)} = {shown}"

    def measure(self, figures: Figures) -> Measurement:
        num, den = figures[self.numerator], figures[self.denominator]
        units = []
        total_num = total_den = Fraction(0)
        blocking: list[str] = []  # a numerator with no denominator to be a share of
        one_sided: list[str] = []  # the same, with their figures
        left_out: list[str] = []  # "/" in the numerator beside a denominator
        for unit, n, d in zip(figures.units, num.units, den.units, strict=True):
            nv = n.value if n.state == "value" else None
            dv = d.value if d.state == "value" else None
            if n.state == "missing" or d.state == "missing":
                units.append(UnitMeasure(unit, "missing", None, n.value, d.value))
            elif self.gross:  # each side summed over every unit that reports it
                total_num += nv or 0
                total_den += dv or 0
                state: UnitState = "n/a" if nv is None and dv is None else "value"
                rate = nv / dv if nv is not None and dv else None
                units.append(UnitMeasure(unit, state, rate, nv, dv))
            elif not dv:
                if nv:
                    blocking.append(unit)
                    one_sided.append(f"{unit}({number(nv)} / {'0' if dv == 0 else '/'})")
                    units.append(UnitMeasure(unit, "missing", None, nv, dv))
                else:
                    units.append(UnitMeasure(unit, "n/a", None, nv, dv))
            elif nv is None:
                left_out.append(f"{unit}(/ / {number(dv)})")
                units.append(UnitMeasure(unit, "n/a", None, None, dv))
            else:
                total_num += nv
                total_den += dv
                units.append(UnitMeasure(unit, "value", nv / dv, nv, dv))
        city = total_num / total_den if total_den else None
        present = num.present and den.present
        notes = []
        if one_sided:
            notes.append(units_reason("one_sided", one_sided))
        if left_out:
            notes.append(units_reason("left_out", left_out))
        return Measurement(
            city, tuple(units), present, total_num, total_den, tuple(blocking), tuple(notes)
        )
