"""The CELLS stage's vectorised reading of a column against the clerk's-habit parser alone:
whatever the mix of cells, the chunks the column comes in and where they are sliced,
every cell gets the value, state and refusal ``read_cell`` gives it (a blank or missing
cell is not reported, never 0)."""

from __future__ import annotations

import itertools

import pyarrow as pa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from plan_check.cells import BLANK
from plan_check.dictionary import Metric
from plan_check.input.columns import read_cell, read_column

# what clerks type into a count, an amount, a rate or a yes/no cell
PIECES = [
    "", " ", "0", "7", "007", "42", "123456789012345", "1234567890123456", "99999999999999999999",
    "3,000", "12,345", "1,234,567", "1,234,567,890,123", "12,34", "1,2345", ",300", "3,000.5",
    "3,000.1234567", "0.5", "0.25", "1", "1.0", "1.5", "12.3456789", "0.0012万", "１２", " 12 ",
    "12人", "12个", "-3", "+4", "1e3", "abc", "/", "无", "是", "否", "Y", "n", "96.5%", "#N/A",
    "12.", ".5", "3 000", "٣", "0x1A", "零", "-", "\t5", "5\n", "1,000人",
]  # fmt: skip
CELL = st.one_of(
    st.sampled_from([*PIECES, None]),  # None: a cell the reader left missing
    st.text(alphabet="0123456789,. -+%万人是否/", max_size=12),
)


@settings(max_examples=100, deadline=None)
@given(
    kind=st.sampled_from(["int", "float", "rate", "bool"]),
    cells=st.lists(CELL, max_size=60),
    cuts=st.lists(st.integers(0, 60), max_size=3),
    skip=st.integers(0, 3),
    large=st.booleans(),  # 64-bit offsets, as some readers hand them on
)
@example(kind="int", cells=["5", "3,000", None, "7人"], cuts=[], skip=1, large=False)
@example(kind="int", cells=["5", "6", "x7"], cuts=[], skip=2, large=True)  # one chunk, offset
def test_a_column_reads_as_its_cells_one_by_one(
    kind: str, cells: list[str | None], cuts: list[int], skip: int, large: bool
) -> None:
    """Chunks of the column, each a slice of a longer array (so it starts at an offset),
    read as one column: cell by cell the same as the parser's answer."""
    unit = {"int": "人", "float": "万元", "rate": "", "bool": ""}[kind]
    metric = Metric(id="m", header="指标", type=kind, unit=unit, item=16)
    bounds = [0, *sorted(min(c, len(cells)) for c in cuts), len(cells)]
    kind_of_text = pa.large_string() if large else pa.string()
    chunks = [
        pa.array(["x"] * skip + cells[a:b], type=kind_of_text)[skip:]
        for a, b in itertools.pairwise(bounds)
    ]
    column = read_column(pa.chunked_array(chunks, type=kind_of_text), metric)
    refused = dict(column.refused)
    assert len(column.values) == len(column.states) == len(cells)
    for row, text in enumerate(cells):
        value, state, error = read_cell(text or "", metric)
        got = (column.values[row], int(column.states[row]), refused.get(row))
        assert got == (value, state, error), (row, text)
        if text is None:
            assert state == BLANK  # missing is not reported, never 0 reported
