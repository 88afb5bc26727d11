"""Reading one cell the way a county clerk typed it.

Clean numbers take the vectorised path in the loader; only the cells that fail it come
here, so the per-cell Python work scales with the messy cells, not with the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from plan_check import problems
from plan_check.codes import Code, Said

MetricType = Literal["int", "float", "bool", "rate"]

# The state of a metric cell once read: the vocabulary the input and judging stages share.
VALUE, BLANK, NA, BAD = 0, 1, 2, 3

# Counts below this are exact in int64 and float64 alike; a larger figure is no real count
# of a county's schools or teachers, and is refused as out of range.
MAX_FIGURE = 10**15
# Amounts (万元, years) are kept as integers of millionths: exact, with at most six
# decimals, and below MAX_AMOUNT so that a million of them still add up in int64.
AMOUNT_DECIMALS = 6
AMOUNT_SCALE = 10**AMOUNT_DECIMALS
MAX_AMOUNT = 10**12

# Written (after NFKC folding and lower-casing) for "not applicable to this unit".
NA_TOKENS = frozenset({"/", "-", "—", "——", "--", "–", "无", "n/a", "na", "不适用"})
# In a count column a clerk's 无 or 没有 is "none": 0, not "not applicable" (失学辍学学生数
# 无 is zero dropouts). In yes/no, rate and amount columns 无 stays "not applicable".
ZERO_WORDS = frozenset({"无", "没有"})

TRUE_TOKENS = frozenset({"是", "√", "✓", "✔", "y", "yes", "true", "1", "已完成", "完成", "已开展"})
FALSE_TOKENS = frozenset({"否", "×", "✗", "✘", "x", "n", "no", "false", "0", "未完成", "未开展"})

# What Excel writes into a cell whose formula fails; a CSV saved from it keeps the text.
EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
# Other words clerks write after a count, standing for the column's unit: 3000名 (人).
UNIT_ALIASES = {"人": ("名",)}
_SCIENTIFIC = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+$")

_WAN = Decimal(10000)
MAX_DIGITS = 24  # longer than any real figure; keeps Decimal far from overflow
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


@dataclass(frozen=True, slots=True)
class CellError:
    """Why a cell was refused: a problem of the catalogue and its parameters as text."""

    code: Code
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, said: Said) -> CellError:
        """The refusal a catalogue constructor says (problems.py)."""
        return cls(said.code, tuple((k, str(v)) for k, v in said.params.items()))

    def said(self) -> Said:
        return Said(self.code, dict(self.params))


def fold(text: str) -> str:
    """The number grammar's cell fold: full-width forms to ASCII (NFKC), surrounding
    spaces off, before a cell is read as a figure, a date or a token (/, 无, 是). Not a
    name folder: names, ids and headers are compared by ``identity.key``."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_bool(text: str) -> bool | CellError:
    token = fold(text).lower()
    if token.upper() in EXCEL_ERRORS:
        return CellError.of(problems.cell_excel_error(value=token.upper()))
    if token in TRUE_TOKENS:
        return True
    if token in FALSE_TOKENS:
        return False
    return CellError.of(problems.cell_not_bool())


def parse_number(text: str, kind: MetricType, unit: str) -> Decimal | CellError:
    """A number as typed in a spreadsheet, exactly (Decimal), or why it cannot be read.

    Accepts thousands separators (12,000), full-width digits (３０００), the 万 multiplier
    (8.58万 = 85800), a trailing unit word equal to the column's unit (300人), and a
    percent in rate columns (96.5% = 0.965). In a 万元 column a trailing 万 is the unit.
    """
    if any(unicodedata.category(ch) == "No" for ch in text):  # 5², ⑤: no figure a clerk types
        return CellError.of(problems.cell_not_number())
    s = "".join(fold(text).split())  # NFKC, and no spaces anywhere (3 000)
    if s.upper() in EXCEL_ERRORS:
        return CellError.of(problems.cell_excel_error(value=s.upper()))
    if _SCIENTIFIC.match(s):  # 4.1E+05: what Excel writes for a number too wide to show
        return CellError.of(problems.cell_scientific())
    aliases = [a for a in UNIT_ALIASES.get(unit, ()) if s.endswith(a)]
    if unit and s.endswith(unit):
        s = s[: -len(unit)]
    elif aliases:
        s = s[: -len(aliases[0])]
    elif unit == "万元" and s.endswith("万"):  # 300万 in a 万元 column: the unit, shortened
        s = s[:-1]
    elif unit == "万元" and s.endswith("元"):
        return CellError.of(problems.cell_wrong_unit(word="元", unit=unit))
    percent = False
    multiplier = Decimal(1)
    if s.endswith("%"):
        if kind != "rate":
            return CellError.of(problems.cell_percent_not_rate())
        percent, s = True, s[:-1]
    elif s.endswith("万") and unit != "万元":
        multiplier, s = _WAN, s[:-1]
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    if not _PLAIN.match(s):
        return CellError.of(problems.cell_not_number())
    if len(s) > MAX_DIGITS:
        return CellError.of(problems.cell_too_long(limit=str(MAX_DIGITS)))
    try:
        value = Decimal(s) * multiplier
    except InvalidOperation:  # pragma: no cover - the pattern above admits only decimals
        return CellError.of(problems.cell_not_number())
    if percent:
        value = value.scaleb(-2)  # keeps the written decimals: 96.50% -> 0.9650
    return check_number(value, kind)


def check_number(value: Decimal, kind: MetricType) -> Decimal | CellError:
    if value < 0:
        return CellError.of(problems.cell_negative())
    if value >= MAX_FIGURE or (kind == "float" and value >= MAX_AMOUNT):
        limit = MAX_AMOUNT if kind == "float" else MAX_FIGURE
        return CellError.of(problems.cell_out_of_range(limit=f"{limit:,}"))
    exponent = value.normalize().as_tuple().exponent
    if kind == "float" and isinstance(exponent, int) and exponent < -AMOUNT_DECIMALS:
        return CellError.of(problems.cell_too_many_decimals(limit=str(AMOUNT_DECIMALS)))
    if kind == "int" and value != value.to_integral_value():
        return CellError.of(problems.cell_not_whole())
    if kind == "rate" and value > 1:
        return CellError.of(problems.rate_out_of_range())
    return value
