"""Student-level ledgers (学籍 / 控辍保学台账): one row per student, generated.

    python bench/students.py OUT.csv --rows 20000000 [--seed 7]

Columns: 区县, 学校, 学籍号 (unique within a unit) and eight 0/1 columns of the data
dictionary that sum to the county figures the plan's item 27 asks for: the year-9 cohort
(该届学生入学时人数 / 初中毕业班学生数), children with disabilities and those of them in
school, home-taught students (送教上门) with a personal plan and visited twice a month, and
dropouts. Written with Arrow a million rows at a time, so 10^8 rows need no more memory
than 10^6. Deterministic for a seed; the same code made ``samples/students-2023.csv``
(``--rows 3000 --seed 2023 --dropout-unit 河东区``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

UNITS = ["青山县", "白水县", "云岭市", "河东区", "河西区", "松林县", "石门县", "市直"]
COLUMNS = [
    ("cohort_entry", "该届学生入学时人数"),
    ("cohort_graduating", "初中毕业班学生数"),
    ("disabled_children", "适龄残疾儿童少年数"),
    ("disabled_children_enrolled", "适龄残疾儿童少年接受义务教育人数"),
    ("songjiao_students", "送教上门学生数"),
    ("songjiao_with_plan", "已落实一人一案的送教学生数"),
    ("songjiao_students_2x_month", "每月送教不少于2次的学生数"),
    ("dropouts", "失学辍学学生数"),
]
STEP = 1_000_000


def write(path: Path, rows: int, seed: int, dropout_unit: str | None) -> dict[str, dict[str, int]]:
    """Write the ledger; returns the sums per column and unit (for checking a run)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(seed)
    sums = {name: dict.fromkeys(UNITS, 0) for name, _ in COLUMNS}
    header = ["区县", "学校", "学籍号"] + [h for _, h in COLUMNS]
    tmp = path.with_suffix(path.suffix + ".part")
    with tmp.open("wb") as out:
        out.write((",".join(header) + "\r\n").encode("utf-8"))
        for start in range(0, rows, STEP):
            n = min(STEP, rows - start)
            unit = rng.integers(0, len(UNITS), n)
            school = rng.integers(1, 40, n)
            ids = np.arange(start, start + n, dtype=np.int64) * 7919 % 10**12 + 10**12
            entry = rng.random(n) < 0.11
            graduating = entry & (rng.random(n) < 0.975)
            disabled = rng.random(n) < 0.015
            enrolled = disabled & (rng.random(n) < 0.985)
            home = disabled & (rng.random(n) < 0.12)
            plan = home & (rng.random(n) < 0.99)
            twice = home & (rng.random(n) < 0.96)
            dropout = np.zeros(n, dtype=bool)
            if dropout_unit is not None and start == 0:
                first = int(np.flatnonzero(unit == UNITS.index(dropout_unit))[0])
                dropout[first] = True
            values = [entry, graduating, disabled, enrolled, home, plan, twice, dropout]
            names = pa.array(np.array(UNITS)[unit])
            schools = pc.binary_join_element_wise(
                names, pa.array(np.char.mod("第%d学校", school)), ""
            )
            table = pa.table(
                {
                    "区县": names,
                    "学校": schools,
                    "学籍号": pc.binary_join_element_wise(
                        pa.array(["G"] * n), pc.cast(pa.array(ids), pa.string()), ""
                    ),
                    **{
                        h: pa.array(v.astype(np.int8))
                        for (_, h), v in zip(COLUMNS, values, strict=True)
                    },
                }
            )
            options = pacsv.WriteOptions(include_header=False, quoting_style="none")
            pacsv.write_csv(table, out, write_options=options)
            for (name, _), v in zip(COLUMNS, values, strict=True):
                per_unit = np.bincount(unit[v], minlength=len(UNITS))
                for u, c in zip(UNITS, per_unit.tolist(), strict=True):
                    sums[name][u] += c
    tmp.rename(path)
    return sums


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dropout-unit", default=None, help="give this unit one dropout")
    parser.add_argument("--sums", type=Path, help="write the sums per column and unit (JSON)")
    args = parser.parse_args()
    sums = write(args.out, args.rows, args.seed, args.dropout_unit)
    if args.sums is not None:
        args.sums.write_text(json.dumps(sums, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
