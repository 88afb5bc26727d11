"""``plan-check template``: the blank submission form a county clerk fills in.

The columns are the unit, the report date and every metric a rule needs, with their
Chinese headers in the plan's order; a second line gives the unit of measure (the loader
skips it). The .xlsx form adds what helps a clerk in Excel: a frozen header, widths that
fit the Chinese headers, 是/否 drop-downs, whole-number checks and an instructions sheet.
"""

from __future__ import annotations

import calendar
import csv
import io
from datetime import date, timedelta
from pathlib import Path

from plan_check.input.grid import NOTES_SHEET
from plan_check.models import item_words
from plan_check.plan import Metric, Plan
from plan_check.rules import RuleBase

TEMPLATE_ROWS = 10_002  # header, units line and 10,000 rows: a school-level form fits
DATE_HEADER = "填报日期"


def form_metrics(plan: Plan) -> list[Metric]:
    return [m for m in plan.metrics if not m.optional]


def _unit_line(metrics: list[Metric]) -> list[str]:
    return ["", "", *[m.unit if m.type != "bool" else "是/否" for m in metrics]]


def csv_template(plan: Plan, units: list[str]) -> str:
    """UTF-8 with a BOM, so Excel opens the Chinese headers correctly."""
    metrics = form_metrics(plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([plan.unit_header, DATE_HEADER, *[m.header for m in metrics]])
    writer.writerow(_unit_line(metrics))
    for unit in units:
        writer.writerow([unit] + [""] * (len(metrics) + 1))
    return "\ufeff" + buffer.getvalue()


def instructions(plan: Plan, units: list[str]) -> list[tuple[str, str]]:
    """The instructions sheet, in the plan's words: its unit column, its city row, the
    goals that bind every unit and the city row's own acts, a date of its year."""
    words = plan.words()["zh"]
    city, owner = words["city"], words["owner"]
    named = [u for u in units if u not in plan.city_units][:2]
    never_na = _headers(plan, [r for r in plan.rules if not r.allow_na])
    own_acts = _headers(plan, [r for r in plan.rules if r.scope == "city_row"])
    rows = [
        ("填报说明", ""),
        (
            "每个单位一行",
            f"在“{plan.unit_header}”列填写单位名称"
            + (f"(如 {'、'.join(named)})" if named else "")
            + f",{owner}填在“{city}”一行。每所学校一行时,另加“学校”列。",
        ),
        ("数字", "填数字即可:3000、3,000、0.3万、3000人 都可以。人数、个数须为整数。"),
        ("是/否", "下拉选择“是”或“否”(也接受 √/×、Y/N、已完成/未完成)。"),
        ("留空", "留空表示“未填报”,不会按 0 计算;请把 0 写成 0。"),
        (
            "不适用",
            "本单位不适用的项目填 / 或 —。人数、个数列填“无”即为 0。"
            + (f"{never_na}每个单位都须填写,没有写 0 或“无”,不得填 /。" if never_na else ""),
        ),
    ]
    if own_acts:
        rows.append(
            (
                f"{city}一行",
                f"{owner}的工作由“{city}”一行填“是/否”,其他单位填的“是”不能代替:{own_acts}。",
            )
        )
    mid_year = _half_a_year_on(plan.period_start)
    rows += [
        (
            "填报日期",
            f"年中填报时写日期,如 {mid_year.isoformat()},用于按序时进度核查;全年总结可不填。",
        ),
        ("第二行", "第二行是计量单位,请勿删除或填写数据。"),
        ("核查", "填好后运行:plan-check validate 本文件.xlsx"),
    ]
    return rows


def _half_a_year_on(start: date) -> date:
    """The last day of the period's first half: 2024-06-30 for 2024-01-01."""
    year, month = divmod(start.month - 1 + 6, 12)
    year, month = start.year + year, month + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) - timedelta(days=1)


def _headers(plan: Plan, rules: list[RuleBase]) -> str:
    """The columns of these goals, in the plan's order: 失学辍学学生数、…"""
    wanted = {metric for rule in rules for metric in rule.inputs}
    return "、".join(m.header for m in form_metrics(plan) if m.id in wanted)


def xlsx_template(plan: Plan, units: list[str], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    metrics = form_metrics(plan)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "填报表"
    headers = [plan.unit_header, DATE_HEADER, *[m.header for m in metrics]]
    ws.append(headers)
    ws.append(_unit_line(metrics))
    for unit in units:
        ws.append([unit])
    last_row = max(len(units) + 2, TEMPLATE_ROWS)  # room for one row per school
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
    for col, header in enumerate(headers, 1):
        cell = ws.cell(row=1, column=col)
        cell.font, cell.fill = bold, grey
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.cell(row=2, column=col).font = Font(italic=True, color="666666")
        # a CJK character is about two Latin widths wide
        width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in header) + 2
        ws.column_dimensions[get_column_letter(col)].width = min(max(width, 10), 40)
    ws.freeze_panes = "B3"
    # Advisory, never refusing: Excel's own checks cannot accept everything plan-check
    # reads (√, Y, 3000人, 0.3万, / for not applicable), so they warn and let the clerk go on.
    yes_no = DataValidation(
        type="list",
        formula1='"是,否,/"',
        allow_blank=True,
        error="一般填 是 或 否(也接受 √/×、Y/N、已完成/未完成,不适用填 /);确定要保留吗?",
        errorTitle="是/否",
        errorStyle="warning",
    )
    whole = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        error="一般填不小于 0 的整数(也接受 3,000、0.3万、3000人,不适用填 /);确定要保留吗?",
        errorTitle="整数",
        errorStyle="warning",
    )
    decimal = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        error="一般填不小于 0 的数(至多 6 位小数,不适用填 /);确定要保留吗?",
        errorTitle="数字",
        errorStyle="warning",
    )
    for validation in (yes_no, whole, decimal):
        validation.showErrorMessage = True
        ws.add_data_validation(validation)
    for col, metric in enumerate(metrics, 3):
        letter = get_column_letter(col)
        cells = f"{letter}3:{letter}{last_row}"
        {"bool": yes_no, "int": whole}.get(metric.type, decimal).add(cells)
        note = (f"{metric.name_en}\n" if metric.name_en else "") + item_words(metric.item, "zh")
        note += f",单位:{metric.unit}" if metric.unit else ""
        if metric.note is not None:
            note += f"\n{metric.note.zh}"
        ws.cell(row=1, column=col).comment = Comment(note, "plan-check")
    info = book.create_sheet(NOTES_SHEET)
    for row in instructions(plan, units):
        info.append(list(row))
    meanings = [m for m in metrics if m.note is not None]
    if meanings:
        info.append([])
        info.append(["各列的口径", ""])
        for m in meanings:
            assert m.note is not None
            info.append([m.header, m.note.zh])
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 36
    info.column_dimensions["B"].width = 90
    book.save(path)
