"""plan-check benchmark: whole processes, several runs, medians, ratios in one run.

    python bench/run.py                    # 1M rows and the 50k-row workbook, 3 runs each
    python bench/run.py --5m               # and validate 5M rows (about 0.5 GB of CSV)
    python bench/run.py --copies           # and 1M copies of one row against 1M distinct rows
    python bench/run.py --runs 5 --sizes 100000 1000000

Data is generated deterministically (seeded numpy) into bench/data/ (not in git), in a
separate process, and cached under names that carry the generator's parameters. One row
per school: `区县`, `学校` and 22 count columns of the data dictionary, saved the way Excel
saves a sheet as CSV: a title line above the header (`2023年…统计表,,,,`), CRLF line ends,
and the enrolment column formatted with thousands separators, so its cells of 1000 or
more are written quoted (`"3,000"`, about 2.8% of all cells). About 1% of the count cells
are in clerks' habits (`0.0012万`, full-width digits, ` 12 `, `12人` with the column's own
unit word) and a few are blank (one unit, 市直, leaves cells blank). Beside it: the same
data without quotes (no thousands separators), the same file with lone-CR line ends (old
Mac Excel), and a 50k-row x 24-column workbook (openpyxl) with the same 50k rows as CSV.

Measured: `plan-check validate FILE --format json` (stdout to /dev/null) of each file;
pandas' plain `pd.read_csv(FILE)` and `pyarrow.csv.read_csv` with every column as strings
(skipping the title line) of the 1M file, the read floor. Every command runs as its own
process, the commands taking turns run after run, after one warm-up run each that is not
measured but checked: what a read printed and, for plan-check, its JSON report (rows read,
problems by code, each unit's figure of every sum rule against the generator's own sums,
the same figures from files of the same data). Every run must exit 0 (plan-check: 0 or
1) without a traceback, or the benchmark stops with the command's stderr. Time is the
median of the runs (wall; CPU seconds beside it, for a busy machine), memory the largest
peak resident size of the process itself (os.wait4's rusage of that child; this process
imports neither numpy nor pandas, as a child started from it is charged its resident size
too). `--src DIR` runs plan-check from another source tree, e.g. a commit's `src/`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
BLANK_UNIT = "市直"  # the unit that leaves a few cells blank; the others report everything
TITLE = "2023年教育工作要点完成情况统计表"
# (column, low, high, unit): counts per school; the unit word is the data dictionary's
COLUMNS = [
    ("国培计划培训人数", 0, 30, "人"),
    ("省培计划培训人数", 0, 6, "人"),
    ("新增中职学位数", 0, 20, "个"),
    ("职业学校在校生数", 0, 3000, "人"),
    ("职业学校数", 1, 2, "所"),
    ("办学条件达标职业学校数", 0, 1, "所"),
    ("中职毕业生数", 50, 300, "人"),
    ("中职毕业生升学人数", 0, 50, "人"),
    ("有意愿就读中职的初中毕业生数", 20, 40, "人"),
    ("有意愿者中已就读中职人数", 0, 20, "人"),
    ("双提升培训完成人数", 0, 90, "人"),
    ("新增义务教育学位数", 0, 40, "个"),
    ("大班额班级数", 0, 3, "个"),
    ("送教上门学生数", 2, 4, "人"),
    ("每月送教不少于2次的学生数", 0, 2, "人"),
    ("送教上门次数", 20, 40, "次"),
    ("不少于2学时的送教次数", 0, 20, "次"),
    ("失学辍学学生数", 0, 0, "人"),
    ("该届学生入学时人数", 200, 400, "人"),
    ("初中毕业班学生数", 150, 200, "人"),
    ("建成数字校园数", 0, 1, "所"),
    ("建成智慧校园数", 0, 1, "所"),
]
HEADER = ["区县", "学校", *(name for name, *_ in COLUMNS)]
THOUSANDS = ("职业学校在校生数",)  # formatted #,##0: Excel writes "3,000", quoted
MESSY_SHARE = 0.01  # of the count cells, in clerks' habits
BLANK_SHARE = 0.0005 * len(UNITS)  # of the blank unit's count cells (0.05% of all rows)
SEED = 20231231
BLOCK_ROWS = 250_000  # rows generated at a time, each block from its own seed
VERSION = 2  # of the generator: part of the file names
PARAMETERS = [VERSION, SEED, BLOCK_ROWS, UNITS, BLANK_UNIT, TITLE, COLUMNS, THOUSANDS]
KEY = hashlib.sha1(json.dumps([*PARAMETERS, MESSY_SHARE, BLANK_SHARE]).encode()).hexdigest()[:8]
VARIANTS = {  # kind: file name suffix
    "quoted": ".csv",  # title line, CRLF, "3,000"
    "plain": "-noquotes.csv",  # the same without thousands separators, so without quotes
    "cr": "-cr.csv",  # the quoted file with lone-CR line ends
    "xlsx": ".xlsx",
    "sums": ".sums.json",  # each column's sum per unit, over its non-blank cells
}


def data_path(rows: int, kind: str) -> Path:
    return DATA / f"schools-{rows}-{KEY}{VARIANTS[kind]}"


def _rows_file(kind: str) -> Path:
    """1M school rows of one unit: copies of one row, or distinct schools of the same
    shape (the school's name as long), written here (plain text, cached)."""
    path = DATA / f"rows-{kind}-1000000.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.write("区县,学校,国培计划培训人数\r\n")
            for i in range(1_000_000):
                school = "第一中学1234567" if kind == "copies" else f"第一中学{i:07d}"
                out.write(f"青山县,{school},5\r\n")
    return path


def generate(rows: int, kinds: list[str]) -> dict[str, Path]:
    """The files of ``rows`` rows (cached), made in a separate process so that this one
    stays small (see the module's docstring)."""
    paths = {kind: data_path(rows, kind) for kind in [*kinds, "sums"]}
    missing = [kind for kind, path in paths.items() if not path.exists()]
    if missing:
        print(f"generating {rows:,} rows: {', '.join(missing)} ...", flush=True)
        start = time.perf_counter()
        argv = [sys.executable, __file__, "--generate", str(rows), *missing]
        subprocess.run(argv, check=True)
        print(f"  done in {time.perf_counter() - start:.1f} s", flush=True)
    return paths


# ---- the generator (runs in its own process) ------------------------------------------


@dataclass
class Block:
    units: Any  # object array of unit names
    unit_index: Any  # int array, into UNITS
    schools: Any  # object array
    values: list[Any]  # int64 array per column: the figure the cell stands for
    state: list[Any]  # int8 array per column: 0 a number, 1 a clerk's text, 2 blank
    text: list[Any]  # object array per column: the clerk's text where state is 1


def _blocks(rows: int) -> Iterator[Block]:
    import numpy as np

    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    units = np.array(UNITS, dtype=object)
    blank_unit = UNITS.index(BLANK_UNIT)
    for b, start in enumerate(range(0, rows, BLOCK_ROWS)):
        n = min(BLOCK_ROWS, rows - start)
        rng = np.random.default_rng([SEED, b])  # the first rows of any size are the same
        unit_index = rng.integers(0, len(UNITS), n)
        schools = np.char.add("学校", np.arange(start, start + n).astype(str)).astype(object)
        block = Block(units[unit_index], unit_index, schools, [], [], [])
        for _, low, high, unit in COLUMNS:
            values = rng.integers(low, high + 1, n)
            state = np.zeros(n, dtype=np.int8)
            text = np.full(n, "", dtype=object)
            messy = np.flatnonzero(rng.random(n) < MESSY_SHARE)
            for k, i in enumerate(messy):  # about 1% of cells in clerks' habits
                v = int(values[i])
                style = k % 4
                if style == 0:
                    text[i] = f"{v / 10000:g}万" if v else "0"
                elif style == 1:
                    text[i] = f" {v} "
                elif style == 2:
                    text[i] = str(v).translate(full_width)
                else:
                    text[i] = f"{v}{unit}"
            state[messy] = 1
            blanks = (rng.random(n) < BLANK_SHARE) & (unit_index == blank_unit)
            state[blanks] = 2
            block.values.append(values)
            block.state.append(state)
            block.text.append(text)
        yield block


def _csv_cells(block: Block, j: int, quoted: bool) -> tuple[Any, int]:
    """Column ``j`` of the counts as Excel writes it to CSV, and how many cells are quoted."""
    import numpy as np

    values, state = block.values[j], block.state[j]
    cells = values.astype(str).astype(object)
    big = np.zeros(0, dtype=np.int64)
    if quoted and COLUMNS[j][0] in THOUSANDS:
        big = np.flatnonzero((values >= 1000) & (state == 0))
        cells[big] = [f'"{v:,}"' for v in values[big].tolist()]
    cells[state == 1] = block.text[j][state == 1]
    cells[state == 2] = ""
    return cells, len(big)


def _csv_text(block: Block, quoted: bool) -> tuple[str, int]:
    """The block's lines, CRLF after each, and how many of its cells are quoted."""
    line = block.units + "," + block.schools
    count = 0
    for j in range(len(COLUMNS)):
        cells, quotes = _csv_cells(block, j, quoted)
        count += quotes
        line = line + "," + cells
    return "\r\n".join(line.tolist()) + "\r\n", count


def _write_data(rows: int, kinds: list[str]) -> None:
    import numpy as np

    DATA.mkdir(exist_ok=True)
    temps = {kind: data_path(rows, kind) for kind in kinds}
    temps = {kind: path.with_name(path.name + ".tmp") for kind, path in temps.items()}
    title = TITLE + "," * (len(HEADER) - 1)  # Excel pads the title row to the sheet's width
    head = f"{title}\r\n{','.join(HEADER)}\r\n"
    files = {}
    for kind in ("quoted", "plain", "cr"):
        if kind in kinds:
            files[kind] = temps[kind].open("w", encoding="utf-8", newline="")
            files[kind].write(head.replace("\r\n", "\r") if kind == "cr" else head)
    sums = {name: np.zeros(len(UNITS), dtype=np.int64) for name, *_ in COLUMNS}
    book = sheet = None
    if "xlsx" in kinds:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Sheet1")
        sheet.append([TITLE])
        sheet.append(HEADER)
    quoted_cells = 0
    for block in _blocks(rows):
        if "quoted" in files or "cr" in files:
            text, count = _csv_text(block, quoted=True)
            quoted_cells += count
            if "quoted" in files:
                files["quoted"].write(text)
            if "cr" in files:
                files["cr"].write(text.replace("\r\n", "\r"))
        if "plain" in files:
            text, _ = _csv_text(block, quoted=False)
            if '"' in text:
                raise SystemExit("the unquoted file would hold a quote")
            files["plain"].write(text)
        for j, (name, *_) in enumerate(COLUMNS):
            kept = block.state[j] != 2
            sums[name] += np.bincount(
                block.unit_index[kept], weights=block.values[j][kept], minlength=len(UNITS)
            ).astype(np.int64)
        if sheet is not None:
            _append_rows(sheet, block)
    for f in files.values():
        f.close()
    if book is not None:
        book.save(temps["xlsx"])
    if "sums" in kinds:
        table = {name: dict(zip(UNITS, s.tolist(), strict=True)) for name, s in sums.items()}
        temps["sums"].write_text(json.dumps(table, ensure_ascii=False, indent=1))
    if quoted_cells:
        share = quoted_cells / (rows * len(HEADER))
        print(f"  {quoted_cells:,} quoted cells ({share:.2%} of all cells)", flush=True)
    for kind, tmp in temps.items():
        tmp.rename(data_path(rows, kind))


def _append_rows(sheet: Any, block: Block) -> None:
    """Rows as a clerk's workbook holds them: numbers as numbers (the enrolment column
    formatted #,##0), a clerk's text as text, blanks empty."""
    from openpyxl.cell import WriteOnlyCell

    columns = []
    for j, (name, *_) in enumerate(COLUMNS):
        values = block.values[j].tolist()
        state = block.state[j].tolist()
        text = block.text[j].tolist()
        cells: list[Any] = []
        for v, s, t in zip(values, state, text, strict=True):
            if s == 1:
                cells.append(t)
            elif s == 2:
                cells.append(None)
            elif name in THOUSANDS:
                cell = WriteOnlyCell(sheet, value=v)
                cell.number_format = "#,##0"
                cells.append(cell)
            else:
                cells.append(v)
        columns.append(cells)
    for unit, school, *counts in zip(
        block.units.tolist(), block.schools.tolist(), *columns, strict=True
    ):
        sheet.append([unit, school, *counts])


# ---- what the reads are compared with --------------------------------------------------

PANDAS_READ = r"""
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1])
print(len(frame), len(frame.columns))
"""

ARROW_READ = r"""
import json, sys
import pyarrow as pa
import pyarrow.csv as pc
names = json.loads(sys.argv[2])
table = pc.read_csv(
    sys.argv[1],
    read_options=pc.ReadOptions(skip_rows=1),
    convert_options=pc.ConvertOptions(column_types={name: pa.string() for name in names}),
)
if table.column_names != names or any(c.type != pa.string() for c in table.columns):
    sys.exit(f"unexpected columns: {table.schema}")
print(table.num_rows, table.num_columns)
"""

VERSIONS = r"""
import platform, sys
from importlib.metadata import version
import numpy, pandas, pyarrow, plan_check
print(f"python {platform.python_version()}, pandas {pandas.__version__}, "
      f"pyarrow {pyarrow.__version__}, numpy {numpy.__version__}, "
      f"python-calamine {version('python-calamine')}, openpyxl {version('openpyxl')}\n"
      f"plan-check {version('plan-check')} from {plan_check.__path__[0]}")
"""


# ---- checking plan-check's output (runs in its own process) ----------------------------


def _problem_codes() -> Any:
    """A function from a problem's message (either language) to its code, for reports
    whose problems do not carry it."""
    import re

    try:
        from plan_check.i18n import MESSAGES
    except ImportError:
        MESSAGES = {}
    patterns = []
    for code, wordings in MESSAGES.items():
        for wording in wordings:
            parts = re.split(r"\{[^}]*\}", wording)
            literal = sum(len(p) for p in parts)
            patterns.append((literal, code, re.compile(".*?".join(map(re.escape, parts)), re.S)))
    patterns.sort(key=lambda p: -p[0])

    def code_of(message: str) -> str:
        for _, code, pattern in patterns:
            if pattern.fullmatch(message):
                return code
        return "? " + re.sub(r"\d+", "N", message)

    return code_of


def _sum_headers() -> dict[str, str]:
    """Rule id -> column header, for the rules that sum one column."""
    import importlib.resources

    import yaml

    text = (importlib.resources.files("plan_check") / "targets.yaml").read_text("utf-8")
    plan = yaml.safe_load(text)
    headers = {m["id"]: m["header"] for m in plan["metrics"]}
    return {r["id"]: headers[r["metric"]] for r in plan["rules"] if r.get("kind") == "sum"}


def _check_outputs(spec_path: str) -> int:
    """Read the warm-up runs' JSON reports: the rows read, the problems by code, each
    unit's figure of every sum rule against the generator's sums, and whether files of the
    same data (quoted, unquoted, lone CR; workbook and CSV) gave the same figures."""
    from collections import Counter

    spec = json.loads(Path(spec_path).read_text())
    code_of = _problem_codes()
    sum_headers = _sum_headers()
    failed = 0
    results: dict[str, list[Any]] = {}
    for item in spec:
        report = json.loads(Path(item["json"]).read_text("utf-8"))
        rows = sum(f["rows"] for f in report["files"])
        codes = Counter(p.get("code") or code_of(p["message"]) for p in report["problems"])
        sums = json.loads(Path(item["sums"]).read_text("utf-8"))
        checked = wrong = 0
        for r in report["results"]:
            header = sum_headers.get(r["id"])
            for u in r["units"] if header else ():
                if u["actual"] is not None and u["unit"] in sums[header]:
                    checked += 1
                    wrong += u["actual"] != sums[header][u["unit"]]
        print(f"  {item['label']}: exit {item['exit']}, {rows:,} rows read, {report['summary']}")
        print(f"    problems by code: {dict(codes.most_common()) or 'none'}")
        print(f"    unit figures of sum rules equal to the generator's sums: {checked - wrong}")
        if wrong or rows != item["rows"]:
            print(f"    !! {wrong} unit figures differ; {rows:,} rows read of {item['rows']:,}")
            failed += 1
        figures = [(r["id"], r["status"], r["actual"], r["units"]) for r in report["results"]]
        if item["group"] in results and results[item["group"]] != figures:
            print(f"    !! figures differ from the other {item['group']} file")
            failed += 1
        results.setdefault(item["group"], figures)
    return 1 if failed else 0


# ---- measuring ----------------------------------------------------------------------


@dataclass
class Job:
    key: str
    label: str
    argv: list[str]
    validate: bool  # plan-check: exit 0 or 1; anything else: exit 0
    rows: int  # what a read prints, rows and columns (plan-check's are checked apart)
    width: int = 0
    times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)  # user + system seconds

    @property
    def seconds(self) -> float:
        return statistics.median(self.times)

    @property
    def mib(self) -> float:
        return max(self.peaks)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)


