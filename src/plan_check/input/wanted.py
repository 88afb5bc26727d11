"""The rows of a block read again to confirm repeated rows, in the same pass that sums the
block without them. Each group of equal key hashes hands back the key text and cell as
typed of its first row in the block; every other row of the group says only whether its
key is that text (and, if it was typed otherwise, how). A row whose key is its group's
text here and is not its group's first row of all the files is taken for a repeat and
not summed; the client checks each group's text here against the group's first text and
reads a block once more only where a hash collision made that guess wrong. Memory stays
a few bytes a row however many repeat."""

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
) -> npt.NDArray[np.int64]:
    """The wanted rows of this chunk compared with their group's first text in the block;
    returns the lines of the rows taken for repeats, not to be summed."""
    import pyarrow as pa
    import pyarrow.compute as pc

    none = np.zeros(0, dtype=np.int64)
    lo = int(np.searchsorted(want, kept))
    hi = int(np.searchsorted(want, kept + len(kept_lines)))
    if expect is None or lo == hi:
        return none
    index, first_of_all = expect
    if part.group_texts is None:  # the block's first chunk with a wanted row
        groups = int(index.max()) + 1 if len(index) else 0
        part.group_texts = ([None] * groups, [""] * groups)
    texts, typed = part.group_texts
    local = want[lo:hi] - kept
    lines = kept_lines[local]
    mine = pc.take(text, pa.array(local))
    cells = None if shown is None else pc.take(shown, pa.array(local))
    present, at, inverse = np.unique(index[lo:hi], return_index=True, return_inverse=True)
    new = [k for k, g in enumerate(present.tolist()) if texts[g] is None]
    if new:  # groups first met in this chunk: their first row's text and cell
        picked = pa.array(at[new])
        for g, t in zip(present[new].tolist(), pc.take(mine, picked).to_pylist(), strict=True):
            texts[g] = str(t)
        if cells is not None:
            for g, c in zip(present[new].tolist(), pc.take(cells, picked).to_pylist(), strict=True):
                typed[g] = str(c or "")
    expected = pc.take(pa.array([texts[g] for g in present.tolist()], pa.string()), inverse)
    same = np.asarray(pc.fill_null(pc.equal(mine, expected), False))
    part.want_lines[lo:hi] = lines
    part.want_same[lo:hi] = same
    for i in np.flatnonzero(~same).tolist():  # a hash collision: the text, compared later
        cell = "" if cells is None else str(cells[i].as_py() or "")
        part.key_texts[lo + i] = (int(lines[i]), str(mine[i].as_py()), cell)
    if cells is not None:  # a repeat typed otherwise than its first: shown as typed
        first = pc.take(pa.array([typed[g] for g in present.tolist()], pa.string()), inverse)
        other = np.asarray(pc.fill_null(pc.not_equal(cells, first), False)) & same
        for i in np.flatnonzero(other).tolist():
            part.typed_rows[int(lines[i])] = str(cells[i].as_py())
    if hi == len(want):  # every wanted row met: the texts packed, as Arrow holds them
        part.group_texts = (pa.array(texts, pa.string()), pa.array(typed, pa.string()))
    return np.asarray(lines[same & ~first_of_all[lo:hi]], dtype=np.int64)
