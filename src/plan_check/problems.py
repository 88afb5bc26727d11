"""The data problems of the catalogue: one constructor per problem, its parameters those
the problem's wording names, typed (codes.Code lists them; tests/test_catalogue.py holds
each constructor to its wordings). A constructor says what is wrong; where it is (file,
line, column, cell) is for the carrier: report.Problem.at, or the reader's listing."""

from __future__ import annotations

from plan_check.codes import Code, Said, Worded

# --- data problems: a row the reader could not hand on as it is ---


def row_above_header(*, header: int, unit: str) -> Said:
    return Said(Code.ROW_ABOVE_HEADER, {"header": header, "unit": unit})


def row_too_long(*, cells: int, width: int) -> Said:
    return Said(Code.ROW_TOO_LONG, {"cells": cells, "width": width})


def row_too_short(*, cells: int, width: int) -> Said:
    return Said(Code.ROW_TOO_SHORT, {"cells": cells, "width": width})


def row_unquoted_thousands(*, value: str) -> Said:
    return Said(Code.ROW_UNQUOTED_THOUSANDS, {"value": value})


def quote_swallows_rows(*, lines: int) -> Said:
    return Said(Code.QUOTE_SWALLOWS_ROWS, {"lines": lines})


def unclosed_quote(*, lines: int) -> Said:
    return Said(Code.UNCLOSED_QUOTE, {"lines": lines})


# --- data problems: a cell refused ---


def cell_not_number() -> Said:
    return Said(Code.CELL_NOT_NUMBER)


def cell_not_bool() -> Said:
    return Said(Code.CELL_NOT_BOOL)


def cell_excel_error(*, value: str) -> Said:
    return Said(Code.CELL_EXCEL_ERROR, {"value": value})


def cell_scientific() -> Said:
    return Said(Code.CELL_SCIENTIFIC)


def cell_wrong_unit(*, word: str, unit: str) -> Said:
    return Said(Code.CELL_WRONG_UNIT, {"word": word, "unit": unit})


def cell_percent_not_rate() -> Said:
    return Said(Code.CELL_PERCENT_NOT_RATE)


def cell_too_long(*, limit: str) -> Said:
    return Said(Code.CELL_TOO_LONG, {"limit": limit})


def cell_text_too_long(*, limit: str) -> Said:
    return Said(Code.CELL_TEXT_TOO_LONG, {"limit": limit})


def cell_negative() -> Said:
    return Said(Code.CELL_NEGATIVE)


def cell_out_of_range(*, limit: str) -> Said:
    return Said(Code.CELL_OUT_OF_RANGE, {"limit": limit})


def cell_too_many_decimals(*, limit: str) -> Said:
    return Said(Code.CELL_TOO_MANY_DECIMALS, {"limit": limit})


def cell_not_whole() -> Said:
    return Said(Code.CELL_NOT_WHOLE)


def rate_out_of_range() -> Said:
    return Said(Code.RATE_OUT_OF_RANGE)


def cell_blank(*, row_unit: str) -> Said:
    return Said(Code.CELL_BLANK, {"row_unit": row_unit})


def cell_blank_more(*, row_unit: str, count: int) -> Said:
    return Said(Code.CELL_BLANK_MORE, {"row_unit": row_unit, "count": count})


# --- data problems: a row's unit, key or figures ---


def blank_unit() -> Said:
    return Said(Code.BLANK_UNIT)


def unit_invisible_chars(*, unit: str) -> Said:
    return Said(Code.UNIT_INVISIBLE_CHARS, {"unit": unit})


def unit_name_line_break() -> Said:
    return Said(Code.UNIT_NAME_LINE_BREAK)


def unit_name_too_long(*, length: int, limit: int) -> Said:
    return Said(Code.UNIT_NAME_TOO_LONG, {"length": length, "limit": limit})


def total_row() -> Said:
    return Said(Code.TOTAL_ROW)


def school_total_row() -> Said:
    return Said(Code.SCHOOL_TOTAL_ROW)


