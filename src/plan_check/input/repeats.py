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
    line: int
    first_source: int
    first_line: int
    key: str


def candidates(sources: Sequence[Source]) -> list[tuple[int, int, int, int]]:
    """(source, line, first source, first line) of every row whose key hash an earlier
    row has: one stable sort of the 64-bit hashes of all kept rows."""
    keys, where, lines = [], [], []
    for s, src in enumerate(sources):
        for part in src.partials:
            keys.append(part.keys)
            lines.append(part.key_lines)
            where.append(np.full(len(part.keys), s, dtype=np.int64))
    if not keys:
        return []
    key = np.concatenate(keys)
    if not len(key):
        return []
    source, line = np.concatenate(where), np.concatenate(lines)
    order = np.lexsort((line, source, key))  # by hash, then place in the submission
    ordered = key[order]
    same = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
    if not len(same):
        return []
    first_of_run = np.maximum.accumulate(
        np.where(np.r_[True, ordered[1:] != ordered[:-1]], np.arange(len(ordered)), 0)
    )
    found = []
    for k in same.tolist():
        i, j = int(order[k]), int(order[first_of_run[k]])
        found.append((int(source[i]), int(line[i]), int(source[j]), int(line[j])))
    return found


def repeats(
    found: list[tuple[int, int, int, int]], texts: dict[tuple[int, int], str]
) -> list[Repeat]:
    """The candidate rows whose key text an earlier row has too (hashes can collide;
    texts cannot). Each repeat names the first row with its text."""
    by_hash_group: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for s, line, fs, fl in found:
        by_hash_group.setdefault((fs, fl), [(fs, fl)]).append((s, line))
    out = []
    for group in by_hash_group.values():
        first_of: dict[str, tuple[int, int]] = {}
        for place in sorted(set(group)):
            text = texts[place]
            if text in first_of:
                out.append(Repeat(place[0], place[1], *first_of[text], text))
            else:
                first_of[text] = place
    return sorted(out, key=lambda r: (r.source, r.line))
