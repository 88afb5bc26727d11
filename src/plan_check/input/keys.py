"""What a row's keys are: its unit and its second key (the school, or the student id),
each folded to one identity (``identity.key``), hashed to 64 bits, and what else a key
tells: a 小计 row in the school column, a row without a figure (a blank row of a returned
template), a unit's own row or one of its schools' rows, and two unit names that are
probably one unit written two ways (青山县 and 青山具, one character apart).

Each decision is the row's own, so a file reads alike however its blocks are cut. The
hash only narrows the search for repeated rows (``repeats``): rows whose hashes agree
are compared by their text before one is called a repeat, so a collision (chance, or a
file made to collide) costs a second look, never a row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from plan_check import problems
from plan_check.cells import BLANK, NA_TOKENS
from plan_check.identity import fold_column, key, total_rows

if TYPE_CHECKING:
    from plan_check.input.columns import Column, FileReader
    from plan_check.input.grid import Chunk
    from plan_check.input.partial import Partial


# ---- unit names: look-alikes and total rows ---------------------------------------------


def _one_apart(a: str, b: str) -> bool:
    """Whether one substitution, insertion or deletion turns a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def look_alike(name: str, others: Iterable[str]) -> str | None:
    """The first of ``others`` (not ``name`` itself) that is probably the same unit."""
    mine = key(name)
    for other in others:
        if other == name:
            continue
        theirs = key(other)
        if mine == theirs or (min(len(mine), len(theirs)) >= 2 and _one_apart(mine, theirs)):
            return other
    return None


# a 合计 row, in the unit or the school column, as folded (simplified, no spaces, lower
# case): the whole cell, or a word anywhere in it (全市总计, 市合计, 合计:, 青山县共计)
# ---- row keys: the second key, its problems, what a row is --------------------------------


BLANK_SHOWN = 10  # blank rows of a file named one by one in its note; the rest counted


class OtherKey:
    """A chunk's second key column (school or student id): as typed (trimmed) and folded."""

    def __init__(self, f: FileReader, chunk: Chunk) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        self.col = f.student_col if f.student_col is not None else f.school_col
        self.raw: Any = None
        self.folded: Any = None
        self.given = np.zeros(len(chunk), dtype=bool)  # the key cell holds text
        self.totals = np.zeros(len(chunk), dtype=bool)  # a 小计 in the school column
        if self.col is None:
            return
        raw = pc.utf8_trim_whitespace(pc.fill_null(chunk.columns[self.col], ""))
        if isinstance(raw, pa.ChunkedArray):
            raw = raw.combine_chunks() if raw.num_chunks else pa.array([], pa.string())
        self.raw, self.folded = raw, fold_column(raw)
        given = pc.greater(pc.utf8_length(raw), 0).to_numpy(zero_copy_only=False)
        self.given = np.asarray(given, dtype=bool)
        if self.col == f.school_col:  # 小计 rows, looked for here, in the worker
            self.totals = total_rows(self.folded)

    def no_school(self, f: FileReader, names: list[str], codes: npt.NDArray[np.intp]) -> None:
        """A school cell that names no school is the unit's own row: "/", "-", 无 (a clerk's
        "not applicable"), or the unit's own name (青山县 in the 学校 column of 青山县)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if self.col is None or self.col != f.school_col or not len(codes):
            return
        units = pa.array([key(n) for n in names], type=pa.string())
        own = pc.equal(self.folded, pc.take(units, pa.array(codes)))
        na = pc.is_in(self.folded, value_set=pa.array(sorted(NA_TOKENS), type=pa.string()))
        either = pc.fill_null(pc.or_(own, na), False).to_numpy(zero_copy_only=False)
        self.given = self.given & ~np.asarray(either, dtype=bool)

    def empty_keys(self) -> npt.NDArray[np.bool_]:
        """Rows whose key cell holds text that folds to nothing (a zero-width space)."""
        import pyarrow.compute as pc

        if self.folded is None:
            return self.given
        nothing = pc.equal(pc.utf8_length(self.folded), 0).to_numpy(zero_copy_only=False)
        out: npt.NDArray[np.bool_] = self.given & np.asarray(nothing, dtype=bool)
        return out


def figured(read: dict[str, Column], n: int) -> npt.NDArray[np.bool_]:
    """Rows with at least one measured cell not blank: a figure, a "/", or a refused one."""
    out = np.zeros(n, dtype=bool)
    for column in read.values():
        out |= column.states != BLANK
    return out


def key_problems(
    f: FileReader,
    chunk: Chunk,
    lines: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    other: OtherKey,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Rows left out for their school or student cell: a 小计/合计 row in the school column
    (a note: plan-check adds the schools itself), and a key that folds to nothing (an
    error; its unit is then incomplete). Returns (totals, empty keys)."""
    totals = np.zeros(len(chunk), dtype=bool)
    if f.school_col is not None:
        if other.col == f.school_col:
            totals = keep & other.totals
        else:  # a student file's school column: each school looked at once
            import pyarrow as pa
            import pyarrow.compute as pc

            column = pc.fill_null(chunk.columns[f.school_col], "")
            if isinstance(column, pa.ChunkedArray):
                column = column.combine_chunks() if column.num_chunks else pa.array([], pa.string())
            encoded = pc.dictionary_encode(column)
            distinct = total_rows(fold_column(encoded.dictionary))
            codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
            totals = keep & distinct[codes] if len(codes) else totals
        for i in np.flatnonzero(totals).tolist():
            f.problem(
                int(lines[i]),
                f.school_col,
                chunk.cell(i, f.school_col).strip(),
                problems.school_total_row(),
                "accepted_school_name",
                severity="warning",
            )
    empty = keep & ~totals & other.empty_keys()
    for i in np.flatnonzero(empty).tolist():
        assert other.col is not None
        f.problem(
            int(lines[i]),
            other.col,
            chunk.cell(i, other.col),
            problems.key_folds_to_nothing(),
            "accepted_key",
        )
    if other.col is not None and other.col == f.student_col:
        import pyarrow.compute as pc

        # 1.10101E+17: an id Excel wrote as a number, its digits lost; ids that collapse
        # so would be one student (and the others dropped as repeats)
        found = pc.match_substring_regex(other.folded, r"^[+-]?[0-9]+(\.[0-9]*)?e[+-]?[0-9]+$")
        lost = keep & ~totals & ~empty & np.asarray(found.to_numpy(zero_copy_only=False), bool)
        for i in np.flatnonzero(lost).tolist():
            f.problem(
                int(lines[i]), other.col, chunk.cell(i, other.col),
                problems.student_id_scientific(), "accepted_student_id",
            )  # fmt: skip
        empty = empty | lost
    return totals, empty


