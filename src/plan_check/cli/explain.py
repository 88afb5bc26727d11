"""plan-check explain: how one goal is computed, with a worked example."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from plan_check.cli.common import (
    LangArg,
    LangOption,
    TargetsOption,
    _guard,
    _lang,
)


def explain(
    rule_id: Annotated[
        str, typer.Argument(help="目标编号,如 guopei / a goal's id", show_default=False)
    ],
    targets: TargetsOption = None,
    lang: LangArg = LangOption.zh,
) -> None:
    """解释一项目标的含义和算法 / explain how a goal is computed.

    例 / example: plan-check explain consolidation-rate
    """
    language = _lang(lang)

    def run() -> None:
        from plan_check.explain import explain as explain_rule
        from plan_check.explain import find_rule
        from plan_check.targets import load_plan

        plan = load_plan(targets)
        sys.stdout.write(explain_rule(plan, find_rule(plan, rule_id), language))

    _guard(run, language, False, reads_data=False)
