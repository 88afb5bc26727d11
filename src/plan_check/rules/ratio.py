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

from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

from plan_check.rules.base import Measurement, RuleBase, UnitMeasure

if TYPE_CHECKING:
    from plan_check.figures import Figures


class RatioRule(RuleBase):
    kind: Literal["ratio"]
    numerator: str
    denominator: str

    metric_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        "numerator": ("int", "float"),
        "denominator": ("int", "float"),
    }
    is_rate: ClassVar[bool] = True

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
