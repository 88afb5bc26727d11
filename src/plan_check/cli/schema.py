"""plan-check schema: the JSON Schema of targets.yaml, or with --report of the JSON report."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def schema(
    report: Annotated[
        bool,
        typer.Option(
            "--report",
            help="输出 --format json 报告的 JSON Schema / the JSON Schema of the report "
            "--format json writes",
        ),
    ] = False,
) -> None:
    """输出 targets.yaml 的 JSON Schema / print the JSON Schema of targets.yaml.

    例 / example: plan-check schema > targets.schema.json;
    plan-check schema --report > report.schema.json
    """
    if report:
        from plan_check.report_schema import report_json_schema

        sys.stdout.write(report_json_schema())
        return
    from plan_check.plan import json_schema

    sys.stdout.write(json_schema())
