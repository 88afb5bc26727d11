"""The floor of `plan-check rules`: its four libraries in use, and nothing of plan-check.

    python bench/startup_floor.py rules -t targets.yaml

What any `rules` built on typer, pydantic, PyYAML and Rich does, done the plainest way:
a typer app parses the same options, PyYAML's C loader reads the targets file, one
pydantic model validates its goals, and Rich prints them as a table of the same seven
columns. bench/startup.py times it beside the command.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False)


class Format(StrEnum):
    table = "table"
    json = "json"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


@app.callback()
def root() -> None:
    """The group, as plan-check's."""


@app.command()
def rules(
    targets: Annotated[Path, typer.Option("--targets", "-t")],
    lang: Annotated[Lang, typer.Option("--lang")] = Lang.zh,
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    coverage: Annotated[bool, typer.Option("--coverage")] = False,
) -> None:
    import yaml
    from pydantic import BaseModel, ConfigDict
    from rich.console import Console
    from rich.table import Table

    class Goal(BaseModel):
        model_config = ConfigDict(extra="allow", frozen=True)
        id: str
        kind: str
        item: int | str

    class Plan(BaseModel):
        model_config = ConfigDict(extra="allow", frozen=True)
        rules: list[Goal]

    data = yaml.load(targets.read_text("utf-8"), Loader=yaml.CSafeLoader)
    plan = Plan.model_validate(data)
    table = Table()
    for name in ("id", "item", "goal", "target", "scope", "paced", "deadline"):
        table.add_column(name)
    for goal in plan.rules:
        extra = goal.model_extra or {}
        title = extra.get("title", {})
        words = title.get("zh", "") if isinstance(title, dict) else str(title)
        scope = str(extra.get("scope", "city"))
        table.add_row(goal.id, str(goal.item), words, str(extra.get("target")), scope, "", "")
    Console(highlight=False).print(table)


if __name__ == "__main__":
    app()
