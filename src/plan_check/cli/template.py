"""plan-check template: the form a county fills in."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from plan_check import refusals
from plan_check.cli.common import (
    TargetsOption,
    _guard,
    _write,
)


class TemplateFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def template(
    output_format: Annotated[
        TemplateFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv 或 xlsx,默认按 -o 的扩展名,否则 csv / csv or xlsx; default: "
            "the extension of -o, else csv",
        ),
    ] = None,
    units: Annotated[
        Path | None,
        typer.Option("--units", help="单位名单,每个单位一行 / units, one row each"),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="保存到文件 / write to FILE")
    ] = None,
    targets: TargetsOption = None,
) -> None:
    """生成空白填报表 / write a blank submission form.

    例 / example: plan-check template --format xlsx --units units.txt -o 填报表.xlsx
    """

    def run() -> None:
        from plan_check.targets import load_plan
        from plan_check.template import csv_template, xlsx_template
        from plan_check.units import read_units_file

        if output is not None:  # the form is never written over the roster or the goals
            from plan_check.input.files import refuse_outputs

            sources = [("--units", units), ("--targets", targets)]
            refuse_outputs([("-o", output)], [(o, p) for o, p in sources if p is not None])
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        wanted = TemplateFormat(suffix) if suffix in ("csv", "xlsx") else None
        if output_format is not None and wanted is not None and output_format is not wanted:
            raise refusals.template_format_mismatch(path=str(output), format=output_format)
        chosen = output_format or wanted or TemplateFormat.csv
        plan = load_plan(targets)
        names = read_units_file(units) if units is not None else list(plan.units or [])
        if chosen is TemplateFormat.xlsx:
            if output is None:
                raise refusals.template_needs_output()
            try:
                xlsx_template(plan, names, output)
            except OSError as exc:
                raise refusals.output_unwritable(path=str(output), reason=exc.strerror) from None
            return
        text = csv_template(plan, names)
        if output is None:
            sys.stdout.write(text)
        else:
            _write(output, text)

    _guard(run, "zh", False)
