"""plan-check benchmark: whole processes, several runs, medians, ratios in one run.

    python bench/run.py                 # city file, 100k and 1M school rows
    python bench/run.py --5m            # and 5M rows (about 0.8 GB of CSV)
    python bench/run.py --runs 5 --sizes 100000

Data is generated deterministically into bench/data/ (not in git): the data dictionary's
columns, one row per school with a `school` key, about 1% of cells written in clerks'
habits (万, thousands commas, full-width digits, unit words) and a few blanks. Each tool
runs as its own process; wall time is the median of the runs and peak memory the largest
resident size the process reached. Competitors (pandera, frictionless) run when the
`bench` extra is installed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
UNITS = [
    "青山县",
    "白水县",
    "云岭市",
    "河东区",
    "河西区",
    "松林县",
    "石门县",
    "北岭县",
    "南湖区",
    "东坡县",
    "西山县",
    "龙泉市",
    "市直",
]
# (column, low, high): counts per school
COLUMNS = [
    ("国培计划培训人数", 0, 30),
    ("省培计划培训人数", 0, 6),
    ("新增中职学位数", 0, 20),
    ("职业学校在校生数", 0, 900),
    ("职业学校数", 1, 2),
    ("办学条件达标职业学校数", 0, 1),
    ("中职毕业生数", 50, 300),
    ("中职毕业生升学人数", 0, 50),
    ("有意愿就读中职的初中毕业生数", 20, 40),
    ("有意愿者中已就读中职人数", 0, 20),
    ("双提升培训完成人数", 0, 90),
    ("新增义务教育学位数", 0, 40),
    ("大班额班级数", 0, 3),
    ("送教上门学生数", 2, 4),
    ("每月送教不少于2次的学生数", 0, 2),
    ("送教上门次数", 20, 40),
    ("不少于2学时的送教次数", 0, 20),
    ("失学辍学学生数", 0, 0),
    ("该届学生入学时人数", 200, 400),
    ("初中毕业班学生数", 150, 200),
    ("建成数字校园数", 0, 1),
    ("建成智慧校园数", 0, 1),
]
UNIT_WORD = {"所": ("职业学校数", "办学条件达标职业学校数", "建成数字校园数", "建成智慧校园数")}


def generate(rows: int) -> Path:
    """A school-level file of ``rows`` rows (cached by size), made in a separate process:
    a child forked from a big process would inherit its peak memory in the measurements."""
    path = DATA / f"schools-{rows}.csv"
    if not path.exists():
        subprocess.run([sys.executable, __file__, "--generate", str(rows)], check=True)
    return path


def _write_data(rows: int) -> None:
    path = DATA / f"schools-{rows}.csv"
    DATA.mkdir(exist_ok=True)
    rng = np.random.default_rng(20231231 + rows)
    frame = {
        "区县": np.array(UNITS)[rng.integers(0, len(UNITS), rows)],
        "学校": np.char.add("学校", np.arange(rows).astype(str)),
    }
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    for name, low, high in COLUMNS:
        values = rng.integers(low, high + 1, rows)
        cells = values.astype(str).astype(object)
        messy = np.flatnonzero(rng.random(rows) < 0.01)
        for n, i in enumerate(messy):  # about 1% of cells in clerks' habits
            v = int(values[i])
            style = n % 4
            if style == 0:
                cells[i] = f"{v / 10000:g}万" if v else "0"
            elif style == 1:
                cells[i] = f"{v:,}" if v >= 1000 else f" {v} "
            elif style == 2:
                cells[i] = str(v).translate(full_width)
            else:
                word = next((w for w, cols in UNIT_WORD.items() if name in cols), "人")
                cells[i] = f"{v}{word}"
        blanks = rng.random(rows) < 0.0005
        cells[blanks] = ""
        frame[name] = cells
    tmp = path.with_suffix(".tmp")
    pd.DataFrame(frame).to_csv(tmp, index=False)
    tmp.rename(path)
    return path


# typer >= 0.29 builds a pydantic TypeAdapter for every option of the command it runs:
# the cost of running any typer command, which `import typer` alone does not show
TYPER_APP = r"""
from typing import Annotated
import typer
app = typer.Typer()
@app.command()
def go(lang: Annotated[str, typer.Option()] = "zh", fmt: Annotated[str, typer.Option()] = "x"):
    print(lang, fmt)
@app.command()
def other() -> None:
    pass
app()
"""

BARE_PANDAS = r"""
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1], dtype={"区县": str, "学校": str})
metrics = [c for c in frame.columns if c not in ("区县", "学校")]
for c in metrics:  # the clerks' cells do not parse: coerce them, as a careful script would
    if not pd.api.types.is_numeric_dtype(frame[c]):  # pandas 3: text is "str", not object
        frame[c] = pd.to_numeric(frame[c], errors="coerce")
units = frame.groupby("区县")[metrics].sum()
city = units.sum()
checks = [
    city["国培计划培训人数"] >= 3000, city["省培计划培训人数"] >= 500,
    city["新增中职学位数"] >= 2000, city["职业学校在校生数"] >= 76000,
    city["办学条件达标职业学校数"] / city["职业学校数"] >= 0.8,
    city["中职毕业生升学人数"] / city["中职毕业生数"] >= 0.65,
    city["初中毕业班学生数"] / city["该届学生入学时人数"] >= 0.965,
    (units["失学辍学学生数"] == 0).all(),
    (units["不少于2学时的送教次数"] <= units["送教上门次数"]).all(),
    city["建成数字校园数"] >= 106,
]
print(sum(bool(c) for c in checks))
"""

PANDERA = r"""
import sys
import pandas as pd
import pandera.pandas as pa
frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
metrics = [c for c in frame.columns if c not in ("区县", "学校")]
for c in metrics:
    frame[c] = pd.to_numeric(frame[c].str.strip(), errors="coerce")
