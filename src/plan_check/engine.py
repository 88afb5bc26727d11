"""The pure core: (plan, records, options) in, a Report out. Never prints; never
imports typer or rich (a test keeps it so)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plan_check.figures import Figures
from plan_check.loader import Loaded, load
from plan_check.plan import Plan
from plan_check.report import Report


@dataclass(frozen=True)
class Options:
    encoding: str | None = None
    sheet: str | None = None  # a workbook's sheet; default: the first
    expected_units: tuple[str, ...] | None = None  # overrides the targets file's units:


def evaluate(plan: Plan, loaded: Loaded, baseline: Loaded | None = None) -> Report:
    figures = Figures(loaded.records)
    base = Figures(baseline.records) if baseline is not None else None
    results = tuple(rule.evaluate(figures, base) for rule in plan.rules)
    return Report(
        results=results,
        problems=tuple(loaded.problems),
        files=tuple(loaded.files),
        units=loaded.records.units,
        missing_units=tuple(loaded.missing_units),
    )


def check(plan: Plan, paths: list[Path], options: Options = Options()) -> Report:
    """Load the files and judge every rule of the plan."""
    expected = options.expected_units or (tuple(plan.units) if plan.units else None)
    loaded = load(
        paths,
        plan,
        encoding=options.encoding,
        sheet=options.sheet,
        expected_units=list(expected) if expected else None,
    )
    return evaluate(plan, loaded)
