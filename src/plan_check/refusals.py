"""The errors that stop a check (exit 2): one constructor per error, its parameters those
the error's wording names, typed (codes.Code lists them; tests/test_catalogue.py holds
each constructor to its wordings). Raise what a constructor returns."""

from __future__ import annotations

from plan_check.codes import Code
from plan_check.errors import DataFileError, Msg, PlanCheckError, UsageError

# --- cannot run: a data file (or a file read beside it) cannot be used ---


def file_not_found(*, path: str) -> DataFileError:
    return DataFileError(Code.FILE_NOT_FOUND, path=path)


def file_not_regular(*, path: str) -> DataFileError:
    return DataFileError(Code.FILE_NOT_REGULAR, path=path)


def file_unreadable(*, path: str, reason: str) -> DataFileError:
    return DataFileError(Code.FILE_UNREADABLE, path=path, reason=reason)


def file_empty(*, path: str) -> DataFileError:
    return DataFileError(Code.FILE_EMPTY, path=path)


def file_no_rows(*, path: str) -> DataFileError:
    return DataFileError(Code.FILE_NO_ROWS, path=path)


def file_too_big(*, path: str, size: int, limit: int) -> DataFileError:
    return DataFileError(Code.FILE_TOO_BIG, path=path, size=size, limit=limit)


def file_changed(*, path: str, start: int, size: int) -> DataFileError:
    return DataFileError(Code.FILE_CHANGED, path=path, start=start, size=size)


def file_binary(*, path: str, line: int) -> DataFileError:
    return DataFileError(Code.FILE_BINARY, path=path, line=line)


def file_undecodable(*, path: str, line: int, byte: int, value: str) -> DataFileError:
    return DataFileError(Code.FILE_UNDECODABLE, path=path, line=line, byte=byte, value=value)


def file_undecodable_utf16(*, path: str, line: int, value: str) -> DataFileError:
    return DataFileError(Code.FILE_UNDECODABLE_UTF16, path=path, line=line, value=value)


def file_utf16_no_bom(*, path: str, encoding: str) -> DataFileError:
    return DataFileError(Code.FILE_UTF16_NO_BOM, path=path, encoding=encoding)


def units_line_scale(*, path: str, line: int, column: str, given: str, unit: str) -> DataFileError:
    return DataFileError(
        Code.UNITS_LINE_SCALE, path=path, line=line, column=column, given=given, unit=unit
    )


def file_bad_encoding_option(*, path: str, line: int, encoding: str, value: str) -> DataFileError:
    return DataFileError(
        Code.FILE_BAD_ENCODING_OPTION, path=path, line=line, encoding=encoding, value=value
    )


def file_not_utf8(*, path: str, line: int, value: str) -> DataFileError:
    return DataFileError(Code.FILE_NOT_UTF8, path=path, line=line, value=value)


def file_utf32(*, path: str) -> DataFileError:
    return DataFileError(Code.FILE_UTF32, path=path)


def file_csv_syntax(*, path: str, line: int, reason: str) -> DataFileError:
    return DataFileError(Code.FILE_CSV_SYNTAX, path=path, line=line, reason=reason)


def file_cell_too_large(*, path: str, line: int, limit: int) -> DataFileError:
    return DataFileError(Code.FILE_CELL_TOO_LARGE, path=path, line=line, limit=limit)


def file_too_wide(*, path: str, line: int, count: int, limit: int) -> DataFileError:
    return DataFileError(Code.FILE_TOO_WIDE, path=path, line=line, count=count, limit=limit)


def file_too_many_units(*, path: str, count: int, limit: int) -> DataFileError:
    return DataFileError(Code.FILE_TOO_MANY_UNITS, path=path, count=count, limit=limit)


def file_no_unit_column(*, path: str, accepted: str) -> DataFileError:
    return DataFileError(Code.FILE_NO_UNIT_COLUMN, path=path, accepted=accepted)


def header_cell_too_long(*, path: str, line: int, length: int) -> DataFileError:
    return DataFileError(Code.HEADER_CELL_TOO_LONG, path=path, line=line, length=length)


def rows_above_header(*, path: str, line: int, count: int, header: int) -> DataFileError:
    return DataFileError(Code.ROWS_ABOVE_HEADER, path=path, line=line, count=count, header=header)


def header_again(*, path: str, line: int, header: int) -> DataFileError:
    return DataFileError(Code.HEADER_AGAIN, path=path, line=line, header=header)


def file_sheet_unchecked(*, path: str, sheet: str) -> DataFileError:
    return DataFileError(Code.FILE_SHEET_UNCHECKED, path=path, sheet=sheet)


def file_shared_text_too_large(*, path: str, longest: int, cells: int, mib: int) -> DataFileError:
    params = {"path": path, "longest": longest, "cells": cells, "mib": mib}
    return DataFileError(Code.FILE_SHARED_TEXT_TOO_LARGE, **params)


