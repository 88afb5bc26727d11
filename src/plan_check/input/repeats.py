"""Repeated rows across every block of every file: a unit twice in files of one row per
unit, a school twice, a student id twice within a unit. Found with one sort of the rows'
64-bit key hashes (8 bytes a row: the only thing the reader keeps per row), then
confirmed by the keys' text with one more read of the blocks that hold them, which also
sums each block without its repeats (``records._Block._wanted``).

That read hands back each wanted row's line and its key text and cell as typed,
dictionary-encoded (a code a row, each text once a block); here the texts are compared
across blocks, in submission order, and a row repeats the first row of all with its
text. A block guesses its repeats from the hashes (a row whose text is its group's first
here and whose group's first row of all is elsewhere); a block whose guess a hash
collision (by chance or made) made wrong is read once more. Memory stays a few bytes
per row however many rows repeat (a million copies of one row included).

Also one row per thing across the whole submission (``double_submissions``): a unit's own
row (no school) beside its schools' rows for the same figures, in one file or in two, is
that unit reported twice; two city rows (市直 and 市本级) are the city reported twice.
Neither is summed as if it were one submission: the figures concerned are incomplete
until the clerk removes one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from plan_check import problems
from plan_check.identity import key
from plan_check.input.partial import merge_side

if TYPE_CHECKING:
    from plan_check.codes import Said
    from plan_check.input.partial import Expect, Numbers, Partial, ReadSpec, Source


BUCKETS = 8  # the hashes sorted an eighth at a time (by their top three bits)
Rows = npt.NDArray[np.int64]
# the blocks holding rows whose hashes met, in submission order: source, block, and
# what the block is read again with (its rows wanted, and ``Expect``)
Asks = dict[tuple[int, int], tuple[Rows, "Expect"]]
Job = tuple["Numbers", "Numbers", "Expect | None"]  # a block read again: drop, want, expect
Read = dict[tuple[int, int], "Partial"]


def candidates(sources: Sequence[Source]) -> Asks:
    """The rows of every hash that more than one row has, and what each block holding
    some is read again with: the 64-bit hashes sorted an eighth at a time, so the sort's
    copy takes 2 bytes a row beside the 8 kept."""
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
    out: Asks = {}
    seen = np.zeros(len(twice), dtype=bool)  # the groups whose first row of all is met
    for s, src in enumerate(sources):
        for b, part in enumerate(src.partials):
            rows = np.flatnonzero(np.isin(part.keys, twice)).astype(np.int64)
            if not len(rows):
                continue
            groups = np.searchsorted(twice, part.keys[rows])
            present, at, index = np.unique(groups, return_index=True, return_inverse=True)
            first_of_all = np.zeros(len(rows), dtype=bool)
            first_of_all[at[~seen[present]]] = True
            seen[present] = True
            out[(s, b)] = (rows, (at[index].astype(np.int64), first_of_all))
    return out


@dataclass
class Repeats:
    """The repeated rows per file (source): their lines ascending, which first row each
    repeats (an index into ``firsts``: first source, first line, key text, cell as
    typed), and the cells typed otherwise than their first row's (line -> cell; few)."""

    firsts: list[tuple[int, int, str, str]] = field(default_factory=list)
    rows: dict[int, tuple[Rows, Rows, dict[int, str]]] = field(default_factory=dict)