def run_once(job: Job, stdout: Path | None = None) -> tuple[float, float, float, int]:
    """Wall seconds, peak resident MiB, CPU seconds and exit code of one run; fails loudly
    when the command failed (exit 2 or more, or a traceback)."""
    with tempfile.TemporaryFile() as err, open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(job.argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    ok = (0, 1) if job.validate else (0,)
    if code not in ok or "Traceback" in stderr:
        print(f"\n!! {job.label} exited {code}\n   {' '.join(job.argv)}\n{stderr}", flush=True)
        raise SystemExit(f"benchmark broken: {job.label} exited {code}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, cpu, code  # ru_maxrss is KiB on Linux


def label_of(rows: int) -> str:
    return f"{rows / 1e6:g}M" if rows >= 1_000_000 else f"{rows / 1000:g}k"


def versions() -> str:
    out = subprocess.run(
        [sys.executable, "-c", VERSIONS], capture_output=True, text=True, check=True
    ).stdout.strip()
    nproc = shutil.which("nproc")
    cores = (
        subprocess.run([nproc], capture_output=True, text=True).stdout.strip()
        if nproc
        else str(len(os.sched_getaffinity(0)))
    )
    return f"{out}\nnproc {cores}, {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="measured runs of each command")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1_000_000], help="rows of the CSV files"
    )
    parser.add_argument("--xlsx-rows", type=int, default=50_000, help="rows of the workbook")
    parser.add_argument("--5m", dest="five", action="store_true", help="also validate 5M rows")
    parser.add_argument(
        "--copies",
        action="store_true",
        help="also validate 1M copies of one school row and 1M distinct rows of its shape",
    )
    parser.add_argument(
        "--src",
        type=Path,
        help="run plan-check from this source folder (PYTHONPATH), e.g. the src/ of "
        "`git archive HEAD src | tar -x -C DIR`, instead of the installed one",
    )
    parser.add_argument("--generate", nargs="+", help=argparse.SUPPRESS)  # ROWS KIND...
    parser.add_argument("--check", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        _write_data(int(args.generate[0]), args.generate[1:])
        return
    if args.check:
        sys.exit(_check_outputs(args.check))
    began = time.perf_counter()
    # an installed plan-check has its bytecode written: so have the runs (the warm-up
    # writes it), not every module compiled again in every run
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.src:  # every child process, plan-check and the checks of its reports
        os.environ["PYTHONPATH"] = str(args.src.resolve())
    sizes = sorted(set(args.sizes) | ({1_000_000} if args.five else set()))
    py = sys.executable
    exe = str(Path(py).with_name("plan-check"))
    print(versions(), flush=True)
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

    jobs: list[Job] = []
    checks: list[dict[str, Any]] = []

    def validate(key: str, label: str, path: Path, rows: int, group: str) -> None:
        jobs.append(Job(key, label, [exe, "validate", str(path), "--format", "json"], True, rows))
        sums = data_path(rows, "sums")
        checks.append({"key": key, "label": label, "rows": rows, "sums": str(sums), "group": group})

    for size in sizes:
        files = generate(size, ["quoted", "plain", "cr"])
        mb = files["quoted"].stat().st_size / 2**20
        print(f"  {files['quoted'].name}: {mb:.0f} MiB", flush=True)
        n = label_of(size)
        validate(f"v{size}", f"validate {n} quoted CRLF", files["quoted"], size, f"csv{size}")
        quoted, width = str(files["quoted"]), len(HEADER)
        # pandas takes the title line for the header: the header is a row of its frame
        argv = [py, "-c", PANDAS_READ, quoted]
        jobs.append(Job(f"pandas{size}", f"pandas read_csv {n}", argv, False, size + 1, width))
        argv = [py, "-c", ARROW_READ, quoted, json.dumps(HEADER)]
        jobs.append(Job(f"arrow{size}", f"pyarrow read, strings {n}", argv, False, size, width))
        validate(f"plain{size}", f"validate {n} no quotes", files["plain"], size, f"csv{size}")
        validate(f"cr{size}", f"validate {n} lone CR", files["cr"], size, f"csv{size}")
    xr = args.xlsx_rows
    book = generate(xr, ["xlsx", "quoted"])
    xn = label_of(xr)
    validate("xlsx", f"validate {xn} .xlsx", book["xlsx"], xr, "book")
    validate("xcsv", f"validate {xn} .csv", book["quoted"], xr, "book")
    if args.five:
        five = generate(5_000_000, ["quoted"])
        validate("v5000000", "validate 5M quoted CRLF", five["quoted"], 5_000_000, "csv5M")
    if args.copies:  # repeated rows: found by their keys' hashes, a few bytes a row
        for kind, label in (("copies", "1M copies of one row"), ("distinct", "1M distinct rows")):
            path = _rows_file(kind)
            jobs.append(Job(kind, f"validate {label}", [exe, "validate", str(path)], True, 0))

    print("\nwarm-up runs (checked, not measured)", flush=True)
    outputs = DATA / "out"
    outputs.mkdir(exist_ok=True)
    by_key = {job.key: job for job in jobs}
    for job in jobs:
        out = outputs / f"{job.key}.out"
        seconds, mib, _, code = run_once(job, out)
        text = out.read_text("utf-8", errors="replace").strip()
        if not job.validate and text != f"{job.rows} {job.width}":
            raise SystemExit(f"{job.label}: printed {text[:200]!r}, not {job.rows} {job.width}")
        for check in checks:
            if check["key"] == job.key:
                check.update(json=str(out), exit=code)
        print(f"  {job.label:<30} {seconds:8.3f} s {mib:8.1f} MiB  exit {code}", flush=True)
    spec = outputs / "checks.json"
    spec.write_text(json.dumps(checks, ensure_ascii=False))
    verdict = subprocess.run([py, __file__, "--check", str(spec)])
    if verdict.returncode:
        raise SystemExit("benchmark broken: plan-check's reports do not match the data")

    print(f"\nmeasured runs ({args.runs} of each command, taking turns)", flush=True)
    for r in range(args.runs):
        for job in jobs:
            seconds, mib, cpu, _ = run_once(job)
            job.times.append(seconds)
            job.peaks.append(mib)
            job.cpus.append(cpu)
            line = f"{seconds:8.3f} s {mib:8.1f} MiB {cpu:8.2f} s CPU"
            print(f"  [{r + 1}] {job.label:<30} {line}", flush=True)

    print(
        f"\nprocesses (wall and CPU = user + system seconds: medians of {args.runs} runs; "
        "peak = the largest max RSS of the runs)"
    )
    width = 6 * args.runs
    print(
        f"  {'command':<30} {'wall s':>8}  {'runs, wall s':<{width}} {'CPU s':>7} {'peak MiB':>9}"
    )
    for job in jobs:
        each = " ".join(f"{t:5.2f}" for t in job.times)
        cpu = statistics.median(job.cpus)
        print(f"  {job.label:<30} {job.seconds:8.3f}  {each:<{width}} {cpu:7.2f} {job.mib:9.1f}")

    figures: list[tuple[str, Job, Job, bool, str, float | None]] = []
    for size in sizes:  # label, numerator, denominator, memory?, goal, limit
        n = label_of(size)
        v, pd_, ar = by_key[f"v{size}"], by_key[f"pandas{size}"], by_key[f"arrow{size}"]
        plain, cr = by_key[f"plain{size}"], by_key[f"cr{size}"]
        figures += [
            (f"{n}: validate / pandas read_csv, time", v, pd_, False, "<= 1.5", 1.5),
            (f"{n}: validate / pyarrow strings, time", v, ar, False, "<= 3", 3.0),
            (f"{n}: quoted / unquoted file, time", v, plain, False, "<= 1.1", 1.1),
            (f"{n}: validate / pandas, peak memory", v, pd_, True, "<= 1.0", 1.0),
            (f"{n}: lone CR / CRLF file, time", cr, v, False, "(no goal)", None),
        ]
    figures.append((f"{xn}: .xlsx / .csv, time", by_key["xlsx"], by_key["xcsv"], False, "<= 2", 2))
    if args.five:
        five_job, one = by_key["v5000000"], by_key["v1000000"]
        figures.append(("5M / 1M rows, validate time", five_job, one, False, "<= 5.5", 5.5))
        figures.append(("5M / 1M rows, peak memory", five_job, one, True, "<= 1.2", 1.2))
    if args.copies:
        copies, distinct = by_key["copies"], by_key["distinct"]
        label = "1M copies / 1M distinct, peak memory"
        figures.append((label, copies, distinct, True, "<= 1.3", 1.3))
    # The goals are on wall time; the ratio of CPU seconds is beside it, as a check when
    # other work shares the machine (it counts every thread: Arrow's reads use them all)
    print("\nfigures (ratios of this run; goals on wall time, or on peak memory)")
    print(f"  {'figure':<38} {'measured':>8}  {'goal':<10} {'':<6}  {'from':<24} CPU ratio")
    for label, top, bottom, memory, goal, limit in figures:
        if memory:
            value, parts = top.mib / bottom.mib, f"{top.mib:.0f} MiB / {bottom.mib:.0f} MiB"
            cpu = ""
        else:
            value = top.seconds / bottom.seconds
            parts = f"{top.seconds:.3f} s / {bottom.seconds:.3f} s"
            cpu = f"{top.cpu / bottom.cpu:8.2f}x"
        met = "" if limit is None else ("met" if value <= limit else "MISSED")
        print(f"  {label:<38} {value:7.2f}x  {goal:<10} {met:<6}  {parts:<24} {cpu}".rstrip())
    load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    print(f"\nwhole benchmark: {time.perf_counter() - began:.0f} s; load average now {load}")


if __name__ == "__main__":
    main()
