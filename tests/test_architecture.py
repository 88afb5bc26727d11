"""The core stays pure: the engine imports neither typer nor rich; --help stays light."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "plan_check"


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


KIND_SWITCH = re.compile(r"isinstance\([^)]*Rule\)|rule\.kind\s*(==|!=|in\b)|kind in \(")
# where a switch on a rule's kind still lives (issue "One place per idea": the figure and
# the explanation move into the rule classes); nothing may add one anywhere else
KIND_SWITCHES_LEFT = {"render/text.py": 10, "explain.py": 12, "quotas.py": 1}


def test_no_new_switch_on_a_rule_kind_outside_rules() -> None:
    found: dict[str, int] = {}
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("rules/"):
            continue
        count = len(KIND_SWITCH.findall(path.read_text(encoding="utf-8")))
        if count:
            found[relative] = count
    assert found == KIND_SWITCHES_LEFT
