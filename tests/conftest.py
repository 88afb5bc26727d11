"""Shared helpers: run the CLI as a user would, write small data files, golden files."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from plan_check.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite the golden files on purpose"
    )


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(self.stdout)
        return doc

    def result(self, rule_id: str) -> dict[str, Any]:
        results: dict[str, dict[str, Any]] = {r["id"]: r for r in self.json()["results"]}
        return results[rule_id]

    def __str__(self) -> str:  # shown by pytest when an assertion fails
        return (
            f"exit {self.exit_code}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"
        )


def index_text(path: Path, shown: str) -> Any:
    """The first pass alone over a plain UTF-8 text file, as the client makes it before a
    process pool or a cluster reads the blocks by their byte range: the file with every
    block, none of its bytes kept (1 MiB blocks)."""
    from collections import deque

    from plan_check.input.options import ReadOptions
    from plan_check.input.text import scan_text

    file, cuts = scan_text(path, shown, None, ReadOptions(bytes=1 << 20), keep=False)
    deque(cuts, maxlen=0)  # the pass runs as the cuts are taken
    return file


def run(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    """plan-check with these arguments, at a fixed width, colour off unless env says."""
    base = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    runner = CliRunner()
    result = runner.invoke(app, [str(a) for a in args], env={**base, **(env or {})})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    done = Run(result.exit_code, result.stdout, result.stderr)
    # the CLI turns a bug into a polite "internal error": in tests it is a failure
    assert "内部错误" not in done.stderr and "internal error" not in done.stderr, done
    return done


def csv_file(tmp_path: Path, text: str, name: str = "data.csv", encoding: str = "utf-8") -> Path:
    """A data file from a literal; leading indentation is stripped from every line."""
    lines = [line.strip() for line in text.strip("\n").splitlines()]
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def no_traceback(r: Run) -> None:
    assert "Traceback" not in r.stdout + r.stderr, r


STYLESHEET = re.compile(r"<style>.*?</style>", re.DOTALL)


def without_stylesheet(page: str) -> str:
    """An HTML page with its one stylesheet (render/html_style.py) left out: a golden page
    holds what the report says; how it is styled is tested on its own (test_render)."""
    assert len(STYLESHEET.findall(page)) == 1, "one <style> element expected"
    return STYLESHEET.sub("<style><!-- render/html_style.py --></style>", page)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Any:
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if name.endswith(".html"):
            actual = without_stylesheet(actual)
        if update:
            path.write_text(actual, encoding="utf-8")
        assert path.exists(), f"no golden file {path}; run pytest --update-golden once"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{name} differs from its golden file (pytest --update-golden)"

    return check


os.environ.setdefault("PYTHONIOENCODING", "utf-8")


@pytest.fixture(autouse=True)
def _at_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the checkout's root, as the README does: the targets.yaml found there is
    the one reports name, wherever pytest was started."""
    monkeypatch.chdir(ROOT)
