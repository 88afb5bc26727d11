"""Repeated rows across every block of every file: a unit twice in files of one row per
unit, a school twice, a student id twice within a unit. Found with one sort of the rows'
64-bit key hashes (8 bytes a row: the only thing the reader keeps per row), then
confirmed by the keys' text with one more read of the blocks that hold them, which also
sums each block without its repeats (``wanted``).

That read hands back, per group of equal hashes and block, the key text of the group's
first row in the block, and per row only whether its text is that one; here each block's
text is compared with the group's first text of all. A row whose text is not its
group's (a hash collision, by chance or made) is handed back with its text and compared
here, and a block whose guess a collision made wrong is read once more. Memory stays a
few bytes per row however many rows repeat (a million copies of one row included): a
text per group and block, numpy arrays for the rows.

Also one row per thing across the whole submission (``double_submissions``): a unit's own
row (no school) beside its schools' rows for the same figures, in one file or in two, is
that unit reported twice; two city rows (市直 and 市本级) are the city reported twice.
Neither is summed as if it were one submission: the figures concerned are incomplete
until the clerk removes one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from plan_check import problems
from plan_check.identity import key

if TYPE_CHECKING:
    from plan_check.codes import Said
    from plan_check.input.partial import Expect, Partial, ReadSpec, Source


BUCKETS = 8  # the hashes sorted an eighth at a time (by their top three bits)
Rows = npt.NDArray[np.int64]


@dataclass
class Candidates:
    """The rows whose hash another row has, block by block in submission order: their
    number among the block's kept rows, and their hash's group."""

    blocks: list[tuple[int, int, Rows, Rows]]  # source, block, rows, groups
    first: npt.NDArray[np.int64]  # per group: the source, block and row of its first

    def __bool__(self) -> bool:
        return bool(self.blocks)


def candidates(sources: Sequence[Source]) -> Candidates:
    """The rows of every hash that more than one row has: the 64-bit hashes sorted an
    eighth at a time, so the sort's copy takes 2 bytes a row beside the 8 kept."""
    parts = [part.keys for src in sources for part in src.partials]
    found_twice = []
    for bucket in range(BUCKETS):  # an eighth of the hashes at a time, by their top bits:
        # a sort needs a copy of those only (2 bytes a row, not 8)
        some = [p[(p >> np.uint64(61)) == bucket] for p in parts]
        hashes = np.concatenate(some) if some else np.zeros(0, np.uint64)
        del some
        hashes.sort()
        found_twice.append(np.unique(hashes[1:][hashes[1:] == hashes[:-1]]))
        del hashes
    twice = np.concatenate(found_twice)  # ascending: bucket by bucket
    found = Candidates([], np.zeros((0, 3), dtype=np.int64))
    if not len(twice):
        return found
    seen = np.zeros(len(twice), dtype=bool)
    first = np.zeros((len(twice), 3), dtype=np.int64)
    for s, src in enumerate(sources):
        for b, part in enumerate(src.partials):
            rows = np.flatnonzero(np.isin(part.keys, twice)).astype(np.int64)
            if not len(rows):
                continue
            groups = np.searchsorted(twice, part.keys[rows]).astype(np.int64)
            present, at = np.unique(groups, return_index=True)
            new = ~seen[present]
            first[present[new]] = np.column_stack(
                (np.full(int(new.sum()), s), np.full(int(new.sum()), b), rows[at[new]])
            )
            seen[present] = True
            found.blocks.append((s, b, rows, groups))
    found.first = first
    return found


# a block read again: (source, block) -> its wanted rows (among its kept rows), and for
# each its group among the block's and whether it is its group's first row of all
Asks = dict[tuple[int, int], tuple[Rows, "Expect"]]
Read = dict[tuple[int, int], "Partial"]


def asks(found: Candidates) -> Asks:
    """What each block holding rows whose hashes met is read again with."""
    out: Asks = {}
    for s, b, rows, groups in found.blocks:
        _, index = np.unique(groups, return_inverse=True)
        here = (found.first[:, 0] == s) & (found.first[:, 1] == b)
        out[(s, b)] = (rows, (index.astype(np.int64), np.isin(rows, found.first[here, 2])))
    return out


