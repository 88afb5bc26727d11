"""Where a delimited file's header is: the first row holding a unit column (title lines
above it are skipped), under the delimiter with which such a row is found."""

from __future__ import annotations

import csv
import io

from plan_check import refusals
from plan_check.errors import DataFileError
from plan_check.input.csvrows import _csv_error, _usual_width
from plan_check.input.grid import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    UNIT_HEADERS,
    RowProblem,
    data_above,
    header_score,
    is_header,
)

DELIMITERS = (",", "\t", ";")
HEAD_BYTES = 1 << 20  # the header is looked for in the file's first MiB
MAX_HEADER_CHARS = 500  # a longer header cell is a quote left open, not a header


def find_header(shown: str, data: bytes) -> tuple[list[str], int, int, str, int, list[RowProblem]]:
    """The header cells, its line, the physical lines it and the lines above use, and the
    delimiter under which a unit column is found (comma first, then tab, semicolon), and
    the usual width of the rows below it in the first MiB. Of the rows with a unit column
    among the first lines, the one most like a header wins: a form's label line above the
    real header (单位,某市教育局) is not taken for it. Rows above the header that look
    like data are handed back as problems of their rows."""
    head = data[:HEAD_BYTES].decode("utf-8", errors="ignore")
    error: DataFileError | None = None
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        best: tuple[int, list[str], int, int] | None = None
        first_candidate = 0  # the line of the first row with a unit column
        filled: list[tuple[int, list[str]]] = []  # the rows holding text, with their line
        try:
            before = 0  # lines read before this row: the row starts on the next one
            for n, row in enumerate(reader):
                start, before = before + 1, reader.line_num
                if any(cell.strip() for cell in row):
                    filled.append((start, row))
                if len(row) > MAX_COLUMNS:
                    raise refusals.file_too_wide(
                        path=shown,
                        line=reader.line_num,
                        count=len(row),
                        limit=MAX_COLUMNS,
                    )
                if is_header(row):
                    longest = max(len(cell) for cell in row)
                    if longest > MAX_HEADER_CHARS:  # a quote in the header never closed
                        raise refusals.header_cell_too_long(path=shown, line=start, length=longest)
                    score = header_score(row)
                    first_candidate = first_candidate or start
                    if best is None or score > best[0]:
                        best = (score, row, start, reader.line_num)
                if n >= HEADER_SEARCH_ROWS:
                    break
        except csv.Error as exc:
            error = error or _csv_error(shown, max(reader.line_num, 1), exc)
        if best is not None:
            between = [x for x, _ in filled if first_candidate < x < best[2]]
            if between:  # rows under an earlier header-like row are data, never dropped
                raise refusals.rows_above_header(
                    path=shown,
                    line=between[0],
                    count=len(between),
                    header=best[2],
                )
            filled_above = [(x, row) for x, row in filled if x < first_candidate]
            above = data_above(filled_above, best[1], best[2])
            usual = _usual_below(head, best[3], delimiter)
            return best[1], best[2], best[3], delimiter, usual, above
    if error is not None:
        raise error
    raise refusals.file_no_unit_column(path=shown, accepted=" / ".join(UNIT_HEADERS))


def _usual_below(head: str, consumed: int, delimiter: str) -> int:
    """The width most rows below the header have, among those in the first MiB (the last
    one left out when the MiB cuts it): one figure for the whole file, whatever its
    blocks."""
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
    widths: list[int] = []
    try:
        for row in reader:
            if reader.line_num > consumed and len(widths) < 10_000:
                widths.append(len(row))
    except csv.Error:
        pass
    if len(head.encode("utf-8")) >= HEAD_BYTES and widths:
        widths.pop()
    return _usual_width(widths)