def file_not_workbook(*, path: str, reason: str) -> DataFileError:
    return DataFileError(Code.FILE_NOT_WORKBOOK, path=path, reason=reason)


def file_ole2(*, path: str) -> DataFileError:
    return DataFileError(Code.FILE_OLE2, path=path)


def file_xls_as_text(*, path: str) -> DataFileError:
    return DataFileError(Code.FILE_XLS_AS_TEXT, path=path)


def file_xlsx_as_text(*, path: str) -> DataFileError:
    return DataFileError(Code.FILE_XLSX_AS_TEXT, path=path)


def file_xlsx_as_xls(*, path: str) -> DataFileError:
    return DataFileError(Code.FILE_XLSX_AS_XLS, path=path)


def file_xml_entities(*, path: str, part: str) -> DataFileError:
    return DataFileError(Code.FILE_XML_ENTITIES, path=path, part=part)


def file_xml_unusual(*, path: str, part: str) -> DataFileError:
    return DataFileError(Code.FILE_XML_UNUSUAL, path=path, part=part)


def file_zip_bomb(*, path: str, reason: str) -> DataFileError:
    return DataFileError(Code.FILE_ZIP_BOMB, path=path, reason=reason)


def file_sheet_too_large(*, path: str, part: str, rows: int, columns: int) -> DataFileError:
    return DataFileError(
        Code.FILE_SHEET_TOO_LARGE, path=path, part=part, rows=rows, columns=columns
    )


def sheet_not_found(*, path: str, sheet: str, sheets: str) -> DataFileError:
    return DataFileError(Code.SHEET_NOT_FOUND, path=path, sheet=sheet, sheets=sheets)


def workbook_no_unit_column(*, path: str, sheets: str, accepted: str) -> DataFileError:
    return DataFileError(Code.WORKBOOK_NO_UNIT_COLUMN, path=path, sheets=sheets, accepted=accepted)


def workbook_url(*, path: str) -> DataFileError:
    return DataFileError(Code.WORKBOOK_URL, path=path)


def dask_file_unreadable(*, path: str, reason: str) -> DataFileError:
    return DataFileError(Code.DASK_FILE_UNREADABLE, path=path, reason=reason)


def sum_out_of_range(*, metric: str) -> DataFileError:
    return DataFileError(Code.SUM_OUT_OF_RANGE, metric=metric)


def units_file_blank_name(*, path: str, line: int) -> DataFileError:
    return DataFileError(Code.UNITS_FILE_BLANK_NAME, path=path, line=line)


def units_file_empty(*, path: str) -> DataFileError:
    return DataFileError(Code.UNITS_FILE_EMPTY, path=path)


def init_not_text(*, path: str, line: int, value: str) -> DataFileError:
    return DataFileError(Code.INIT_NOT_TEXT, path=path, line=line, value=value)


def init_undecodable(*, path: str, line: int) -> DataFileError:
    return DataFileError(Code.INIT_UNDECODABLE, path=path, line=line)


def previous_not_json(*, path: str, reason: str | Msg) -> DataFileError:
    return DataFileError(Code.PREVIOUS_NOT_JSON, path=path, reason=reason)


def previous_not_report(*, path: str, where: str, what: str | Msg) -> DataFileError:
    return DataFileError(Code.PREVIOUS_NOT_REPORT, path=path, where=where, what=what)


def previous_other_targets(*, path: str) -> DataFileError:
    return DataFileError(Code.PREVIOUS_OTHER_TARGETS, path=path)


# --- cannot run: an option value that cannot be used ---


def no_data_files() -> UsageError:
    return UsageError(Code.NO_DATA_FILES)


def unknown_encoding(*, encoding: str) -> UsageError:
    return UsageError(Code.UNKNOWN_ENCODING, encoding=encoding)


def bad_as_of(*, value: str) -> UsageError:
    return UsageError(Code.BAD_AS_OF, value=value)


def as_of_outside(*, value: str, start: str, end: str) -> UsageError:
    return UsageError(Code.AS_OF_OUTSIDE, value=value, start=start, end=end)


def report_dates_outside_plan(*, dates: str, start: str, end: str, targets: str) -> UsageError:
    return UsageError(
        Code.REPORT_DATES_OUTSIDE_PLAN, dates=dates, start=start, end=end, targets=targets
    )


def bad_output(*, path: str, accepted: str) -> UsageError:
    return UsageError(Code.BAD_OUTPUT, path=path, accepted=accepted)


def bad_problems_output(*, path: str) -> UsageError:
    return UsageError(Code.BAD_PROBLEMS_OUTPUT, path=path)


def output_not_regular(*, option: str, path: str) -> UsageError:
    return UsageError(Code.OUTPUT_NOT_REGULAR, option=option, path=path)


def output_twice(*, first: str, second: str, path: str) -> UsageError:
    return UsageError(Code.OUTPUT_TWICE, first=first, second=second, path=path)


def output_is_input_of(*, option: str, output: str, input: str, role: str | Msg) -> UsageError:
    return UsageError(Code.OUTPUT_IS_INPUT_OF, option=option, output=output, input=input, role=role)


