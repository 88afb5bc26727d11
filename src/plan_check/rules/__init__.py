"""The rule kinds. The discriminated union on ``kind`` is the registry: a kind is a
module here and a member of ``Rule``; nothing is discovered by magic."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from plan_check.rules.base import RuleBase
from plan_check.rules.count_yes import CountYesRule
from plan_check.rules.milestone import MilestoneRule
from plan_check.rules.ratio import RatioRule
from plan_check.rules.sum import SumRule
from plan_check.rules.weighted_mean import WeightedMeanRule

KINDS: dict[str, type[RuleBase]] = {
    "sum": SumRule,
    "ratio": RatioRule,
    "weighted_mean": WeightedMeanRule,
    "count_yes": CountYesRule,
    "milestone": MilestoneRule,
}

Rule = Annotated[
    SumRule | RatioRule | WeightedMeanRule | CountYesRule | MilestoneRule,
    Field(discriminator="kind"),
]

__all__ = ["KINDS", "Rule", "RuleBase"]
