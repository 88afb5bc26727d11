"""Per-unit quotas (任务分解): a city target split among the units.

Quotas come from ``quotas:`` in the targets file or an ``--allocations`` CSV (unit, rule
id, quota). They apply to city goals that add up (``sum`` with ``>=`` or ``>``); each
rule's quotas must add up exactly to its city target, name known units and a known rule.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from plan_check import refusals
from plan_check.cells import CellError, parse_number
from plan_check.errors import Msg, TargetsError, TargetsProblem
from plan_check.identity import key
from plan_check.input.decoding import decode
from plan_check.input.files import SIDE_FILE_LIMIT, read_bytes
from plan_check.shares import ALLOCATIONS as ALLOCATIONS  # what the engine uses
from plan_check.shares import QuotaEntry as QuotaEntry
from plan_check.shares import Quotas as Quotas
from plan_check.shares import check_quotas as check_quotas

UNIT_HEADERS = {key(h) for h in ("unit", "county", "单位", "区县", "乡镇", "镇街")}
RULE_HEADERS = {key(h) for h in ("rule", "rule_id", "规则", "规则编号", "目标")}
QUOTA_HEADERS = {key(h) for h in ("quota", "任务数", "分解任务", "任务")}


def read_allocations(path: Path) -> list[QuotaEntry]:
    """An allocation CSV: columns unit, rule id and quota (Chinese headers work too)."""
    shown = str(path)
    data = read_bytes(path, shown, limit=SIDE_FILE_LIMIT)
    text, _ = decode(shown, data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:  # a cell over the csv module's limit, a stray NUL
        raise refusals.file_csv_syntax(path=shown, line=reader.line_num, reason=str(exc)) from None
    if not rows:
        raise refusals.file_empty(path=shown)
    header = [key(h) for h in rows[0]]
    try:
        cols = [
            next(i for i, h in enumerate(header) if h in names)
            for names in (UNIT_HEADERS, RULE_HEADERS, QUOTA_HEADERS)
        ]
    except StopIteration:
        raise TargetsError(
            shown, [TargetsProblem(shown, 1, None, None, Msg("quota_header"))], ALLOCATIONS
        ) from None
    entries: list[QuotaEntry] = []
    problems: list[TargetsProblem] = []
    for line, row in enumerate(rows[1:], start=2):
        cells = [row[c].strip() if c < len(row) else "" for c in cols]
        if not any(cells):
            continue
        unit, rule, raw = cells
        value = parse_number(raw, "float", "")
        if isinstance(value, CellError):
            problems.append(
                TargetsProblem(
                    shown, line, cols[2] + 1, rule or None, Msg("quota_not_number", value=raw)
                )
            )
            continue
        entries.append(QuotaEntry(rule, unit, value, line, None))
    if problems:
        raise TargetsError(shown, problems, ALLOCATIONS)
    return entries
