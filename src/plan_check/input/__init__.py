"""The input stage: the submitted files to one table of records, and every problem in them.

files (regular files only, folders, never an input overwritten) → decoding (whole-file
encoding, UTF-8 bytes) → delimited / workbook (a Grid: header, rows in chunks, each row's
place) → columns (cells to figures: Arrow kernels, the clerk's-habit parser) → records
(one file's rows, located problems) → combine (files as one submission).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from plan_check.errors import DataFileError
from plan_check.input.dates import parse_date
from plan_check.input.files import Submission, expand

if TYPE_CHECKING:  # the package itself stays light: rosters and dates need no numpy
    from plan_check.dictionary import Dictionary
    from plan_check.figures import Records
    from plan_check.input.grid import Grid
    from plan_check.report import FileInfo, Problem

Progress = Callable[[str, int, int], None]  # (file, lines read, lines in all)

__all__ = ["Loaded", "Progress", "Submission", "expand", "load", "parse_date", "read_grids"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
# Errors that stop the whole check even when other files could be read: a path that does
# not exist, or is no file, is a mistake in the command, not in a county's submission.
STOPS_THE_CHECK = frozenset({"file_not_found", "file_not_regular"})


@dataclass
class Loaded:
    records: Records
    problems: list[Problem]
    files: list[FileInfo]
    missing_units: list[str] = field(default_factory=list)
    report_dates: dict[str, date] = field(default_factory=dict)  # file -> its 填报日期
    first_rows: dict[str, tuple[str, int]] = field(default_factory=dict)  # unit -> file, line


def read_grids(
    path: Path, encoding: str | None, sheet: str | None
) -> tuple[list[Grid], list[tuple[str, str]]]:
    """Any data file: a workbook by its extension (every sheet with a unit column, and the
    sheets left out with why), otherwise delimited text."""
    shown = str(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from plan_check.input.workbook import read_workbook

        sheets = read_workbook(path, shown, sheet)
        return sheets.grids, sheets.skipped
    from plan_check.input.delimited import read_delimited

    return [read_delimited(path, shown, encoding)], []


def load(
    submission: Submission | list[Path],
    plan: Dictionary,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    expected_units: list[str] | None = None,
    progress: Callable[[Grid], Progress | None] | None = None,
) -> Loaded:
    from plan_check.input.combine import combine
    from plan_check.input.layout import Columns, FileReader
    from plan_check.input.records import read_records
    from plan_check.report import FileInfo, Problem

    if not isinstance(submission, Submission):
        submission = Submission(tuple(submission))
    columns = Columns(plan)
    problems: list[Problem] = [
        Problem(str(p), None, None, None, "own_report_skipped", {}, None, {}, "warning")
        for p in submission.own_reports
    ]
    files: list[FileInfo] = []
    parsed = []
    unreadable: list[DataFileError] = []
    for path in submission.files:
        # one file that cannot be read is a problem of that file: the others are judged,
        # and its units are missing (named, with a roster); nothing readable at all stops
        before = len(problems)
        try:
            grids, skipped = read_grids(path, encoding, sheet)
            for name, code in skipped:  # a sheet without a unit column is said, not ignored
                severity: Literal["error", "warning"] = (
                    "error" if code == "sheet_rows_no_unit_column" else "warning"
                )
                problems.append(
                    Problem(str(path), None, None, name, code, {"sheet": name}, None, {}, severity)
                )
            read = []
            for grid in grids:
                tick = progress(grid) if progress is not None else None
                read.append((grid, read_records(FileReader(grid, problems), columns, tick)))
        except DataFileError as exc:
            if exc.code in STOPS_THE_CHECK or len(submission.files) == 1:
                raise
            del problems[before:]
            unreadable.append(exc)
            line = exc.params.get("line")
            problems.append(
                Problem(
                    str(path),
                    line if isinstance(line, int) else None,
                    None,
                    None,
                    "file_unreadable_skipped",
                    {"reason": exc.code, **exc.params},
                )
            )
            continue
        for grid, records in read:
            parsed.append(records)
            files.append(
                FileInfo(grid.path, grid.encoding, len(records.units), delimiter=grid.delimiter)
            )
    if not parsed and unreadable:
        raise unreadable[0]
    records_all, missing, first_rows = combine(parsed, plan, expected_units)
    _in_file_order(problems, [r.file.grid for r in parsed])
    dates = {r.file.grid.path: r.file.report_date for r in parsed if r.file.report_date}
    return Loaded(records_all, problems, files, missing, dates, first_rows)


def _in_file_order(problems: list[Problem], grids: list[Grid]) -> None:
    """Problems file by file, top to bottom and left to right, as a clerk fixes them."""
    file_no = {grid.path: n for n, grid in enumerate(grids)}
    column_no = {
        (grid.path, header.strip()): j
        for grid in grids
        for j, header in reversed(list(enumerate(grid.header)))
    }
    problems.sort(
        key=lambda p: (
            file_no.get(p.file, -1),
            p.line or 0,
            column_no.get((p.file, p.column or ""), -1),
        )
    )
