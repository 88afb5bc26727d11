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


def _run(argv: list[str]) -> set[str]:
    return modules_after(
        f"import sys\nfrom plan_check.cli import app\nsys.argv = {['plan-check', *argv]!r}\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )


def test_a_county_file_is_read_by_pandas_on_its_arrow_engine() -> None:
    from conftest import SAMPLES

    loaded = _run(["validate", str(SAMPLES / "city-2023-mixed.csv")])
    assert {"pandas", "pyarrow", "plan_check.input.delimited"} <= loaded
    assert "plan_check.input.workbook" not in loaded  # workbooks only when there is one