def quiet_and_verbose() -> UsageError:
    return UsageError(Code.QUIET_AND_VERBOSE)


def history_and_previous() -> UsageError:
    return UsageError(Code.HISTORY_AND_PREVIOUS)


def submission_format() -> UsageError:
    return UsageError(Code.SUBMISSION_FORMAT)


def targets_not_a_file(*, path: str) -> UsageError:
    return UsageError(Code.TARGETS_NOT_A_FILE, path=path)


def template_format_mismatch(*, path: str, format: str | Msg) -> UsageError:
    return UsageError(Code.TEMPLATE_FORMAT_MISMATCH, path=path, format=format)


def template_needs_output() -> UsageError:
    return UsageError(Code.TEMPLATE_NEEDS_OUTPUT)


def init_exists(*, path: str) -> UsageError:
    return UsageError(Code.INIT_EXISTS, path=path)


def several_rules(*, rule: str, close: str) -> UsageError:
    return UsageError(Code.SEVERAL_RULES, rule=rule, close=close)


def unknown_rule(*, rule: str, close: str) -> UsageError:
    return UsageError(Code.UNKNOWN_RULE, rule=rule, close=close)


def dask_bad_local(*, value: str, limit: int) -> UsageError:
    return UsageError(Code.DASK_BAD_LOCAL, value=value, limit=limit)


def dask_not_installed() -> UsageError:
    return UsageError(Code.DASK_NOT_INSTALLED)


def dask_unreachable(*, address: str, reason: str) -> UsageError:
    return UsageError(Code.DASK_UNREACHABLE, address=address, reason=reason)


def dask_no_workers(*, address: str, reason: str) -> UsageError:
    return UsageError(Code.DASK_NO_WORKERS, address=address, reason=reason)


def dask_task_failed(*, address: str, reason: str) -> UsageError:
    return UsageError(Code.DASK_TASK_FAILED, address=address, reason=reason)


def jobs_bad(*, value: int, limit: int) -> UsageError:
    return UsageError(Code.JOBS_BAD, value=value, limit=limit)


def jobs_and_dask() -> UsageError:
    return UsageError(Code.JOBS_AND_DASK)


def jobs_task_failed(*, jobs: int, reason: str) -> UsageError:
    return UsageError(Code.JOBS_TASK_FAILED, jobs=jobs, reason=reason)


def option_type(*, option: str, value: str) -> UsageError:
    return UsageError(Code.OPTION_TYPE, option=option, value=value)


def render_format(*, value: str, accepted: str) -> UsageError:
    return UsageError(Code.RENDER_FORMAT, value=value, accepted=accepted)


def render_other_plan(*, targets: str) -> UsageError:
    return UsageError(Code.RENDER_OTHER_PLAN, targets=targets)


# --- cannot run: a history file, a folder or an output ---


def output_unwritable(*, path: str, reason: str | None) -> PlanCheckError:
    return PlanCheckError(Code.OUTPUT_UNWRITABLE, path=path, reason=reason)


def returns_not_folder(*, file: str) -> PlanCheckError:
    return PlanCheckError(Code.RETURNS_NOT_FOLDER, file=file)


def history_missing(*, path: str) -> PlanCheckError:
    return PlanCheckError(Code.HISTORY_MISSING, path=path)


def history_not_file(*, path: str) -> PlanCheckError:
    return PlanCheckError(Code.HISTORY_NOT_FILE, path=path)


def history_not_sqlite(*, path: str, reason: str) -> PlanCheckError:
    return PlanCheckError(Code.HISTORY_NOT_SQLITE, path=path, reason=reason)


def history_not_ours(*, path: str) -> PlanCheckError:
    return PlanCheckError(Code.HISTORY_NOT_OURS, path=path)


def history_newer(*, path: str, found: int, supported: int) -> PlanCheckError:
    return PlanCheckError(Code.HISTORY_NEWER, path=path, found=found, supported=supported)


def history_damaged(*, path: str) -> PlanCheckError:
    return PlanCheckError(Code.HISTORY_DAMAGED, path=path)


def history_busy(*, path: str, seconds: str) -> PlanCheckError:
    return PlanCheckError(Code.HISTORY_BUSY, path=path, seconds=seconds)


def history_unusable(*, path: str, reason: str | None) -> PlanCheckError:
    return PlanCheckError(Code.HISTORY_UNUSABLE, path=path, reason=reason)


def history_bad_value(
    *, path: str, table: str, where: str | Msg, column: str, value: str, accepted: str | Msg
) -> PlanCheckError:
    return PlanCheckError(
        Code.HISTORY_BAD_VALUE,
        path=path,
        table=table,
        where=where,
        column=column,
        value=value,
        accepted=accepted,
    )


def history_unknown_goal(*, path: str, goal: str, close: str) -> PlanCheckError:
    return PlanCheckError(Code.HISTORY_UNKNOWN_GOAL, path=path, goal=goal, close=close)
