"""What every reader hands on: a file's header and its rows below it, in chunks of Arrow
string columns, each row with the line (or sheet row) it came from.

Whatever the file (delimited text in any encoding, a workbook), the records stage sees
the same shape, so a cell is judged the same way wherever it was typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from plan_check import problems, refusals
from plan_check.cells import fold
from plan_check.codes import Code, Said
from plan_check.identity import key

if TYPE_CHECKING:  # numpy is imported when rows are read: the template needs none of it
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

UNIT_HEADERS = (
    "county",
    "unit",
    "区县",
    "县区",
    "区县名称",
    "县(市、区)",
    "县(市,区)",
    "县市区",
    "地区",
    "单位",
    "单位名称",
    "乡镇",
    "乡镇(街道)",
    "乡镇街道",
    "镇街",
)
# Spellings of the county column: two of them are one column given twice (区县 beside
# 縣區), compared, where 乡镇 beside 区县 or 身份证号 beside 学籍号 name other things
COUNTY_HEADERS = ("county", "区县", "县区", "区县名称", "县(市、区)", "县(市,区)", "县市区")
SCHOOL_HEADERS = ("school", "学校", "学校名称")
# One row per student: the student's id, unique within a unit (学籍号, 身份证号).
STUDENT_HEADERS = (
    "student_id",
    "student",
    "学籍号",
    "学生学籍号",
    "全国学籍号",
    "学生编号",
    "身份证号",
)
DATE_HEADERS = ("report_date", "填报日期")
HEADER_SEARCH_ROWS = 50  # title lines a file may carry above its header
NOTES_SHEET = "填报说明"  # the instructions sheet of plan-check's own template
MAX_COLUMNS = 2000
CHUNK_ROWS = 20_000  # rows of a workbook or of the line-by-line reader held at a time


@cache
def _keys(unit: bool) -> frozenset[str]:
    """The unit columns' header keys, or the other key columns' (made on first use: the
    fold loads OpenCC, which ``plan-check rules`` never needs)."""
    return frozenset(map(key, UNIT_HEADERS if unit else (*SCHOOL_HEADERS, *STUDENT_HEADERS,
                                                         *DATE_HEADERS)))  # fmt: skip


def is_header(row: list[str]) -> bool:
    return any(key(cell) in _keys(True) for cell in row)


# Words of a form's label lines (制表人, 联系电话…): such a line above the header is no data
LABEL_WORDS = (
    "单位",
    "填报",
    "填表",
    "制表",
    "联系",
    "电话",
    "审核",
    "负责",
    "日期",
    "说明",
    "备注",
)
FIGURE = re.compile(r"[-+]?(\d[\d,]*(\.\d*)?|\.\d+)%?|是|否")


def data_above(
    shown: str, filled: list[tuple[int, list[str]]], first: int, header: list[str], line: int
) -> list[RowProblem]:
    """Of the rows holding text (``filled``, each with its line) above the first row with a
    unit column (line ``first``), those that look like data, not like a title: a unit-like
    cell under the unit column (short, no colon, no label word) and a figure under a
    measured column. Each is a problem of its row (never a title dropped in silence); its
    unit is then incomplete. Rows between that first row and the header chosen (at
    ``line``) are data under a header-like row, never dropped: the file is refused."""
    between = [x for x, _ in filled if first < x < line]
    if between:
        raise refusals.rows_above_header(
            path=shown, line=between[0], count=len(between), header=line
        )
    unit_col = next(j for j, h in enumerate(header) if key(h) in _keys(True))
    measured = [
        j
        for j, h in enumerate(header)
        if j != unit_col and key(h) and key(h) not in _keys(True) | _keys(False)
    ]
    found = []
    for at, row in filled:
        unit = row[unit_col].strip() if at < first and unit_col < len(row) else ""
        if not unit or len(unit) > 30 or any(c in unit for c in ":：") or is_header(row):
            continue
        if any(word in unit for word in LABEL_WORDS):
            continue
        if any(j < len(row) and FIGURE.fullmatch(fold(row[j])) for j in measured):
            said = problems.row_above_header(header=line, unit=unit)
            found.append(RowProblem(at, said, value=unit, row=unread(row)))
    return found


def header_score(row: list[str]) -> int:
    """How much a row with a unit column looks like the header: its cells of text that are
    not figures. A form's label line (单位,某市教育局,填报日期,2023-06-30) scores low, the
    header of every column high."""
    cells = [cell.strip() for cell in row]
    return sum(1 for c in cells if c and not c.replace(".", "").replace("-", "").isdigit())


@dataclass
class Chunk:
    """Consecutive rows below the header: one Arrow string array per header column
    (null or "" when empty) and the line of every row."""

    columns: list[pa.Array | pa.ChunkedArray]
    lines: npt.NDArray[np.int64]
    # rows of this stretch of the file not handed on (too wide, a quote that swallows
    # lines…), in line order; a chunk may hold these alone, with no row
    problems: list[RowProblem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.lines)

    def cell(self, i: int, j: int) -> str:
        value = self.columns[j][i].as_py()
        return "" if value is None else str(value)

    def row(self, i: int) -> list[str]:
        return [self.cell(i, j) for j in range(len(self.columns))]


def chunk_of_rows(
    rows: list[list[str]],
    lines: list[int],
    width: int,
    problems: list[RowProblem] | None = None,
) -> Chunk:
    """A chunk from rows already split into cells, each exactly ``width`` long, and the
    rows of its stretch that were not handed on."""
    import numpy as np
    import pyarrow as pa

    columns = [pa.array([row[j] for row in rows], type=pa.string()) for j in range(width)]
    return Chunk(columns, np.asarray(lines, dtype=np.int64), problems or [])


@dataclass(frozen=True)
class RowProblem:
    """A row the reader could not hand on as it is: too wide, too short, a quote that
    swallows lines. ``said`` is made by its constructor in problems.py; the records stage
    locates it."""

    line: int
    said: Said
    value: str = ""  # the text at fault, when there is one (9,800)
    row: tuple[str, ...] = ()  # a row not read: its first cells (its unit is incomplete)

    @property
    def code(self) -> Code:
        return self.said.code


def unread(row: list[str]) -> tuple[str, ...]:
    """What is kept of a row that is not read: enough to know its unit."""
    return tuple(cell[:200] for cell in row[:MAX_COLUMNS])


@dataclass
class Grid:
    """A file's header and, read lazily in chunks, the rows below it."""

    path: str
    encoding: str  # for a workbook: "xlsx:" and the sheet
    header: list[str]
    header_line: int
    chunks: Iterator[Chunk]
    # rows of data above the header (a text file's first block, a sheet): known when the
    # grid is made; the rows not handed on below it travel in their chunks
    above: list[RowProblem] = field(default_factory=list)
    workbook: bool = False  # locations are cells such as D7, not lines
    size: int = 0  # bytes on disk
    total_lines: int = 0  # physical lines, for a progress bar
    delimiter: str = ","
    usual: int = 0  # the width most rows have (0: the header's)
    # a text file, as its pass learnt it: its blocks, and whether they are read from a
    # temporary copy (not on a cluster)
    blocks: list[Block] = field(default_factory=list)
    local_only: bool = False


@dataclass(frozen=True)
class Block:
    """A byte range of a text file's body, read on its own (input/text.py cuts it)."""

    path: str  # the file to open (a temporary UTF-8 copy for UTF-16)
    start: int
    stop: int  # -1: to the end of the file
    first_line: int  # the physical line its first byte is on
    codec: str  # "utf-8" for bytes read as they are
    spans: bool  # some line end inside it lies inside quotes, by the quote count
    first: bool  # the body's first block (a units line under the header may start it)
    last: bool
    tail: bool = False  # read record by record to the end, whatever the count says
    crc: int | None = None  # CRC-32 of its bytes as the first pass read them (None: a tail)
    size: int = -1  # the file's size then

    @property
    def reach(self) -> int:
        """The offset just past its last byte."""
        return self.stop if self.stop >= 0 else self.size


def column_letter(n: int) -> str:
    """Excel's column name of the n-th column (1-based): A, Z, AA…"""
    name = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name
