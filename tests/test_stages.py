"""The reader's two stages on Arrow batches: the TOTALS stage (a typed batch summed per
unit and kind of row by Arrow's group_by) against sums written here, row by row, in
Python integers, for any figures (up to int64's ends, where int64 sums would wrap and
decimal128 ones could), any states and any mix of units."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from plan_check.cells import BAD, BLANK, NA, VALUE
from plan_check.dictionary import Condition, Metric
from plan_check.input.columns import Column
from plan_check.input.partial import ReadSpec
from plan_check.input.totals import KEYS, column_of, totals, typed_batch

COUNT = Metric(id="a", header="甲", type="int", item=16)
WEIGHT = Metric(id="w", header="乙", type="int", item=16)
RATE = Metric(id="r", header="丙", type="rate", item=16)
AT_LEAST = Condition.of(COUNT, ">=", Decimal(3))
SPEC = ReadSpec((COUNT, WEIGHT, RATE, AT_LEAST), (("a", "w"),))
BY_ID = {m.id: m for m in SPEC.metrics}
BIG = 2**63 - 1

STATES = st.sampled_from([VALUE, VALUE, VALUE, BLANK, NA, BAD])
ROW = st.tuples(
    st.integers(0, 3),  # unit
    st.booleans(),  # a unit's own row
    st.one_of(st.integers(-5, 9), st.integers(-BIG, BIG)),  # a
    STATES,
    st.one_of(st.integers(0, 9), st.integers(-BIG, BIG)),  # w
    STATES,
    st.floats(0, 1),  # r: a rate the county computed
    STATES,
)

Row = tuple[int, bool, int, int, int, int, float, int]


def _by_hand(rows: list[Row]) -> dict[tuple[int, bool], dict[str, int]]:
    """Per (unit, own row): the rows, first line, and every sum and count, row by row."""
    out: dict[tuple[int, bool], dict[str, int]] = {}
    for line, (unit, own, a, sa, w, sw, r, sr) in enumerate(rows, start=2):
        got = out.setdefault((unit, own), {"rows": 0, "first": line})
        got["rows"] += 1
        millionths = round(r * 10**6)
        figures = {"a": (a, sa), "w": (w, sw), "r": (millionths, sr), "a>=3": (int(a >= 3), sa)}
        for m, (value, state) in figures.items():
            got[f"{m} sum"] = got.get(f"{m} sum", 0) + (value if state == VALUE else 0)
            got[f"{m} value"] = got.get(f"{m} value", 0) + (state == VALUE)
            got[f"{m} na"] = got.get(f"{m} na", 0) + (state == NA)
        both = sa == VALUE and sw == VALUE and w > 0
        pair = {
            "weighted": a * w if both else 0,
            "weights": w if both else 0,
            "both": int(both),
            "missing": int(sa in (BLANK, BAD) or sw in (BLANK, BAD)),
            "na": int(NA in (sa, sw)),
        }
        for k, v in pair.items():
            got[f"a*w {k}"] = got.get(f"a*w {k}", 0) + v
    return out


def _by_stage(rows: list[Row]) -> dict[tuple[int, bool], dict[str, int]]:
    """The same through typed_batch and totals (group_by), slice by slice."""
    n = len(rows)
    cols = list(zip(*rows, strict=True)) if rows else [()] * 8

    def column(values: Any, states: Any, dtype: Any) -> Column:
        return Column(np.array(values, dtype=dtype), np.array(states, dtype=np.int8), [])

    read = {
        "a": column(cols[2], cols[3], np.int64),
        "w": column(cols[4], cols[5], np.int64),
        "r": column(cols[6], cols[7], np.float64),
    }
    keys = {
        "unit": np.array(cols[0], dtype=np.int64),
        "own": np.array(cols[1], dtype=bool),
        "line": np.arange(2, n + 2, dtype=np.int64),
    }
    names = {
        "sum": "_sum",
        "value": "_count",
        "na": ":na_count",
    }
    pair = {
        "weighted": "_sum",
        "weights": ":weight_sum",
        "both": "_count",
        "missing": ":missing_count",
        "na": ":na_count",
    }
    out: dict[tuple[int, bool], dict[str, int]] = {}
    batch = typed_batch(read, slice(None), keys, SPEC, BY_ID)
    assert batch.column_names[: len(KEYS)] == [":" + k for k in KEYS]
    result = totals(batch)
    # a group comes once per slice of the batch: added up
    units, own = result[":unit"].to_pylist(), result[":own"].to_pylist()
    got = {"rows": column_of(result, ":line_count"), "first": column_of(result, ":line_min")}
    for m in ("a", "w", "r", "a>=3"):
        for k, suffix in names.items():
            got[f"{m} {k}"] = column_of(result, m + suffix)
    for k, suffix in pair.items():
        got[f"a*w {k}"] = column_of(result, "a*w" + suffix)
    for g, key in enumerate(zip(units, own, strict=True)):
        into = out.setdefault(key, {})
        for name, values in got.items():
            if name == "first":
                into[name] = min(into.get(name, values[g]), values[g])
            else:
                into[name] = into.get(name, 0) + values[g]
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(ROW, max_size=40))
@example([(0, True, BIG, VALUE, BIG, VALUE, 0.5, VALUE)] * 3)  # products past 10**38
@example([(1, False, BIG, VALUE, 1, VALUE, 1.0, VALUE)] * 4)  # sums past int64
@example([(2, True, -BIG, VALUE, 2, NA, 0.25, BLANK)] * 2)
def test_totals_stage_equals_sums_by_hand(rows: list[Row]) -> None:
    """Per unit and kind of row, the group_by totals equal the Python sums: the rows and
    first line, each metric's sum, rows given and rows not applicable (a condition's rows
    meeting it), and the weighted mean's Σ value·weight, Σ weight and row counts."""
    assert _by_stage(rows) == _by_hand(rows)