@dataclass
class Repeats:
    """The repeated rows, block by block: their lines, and which first row each repeats
    (an index into ``firsts``: first source, first line, key text, cell as typed)."""

    firsts: list[tuple[int, int, str, str]] = field(default_factory=list)
    typed: dict[tuple[int, int], str] = field(default_factory=dict)  # (source, line): cell
    blocks: dict[tuple[int, int], tuple[Rows, Rows]] = field(default_factory=dict)

    def by_source(self) -> Iterator[tuple[int, Rows, Rows]]:
        """Per file (source), in order: its repeated lines ascending, and which first row
        each repeats."""
        for s in sorted({s for s, _ in self.blocks}):
            keys = sorted(k for k in self.blocks if k[0] == s)
            lines = np.concatenate([self.blocks[k][0] for k in keys])
            which = np.concatenate([self.blocks[k][1] for k in keys])
            order = np.argsort(lines, kind="stable")
            yield s, lines[order], which[order]

    def repeat(self, s: int, line: int, group: int) -> tuple[int, int, str, str]:
        """The first row that the row at ``line`` of file ``s`` repeats: its source, its
        line, its key (folded), and the school or student cell as typed (this row's)."""
        first_source, first_line, key, typed = self.firsts[group]
        return first_source, first_line, key, self.typed.get((s, line), typed)

    def typed_in(self, s: int, lines: Rows) -> tuple[Rows, list[str]]:
        """Of ``lines`` (ascending) of file ``s``, the positions of the rows whose cell was
        typed otherwise than their group's first row, and those cells (few)."""
        at, cells = [], []
        for (source, line), cell in self.typed.items():
            k = int(np.searchsorted(lines, line))
            if source == s and k < len(lines) and int(lines[k]) == line:
                at.append(k)
                cells.append(cell)
        return np.asarray(at, dtype=np.int64), cells