def key_folds_to_nothing() -> Said:
    return Said(Code.KEY_FOLDS_TO_NOTHING)


def student_id_scientific() -> Said:
    return Said(Code.STUDENT_ID_SCIENTIFIC)


def numerator_na(*, unit: str, numerator: str, denominator: str, den_value: str) -> Said:
    return Said(
        Code.NUMERATOR_NA,
        {"unit": unit, "numerator": numerator, "denominator": denominator, "den_value": den_value},
    )


def numerator_above_denominator(
    *, unit: str, numerator: str, num_value: str, denominator: str, den_value: str
) -> Said:
    return Said(
        Code.NUMERATOR_ABOVE_DENOMINATOR,
        {
            "unit": unit,
            "numerator": numerator,
            "num_value": num_value,
            "denominator": denominator,
            "den_value": den_value,
        },
    )


def rate_disagrees(
    *, unit: str, rate: str, numerator: str, denominator: str, computed: str
) -> Said:
    return Said(
        Code.RATE_DISAGREES,
        {
            "unit": unit,
            "rate": rate,
            "numerator": numerator,
            "denominator": denominator,
            "computed": computed,
        },
    )


def weight_zero_with_value(*, value_column: str) -> Said:
    return Said(Code.WEIGHT_ZERO_WITH_VALUE, {"value_column": value_column})


def duplicate_unit(*, unit: str, first: str) -> Said:
    return Said(Code.DUPLICATE_UNIT, {"unit": unit, "first": first})


def duplicate_school(*, unit: str, school: str, first: str) -> Said:
    return Said(Code.DUPLICATE_SCHOOL, {"unit": unit, "school": school, "first": first})


def duplicate_student(*, unit: str, student: str, first: str) -> Said:
    return Said(Code.DUPLICATE_STUDENT, {"unit": unit, "student": student, "first": first})


def duplicate_national_id(*, student: str, first: str) -> Said:
    return Said(Code.DUPLICATE_NATIONAL_ID, {"student": student, "first": first})


def unit_and_school_rows(*, unit: str, whole: str, parts: str) -> Said:
    return Said(Code.UNIT_AND_SCHOOL_ROWS, {"unit": unit, "whole": whole, "parts": parts})


def unit_and_school_rows_apart(*, unit: str, whole: str, parts: str) -> Said:
    return Said(Code.UNIT_AND_SCHOOL_ROWS_APART, {"unit": unit, "whole": whole, "parts": parts})


def city_rows_twice(*, unit: str, like: str, first: str) -> Said:
    return Said(Code.CITY_ROWS_TWICE, {"unit": unit, "like": like, "first": first})


def unit_written_twice(*, unit: str, like: str) -> Said:
    return Said(Code.UNIT_WRITTEN_TWICE, {"unit": unit, "like": like})


# --- data problems: a file, a sheet or a column ---


def unknown_column() -> Said:
    return Said(Code.UNKNOWN_COLUMN)


# A column a problem names is named both ways, 第 7 列 and G 列: a CSV is typed in Excel too.


def duplicate_column(*, metric: str, other: int, letter: str) -> Said:
    return Said(Code.DUPLICATE_COLUMN, {"metric": metric, "other": other, "letter": letter})


def key_column_unread(*, metric: str, other: int, letter: str) -> Said:
    return Said(Code.KEY_COLUMN_UNREAD, {"metric": metric, "other": other, "letter": letter})


def duplicate_column_differs(*, other: int, letter: str, value: str) -> Said:
    params = {"other": other, "letter": letter, "value": value}
    return Said(Code.DUPLICATE_COLUMN_DIFFERS, params)


def key_column_differs(*, other: int, letter: str, value: str) -> Said:
    return Said(Code.KEY_COLUMN_DIFFERS, {"other": other, "letter": letter, "value": value})


def header_repeated(*, header: int) -> Said:
    return Said(Code.HEADER_REPEATED, {"header": header})


