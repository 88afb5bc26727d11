"""``--returns DIR``: one 退回修改单 per unit with something to fix, and the 催报 list of
the roster's units that sent nothing, as workbooks (or CSV); problems no one unit has to
fix (a file that could not be read) in a list of their own. Each run writes into a
fresh folder named after the as-of date inside DIR (2023-09-30, then 2023-09-30-2…), so
a list already sent out is never written over."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from plan_check import refusals
from plan_check.codes import Code
from plan_check.i18n import Lang, list_sep, t
from plan_check.plan import Plan
from plan_check.render import fixes, text
from plan_check.render.csv import cell as csv_cell
from plan_check.render.options import RenderOptions
from plan_check.report import Report

Row = Sequence[str | int | None]
COLUMNS = (
    "col_kind", "col_file", "col_line", "col_cell", "col_column", "col_value",
    "col_problem", "col_accepted", "col_code",
)  # fmt: skip
CHASE_COLUMNS = ("col_unit", "col_status", "col_missing")
NAME_CHARS = 60  # of a unit's name in a file name


def unit_rows(todo: fixes.Fixes, plan: Plan, lang: Lang) -> list[Row]:
    """The unit's cells to fix (blank required cells included) with their place, value
    and what is accepted; the figures it left out with no cell to point at; the goals it
    must meet on its own that it has missed for good, as results."""
    out: list[Row] = []
    for p in todo.problems:
        blank = p.code in (Code.CELL_BLANK, Code.CELL_BLANK_MORE)
        kind = "kind_blank" if blank else "kind_problem"
        out.append([t(kind, lang), *fixes.problem_cells(p, lang)])
    for a in todo.absent:
        columns = list_sep(lang).join(a.columns)
        goal = text.title(a.result.rule, lang)
        out.append([t("kind_absent", lang), "", None, "", columns, "", goal, "", "not_reported"])
    for m in todo.missed:  # a result: nothing to put in its place, nothing "accepted"
        said = fixes.missed_line(m, plan, lang)
        out.append([t("kind_missed", lang), "", None, "", "", "", said, "", "goal_missed"])
    return out


def chase_rows(report: Report, plan: Plan, lang: Lang) -> list[Row]:
    """The roster's units that sent nothing, and what they owe: every column they fill."""
    out: list[Row] = []
    for unit in report.missing_units:
        owed = fixes.headers(plan, fixes.must_fill(plan, unit, report))
        out.append([unit, t("rank_not_sent", lang), list_sep(lang).join(owed)])
    return out


def file_name(unit: str, taken: set[str]) -> str:
    """A unit's name as a safe file name part: no separators, no control or reserved
    characters, no leading dot, short, unique without case."""
    shown = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "_", text.safe(unit)).strip().lstrip(".")
    shown = shown[:NAME_CHARS] or "_"
    candidate, n = shown, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{shown}-{n}"
    taken.add(candidate.lower())
    return candidate


def fresh_folder(directory: Path, day: date) -> Path:
    """DIR/2023-09-30, or DIR/2023-09-30-2… when that one exists: never an old one."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        n = 1
        while True:
            folder = directory / (day.isoformat() + (f"-{n}" if n > 1 else ""))
            try:
                folder.mkdir()
                return folder
            except FileExistsError:
                n += 1
    except OSError as exc:
        raise refusals.output_unwritable(path=str(directory), reason=exc.strerror) from None


def write_returns(
    report: Report, plan: Plan, directory: Path, fmt: str, options: RenderOptions
) -> tuple[Path | None, int, int]:
    """Write the 退回修改单 and the 催报 list; the folder written (none when there is
    nothing to send: no folder, no empty list), units returned, units chased."""
    lang = options.lang
    todo = fixes.all_fixes(report, plan)
    others = fixes.no_ones(report, plan)
    chased = chase_rows(report, plan, lang)
    if not (todo or others or chased):
        return None, 0, 0
    folder = fresh_folder(directory, report.as_of or options.generated.date())
    taken: set[str] = set()
    heads = [t(c, lang) for c in COLUMNS]
    for item in todo:
        title = t("returns_title", lang, unit=text.safe(item.unit))
        name = t("returns_file", lang, unit=file_name(item.unit, taken))
        _save(folder / f"{name}.{fmt}", title, heads, unit_rows(item, plan, lang), options)
    if others:  # never dropped: the bureau sees them and whom to ask
        rows = unit_rows(fixes.Fixes("", tuple(others), (), ()), plan, lang)
        title = t("returns_no_unit", lang)
        _save(folder / f"{t('returns_no_unit_file', lang)}.{fmt}", title, heads, rows, options)
    if chased:  # nobody missing: no empty list to send round
        heads = [t(c, lang) for c in CHASE_COLUMNS]
        title = t("chase_title", lang)
        _save(folder / f"{t('chase_file', lang)}.{fmt}", title, heads, chased, options)
    return folder, len(todo), len(chased)


def _save(
    path: Path, title: str, heads: list[str], rows: list[Row], options: RenderOptions
) -> None:
    if path.suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(heads)
        for row in rows:
            writer.writerow([csv_cell("" if v is None else text.safe(v)) for v in row])
        data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    else:
        data = _workbook(title, heads, rows, options)
    try:
        with path.open("xb") as out:  # a fresh folder: never over an existing file
            out.write(data)
    except OSError as exc:
        raise refusals.output_unwritable(path=str(path), reason=exc.strerror) from None


def _workbook(title: str, heads: list[str], rows: list[Row], options: RenderOptions) -> bytes:
    from plan_check.render.xlsx_cells import fit_columns, header, new_book, put, save, sheet_name
    from plan_check.render.xlsx_cells import rows as put_rows

    book = new_book(options.generated)
    ws = book.active
    assert ws is not None
    ws.title = sheet_name(title, set())
    put(ws, 1, 1, title, bold=True)
    header(ws, 2, heads)
    put_rows(ws, 3, rows)
    ws.freeze_panes = "A3"
    fit_columns(ws)
    return save(book)