def repeats(
    found: Candidates, partials: Callable[[Asks], Read]
) -> tuple[Repeats, Read, dict[tuple[int, int], Rows]]:
    """The rows whose key text an earlier row has too (hashes can collide; texts cannot),
    with one read of the blocks that hold them (``partials``), which also sums each block
    without the rows it took for repeats. Returns the repeats, the blocks so read, and the
    blocks to read once more with the lines of their repeated rows: only where a hash
    collision made a block's guess wrong (none, but for a file made to collide)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    asked = asks(found)
    read = partials(asked)
    out = Repeats()
    firsts: list[tuple[int, int, str, str]] = [(0, 0, "", "")] * len(found.first)
    for s, b, _, groups in found.blocks:  # each group's first row: its text, as read
        part = read[(s, b)]
        assert part.group_texts is not None
        present, at = np.unique(groups, return_index=True)
        mine = np.flatnonzero((found.first[present, 0] == s) & (found.first[present, 1] == b))
        texts, typed = (pc.take(col, pa.array(mine)).to_pylist() for col in part.group_texts)
        lines = part.want_lines[at[mine]].tolist()
        for g, line, text, cell in zip(present[mine].tolist(), lines, texts, typed, strict=True):
            firsts[g] = (s, line, str(text), str(cell))
    out.firsts = firsts
    group_text = pa.array([f[2] for f in firsts], pa.string())
    group_typed = pa.array([f[3] for f in firsts], pa.string())
    others: dict[tuple[int, str], int] = {}  # (group, text) of a collision -> its first
    again: dict[tuple[int, int], Rows] = {}
    for s, b, _, groups in found.blocks:
        part = read[(s, b)]
        assert part.group_texts is not None
        texts, typed = part.group_texts
        index, first_of_all = asked[(s, b)][1]
        present, at = np.unique(groups, return_index=True)
        same, lines = part.want_same, part.want_lines
        dropped = same & ~first_of_all  # as the block's reader took them
        repeated = dropped.copy()
        which = groups.copy()  # per wanted row: the first row it repeats
        agree = pc.fill_null(pc.equal(texts, pc.take(group_text, pa.array(present))), False)
        agree = np.asarray(agree, dtype=bool)
        target = present.copy()  # per group here: the first its rows repeat
        for k in np.flatnonzero(~agree).tolist():  # its text here is another (collision)
            key = (int(present[k]), str(texts[k].as_py()))
            cell = str(typed[k].as_py())
            if key not in others:  # its first row here is a first, not a repeat
                others[key] = len(out.firsts)
                out.firsts.append((s, int(lines[at[k]]), key[1], cell))
                repeated[at[k]] = False
            elif cell != out.firsts[others[key]][3]:
                here = np.flatnonzero((index == k) & same)
                out.typed.update(((s, int(lines[i])), cell) for i in here.tolist())
            target[k] = others[key]
        which[same] = target[index[same]]
        for i, (line, text, cell) in sorted(part.key_texts.items()):  # collisions here
            g = int(groups[i])
            known = g if text == firsts[g][2] else others.get((g, text))
            if known is None:
                others[(g, text)] = len(out.firsts)
                out.firsts.append((s, line, text, cell))
                continue
            which[i], repeated[i] = known, True
            if cell != out.firsts[known][3]:
                out.typed[(s, line)] = cell
        out.typed.update(((s, line), cell) for line, cell in part.typed_rows.items())
        # a group typed here otherwise than its first row: each of its repeats here
        differ = pc.fill_null(pc.not_equal(typed, pc.take(group_typed, pa.array(present))), False)
        differ = np.asarray(differ, dtype=bool) & agree
        rows = np.flatnonzero(differ[index] & repeated & same)
        if len(rows):
            rows = rows[~np.isin(lines[rows], np.fromiter(part.typed_rows, np.int64))]
            cells = pc.take(typed, pa.array(index[rows])).to_pylist()
            out.typed.update(zip(((s, line) for line in lines[rows].tolist()), cells, strict=True))
        if not np.array_equal(repeated, dropped):  # a collision: the guess read again
            again[(s, b)] = np.sort(lines[repeated])
        order = np.argsort(lines[repeated], kind="stable")
        out.blocks[(s, b)] = (lines[repeated][order], which[repeated][order])
        # the block's answers let go once read: the block is kept for its sums
        part.group_texts, part.key_texts, part.typed_rows = None, {}, {}
        part.want_lines, part.want_same = np.zeros(0, np.int64), np.zeros(0, bool)
    return out, read, again


# ---- the block read again: its wanted rows compared -------------------------------------


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


# ---- a unit or the city reported twice ----------------------------------------------------


Place = tuple[int, int]  # source, line
# (source, line, unit, what is wrong) of a problem to list
Say = Callable[[int, int, str, "Said"], None]


def double_submissions(
    sources: list[Source], reading: ReadSpec, counted: Iterable[str], say: Say
) -> dict[str, set[str]]:
    """Every unit reported twice over, said at the later place naming the earlier one;
    returns, per unit, the metrics whose figures are therefore incomplete."""
    spoiled: dict[str, set[str]] = {}
    counted = set(counted)
    whole, parts = _places(sources)
    for unit in sorted(set(whole) & set(parts) & counted, key=lambda u: min(whole[u])):
        pairs = [
            (w, p, w_metrics & p_metrics)
            for w, w_metrics in sorted(whole[unit].items())
            for p, p_metrics in sorted(parts[unit].items())
            if w_metrics & p_metrics
        ]
        if not pairs:  # the unit's own row and its schools report different figures: said,
            # so that a figure left blank on either side is seen to be why it is missing
            w, p = min(whole[unit]), min(parts[unit])
            later, earlier = max(w, p), min(w, p)
            said = problems.unit_and_school_rows_apart(unit=unit, **_where(sources, w, p))
            say(*later, unit, said.with_context(first=place_of(sources, earlier)))
            continue
        w, p, _ = pairs[0]
        later, earlier = max(w, p), min(w, p)
        said = problems.unit_and_school_rows(unit=unit, **_where(sources, w, p))
        say(*later, unit, said.with_context(first=place_of(sources, earlier)))
        spoiled[unit] = set().union(*(shared for _, _, shared in pairs))
    city = {key(u) for u in reading.city_units}
    firsts: dict[str, Place] = {}
    for s, src in enumerate(sources):
        for part in src.partials:
            for unit, line, rows in zip(part.units, part.first_lines, part.rows, strict=True):
                if rows and unit in counted and key(unit) in city:
                    firsts[unit] = min(firsts.get(unit, (s, line)), (s, line))
    if len(firsts) > 1:
        ordered = sorted(firsts, key=lambda u: firsts[u])
        first = ordered[0]
        at = place_of(sources, firsts[first])
        for unit in ordered[1:]:
            said = problems.city_rows_twice(unit=unit, like=first, first=at)
            say(*firsts[unit], unit, said)
        every = {m.id for m in reading.metrics}
        for unit in ordered:
            spoiled.setdefault(unit, set()).update(every)
    return spoiled


def _places(
    sources: list[Source],
) -> tuple[dict[str, dict[Place, set[str]]], dict[str, dict[Place, set[str]]]]:
    """Per unit and file: the first own row (and the metrics it and the unit's other own
    rows of that file give), and the first school row (and the metrics they give)."""
    whole: dict[str, dict[Place, set[str]]] = {}
    parts: dict[str, dict[Place, set[str]]] = {}
    for s, src in enumerate(sources):
        mine: dict[str, tuple[int, set[str]]] = {}
        theirs: dict[str, tuple[int, set[str]]] = {}
        for part in src.partials:
            index = {u: k for k, u in enumerate(part.units)}
            for unit, line in part.whole_first.items():
                figures = part.whole_figures.get(unit, {})
                _merge(mine, unit, line, {m for m, n in figures.items() if n})
            for unit, line in part.parts_first.items():
                k, figures = index[unit], part.whole_figures.get(unit, {})
                given = {m for m, n in part.n_value.items() if n[k] > figures.get(m, 0)}
                _merge(theirs, unit, line, given)
        for found, out in ((mine, whole), (theirs, parts)):
            for unit, (line, metrics) in found.items():
                out.setdefault(unit, {})[(s, line)] = metrics
    return whole, parts


def _merge(into: dict[str, tuple[int, set[str]]], unit: str, line: int, metrics: set[str]) -> None:
    had_line, had = into.get(unit, (line, set()))
    into[unit] = (min(had_line, line), had | metrics)


def place_of(sources: list[Source], place: Place, student: bool = False) -> str:
    """Where a row is, as a problem names it: its file, and its line (or cell: D7, at its
    unit, or at its student id)."""
    src = sources[place[0]]
    return f"{src.path}:{src.place(place[1], src.id_col() if student else src.unit_col())}"


def _where(sources: list[Source], whole: Place, parts: Place) -> dict[str, str]:
    return {"whole": place_of(sources, whole), "parts": place_of(sources, parts)}
