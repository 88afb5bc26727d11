"""The console script ends its process quickly (cli.main leaves what a command built to the
operating system at exit): what it prints and writes is whole, as in the in-process run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SAMPLES, run


def _console(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plan_check", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"},
        cwd=ROOT,
        timeout=60,
    )


def test_the_console_script_prints_the_goals_whole() -> None:
    args = ("rules", "-t", ROOT / "targets.yaml", "-f", "json")
    done = _console(*args)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == run(*args).stdout


def test_the_console_script_writes_its_report_whole(tmp_path: Path) -> None:
    data = SAMPLES / "city-2023-mixed.csv"
    mine, theirs = tmp_path / "console.csv", tmp_path / "in-process.csv"
    done = _console("validate", data, "-t", ROOT / "targets.yaml", "-o", mine)
    same = run("validate", data, "-t", ROOT / "targets.yaml", "-o", theirs)
    assert done.returncode == same.exit_code == 1  # the mixed sample misses goals
    assert done.stdout == same.stdout
    assert mine.read_bytes() == theirs.read_bytes()
