"""``count_yes``: how many units answer yes, e.g. new provincial pilot counties ≥ 1.

Met as soon as enough units say yes. Otherwise missed when anyone in the goal's scope
answered; blank cells of the other units do not make it incomplete. Nobody in scope
answering is not "no": with no county answering (the 市直 row does not count for a
counties goal) the goal is incomplete, and says so.

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

from plan_check.i18n import Lang, list_sep, safe, t
from plan_check.rules.base import OPS, Context, Measurement, RuleBase, UnitMeasure
from plan_check.rules.shown import Metrics

if TYPE_CHECKING:
    from plan_check.figures import Figures
    from plan_check.report import RuleResult, Status


class CountYesRule(RuleBase):
    kind: Literal["count_yes"]
    metric: str

    metric_fields: ClassVar[dict[str, tuple[str, ...]]] = {"metric": ("bool",)}
    yes_no: ClassVar[bool] = True
    # the scopes it judges (lint refuses the others): a count of yes answers is the
    # city's, the counties' or the city row's, never a test of every unit
    scopes: ClassVar[tuple[str, ...]] = ("city", "city_row", "counties")

    def show(
        self, value: Fraction | bool | None, lang: Lang, metric: Metrics, against: Fraction | None
    ) -> str:
        """2 个县 (units answering yes); a unit's own answer is 是 or 否."""
        if value is None:
            return t("not_answered", lang)
        if isinstance(value, bool):
            return t("yes" if value else "no", lang)
        word = "counties_yes" if self.scope == "counties" else "units_yes"
        return t(word + ("_one" if value == 1 else ""), lang, count=int(value))

    def explain_computation(self, lang: Lang, labels: list[str], goal: str) -> list[str]:
        code = {"city_row": "ex_milestone_city_row", "counties": "ex_count_yes_counties"}
        return [t(code.get(self.scope, "ex_count_yes"), lang, metric=labels[0], goal=goal)]

    def explain_cells(self, lang: Lang) -> list[str]:
        city_row = self.scope == "city_row"
        return [t("ex_bool_cells_city_row" if city_row else "ex_bool_cells", lang)]

    def explain_example(self, lang: Lang) -> list[str]:
        code = {"city_row": "ex_example_city_row", "counties": "ex_example_counties"}
        return [t(code.get(self.scope, "ex_example_yes"), lang)]

    def working(self, result: RuleResult, lang: Lang, metric: Metrics) -> str:
        yes = [safe(u.unit) for u in result.units if u.state == "value" and u.actual]
        return f"{t('working_yes', lang)}: {list_sep(lang).join(yes) or '—'}"

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
        from plan_check.report import Reason

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
        if not m.city and not any(u.state == "value" for u in m.units):
            counties = self.scope == "counties"
            city_said = counties and ctx.figures[self.metric].present
            code = "reason_no_county_answered" if counties else "reason_no_unit_answered"
            reason = Reason(code + ("_city_not_counted" if city_said else ""))
            result = self._result(m, "incomplete", self._shown_target(target), [reason])
            return replace(result, actual=None)
        status: Status = "pass" if OPS[self.op](m.city, target) else "fail"
        no_yes = "reason_no_county_yes" if self.scope == "counties" else "reason_no_yes"
        reasons = [] if status == "pass" or m.city else [Reason(no_yes)]
        return self._result(m, status, self._shown_target(target), reasons, self._actual(m))

    def _shown_target(self, target: Fraction | None) -> Fraction | bool | None:
        return target

    def _actual(self, m: Measurement) -> Fraction | bool | None:
        return m.city
