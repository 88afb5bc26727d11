"""The province-scale figures (docs/scale.md): student-level ledgers on one machine, the
same check on a local Dask cluster, and the projection to 10^8 and 10^9 rows.

    python bench/scale.py                  # 20M student rows; dask local:2 on the 1M file
    python bench/scale.py --students 5000000

Needs the dask extra (pip install '.[test,dask]') and the 1M school file of bench/run.py
(generated on first use, as there). Each command runs as its own process; time is wall
time of one run, memory the peak resident size os.wait4 reports for it (the largest of
the process and the children it waited for: a local cluster's workers included).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
BLOCK_MIB = 8  # plan-check's block (input.options.BLOCK_BYTES)

PASS_ONLY = r"""
import sys, time
from pathlib import Path
from plan_check.input.options import DEFAULT
from collections import deque
from plan_check.input.text import scan_text
start = time.perf_counter()
tf, cuts = scan_text(Path(sys.argv[1]), sys.argv[1], None, DEFAULT, keep=False)
deque(cuts, maxlen=0)
print(time.perf_counter() - start, len(tf.blocks), tf.total_lines)
"""


def timed(argv: list[str], out: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak MiB and exit code of one command."""
    with tempfile.TemporaryFile() as err, open(out or os.devnull, "wb") as handle:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=handle, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", errors="replace")
    if code not in (0, 1) or "Traceback" in text:
        raise SystemExit(f"{' '.join(argv)} exited {code}\n{text}")
    return seconds, usage.ru_maxrss / 1024, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=20_000_000, help="ledger rows")
    parser.add_argument("--workers", type=int, default=2, help="local Dask workers")
    args = parser.parse_args()
    py = sys.executable
    exe = str(Path(py).with_name("plan-check"))
    DATA.mkdir(exist_ok=True)
    out = DATA / "out"
    out.mkdir(exist_ok=True)
    began = time.perf_counter()

    # ---- a student-level ledger on one machine ----
    ledger = DATA / f"students-{args.students}.csv"
    sums_path = ledger.with_suffix(".sums.json")
    if not ledger.exists():
        print(f"generating {ledger.name} …", flush=True)
        subprocess.run(
            [py, str(HERE / "students.py"), str(ledger), "--rows", str(args.students),
             "--seed", "7", "--dropout-unit", "河东区", "--sums", str(sums_path)],
            check=True,
        )  # fmt: skip
    size = ledger.stat().st_size / 2**20
    report = out / "students.json"
    seconds, mib, _ = timed([exe, "validate", str(ledger), "-f", "json"], report)
    doc = json.loads(report.read_text("utf-8"))
    sums = json.loads(sums_path.read_text("utf-8"))
    rate = next(r for r in doc["results"] if r["id"] == "consolidation-rate")
    ok = rate["numerator"] == sum(sums["cohort_graduating"].values()) and rate[
        "denominator"
    ] == sum(sums["cohort_entry"].values())
    rows = doc["files"][0]["rows"]
    print(f"\nstudent ledger: {args.students:,} rows, {size:.0f} MiB")
    print(f"  validate               {seconds:8.2f} s  {mib:8.1f} MiB  rows read {rows:,}")
    print(f"  consolidation Σ equal to the generator's: {ok}")
    if not ok or rows != args.students:
        raise SystemExit("benchmark broken: the ledger's report does not match its data")
    pass_seconds, blocks, _ = (
        float(x)
        for x in subprocess.run(
            [py, "-c", PASS_ONLY, str(ledger)], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    print(
        f"  the first pass alone   {pass_seconds:8.2f} s  ({int(blocks)} blocks of {BLOCK_MIB} MiB)"
    )

    # ---- the same check on a local Dask cluster ----
    schools = sorted(DATA.glob("schools-1000000-*.csv"))
    schools = [p for p in schools if not p.name.endswith(("-cr.csv", "-noquotes.csv"))]
    if not schools:
        subprocess.run([py, str(HERE / "run.py"), "--runs", "1", "--xlsx-rows", "1000"], check=True)
        schools = [
            p
            for p in sorted(DATA.glob("schools-1000000-*.csv"))
            if not p.name.endswith(("-cr.csv", "-noquotes.csv"))
        ]
    messy = schools[0]
    here_out, there_out = out / "here.json", out / "dask.json"
    here = timed([exe, "validate", str(messy), "-f", "json"], here_out)
    there = timed(
        [exe, "validate", str(messy), "-f", "json", "--dask", f"local:{args.workers}"], there_out
    )
    same = here_out.read_bytes() == there_out.read_bytes()
    print(f"\n1M-row messy school file ({messy.stat().st_size / 2**20:.0f} MiB)")
    print(f"  one machine            {here[0]:8.2f} s  {here[1]:8.1f} MiB")
    label = f"--dask local:{args.workers}"
    print(f"  {label:<22} {there[0]:8.2f} s  {there[1]:8.1f} MiB (the largest process)")
    print(f"  reports byte-identical: {same}")
    if not same:
        raise SystemExit("benchmark broken: the cluster's report differs")

    # ---- projection ----
    per_row_block = (seconds - pass_seconds) / args.students  # block work, one machine
    per_row_pass = pass_seconds / args.students
    print("\nprojection (block work spread over N workers, the first pass on the client):")
    print(f"  measured: block work {per_row_block * 1e6:.3f} µs/row, first pass "
          f"{per_row_pass * 1e6:.3f} µs/row, key index 8 bytes/row")  # fmt: skip
    for total in (10**8, 10**9):
        for workers in (1, 8, 32):
            t = total * per_row_pass + total * per_row_block / workers
            print(
                f"  {total:.0e} rows, {workers:>2} workers: {t / 60:7.1f} min, "
                f"client key index {total * 8 / 2**30:5.1f} GiB"
            )
    print(f"\nwhole benchmark: {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
