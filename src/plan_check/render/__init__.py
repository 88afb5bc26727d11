"""Renderers: one module per output format, each a function of the Report.

``render(fmt, ...)`` imports only the module it needs, so the terminal path never loads
the HTML or JUnit code and the JSON path never loads Rich.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plan_check.plan import Plan
    from plan_check.render.options import RenderOptions
    from plan_check.report import Report

# --output FILE: the format follows the extension
EXTENSIONS = {
    ".json": "json",
    ".xml": "junit",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".txt": "table",
}
_MODULES = {
    "table": "terminal",
    "json": "json",
    "junit": "junit",
    "markdown": "markdown",
    "html": "html",
    "csv": "csv",
    "problems": "problems",  # --problems FILE.csv: every data problem, one per row
}


def render(fmt: str, report: Report, plan: Plan, options: RenderOptions) -> str:
    """The report in ``fmt`` as text (the terminal table at a fixed width, no colour)."""
    from plan_check.i18n import use_words

    use_words(plan.words())  # its messages in the words of the plan it reports on
    module = import_module(f"plan_check.render.{_MODULES[fmt]}")
    text: str = module.render_text(report, plan, options)
    return text