schema = pa.DataFrameSchema(
    {c: pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True) for c in metrics}
    | {"区县": pa.Column(str), "学校": pa.Column(str, unique=True)}
)
try:
    schema.validate(frame, lazy=True)
except pa.errors.SchemaErrors as exc:
    print(len(exc.failure_cases))
units = frame.groupby("区县")[metrics].sum()
print(units.sum().iloc[0])
"""

# frictionless stops at 1000 errors by default; the 1% clerks' cells reach that within
# a few thousand rows, so without this it would not read the file at all
# and it refuses absolute paths as unsafe, so it runs from the data folder
FRICTIONLESS = r"""
import os, sys
from frictionless import validate
os.chdir(os.path.dirname(sys.argv[1]))
report = validate(os.path.basename(sys.argv[1]), limit_errors=10**9)
kinds = {row[0] for row in report.flatten(["type"])}
if "resource-error" in kinds:
    sys.exit(f"frictionless did not read the file: {report.flatten(['note'])[:1]}")
print(report.valid, report.stats["errors"])
"""


def measure(argv: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and peak resident MiB of a whole process."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"{argv[:3]} exited {code}")
    return statistics.median(times), max(peaks)


def have(module: str) -> bool:
    return (
        subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode
        == 0
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--5m", dest="five", action="store_true", help="also 5,000,000 rows")
    parser.add_argument("--no-competitors", action="store_true")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        _write_data(args.generate)
        return
    sizes = [*args.sizes, *([5_000_000] if args.five else [])]
    py = sys.executable
    exe = str(Path(py).with_name("plan-check"))
    city = HERE.parent / "samples" / "city-2023-mixed.csv"
    rows: list[tuple[str, float, float]] = []

    def run(label: str, argv: list[str]) -> tuple[float, float]:
        seconds, mib = measure(argv, args.runs)
        rows.append((label, seconds, mib))
        print(f"{label:<48} {seconds:8.3f} s {mib:9.1f} MiB", flush=True)
        return seconds, mib

    print(
        f"python {sys.version.split()[0]}, pandas {pd.__version__}, {os.cpu_count()} cores, "
        f"{args.runs} runs each (median time, peak memory)\n"
    )
    ratios: list[str] = []
    base = run(
        "python -c 'import typer, rich, pydantic, yaml'",
        [py, "-c", "import typer, rich, pydantic, yaml"],
    )
    base_pd = run(
        "python -c 'import pandas, typer, rich, pydantic, yaml'",
        [py, "-c", "import pandas, typer, rich, pydantic, yaml"],
    )
    floor = run("minimal typer app, one command, two options", [py, "-c", TYPER_APP, "go"])
    helptime = run("plan-check --help", [exe, "--help"])
    rulestime = run("plan-check rules", [exe, "rules"])
    citytime = run(
        "plan-check validate <city file> --format json",
        [exe, "validate", str(city), "--format", "json"],
    )
    light, heavy = "import typer,rich,pydantic,yaml", "import pandas,typer,rich,..."
    ratios += [
        f"--help / {light}      {helptime[0] / base[0]:5.2f}x (target <= 1.3)",
        f"rules / {light}       {rulestime[0] / base[0]:5.2f}x (target <= 1.3)",
        f"  (floor: a minimal typer app / {light}  {floor[0] / base[0]:5.2f}x)",
        f"city file / {heavy}      {citytime[0] / base_pd[0]:5.2f}x (target <= 1.15)",
    ]
    results: dict[int, tuple[float, float]] = {}
    competitors = not args.no_competitors
    for size in sizes:
        path = str(generate(size))
        size_mb = Path(path).stat().st_size / 2**20
        print(f"\n{size:,} school rows ({size_mb:.0f} MB)")
        pc = run(
            f"plan-check validate --format json [{size:,}]",
            [exe, "validate", path, "--format", "json"],
        )
        bare = run(f"bare pandas script [{size:,}]", [py, "-c", BARE_PANDAS, path])
        results[size] = pc
        ratios.append(
            f"{size:>9,} rows: plan-check / bare pandas   time {pc[0] / bare[0]:5.2f}x, "
            f"memory {pc[1] / bare[1]:5.2f}x (target <= 1.0)"
        )
        if competitors and have("pandera") and size <= 1_000_000:
            pa = run(f"pandera [{size:,}]", [py, "-c", PANDERA, path])
            ratios.append(
                f"{size:>9,} rows: pandera / plan-check        {pa[0] / pc[0]:5.2f}x (target >= 2)"
            )
        if competitors and have("frictionless") and size <= 1_000_000:
            fr = run(f"frictionless [{size:,}]", [py, "-c", FRICTIONLESS, path])
            ratios.append(
                f"{size:>9,} rows: frictionless / plan-check   {fr[0] / pc[0]:5.2f}x (target >= 30)"
            )
    if 1_000_000 in results and 5_000_000 in results:
        growth = results[5_000_000][0] / results[1_000_000][0]
        ratios.append(
            f"5M / 1M rows: time {growth:5.2f}x (target <= 5.5), "
            f"peak {results[5_000_000][1] / 1024:.2f} GiB (target <= 3)"
        )
    print("\nratios (same run)")
    for line in ratios:
        print("  " + line)


if __name__ == "__main__":
    main()
