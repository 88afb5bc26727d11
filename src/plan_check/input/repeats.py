"""Repeated rows across every block of every file: a unit twice in files of one row per
unit, a school twice, a student id twice within a unit. Found with one sort of the rows'
64-bit key hashes (8 bytes a row: the only thing the reader keeps per row), then
confirmed by the keys' text, read again from the blocks that hold them.

Memory stays a few bytes per row however many rows repeat (a million copies of one row
included): the rows whose hashes met are numpy arrays (their row, their hash's group),
the text is kept once per group (that of its first row), and each block read again says
of its rows only whether their text is the group's; a row whose text is not (a hash
collision, by chance or made) is handed back with its text, and compared here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from plan_check.input.partial import Partial, Source


@dataclass
class Repeat:
    """A row whose key an earlier row has: where it is, and where the first one is."""

    source: int
    block: int
    line: int
    first_source: int
    first_line: int
    key: str  # folded
    typed: str = ""  # the first row's school or student cell as the clerk typed it


BUCKETS = 8  # the hashes sorted an eighth at a time (by their top three bits)
Place = tuple[int, int, int]  # source, block, the row's number among the block's kept rows
Rows = npt.NDArray[np.int64]


@dataclass
class Candidates:
    """The rows whose hash another row has, block by block in submission order: their
    number among the block's kept rows, and their hash's group."""

    blocks: list[tuple[int, int, Rows, Rows]]  # source, block, rows, groups
    first: npt.NDArray[np.int64]  # per group: the source, block and row of its first

    def first_places(self) -> list[Place]:
        return [(int(s), int(b), int(r)) for s, b, r in self.first.tolist()]

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


# a block's rows read again: (source, block) -> (rows wanted, the texts expected of them
# (one per group present), each row's index into those texts)
Asks = dict[tuple[int, int], tuple[Rows, tuple[str, ...], Rows, tuple[str, ...]]]


@dataclass
class Repeats:
    """The repeated rows, block by block: their lines, and which first row each repeats
    (an index into ``firsts``: first source, first line, key text, cell as typed)."""

    firsts: list[tuple[int, int, str, str]] = field(default_factory=list)
    typed: dict[tuple[int, int], str] = field(default_factory=dict)  # (source, line): cell
    blocks: dict[tuple[int, int], tuple[Rows, Rows]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(len(lines) for lines, _ in self.blocks.values())

    def __len__(self) -> int:
        return sum(len(lines) for lines, _ in self.blocks.values())

    def lines(self) -> Iterator[tuple[tuple[int, int], Rows]]:
        """Each block's repeated lines, to be read again without them."""
        for key, (lines, _) in self.blocks.items():
            if len(lines):
                yield key, lines

    def __iter__(self) -> Iterator[Repeat]:
        """Every repeat, file by file in line order, made as it is asked for."""
        for s, lines, blocks, which in self.by_source():
            for start in range(0, len(lines), 1 << 14):  # a slice at a time: no list of all
                part = slice(start, start + (1 << 14))
                for line, block, group in zip(
                    lines[part].tolist(), blocks[part].tolist(), which[part].tolist(), strict=True
                ):
                    yield self.repeat(s, block, line, group)

    def by_source(self) -> Iterator[tuple[int, Rows, Rows, Rows]]:
        """Per file (source), in order: its repeated lines ascending, each one's block, and
        which first row each repeats."""
        for s in sorted({s for s, _ in self.blocks}):
            keys = sorted(k for k in self.blocks if k[0] == s)
            lines = np.concatenate([self.blocks[k][0] for k in keys])
            which = np.concatenate([self.blocks[k][1] for k in keys])
            block = np.concatenate([np.full(len(self.blocks[k][0]), k[1]) for k in keys])
            order = np.argsort(lines, kind="stable")
            yield s, lines[order], block[order], which[order]

    def repeat(self, s: int, block: int, line: int, group: int) -> Repeat:
        first_source, first_line, key, typed = self.firsts[group]
        typed = self.typed.get((s, line), typed)
        return Repeat(s, block, line, first_source, first_line, key, typed)

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
    found: Candidates,
    texts: dict[Place, tuple[int, str, str]],
    partials: Callable[[Asks], dict[tuple[int, int], Partial]],
) -> Repeats:
    """The rows whose key text an earlier row has too (hashes can collide; texts cannot).
    ``texts``: the line and text of each group's first row; ``partials``: the blocks read
    again, each saying which of its rows have their group's text."""
    out = Repeats()
    places = found.first_places()
    group_text = [texts[place][1] for place in places]
    group_typed = [texts[place][2] for place in places]
    asks = {}
    for s, b, rows, groups in found.blocks:
        present, index = np.unique(groups, return_inverse=True)
        kept = present.tolist()
        asks[(s, b)] = (
            rows,
            tuple(group_text[g] for g in kept),
            index,
            tuple(group_typed[g] for g in kept),
        )
    read = partials(asks)
    out.firsts = [
        (place[0], texts[place][0], text, texts[place][2])
        for place, text in zip(places, group_text, strict=True)
    ]
    del places
    others: dict[tuple[int, str], int] = {}  # (group, text) of a collision -> its first
    for s, b, rows, groups in found.blocks:
        part = read[(s, b)]
        out.typed.update(((s, line), cell) for line, cell in part.typed_rows.items())
        same = part.want_same
        here = (found.first[:, 0] == s) & (found.first[:, 1] == b)
        is_first = np.isin(rows, found.first[here, 2])
        repeated = same & ~is_first
        extra_lines: list[int] = []
        extra_which: list[int] = []
        for i in np.flatnonzero(~same).tolist():  # collisions: their text, compared here
            line, text, typed = part.key_texts[int(rows[i])]
            key = (int(groups[i]), text)
            if key in others:
                extra_lines.append(line)
                extra_which.append(others[key])
            else:
                others[key] = len(out.firsts)
                out.firsts.append((s, line, text, typed))
        lines = np.concatenate((part.want_lines[repeated], np.array(extra_lines, np.int64)))
        which = np.concatenate((groups[repeated], np.array(extra_which, np.int64)))
        order = np.argsort(lines, kind="stable")
        out.blocks[(s, b)] = (lines[order], which[order])
    return out
