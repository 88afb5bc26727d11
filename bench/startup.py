"""plan-check start-up: the commands that read no data, against the import of their libraries.

    python bench/startup.py                          # 15 runs of each command, taking turns
    python bench/startup.py --runs 30
    python bench/startup.py --src src --src OLD/src  # two source trees, taking turns

Each command runs as its own process (bytecode compiled once beforehand, as `pip install`
does); the commands take turns run after run, so a machine whose speed drifts charges
them alike. Time is the median wall time and the median CPU time (user + system, from
os.wait4) of each. The reference is the import of the four libraries every such command
needs (`import typer, rich, pydantic, yaml`); the ratio is the issue's figure. Beside it,
the floor: bench/startup_floor.py does what `rules` does with those four libraries and
nothing of plan-check (parse the options, load the targets file, validate, print a table).
`--src DIR` (repeatable) runs plan-check's console script with DIR first on PYTHONPATH,
e.g. the src/ of `git archive COMMIT src | tar -x -C OLD`, instead of the installed package.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASE = "import typer, rich, pydantic, yaml"
FLOOR = "the four in use (startup_floor.py rules)"
RULES = ["rules", "-t", str(ROOT / "targets.yaml")]


def _commands() -> dict[str, list[str]]:
    exe = shutil.which("plan-check") or str(Path(sys.executable).with_name("plan-check"))
    return {
        "plan-check --help": [exe, "--help"],
        "plan-check rules": [exe, *RULES],
        "plan-check explain guopei": [exe, "explain", "guopei", *RULES[1:]],
    }


def _env(tree: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.pop("PYTHONPATH", None)
    if tree is not None:
        env["PYTHONPATH"] = str(tree.resolve())
    return env


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--src", type=Path, action="append", help="a source tree (PYTHONPATH)")
    args = parser.parse_args()
    trees: list[Path | None] = list(args.src or [None])
    # (label, argv, env): the reference first, then each tree's commands
    jobs: list[tuple[str, list[str], dict[str, str]]] = [
        (BASE, [sys.executable, "-c", BASE], _env(None)),
        ("python -c pass", [sys.executable, "-c", "pass"], _env(None)),
        (FLOOR, [sys.executable, str(HERE / "startup_floor.py"), *RULES], _env(None)),
    ]
    for tree in trees:
        prefix = f"{tree}: " if len(trees) > 1 else ""
        for name, argv in _commands().items():
            jobs.append((prefix + name, argv, _env(tree)))
    for tree in trees:  # as `pip install` does; the installed package is compiled already
        if tree is not None:
            subprocess.run(
                [sys.executable, "-m", "compileall", "-q", str(tree)], check=False, env=_env(None)
            )
    for _, argv, env in jobs:  # warm-up, not measured: bytecode, the disk cache
        _run(argv, env)
    walls: dict[str, list[float]] = {label: [] for label, _, _ in jobs}
    cpus: dict[str, list[float]] = {label: [] for label, _, _ in jobs}
    for _ in range(args.runs):
        for label, argv, env in jobs:
            wall, cpu = _run(argv, env)
            walls[label].append(wall)
            cpus[label].append(cpu)
    print(f"| command | wall (median of {args.runs}) | CPU | / the four imports (wall, CPU) |")
    print("|---|---:|---:|---:|")
    for label, _, _ in jobs:
        w, c = statistics.median(walls[label]), statistics.median(cpus[label])
        rw = w / statistics.median(walls[BASE])
        rc = c / statistics.median(cpus[BASE])
        print(f"| `{label}` | {w:.3f} s | {c:.3f} s | {rw:.2f}×, {rc:.2f}× |")


if __name__ == "__main__":
    main()
