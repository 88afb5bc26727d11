"""plan-check: check reported figures against a work plan's measurable goals.

``from plan_check import check, Options`` is the Python API (api.py); importing the
package stays light: the API, and the reader behind it, are imported when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plan_check.api import Options as Options
    from plan_check.api import check as check
    from plan_check.api import render as render
    from plan_check.codes import Code as Code
    from plan_check.errors import PlanCheckError as PlanCheckError
    from plan_check.report import Report as Report

__version__ = "0.1.0"
__all__ = ["Code", "Options", "PlanCheckError", "Report", "__version__", "check", "render"]

_LAZY = {
    "Options": "plan_check.api",
    "check": "plan_check.api",
    "render": "plan_check.api",
    "Code": "plan_check.codes",
    "PlanCheckError": "plan_check.errors",
    "Report": "plan_check.report",
}


def __getattr__(name: str) -> Any:
    """The API's names, imported on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'plan_check' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(_LAZY[name]), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
