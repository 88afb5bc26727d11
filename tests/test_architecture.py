"""The core stays pure: the engine imports neither typer nor rich; --help stays light."""

from __future__ import annotations

import subprocess
import sys


def modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_engine_imports_neither_typer_nor_rich() -> None:
    loaded = modules_after("import plan_check.engine, plan_check.render.json")
    assert not {m for m in loaded if m.split(".")[0] in ("typer", "rich", "click")}


def test_help_does_not_import_pandas() -> None:
    loaded = modules_after(
        "import sys\nfrom plan_check.cli import app\nsys.argv = ['plan-check', '--help']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    assert "pandas" not in loaded and "plan_check.cli" in loaded


def test_a_plain_county_file_is_checked_without_importing_pandas() -> None:
    """pandas costs about 0.7 s to import: only files the byte path cannot take need it."""
    from conftest import SAMPLES

    loaded = modules_after(
        "import sys\nfrom plan_check.cli import app\n"
        f"sys.argv = ['plan-check', 'validate', {str(SAMPLES / 'city-2023-mixed.csv')!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    assert "pandas" not in loaded and "plan_check.loader" in loaded
