"""plan-check rules: the goals of the targets file, and the coverage of the plan."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from plan_check.cli.common import (
    LangArg,
    LangOption,
    TargetsOption,
    _guard,
    _lang,
)


class ListFormat(StrEnum):
    table = "table"
    json = "json"


def rules(
    targets: TargetsOption = None,
    lang: LangArg = LangOption.zh,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="输出格式 / output format")
    ] = ListFormat.table,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help="逐条列出工作要点的每项承诺及核查它的目标,或不核查的原因 / every commitment "
            "of the plan, item by item, with the goal that checks it or why none does",
        ),
    ] = False,
) -> None:
    """列出全部目标 / list the goals.

    例 / example: plan-check rules --lang en; plan-check rules --coverage
    """
    language = _lang(lang)

    def run() -> None:
        from plan_check.render import rules as rules_render
        from plan_check.targets import load_plan

        plan = load_plan(targets)
        if coverage:
            render = rules_render.render_coverage_json
            if output_format is not ListFormat.json:
                render = rules_render.render_coverage
            sys.stdout.write(render(plan, language))
        elif output_format is ListFormat.json:
            sys.stdout.write(rules_render.render_json(plan, language))
        else:
            from rich.console import Console

            console = Console(highlight=False)
            console.print(rules_render.render_table(plan, language, console.width))

    _guard(run, language, False, reads_data=False)