def repeats(asked: Asks, reread: Callable[[dict[tuple[int, int], Job]], Read]) -> Repeats:
    """The rows whose key text an earlier row has too (hashes can collide; texts cannot),
    with one read of the blocks that hold them (``reread``), which also sums each block
    without the rows it guessed repeat; a block is read once more, without its repeated
    rows, only where a hash collision made its guess wrong (none, but for a file made to
    collide). The rows ``asked`` are let go before the merge (17 bytes a row)."""
    if not asked:
        return Repeats()
    read = reread({block: ((), rows, expect) for block, (rows, expect) in asked.items()})
    out = Repeats()
    found: dict[int, list[tuple[Rows, Rows]]] = {}  # per source, block by block
    typed_otherwise: dict[int, dict[int, str]] = {}
    first_of: dict[str, int] = {}  # a key text -> its first row of all (in ``firsts``)
    again: dict[tuple[int, int], Rows] = {}
    for (s, b), (_, (block_first, first_of_all)) in asked.items():
        part = read[(s, b)]
        lines, codes, cells = part.want_lines, part.want_text, part.want_cell
        typed = part.want_cells.to_pylist()
        which_of = np.zeros(len(part.want_texts), dtype=np.int64)  # per text: its first row
        repeated = np.ones(len(lines), dtype=bool)
        present, at = np.unique(codes, return_index=True)
        texts = part.want_texts.take(present).to_pylist()
        for c, i, text in zip(present.tolist(), at.tolist(), texts, strict=True):
            which_of[c] = first_of.setdefault(text, len(out.firsts))
            if which_of[c] == len(out.firsts):  # the text's first row of all
                out.firsts.append((s, int(lines[i]), text, typed[cells[i]]))
                repeated[i] = False
        which = which_of[codes]
        # a repeat typed otherwise than its first row: shown as typed (一中 then 一中\u200b)
        n = len(typed)
        pairs, index = np.unique(codes * np.int64(n) + cells, return_inverse=True)
        other = [typed[k % n] != out.firsts[which_of[k // n]][3] for k in pairs.tolist()]
        otherwise = typed_otherwise.setdefault(s, {})
        for i in np.flatnonzero(np.asarray(other, dtype=bool)[index] & repeated).tolist():
            otherwise[int(lines[i])] = typed[cells[i]]
        guessed = (codes == codes[block_first]) & ~first_of_all  # as the block took them
        if not np.array_equal(repeated, guessed):  # a collision: the guess read again
            again[(s, b)] = np.sort(lines[repeated])
        found.setdefault(s, []).append((lines[repeated], which[repeated]))
        part.forget_wanted()  # the block's answers let go once read: kept for its sums
    for s, blocks in found.items():
        lines, which = (np.concatenate(arrays) for arrays in zip(*blocks, strict=True))
        order = np.argsort(lines, kind="stable")
        out.rows[s] = (lines[order], which[order], typed_otherwise[s])
    if again:
        reread({block: (rows, (), None) for block, rows in again.items()})
    return out


# ---- a unit or the city reported twice ----------------------------------------------------


Place = tuple[int, int]  # source, line


def double_submissions(
    sources: list[Source], reading: ReadSpec, counted: Iterable[str]
) -> tuple[dict[str, set[str]], list[tuple[int, int, str, Said]]]:
    """Per unit reported twice over, the metrics whose figures are therefore incomplete;
    and each such unit's problem (source, line, unit, what is wrong), said at the later
    place naming the earlier one."""
    spoiled: dict[str, set[str]] = {}
    said_twice: list[tuple[int, int, str, Said]] = []
    counted = set(counted)
    whole: dict[str, dict[Place, set[str]]] = {}  # per unit and file: its first own row
    parts: dict[str, dict[Place, set[str]]] = {}  # and its schools' first, with their metrics
    for s, src in enumerate(sources):
        found: dict[tuple[str, bool], tuple[int, set[str]]] = {}
        for part in src.partials:
            for side, (line, metrics) in part.sides.items():
                merge_side(found, side, line, metrics)
        for (unit, mine), (line, metrics) in found.items():
            (whole if mine else parts).setdefault(unit, {})[(s, line)] = metrics
    for unit in sorted(set(whole) & set(parts) & counted, key=lambda u: min(whole[u])):
        pairs = [
            (w, p, w_metrics & p_metrics)
            for w, w_metrics in sorted(whole[unit].items())
            for p, p_metrics in sorted(parts[unit].items())
            if w_metrics & p_metrics
        ]
        if pairs:
            (w, p, _), say_it = pairs[0], problems.unit_and_school_rows
            spoiled[unit] = set().union(*(shared for _, _, shared in pairs))
        else:  # the unit's own row and its schools report different figures: said, so
            # that a figure left blank on either side is seen to be why it is missing
            w, p = min(whole[unit]), min(parts[unit])
            say_it = problems.unit_and_school_rows_apart
        said = say_it(unit=unit, whole=place_of(sources, w), parts=place_of(sources, p))
        said_twice.append((*max(w, p), unit, said.with_context(first=place_of(sources, min(w, p)))))
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
            said_twice.append((*firsts[unit], unit, said))
        every = {m.id for m in reading.metrics}
        for unit in ordered:
            spoiled.setdefault(unit, set()).update(every)
    return spoiled, said_twice


def place_of(sources: list[Source], place: Place, student: bool = False) -> str:
    """Where a row is, as a problem names it: its file, and its line (or cell: D7, at its
    unit, or at its student id)."""
    src = sources[place[0]]
    return f"{src.path}:{src.place(place[1], src.id_col() if student else src.unit_col())}"
