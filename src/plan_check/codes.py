"""The problem catalogue's codes: every problem plan-check reports about the data and
every error that stops a check, one member each (as frictionless-py names its errors).

A member is its message code (i18n.MESSAGES is keyed by the same strings, and a StrEnum
member is that string); its parameters are typed by its one constructor, in problems.py
for a data problem and in refusals.py for an error that stops the check.

Outside the catalogue, on purpose: the mistakes of a targets or allocations file (the
``targets_*``, ``grammar_*``, ``quota_*`` wordings an ``errors.Msg`` carries, listed under
one ``TargetsError`` whose code is ``targets_invalid`` or ``allocations_invalid``), the
reasons a goal was judged as it was (``reason_*``), and the labels and headings of the
reports: they are wordings, not problems a report lists or errors a caller catches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class Code(StrEnum):
    """What went wrong, by message code."""

    # --- cannot run: a data file (or a file read beside it) cannot be used ---
    FILE_NOT_FOUND = "file_not_found"
    FILE_NOT_REGULAR = "file_not_regular"
    FILE_UNREADABLE = "file_unreadable"
    FILE_EMPTY = "file_empty"
    FILE_NO_ROWS = "file_no_rows"
    FILE_TOO_BIG = "file_too_big"
    FILE_CHANGED = "file_changed"
    FILE_BINARY = "file_binary"
    FILE_UNDECODABLE = "file_undecodable"
    FILE_UNDECODABLE_UTF16 = "file_undecodable_utf16"
    FILE_UTF16_NO_BOM = "file_utf16_no_bom"
    UNITS_LINE_SCALE = "units_line_scale"
    NUMERATOR_NA = "numerator_na"
    FILE_BAD_ENCODING_OPTION = "file_bad_encoding_option"
    FILE_NOT_UTF8 = "file_not_utf8"
    FILE_UTF32 = "file_utf32"
    FILE_CSV_SYNTAX = "file_csv_syntax"
    FILE_CELL_TOO_LARGE = "file_cell_too_large"
    FILE_TOO_WIDE = "file_too_wide"
    FILE_TOO_MANY_UNITS = "file_too_many_units"
    FILE_NO_UNIT_COLUMN = "file_no_unit_column"
    HEADER_CELL_TOO_LONG = "header_cell_too_long"
    ROWS_ABOVE_HEADER = "rows_above_header"
    HEADER_AGAIN = "header_again"
    FILE_NOT_WORKBOOK = "file_not_workbook"
    FILE_OLE2 = "file_ole2"
    FILE_XLS_AS_TEXT = "file_xls_as_text"
    FILE_XLSX_AS_TEXT = "file_xlsx_as_text"
    FILE_XLSX_AS_XLS = "file_xlsx_as_xls"
    FILE_XML_ENTITIES = "file_xml_entities"
    FILE_XML_UNUSUAL = "file_xml_unusual"
    FILE_SHEET_UNCHECKED = "file_sheet_unchecked"
    FILE_SHARED_TEXT_TOO_LARGE = "file_shared_text_too_large"
    FILE_ZIP_BOMB = "file_zip_bomb"
    FILE_SHEET_TOO_LARGE = "file_sheet_too_large"
    SHEET_NOT_FOUND = "sheet_not_found"
    WORKBOOK_NO_UNIT_COLUMN = "workbook_no_unit_column"
    WORKBOOK_URL = "workbook_url"
    DASK_FILE_UNREADABLE = "dask_file_unreadable"
    SUM_OUT_OF_RANGE = "sum_out_of_range"
    UNITS_FILE_BLANK_NAME = "units_file_blank_name"
    UNITS_FILE_EMPTY = "units_file_empty"
    INIT_NOT_TEXT = "init_not_text"
    INIT_UNDECODABLE = "init_undecodable"
    PREVIOUS_NOT_JSON = "previous_not_json"
    PREVIOUS_NOT_REPORT = "previous_not_report"
    PREVIOUS_OTHER_TARGETS = "previous_other_targets"
    # --- cannot run: an option value that cannot be used ---
    NO_DATA_FILES = "no_data_files"
    UNKNOWN_ENCODING = "unknown_encoding"
    BAD_AS_OF = "bad_as_of"
    AS_OF_OUTSIDE = "as_of_outside"
    REPORT_DATES_OUTSIDE_PLAN = "report_dates_outside_plan"
    BAD_OUTPUT = "bad_output"
    BAD_PROBLEMS_OUTPUT = "bad_problems_output"
    OUTPUT_NOT_REGULAR = "output_not_regular"
    OUTPUT_TWICE = "output_twice"
    OUTPUT_IS_INPUT_OF = "output_is_input_of"
    QUIET_AND_VERBOSE = "quiet_and_verbose"
    HISTORY_AND_PREVIOUS = "history_and_previous"
    SUBMISSION_FORMAT = "submission_format"
    TARGETS_NOT_A_FILE = "targets_not_a_file"
    TEMPLATE_FORMAT_MISMATCH = "template_format_mismatch"
    TEMPLATE_NEEDS_OUTPUT = "template_needs_output"
    INIT_EXISTS = "init_exists"
    SEVERAL_RULES = "several_rules"
    UNKNOWN_RULE = "unknown_rule"
    DASK_BAD_LOCAL = "dask_bad_local"
    DASK_NOT_INSTALLED = "dask_not_installed"
    DASK_UNREACHABLE = "dask_unreachable"
    DASK_NO_WORKERS = "dask_no_workers"
    DASK_TASK_FAILED = "dask_task_failed"
    JOBS_BAD = "jobs_bad"
    JOBS_AND_DASK = "jobs_and_dask"
    JOBS_TASK_FAILED = "jobs_task_failed"
    OPTION_TYPE = "option_type"
    RENDER_FORMAT = "render_format"
    RENDER_OTHER_PLAN = "render_other_plan"
    # --- cannot run: a history file, a folder or an output ---
    OUTPUT_UNWRITABLE = "output_unwritable"
    RETURNS_NOT_FOLDER = "returns_not_folder"
    HISTORY_MISSING = "history_missing"
    HISTORY_NOT_FILE = "history_not_file"
    HISTORY_NOT_SQLITE = "history_not_sqlite"
    HISTORY_NOT_OURS = "history_not_ours"
    HISTORY_NEWER = "history_newer"
    HISTORY_DAMAGED = "history_damaged"
    HISTORY_BUSY = "history_busy"
    HISTORY_UNUSABLE = "history_unusable"
    HISTORY_BAD_VALUE = "history_bad_value"
    HISTORY_UNKNOWN_GOAL = "history_unknown_goal"
    # --- data problems: a row the reader could not hand on as it is ---
    ROW_ABOVE_HEADER = "row_above_header"
    ROW_TOO_LONG = "row_too_long"
    ROW_TOO_SHORT = "row_too_short"
    ROW_UNQUOTED_THOUSANDS = "row_unquoted_thousands"
    QUOTE_SWALLOWS_ROWS = "quote_swallows_rows"
    UNCLOSED_QUOTE = "unclosed_quote"
    # --- data problems: a cell refused ---
    CELL_NOT_NUMBER = "cell_not_number"
    CELL_NOT_BOOL = "cell_not_bool"
    CELL_EXCEL_ERROR = "cell_excel_error"
    CELL_SCIENTIFIC = "cell_scientific"
    CELL_WRONG_UNIT = "cell_wrong_unit"
    CELL_PERCENT_NOT_RATE = "cell_percent_not_rate"
    CELL_TOO_LONG = "cell_too_long"
    CELL_TEXT_TOO_LONG = "cell_text_too_long"
    CELL_NEGATIVE = "cell_negative"
    CELL_OUT_OF_RANGE = "cell_out_of_range"
    CELL_TOO_MANY_DECIMALS = "cell_too_many_decimals"
    CELL_NOT_WHOLE = "cell_not_whole"
    RATE_OUT_OF_RANGE = "rate_out_of_range"
    CELL_BLANK = "cell_blank"
    CELL_BLANK_MORE = "cell_blank_more"
    # --- data problems: a row's unit, key or figures ---
    BLANK_UNIT = "blank_unit"
    UNIT_INVISIBLE_CHARS = "unit_invisible_chars"
    UNIT_NAME_LINE_BREAK = "unit_name_line_break"
    UNIT_NAME_TOO_LONG = "unit_name_too_long"
    TOTAL_ROW = "total_row"
    SCHOOL_TOTAL_ROW = "school_total_row"
    KEY_FOLDS_TO_NOTHING = "key_folds_to_nothing"
    STUDENT_ID_SCIENTIFIC = "student_id_scientific"
    NUMERATOR_ABOVE_DENOMINATOR = "numerator_above_denominator"
    RATE_DISAGREES = "rate_disagrees"
    WEIGHT_ZERO_WITH_VALUE = "weight_zero_with_value"
    DUPLICATE_UNIT = "duplicate_unit"
    DUPLICATE_SCHOOL = "duplicate_school"
    DUPLICATE_STUDENT = "duplicate_student"
    DUPLICATE_NATIONAL_ID = "duplicate_national_id"
    UNIT_AND_SCHOOL_ROWS = "unit_and_school_rows"
    UNIT_AND_SCHOOL_ROWS_APART = "unit_and_school_rows_apart"
    CITY_ROWS_TWICE = "city_rows_twice"
    UNIT_WRITTEN_TWICE = "unit_written_twice"
    # --- data problems: a file, a sheet or a column ---
    UNKNOWN_COLUMN = "unknown_column"
    DUPLICATE_COLUMN = "duplicate_column"
    DUPLICATE_COLUMN_DIFFERS = "duplicate_column_differs"
    KEY_COLUMN_DIFFERS = "key_column_differs"
    KEY_COLUMN_UNREAD = "key_column_unread"
    HEADER_REPEATED = "header_repeated"
    SHEET_EMPTY = "sheet_empty"
    SHEET_NO_UNIT_COLUMN = "sheet_no_unit_column"
    SHEET_ROWS_NO_UNIT_COLUMN = "sheet_rows_no_unit_column"
    OWN_REPORT_SKIPPED = "own_report_skipped"
    FILE_UNREADABLE_SKIPPED = "file_unreadable_skipped"
    ROWS_WITHOUT_FIGURES = "rows_without_figures"
    MORE_PROBLEMS_UNLISTED = "more_problems_unlisted"
    # --- data problems: dates and units across files, reports and years ---
    BAD_DATE = "bad_date"
    DATES_DIFFER_IN_FILE = "dates_differ_in_file"
    AS_OF_DIFFERS = "as_of_differs"
    REPORT_DATE_AHEAD = "report_date_ahead"
    REPORT_DATE_NEAR = "report_date_near"
    REPORT_DATE_OUTSIDE_PLAN = "report_date_outside_plan"
    REPORT_DATE_STALE = "report_date_stale"
    REPORT_DATE_STALE_UNITS = "report_date_stale_units"
    PREVIOUS_NOT_EARLIER = "previous_not_earlier"
    HISTORY_REPLACED = "history_replaced"
    UNEXPECTED_UNIT = "unexpected_unit"
    UNEXPECTED_UNIT_LIKE = "unexpected_unit_like"
    QUOTA_UNIT_NOT_REPORTED = "quota_unit_not_reported"
    QUOTA_UNIT_NOT_REPORTED_LIKE = "quota_unit_not_reported_like"
    UNIT_LIKE_OTHER_YEAR = "unit_like_other_year"
    GRAMMAR_UNIT_NOT_REPORTED = "grammar_unit_not_reported"
    YEAR_TO_DATE_FELL = "year_to_date_fell"


class Worded(Protocol):
    """A parameter worded only once the language is known (errors.Msg)."""

    def render(self, lang: Any) -> str: ...


@dataclass(frozen=True)
class Said:
    """A problem's code and parameters, before its place (file, line, cell) is known."""

    code: Code
    params: dict[str, Any] = field(default_factory=dict)

    def with_context(self, **context: Any) -> Said:
        """The same, with parameters no wording shows but the report's readers use (the
        row's unit and metric for the 退回修改单, where a unit was first seen)."""
        return Said(self.code, {**self.params, **context})