def test_a_batch_whose_products_could_pass_decimal128_is_summed_in_slices() -> None:
    """Two products of 2**62·2**62 (2**124 each, about 2.1e37) sum past 10**38 only from
    five rows on: the batch is cut so that no slice's sum can (10**38 // 2**124 = 4)."""
    rows: list[Row] = [(0, True, 2**62, VALUE, 2**62, VALUE, 0.0, VALUE)] * 9
    read = {
        "a": Column(np.full(9, 2**62, np.int64), np.zeros(9, np.int8), []),
        "w": Column(np.full(9, 2**62, np.int64), np.zeros(9, np.int8), []),
        "r": Column(np.zeros(9), np.zeros(9, np.int8), []),
    }
    keys = {"unit": np.zeros(9, np.int64), "own": np.ones(9, bool), "line": np.arange(9)}
    batch = typed_batch(read, slice(None), keys, SPEC, BY_ID)
    assert batch.schema.metadata == {b"slice": b"4"}  # 10**38 // 2**124 = 4 rows a slice
    assert len(totals(batch)) == 3  # slices of 4, 4 and 1 rows
    # 9 rows × 2**124 = 9 × 21,267,647,932,558,653,966,460,912,964,485,513,216
    assert _by_stage(rows)[(0, True)]["a*w weighted"] == 9 * 2**124


def test_a_pair_whose_weight_column_is_not_in_the_file_misses_every_row() -> None:
    """A weighted mean whose weight has no column: each of a unit's rows misses the pair
    (3 rows of unit 0, 2 of unit 1), none gives both, and the value is summed as ever."""
    spec = ReadSpec((COUNT, WEIGHT), (("a", "w"),))
    read = {"a": Column(np.array([1, 2, 3, 4, 5], np.int64), np.zeros(5, np.int8), [])}
    keys = {
        "unit": np.array([0, 0, 1, 0, 1], np.int64),
        "own": np.ones(5, bool),
        "line": np.arange(2, 7, dtype=np.int64),
    }
    batch = typed_batch(read, slice(None), keys, spec, BY_ID)
    result = totals(batch).sort_by(":unit")
    assert column_of(result, "a*w:missing_count") == [3, 2]
    assert "a*w_count" not in result.column_names  # no row gives both
    assert column_of(result, "a_sum") == [1 + 2 + 4, 3 + 5]
    assert "w_sum" not in result.column_names  # rows - given - n/a: all missing
