"""``sum``: the total of a count or amount over the units.

City scope compares Σ metric with the target; each-unit scope compares every unit's own
figure (e.g. dropouts = 0 in every county). Units marked not applicable are left out.

    - id: guopei
      kind: sum
      metric: guopei_trained
      op: ">="
      target: 3000

Passes with 青山县 1800 + 白水县 1250 = 3050; fails with 1800 + 1150 = 2950; incomplete
when 白水县 leaves the cell blank.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from plan_check.rules.base import Measurement, RuleBase, UnitMeasure
from plan_check.rules.grammar import Columns

if TYPE_CHECKING:
    from plan_check.figures import Figures


class SumRule(RuleBase):
    kind: Literal["sum"]
    metric: Columns

    metric_fields: ClassVar[dict[str, tuple[str, ...]]] = {"metric": ("int", "float")}
    additive: ClassVar[bool] = True

    def measure(self, figures: Figures) -> Measurement:
        f = figures[self.metric]
        units = tuple(
            UnitMeasure(unit, fig.state, fig.value if fig.state == "value" else None)
            for unit, fig in zip(figures.units, f.units, strict=True)
        )
        values = [u.actual for u in units if u.actual is not None]
        return Measurement(sum(values) if values else None, units, f.present)  # type: ignore[arg-type]
