"""``milestone``: something the plan says will be done, done when a unit reports it done.

City-level milestones are answered on the 市直 row; the other units may leave the cell
blank. Actual and target are yes/no (JSON ``true``/``false``).

    - id: coal-alliance
      kind: milestone
      metric: coal_alliance_formed

Passes when 市直 answers 已完成 (or 是, √, Y…); fails when only 否 answers are given;
incomplete when the column is absent or blank in every row.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Literal

from plan_check.i18n import Lang, t
from plan_check.rules.base import Measurement
from plan_check.rules.count_yes import CountYesRule
from plan_check.rules.shown import Metrics


class MilestoneRule(CountYesRule):
    kind: Literal["milestone"]  # type: ignore[assignment]
    target: Decimal | Literal["baseline"] = Decimal(1)  # done by at least one unit

    def show(
        self, value: Fraction | bool | None, lang: Lang, metric: Metrics, against: Fraction | None
    ) -> str:
        """The city bureau's act: done (是) or not (否)."""
        if value is None:
            return t("not_answered", lang)
        return t("yes" if value else "no", lang)

    def show_target(
        self,
        lang: Lang,
        metric: Metrics,
        baseline: Fraction | None = None,
        against: Fraction | None = None,
    ) -> str:
        return t("yes", lang)

    def explain_computation(self, lang: Lang, labels: list[str], goal: str) -> list[str]:
        code = "ex_milestone_city_row" if self.scope == "city_row" else "ex_milestone"
        return [t(code, lang, metric=labels[0])]

    def _shown_target(self, target: Fraction | None) -> Fraction | bool | None:
        return True

    def _actual(self, m: Measurement) -> Fraction | bool | None:
        return m.city is not None and m.city > 0

    def _own(self, actual: Fraction | None) -> Fraction | bool | None:
        return None if actual is None else actual > 0
