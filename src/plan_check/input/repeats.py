"""Repeated rows across every block of every file: a unit twice in files of one row per
unit, a school twice, a student id twice within a unit. Found with one sort of the rows'
64-bit key hashes (16 bytes a row: the only thing the reader keeps per row), then
confirmed by the keys' text, read again from the blocks that hold them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from plan_check.input.partial import Source


@dataclass
class Repeat:
    """A row whose key an earlier row has: where it is, and where the first one is."""

    source: int
    block: int
    line: int
    first_source: int
    first_line: int
    key: str  # folded
    typed: str = ""  # the row's school or student cell as typed


Place = tuple[int, int, int]  # source, block, the row's number among the block's kept rows


def candidates(sources: Sequence[Source]) -> list[list[Place]]:
    """The rows of every hash that more than one row has, in the order of the submission
    (file, block, row): one in-place sort of all the 64-bit hashes, 8 bytes a row."""
    parts = [part.keys for src in sources for part in src.partials]
    everything = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
    everything.sort()
    twice = np.unique(everything[1:][everything[1:] == everything[:-1]])
    del everything
    if not len(twice):
        return []
    groups: dict[int, list[Place]] = {}
    for s, src in enumerate(sources):
        for b, part in enumerate(src.partials):
            for i in np.flatnonzero(np.isin(part.keys, twice)).tolist():
                groups.setdefault(int(part.keys[i]), []).append((s, b, i))
    return list(groups.values())


def repeats(groups: list[list[Place]], texts: dict[Place, tuple[int, str, str]]) -> list[Repeat]:
    """The rows whose key text an earlier row has too (hashes can collide; texts cannot).
    Each repeat names the first row with that text."""
    out = []
    for group in groups:
        first_of: dict[str, tuple[int, int]] = {}
        for place in group:
            line, text, typed = texts[place]
            if text in first_of:
                out.append(Repeat(place[0], place[1], line, *first_of[text], text, typed))
            else:
                first_of[text] = (place[0], line)
    return sorted(out, key=lambda r: (r.source, r.line))
