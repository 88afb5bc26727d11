"""plan-check start-up: the commands that read no data, against the import of their libraries.

    python bench/startup.py              # 15 runs of each command, taking turns
    python bench/startup.py --runs 30

Each command runs as its own process (bytecode compiled once beforehand, as `pip install`
does); the commands take turns run after run, so a machine whose speed drifts charges
them alike. Time is the median wall time and the median CPU time (user + system, from
os.wait4) of each. The reference is the import of the four libraries every such command
needs (`import typer, rich, pydantic, yaml`); the ratio is the issue's figure.
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

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> dict[str, list[str]]:
    exe = shutil.which("plan-check") or str(Path(sys.executable).with_name("plan-check"))
    targets = str(ROOT / "targets.yaml")
    return {
        "import typer, rich, pydantic, yaml": [
            sys.executable,
            "-c",
            "import typer, rich, pydantic, yaml",
        ],
        "python -c pass": [sys.executable, "-c", "pass"],
        "plan-check --help": [exe, "--help"],
        "plan-check rules": [exe, "rules", "-t", targets],
        "plan-check explain guopei": [exe, "explain", "guopei", "-t", targets],
    }


def _run(argv: list[str]) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
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
    runs = parser.parse_args().runs
    commands = _commands()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=False)
    for argv in commands.values():  # warm-up, not measured: bytecode, the disk cache
        _run(argv)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            wall, cpu = _run(argv)
            walls[name].append(wall)
            cpus[name].append(cpu)
    base = "import typer, rich, pydantic, yaml"
    print(f"| command | wall (median of {runs}) | CPU | / the four imports (wall, CPU) |")
    print("|---|---:|---:|---:|")
    for name in commands:
        w, c = statistics.median(walls[name]), statistics.median(cpus[name])
        rw = w / statistics.median(walls[base])
        rc = c / statistics.median(cpus[base])
        print(f"| `{name}` | {w:.3f} s | {c:.3f} s | {rw:.2f}×, {rc:.2f}× |")


if __name__ == "__main__":
    main()
