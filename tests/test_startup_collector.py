"""The console script starts with Python's cyclic garbage collector paused: a command that
reads no data (rules, explain) runs without a collection; one that reads data (validate)
has it back before it reads; and the caller's collector is as it was once ``main`` returns."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from plan_check.cli import main


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generation of every collection that starts while the test runs."""
    seen: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(count)
    try:
        yield seen
    finally:
        gc.callbacks.remove(count)


def _main(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> int:
    monkeypatch.setattr(sys, "argv", ["plan-check", *map(str, args)])
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0)


def test_the_goals_are_listed_without_a_collection(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], collections: list[int]
) -> None:
    gc.collect()  # what the tests before left: not this command's
    collections.clear()
    assert _main(monkeypatch, "rules", "-t", ROOT / "targets.yaml") == 0
    assert "guopei" in capsys.readouterr().out
    # before: about 80 collections of the plan's models, classes and typer's parse
    assert collections == []
    assert gc.isenabled()  # given back to the caller


def test_a_goal_is_explained_without_a_collection(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], collections: list[int]
) -> None:
    gc.collect()
    collections.clear()
    assert _main(monkeypatch, "explain", "guopei", "-t", ROOT / "targets.yaml") == 0
    assert "guopei" in capsys.readouterr().out
    assert collections == []
    assert gc.isenabled()


def test_a_check_reads_its_data_with_the_collector_running(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], collections: list[int]
) -> None:
    from plan_check.targets import load_plan

    running: list[bool] = []

    def loaded(path: Path | None) -> object:
        running.append(gc.isenabled())
        return load_plan(path)

    monkeypatch.setattr("plan_check.targets.load_plan", loaded)
    data = SAMPLES / "city-2023-mixed.csv"
    assert _main(monkeypatch, "validate", data, "-t", ROOT / "targets.yaml") == 1  # goals missed
    assert running == [True]
    assert collections  # the reading allocates: the collector ran
    assert gc.isenabled()


def test_a_caller_who_paused_the_collector_finds_it_paused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gc.disable()
    try:
        assert _main(monkeypatch, "rules", "-t", ROOT / "targets.yaml", "-f", "json") == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.mark.parametrize("command", [["rules"], ["validate", SAMPLES / "city-2023-mixed.csv"]])
def test_a_callers_cycles_are_collected_after_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[object]
) -> None:
    import weakref

    gc.collect()
    held = _Cycle()  # alive while main runs: frozen with what start-up built
    gone = weakref.ref(held)
    frozen = gc.get_freeze_count()
    _main(monkeypatch, *map(str, command), "-t", ROOT / "targets.yaml", "-f", "json")
    assert gc.get_freeze_count() == frozen  # nothing left frozen for the caller
    del held
    gc.collect()
    assert gone() is None  # was kept for good: gc.freeze() on every call of main