def sheet_empty(*, sheet: str) -> Said:
    return Said(Code.SHEET_EMPTY, {"sheet": sheet})


def sheet_no_unit_column(*, sheet: str) -> Said:
    return Said(Code.SHEET_NO_UNIT_COLUMN, {"sheet": sheet})


def sheet_rows_no_unit_column(*, sheet: str) -> Said:
    return Said(Code.SHEET_ROWS_NO_UNIT_COLUMN, {"sheet": sheet})


def own_report_skipped() -> Said:
    return Said(Code.OWN_REPORT_SKIPPED)


def file_unreadable_skipped(*, message: Said) -> Said:
    return Said(Code.FILE_UNREADABLE_SKIPPED, {**message.params, "error_code": message.code})


def rows_without_figures(*, count: int, rows: str) -> Said:
    return Said(Code.ROWS_WITHOUT_FIGURES, {"count": count, "rows": rows})


def more_problems_unlisted(*, count: int, code: Code) -> Said:
    return Said(Code.MORE_PROBLEMS_UNLISTED, {"count": count, "code": code})


# --- data problems: dates and units across files, reports and years ---


def bad_date() -> Said:
    return Said(Code.BAD_DATE)


def dates_differ_in_file(*, dates: str) -> Said:
    return Said(Code.DATES_DIFFER_IN_FILE, {"dates": dates})


def as_of_differs(*, as_of: str, dates: str) -> Said:
    return Said(Code.AS_OF_DIFFERS, {"as_of": as_of, "dates": dates})


def report_date_ahead(*, date: str, agree: int, as_of: str, rows: int) -> Said:
    return Said(
        Code.REPORT_DATE_AHEAD, {"date": date, "agree": agree, "as_of": as_of, "rows": rows}
    )


def report_date_near(*, date: str, as_of: str) -> Said:
    return Said(Code.REPORT_DATE_NEAR, {"date": date, "as_of": as_of})


def report_date_outside_plan(*, date: str, start: str, end: str) -> Said:
    return Said(Code.REPORT_DATE_OUTSIDE_PLAN, {"date": date, "start": start, "end": end})


def report_date_stale(*, date: str, agree: int, as_of: str, rows: int) -> Said:
    return Said(
        Code.REPORT_DATE_STALE, {"date": date, "agree": agree, "as_of": as_of, "rows": rows}
    )


def report_date_stale_units(*, count: int, units: str) -> Said:
    return Said(Code.REPORT_DATE_STALE_UNITS, {"count": count, "units": units})


def previous_not_earlier(*, previous: str, now: str) -> Said:
    return Said(Code.PREVIOUS_NOT_EARLIER, {"previous": previous, "now": now})


def history_replaced(*, as_of: str | Worded) -> Said:
    return Said(Code.HISTORY_REPLACED, {"as_of": as_of})


def unexpected_unit(*, unit: str) -> Said:
    return Said(Code.UNEXPECTED_UNIT, {"unit": unit})


def unexpected_unit_like(*, unit: str, like: str) -> Said:
    return Said(Code.UNEXPECTED_UNIT_LIKE, {"unit": unit, "like": like})


def quota_unit_not_reported(*, unit: str) -> Said:
    return Said(Code.QUOTA_UNIT_NOT_REPORTED, {"unit": unit})


def quota_unit_not_reported_like(*, unit: str, like: str) -> Said:
    return Said(Code.QUOTA_UNIT_NOT_REPORTED_LIKE, {"unit": unit, "like": like})


def unit_like_other_year(*, unit: str, like: str) -> Said:
    return Said(Code.UNIT_LIKE_OTHER_YEAR, {"unit": unit, "like": like})


def grammar_unit_not_reported(*, name: str) -> Said:
    return Said(Code.GRAMMAR_UNIT_NOT_REPORTED, {"name": name})


def year_to_date_fell(*, unit: str, goal: str, before: str, now: str) -> Said:
    return Said(Code.YEAR_TO_DATE_FELL, {"unit": unit, "goal": goal, "before": before, "now": now})
