"""The console script starts and ends its process quickly (cli.main gives typer only the
command a run names, and leaves what a command built to the operating system at exit):
what it prints and writes is whole, and the same as the in-process run of the whole app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLES, run
from plan_check.cli import COMMANDS, _app, app

# what the installed `plan-check` script runs
SCRIPT = "import sys; from plan_check.cli import main; sys.argv[0] = 'plan-check'; main()"


def _console(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *map(str, args)],
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


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
def test_the_console_script_writes_its_report_whole(tmp_path: Path) -> None:
    data = SAMPLES / "city-2023-mixed.csv"
    mine, theirs = tmp_path / "console.csv", tmp_path / "in-process.csv"
    done = _console("validate", data, "-t", ROOT / "targets.yaml", "-o", mine)
    same = run("validate", data, "-t", ROOT / "targets.yaml", "-o", theirs)
    assert done.returncode == same.exit_code == 1  # the mixed sample misses goals
    assert done.stdout == same.stdout
    assert mine.read_bytes() == theirs.read_bytes()


@pytest.mark.parametrize("command", [c.__name__ for c in COMMANDS])
@pytest.mark.parametrize("args", [["--help"], ["--no-such-option"]])
def test_a_command_named_alone_answers_as_in_the_whole_app(command: str, args: list[str]) -> None:
    one = next(c for c in COMMANDS if c.__name__ == command)
    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    alone = CliRunner().invoke(_app([one]), [command, *args], env=env)
    whole = CliRunner().invoke(app, [command, *args], env=env)
    assert (alone.exit_code, alone.stdout, alone.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )
    assert alone.exit_code == (0 if args == ["--help"] else 2)