def note_blank(
    part: Partial,
    lines: npt.NDArray[np.int64],
    names: list[str],
    codes: npt.NDArray[np.intp],
    blank: npt.NDArray[np.bool_],
) -> None:
    """Rows that name a unit but hold no figure: counted, the first few kept by line."""
    rows = np.flatnonzero(blank)
    if not len(rows):
        return
    part.blank_rows += len(rows)
    present, first = np.unique(codes[rows], return_index=True)
    for code, i in zip(present.tolist(), rows[first].tolist(), strict=True):
        name, line = names[code], int(lines[i])
        part.blank_units[name] = min(part.blank_units.get(name, line), line)
    shown = [(int(lines[i]), names[codes[i]]) for i in rows[:BLANK_SHOWN].tolist()]
    part.blank_first = sorted(part.blank_first + shown)[:BLANK_SHOWN]


# ---- 64-bit hashes of the keys -----------------------------------------------------------


LONG = 64  # keys longer than this many bytes are hashed one by one, by hashlib
_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd: a word's bits spread up the hash
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def hash_strings(array: Any) -> npt.NDArray[np.uint64]:
    """One hash per string, over its UTF-8 bytes eight at a time (one 64-bit word read at
    each string's offset, the bytes past its end masked off), mixed word by word, its
    length mixed in, then the SplitMix64 finaliser: a few vector passes for all strings
    still that long."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    n = len(array)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    if array.type != pa.large_string():
        array = array.cast(pa.large_string())
    _, offsets_buf, data_buf = array.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[array.offset : array.offset + n + 1]
    raw = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    starts = offsets[:-1]
    lengths = np.diff(offsets)
    h = np.zeros(n, dtype=np.uint64)
    long = np.flatnonzero(lengths > LONG)
    for i in long.tolist():  # a few long keys (a school's whole address): hashed whole
        piece = raw[int(starts[i]) : int(starts[i] + lengths[i])].tobytes()
        h[i] = int.from_bytes(hashlib.blake2b(piece, digest_size=8).digest(), "little")
    # a word at every byte offset: the bytes padded with eight zeros past the end
    padded = np.zeros(len(raw) + 8, dtype=np.uint8)
    padded[: len(raw)] = raw
    words = np.ndarray((len(raw) + 1,), dtype="<u8", buffer=padded, strides=(1,))
    with np.errstate(over="ignore"):
        active = np.flatnonzero((lengths > 0) & (lengths <= LONG))
        k = 0
        while len(active):
            left = lengths[active] - k
            word = words[starts[active] + k]
            short = left < 8
            if short.any():  # the string's last bytes: the rest of the word masked off
                bits = (left[short] * 8).astype(np.uint64)
                word[short] &= (np.uint64(1) << bits) - np.uint64(1)
            mixed = (h[active] ^ word) * _BASE
            h[active] = mixed ^ (mixed >> np.uint64(29))
            k += 8
            active = active[left > 8]
        h ^= lengths.astype(np.uint64) * _M2
        h ^= h >> np.uint64(30)
        h *= _M1
        h ^= h >> np.uint64(27)
        h *= _M2
        h ^= h >> np.uint64(31)
    return h
