"""Cells of the workbooks plan-check writes (the report ``-o report.xlsx``, the
退回修改单 and 催报 lists): text from data always stored as text, never as a formula;
figures stored as numbers, exactly as the report shows them (96.62% is 0.9662 shown with
two decimals, never 0.96620000001); alerts as fills with their shape in the text, so
they survive greyscale printing; valid, unique sheet names; fitting column widths."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from plan_check.i18n import Lang, t
from plan_check.numbers import completion, half_up, number, percent, places_apart
from plan_check.render import text
from plan_check.render.overview import ALERT_MARK
from plan_check.report import Alert, Goal

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

Value = str | int | Decimal | None
FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}  # Excel's own light fills
HEAD_FILL = "DDEBF7"
BAD_SHEET_CHARS = set("[]:*?/\\")
SHEET_CHARS = 31  # Excel's limit on a sheet name
MAX_WIDTH = 60


def inert(words: str) -> str:
    """Text as a workbook may hold it, the one way every text goes into one: control and
    format characters shown as escapes (``safe``), and the two characters XML cannot hold
    at all (U+FFFE, U+FFFF) too."""
    shown = text.safe(words)
    return shown.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


def figure(
    rule: Goal, value: Fraction | bool | None, lang: Lang, against: Fraction | None = None
) -> tuple[Value, str | None]:
    """A figure as a cell value and its number format, as the report writes it: a count
    an exact number (3,050; 5,200.5), a rate a fraction with the report's decimals shown
    as a percent, yes/no the words 是/否; none as —."""
    if value is None:
        return "—", None
    if isinstance(value, bool):
        return t("yes" if value else "no", lang), None
    if rule.is_rate:
        places = places_apart(value, against, percent)
        return half_up(value, places + 2), "0." + "0" * places + "%" if places else "0%"
    if value.denominator == 1:
        return int(value), "#,##0"
    shown = number(value, places_apart(value, against, number))  # 5,200.5: trailing 0s off
    decimals = len(shown.partition(".")[2])
    return Decimal(shown.replace(",", "")), "#,##0." + "0" * decimals


def share(value: Fraction) -> tuple[Decimal, str]:
    """A completion (actual over target) as a number in percent format, exactly as the
    report writes it: 54.7% is 0.547 shown with one decimal, 99.97% with two."""
    shown = completion(value)  # 54.7%
    digits = shown[:-1]
    places = len(digits.partition(".")[2])
    return Decimal(digits).scaleb(-2), "0." + "0" * places + "%" if places else "0%"


def with_mark(fmt: str | None, alert: Alert | None) -> str | None:
    """A number format that writes the alert's shape before the figure (▲ 2,890)."""
    if alert is None or fmt is None:
        return fmt
    return f'"{ALERT_MARK[alert]} "{fmt}'


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: Value,
    fmt: str | None = None,
    alert: Alert | None = None,
    bold: bool = False,
) -> None:
    """One cell: text made inert (control characters shown as escapes) and stored as
    text even when it starts with =; a number with its format; the alert's fill, and its
    shape before text or in the number format."""
    from openpyxl.styles import Font, PatternFill

    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        shown = inert(value)
        if alert is not None and shown:
            shown = f"{ALERT_MARK[alert]} {shown}"
        cell.value = shown
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif value is None:
        cell.value = None
    else:
        # the figure's own digits, as the report shows them: openpyxl would write a
        # number with "%.16g" (9.8 as 9.800000000000001)
        cell.value = format(value, "f") if isinstance(value, Decimal) else str(value)
        cell.data_type = "n"
        number_format = with_mark(fmt, alert)
        if number_format is not None:
            cell.number_format = number_format
    if alert is not None:
        colour = FILLS[alert]
        cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
    if bold:
        cell.font = Font(bold=True)


def header(ws: Worksheet, row: int, names: Sequence[str]) -> None:
    from openpyxl.styles import Font, PatternFill

    for col, name in enumerate(names, start=1):
        put(ws, row, col, name)
        cell = ws.cell(row=row, column=col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill(fill_type="solid", start_color=HEAD_FILL, end_color=HEAD_FILL)


def rows(ws: Worksheet, first: int, lines: Iterable[Sequence[Value]]) -> int:
    """Plain rows from ``first``; the next free row."""
    row = first
    for line in lines:
        for col, value in enumerate(line, start=1):
            put(ws, row, col, value)
        row += 1
    return row


def width(value: object) -> int:
    """Display columns: a CJK character takes two."""
    shown = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in shown)


def fit_columns(ws: Worksheet, minimum: int = 6) -> None:
    from openpyxl.utils import get_column_letter

    widest: dict[int, int] = {}
    for line in ws.iter_rows():
        for cell in line:
            if cell.value is None:
                continue
            value = cell.value
            if cell.data_type == "n":  # a figure: shown with its separators and mark
                value = f"{value},,,,,"
            widest[cell.column] = max(widest.get(cell.column, 0), width(value))
    for col, size in widest.items():
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = min(MAX_WIDTH, max(minimum, size + 2))


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid sheet name for ``name`` that no other sheet has (Excel compares them
    without case): at most 31 characters, none of []:*?/\\, no leading or trailing
    apostrophe, control characters shown as escapes; a clash gets ~2, ~3…"""
    shown = "".join("_" if ch in BAD_SHEET_CHARS else ch for ch in inert(name))
    shown = shown.strip().strip("'").strip() or "_"
    if shown.lower() == "history":  # reserved by Excel
        shown = "_history"
    if len(shown) > SHEET_CHARS:  # the middle cut: the start and the end tell units apart
        keep = (SHEET_CHARS - 3) // 2
        shown = shown[:keep] + "…" + shown[-keep:]
    candidate = shown
    n = 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"~{n}"
        candidate = shown[: SHEET_CHARS - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def new_book(generated: datetime) -> Workbook:
    from openpyxl import Workbook

    book = Workbook()
    stamp = generated.replace(tzinfo=None, microsecond=0)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "plan-check"
    return book


def save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
