"""The rows of a block read again to confirm repeated rows: the first row of each group
of equal key hashes hands back its line, key text and cell as typed; every other row of
the group says only whether its key is its group's text (and, if it was typed otherwise
than the group's first row, how). Memory stays a few bytes a row however many repeat."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from plan_check.input.partial import Expect, Partial


def wanted_keys(
    part: Partial,
    want: npt.NDArray[np.int64],
    kept: int,
    expect: Expect | None,
    text: Any,
    kept_lines: npt.NDArray[np.int64],
    shown: Any,
) -> None:
    """The wanted rows of this chunk: their line, key text and school or student cell
    as typed, or, given the texts expected, their line and whether their key is that
    text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lo = int(np.searchsorted(want, kept))
    hi = int(np.searchsorted(want, kept + len(kept_lines)))
    if lo == hi:
        return
    local = want[lo:hi] - kept
    lines = kept_lines[local]
    mine = pc.take(text, pa.array(local))
    cells = None if shown is None else pc.take(shown, pa.array(local))
    if expect is None:
        rows = want[lo:hi].tolist()
        typed = [""] * (hi - lo) if cells is None else cells.to_pylist()
        found = zip(rows, lines.tolist(), mine.to_pylist(), typed, strict=True)
        for row, line, key, cell in found:
            part.key_texts[row] = (line, str(key), str(cell or ""))
        return
    texts, index, first_typed = expect
    expected = pc.take(pa.array(texts, type=pa.string()), pa.array(index[lo:hi]))
    same = np.asarray(pc.fill_null(pc.equal(mine, expected), False))
    part.want_lines[lo:hi] = lines
    part.want_same[lo:hi] = same
    for i in np.flatnonzero(~same).tolist():  # a hash collision: the text, compared
        row, cell = int(want[lo + i]), "" if cells is None else str(cells[i].as_py())
        part.key_texts[row] = (int(lines[i]), str(mine[i].as_py()), cell)
    if cells is not None:  # a repeat typed otherwise than its first: shown as typed
        first = pc.take(pa.array(first_typed, type=pa.string()), pa.array(index[lo:hi]))
        other = np.asarray(pc.fill_null(pc.not_equal(cells, first), False)) & same
        for i in np.flatnonzero(other).tolist():
            part.typed_rows[int(lines[i])] = str(cells[i].as_py())
