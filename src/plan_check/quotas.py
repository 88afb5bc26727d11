"""Per-unit quotas (任务分解): a city target split among the units.

Quotas come from ``quotas:`` in the targets file or an ``--allocations`` CSV (unit, rule
id, quota). They apply to city goals that add up (``sum`` with ``>=`` or ``>``); each
rule's quotas must add up exactly to its city target, name known units and a known rule.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from plan_check.cells import CellError, header_key, parse_number
from plan_check.errors import DataFileError, Msg, TargetsError, TargetsProblem
from plan_check.input.decoding import decode
from plan_check.input.files import SIDE_FILE_LIMIT, read_bytes
from plan_check.plan import Plan

UNIT_HEADERS = {header_key(h) for h in ("unit", "county", "单位", "区县")}
RULE_HEADERS = {header_key(h) for h in ("rule", "rule_id", "规则", "规则编号", "目标")}
QUOTA_HEADERS = {header_key(h) for h in ("quota", "任务数", "分解任务", "任务")}


@dataclass(frozen=True)
class QuotaEntry:
    rule: str
    unit: str
    value: Decimal
    line: int | None = None
    column: int | None = None


Quotas = dict[str, dict[str, Fraction]]
ALLOCATIONS = "allocations_invalid"  # the heading of an allocations file's mistakes


def check_quotas(
    plan: Plan,
    entries: list[QuotaEntry],
    expected_units: list[str] | None,
    shown: str,
    kind: str = "targets_invalid",
) -> Quotas:
    """The quotas by rule and unit, or a TargetsError listing every mistake."""
    problems: list[TargetsProblem] = []
    rules = {r.id: r for r in plan.rules}
    quotas: Quotas = {}
    first_line: dict[str, int | None] = {}

    def fail(e: QuotaEntry, msg: Msg) -> None:
        problems.append(TargetsProblem(shown, e.line, e.column, e.rule, msg))

    for e in entries:
        rule = rules.get(e.rule)
        if rule is None:
            fail(e, Msg("quota_unknown_rule", rule=e.rule, known=", ".join(rules)))
            continue
        if (
            not rule.additive
            or rule.scope != "city"
            or rule.op not in (">=", ">")
            or (rule.target == "baseline")
        ):
            fail(e, Msg("quota_not_summable", rule=e.rule))
            continue
        if expected_units is not None and e.unit not in expected_units:
            fail(e, Msg("quota_unknown_unit", unit=e.unit, units="、".join(expected_units)))
            continue
        if e.unit in quotas.get(e.rule, {}):
            fail(e, Msg("quota_duplicate", unit=e.unit))
            continue
        quotas.setdefault(e.rule, {})[e.unit] = Fraction(e.value)
        first_line.setdefault(e.rule, e.line)
    for rule_id, shares in quotas.items():
        target = rules[rule_id].target_value
        total = sum(shares.values(), Fraction(0))
        if total != target:
            problems.append(
                TargetsProblem(
                    shown,
                    first_line[rule_id],
                    None,
                    rule_id,
                    Msg("quota_sum", sum=_plain(total), target=_plain(target)),
                )
            )
    if problems:
        raise TargetsError(shown, problems, kind)
    return quotas


def _plain(value: Fraction | None) -> str:
    if value is None:
        return "—"
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def read_allocations(path: Path) -> list[QuotaEntry]:
    """An allocation CSV: columns unit, rule id and quota (Chinese headers work too)."""
    shown = str(path)
    data = read_bytes(path, shown, limit=SIDE_FILE_LIMIT)
    text, _ = decode(shown, data, None)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:  # a cell over the csv module's limit, a stray NUL
        raise DataFileError(
            "file_csv_syntax", path=shown, line=reader.line_num, reason=str(exc)
        ) from None
    if not rows:
        raise DataFileError("file_empty", path=shown)
    header = [header_key(h) for h in rows[0]]
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
