"""The rule kinds. The discriminated union on ``kind`` is the registry: a kind is a
module here and a member of ``Rule``; nothing is discovered by magic."""

from __future__ import annotations

from typing import Annotated, get_args

from pydantic import Field

from plan_check.rules.base import RuleBase
from plan_check.rules.count_rows import CountRowsRule
from plan_check.rules.count_yes import CountYesRule
from plan_check.rules.milestone import MilestoneRule
from plan_check.rules.per_capita import PerCapitaRule
from plan_check.rules.ratio import RatioRule
from plan_check.rules.sum import SumRule
from plan_check.rules.weighted_mean import WeightedMeanRule

# the one list of kinds; the registry below is read from it
Rule = Annotated[
    SumRule
    | RatioRule
    | WeightedMeanRule
    | CountYesRule
    | MilestoneRule
    | PerCapitaRule
    | CountRowsRule,
    Field(discriminator="kind"),
]

KINDS: dict[str, type[RuleBase]] = {
    get_args(cls.model_fields["kind"].annotation)[0]: cls for cls in get_args(get_args(Rule)[0])
}

__all__ = ["KINDS", "Rule", "RuleBase"]
