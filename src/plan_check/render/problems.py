"""Every data problem as CSV (``--problems FILE.csv``), for a clerk to fix a file by.

One row per problem in file order, with its stable ``code`` first so a spreadsheet
filter or a script can group them, the unit of the row where the reader knows it, and
the blank cells a unit had to fill (``cell_blank``, a warning here: the goals they leave
incomplete say so); UTF-8 with a BOM and the same formula guard as the results CSV, so
a cell quoted from a county's file is never run by Excel."""

from __future__ import annotations

import csv
import io

from plan_check.i18n import t
from plan_check.plan import Plan
from plan_check.render import fixes, text
from plan_check.render.csv import cell
from plan_check.render.options import RenderOptions
from plan_check.report import Report

# "code,severity," starts the header in both languages: a data folder skips the file.
HEADER = (
    "code",
    "severity",
    "col_unit",
    "col_file",
    "col_line",
    "col_cell",
    "col_column",
    "col_value",
    "col_problem",
    "col_accepted",
)


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    lang = options.lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t(h, lang) if h.startswith("col_") else h for h in HEADER])
    of = fixes.owner(report)
    for p in fixes.with_blanks(report, plan):
        row = (
            p.code,
            p.severity,
            text.safe(of(p) or ""),
            text.safe(p.file),
            p.line if p.line is not None else "",
            p.cell or "",
            text.safe(p.column or ""),
            text.safe(p.value or ""),
            text.problem_message(p, lang),
            text.problem_accepted(p, lang),
        )
        writer.writerow([cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()
