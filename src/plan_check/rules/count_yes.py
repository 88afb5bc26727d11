"""``count_yes``: how many units answer yes, e.g. new provincial pilot counties ≥ 1.

Met as soon as enough units say yes. Otherwise missed when anyone answered; blank cells
of the other units do not make it incomplete, only a column absent or blank everywhere.

    - id: qiangshi-pilot
      kind: count_yes
      metric: qiangshi_new_pilot
      op: ">="
      target: 1

Passes when 青山县 answers 是 and every other unit leaves the cell blank.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

from plan_check.report import Reason, RuleResult, Status
from plan_check.rules.base import OPS, Context, Measurement, RuleBase, UnitMeasure

if TYPE_CHECKING:
    from plan_check.figures import Figures


class CountYesRule(RuleBase):
    kind: Literal["count_yes"]
    metric: str

    metric_fields: ClassVar[dict[str, tuple[str, ...]]] = {"metric": ("bool",)}
    yes_no: ClassVar[bool] = True

    def measure(self, figures: Figures) -> Measurement:
        f = figures[self.metric]
        units = []
        for unit, fig in zip(figures.units, f.units, strict=True):
            # a unit with several rows (schools) says yes when any of them does
            said_yes = fig.value is not None and fig.value > 0
            units.append(UnitMeasure(unit, fig.state, Fraction(int(said_yes))))
        count = Fraction(sum(1 for u in units if u.actual))
        return Measurement(count, tuple(units), f.present)

    def _evaluate_final(self, ctx: Context) -> RuleResult:
        m = self.scoped(ctx.figures, ctx)
        target = self.target_value
        if not m.present:
            reason = Reason("reason_column_absent", {"columns": list(self.inputs)})
            result = self._result(m, "incomplete", self._shown_target(target), [reason])
            return replace(result, actual=None)  # nobody answered: 未填报, never 否
        if self.scope == "city_row":
            result = self._judge_city_row(m, target, ctx)
            return replace(result, target=self._shown_target(target))
        assert m.city is not None and target is not None
        status: Status = "pass" if OPS[self.op](m.city, target) else "fail"
        reasons = [] if status == "pass" or m.city else [Reason("reason_no_yes")]
        return self._result(m, status, self._shown_target(target), reasons, self._actual(m))

    def _shown_target(self, target: Fraction | None) -> Fraction | bool | None:
        return target

    def _actual(self, m: Measurement) -> Fraction | bool | None:
        return m.city
