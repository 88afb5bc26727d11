"""Workbook figures (issue 26): a 50k-row workbook against the same rows as CSV, and a
two-sheet workbook with a repeated row against the same workbook without it.

    python bench/workbooks.py                      # the installed plan-check
    python bench/workbooks.py --src src --src OLD  # two source trees, taking turns

The 50k-row files are bench/run.py's (made here if missing); the two-sheet workbooks
(25,000 + 25,000 of those rows, and the same with the first row of the first sheet again
at the end of the second) are made from them. Every command runs as its own process, the
commands (and trees) taking turns; wall and CPU (user + system) are medians.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import data_path, generate  # noqa: E402


def _two_sheets(rows: int) -> dict[str, Path]:
    """The two-sheet workbooks, without and with a repeated row."""
    from openpyxl import Workbook

    paths = {
        kind: data_path(rows, "xlsx").with_name(f"two-sheets-{rows}-{kind}.xlsx")
        for kind in ("plain", "repeat")
    }
    if all(p.exists() for p in paths.values()):
        return paths
    with data_path(rows, "quoted").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)  # the title line
        header = next(reader)
        body = [[int(c.replace(",", "")) if c.replace(",", "").isdigit() else c or None
                 for c in row] for row in reader]  # fmt: skip
    half = len(body) // 2
    for kind, path in paths.items():
        book = Workbook(write_only=True)
        for n, part in enumerate((body[:half], body[half:]), 1):
            sheet = book.create_sheet(f"表{n}")
            sheet.append(header)
            for row in part:
                sheet.append(row)
            if kind == "repeat" and n == 2:
                sheet.append(body[0])  # 表1's first row again
        book.save(path)
    return paths


def _once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(
            f"{argv}: exit {code}: {child.stderr.read().decode()[:500] if child.stderr else ''}"
        )
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--src", type=Path, action="append", help="a source tree (PYTHONPATH)")
    args = parser.parse_args()
    files = generate(args.rows, ["xlsx", "quoted"])
    two = _two_sheets(args.rows)
    commands = {
        "xlsx": files["xlsx"],
        "csv": files["quoted"],
        "two sheets": two["plain"],
        "two sheets, a repeat": two["repeat"],
    }
    trees = args.src or [None]
    times: dict[tuple[Any, str], list[tuple[float, float]]] = {}
    for r in range(args.runs + 1):  # the first round warms the caches, not measured
        for tree in trees:
            env = {**os.environ, "NO_COLOR": "1"}
            if tree is not None:
                env["PYTHONPATH"] = str(tree.resolve())
            for label, path in commands.items():
                argv = [sys.executable, "-m", "plan_check", "validate", str(path), "-f", "json"]
                wall, cpu, _ = _once(argv, env)
                if r:
                    times.setdefault((tree, label), []).append((wall, cpu))
                    print(
                        f"  [{r}] {tree or 'installed'} {label:<22} {wall:7.3f} s {cpu:7.3f} s CPU"
                    )
    print(f"\n{'tree':<24} {'command':<22} {'wall':>8} {'CPU':>8}")
    for tree in trees:
        med = {}
        for label in commands:
            runs = times[(tree, label)]
            med[label] = (
                statistics.median(w for w, _ in runs),
                statistics.median(c for _, c in runs),
            )
            wall, cpu = med[label]
            print(f"{tree or 'installed'!s:<24} {label:<22} {wall:8.3f} {cpu:8.3f}")
        for top, bottom in (("xlsx", "csv"), ("two sheets, a repeat", "two sheets")):
            wall = med[top][0] / med[bottom][0]
            cpu = med[top][1] / med[bottom][1]
            print(f"{'':<24} {top} / {bottom}: {wall:.2f}x wall, {cpu:.2f}x CPU")


if __name__ == "__main__":
    main()
