"""The fast scan of a sheet's XML window written as spreadsheet programs write it
(``<c r="D7"``, ``<row r="7"``: position first, in double quotes, no prefix, no entity in
a position or a type): numpy over the positions of the bytes that matter ("<", "=", ":")
and the references' bytes read as 8-byte words, instead of a pattern per tag. A window
in any other form is left to the scan of every tag (sheetscan), which reads any form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

_ODD_ATTRIBUTE = re.compile(rb"\b[rt](?:\s+=|=\s|=')")  # r = "…", t='s'
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.\-]*:(?:c|row)[\s/>]")
_ENTITY_IN_VALUE = re.compile(rb'="[^"<>]*&')


@dataclass(frozen=True)
class Usual:
    """What a window written the usual way holds: the furthest row and column its
    positions name (columns: at least 26 once it has a cell), its row tags, its
    shared-string cells, and whether it has formula-error cells (t="e")."""

    rows: int
    columns: int
    row_tags: int
    strings: int
    errors: bool


def column_number(letters: bytes) -> int:
    """A column's number from its letters: A 1, Z 26, AA 27."""
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


@cache
def _tables() -> tuple[Any, Any, bytes]:
    """Lookup tables by byte: tag name ends ([\\s/>]), white space, and each byte's class:
    1 a letter, 2 a digit, 3 '"' (what references are made of), then the bytes the scan
    looks for: 5 "<", 6 "=", 7 ":"; 0 anything else."""
    import numpy as np

    ends = np.zeros(256, dtype=bool)
    ends[list(b" \t\n\r\f\v/>")] = True
    space = np.zeros(256, dtype=bool)
    space[list(b" \t\n\r\f\v")] = True
    classes = bytearray(256)
    for letter in range(26):
        classes[65 + letter] = classes[97 + letter] = 1
    for digit in range(48, 58):
        classes[digit] = 2
    for kind, byte in ((3, '"'), (5, "<"), (6, "="), (7, ":")):
        classes[ord(byte)] = kind
    return ends, space, bytes(classes)


_CELL_TAG = int.from_bytes(b'<c r="', "little")
_ROW_TAG = int.from_bytes(b'<row r="', "little")
# a type (t="…") from its opening quote on, read as a word: the one-letter types first
_ONE_LETTER = [int.from_bytes(word, "little") for word in (b'"s"', b'"e"', b'"n"', b'"b"', b'"d"')]
_LONGER = [  # the others, in their first 8 bytes
    (int.from_bytes(word, "little"), (1 << 8 * len(word)) - 1)
    for word in (b'"str"', b'"array"', b'"shared"', b'"normal"', b'"inlineS')
]
_INLINE = int.from_bytes(b'tr"', "little")  # the rest of "inlineStr"


def _types(buf: Any, eight: Any, eq: Any, positions: int) -> tuple[int, int] | None:
    """The shared-string cells (t="s") and formula-error cells (t="e") of a window, given
    its "=" (each before '"'); None unless ``positions`` r="…" stand there (no other r
    than the cells' and rows') and every t="…" is one of the types spreadsheet programs
    write, without an entity."""
    import numpy as np

    _, space, _ = _tables()
    name, lead = buf[eq - 1], space[buf[eq - 2]]  # " r=", " t=": the attribute's name
    if int(((name == 114) & lead).sum()) != positions:
        return None
    tee = eq[(name == 116) & lead]
    value = eight[tee + 1]
    short = value & np.uint64(0xFFFFFF)
    strings = int((short == np.uint64(_ONE_LETTER[0])).sum())
    errors = int((short == np.uint64(_ONE_LETTER[1])).sum())
    known = short == np.uint64(_ONE_LETTER[2])
    for word in _ONE_LETTER[:2] + _ONE_LETTER[3:]:
        known |= short == np.uint64(word)
    rest = np.flatnonzero(~known)  # the longer types: few cells, most sheets none
    value, tee = value[rest], tee[rest]
    known = np.zeros(len(rest), dtype=bool)
    for word, mask in _LONGER:
        known |= (value & np.uint64(mask)) == np.uint64(word)
    inline = np.flatnonzero((value & np.uint64(_LONGER[-1][1])) == np.uint64(_LONGER[-1][0]))
    known[inline] &= (eight[tee[inline] + 9] & np.uint64(0xFFFFFF)) == np.uint64(_INLINE)
    return (strings, errors) if known.all() else None


_PAD = bytes(24)  # so that 8 bytes can be read at any offset up to 16 past the end


def usual_reach(window: bytes) -> Usual | None:
    """What a window holds, if its cell and row tags are all written the usual way;
    None if any is not (the window is then read tag by tag)."""
    import numpy as np

    ends, space, classes = _tables()
    size = len(window)
    buf = np.frombuffer(window + _PAD, dtype=np.uint8)
    kinds = np.frombuffer(window.translate(classes) + _PAD, dtype=np.uint8)
    at = np.flatnonzero(kinds[:size] >= 5)  # the bytes looked for, in order
    kind = kinds[at]
    eight = np.ndarray((size + 16,), dtype="<u8", buffer=buf, strides=(1,))
    colons = at[kind == 7]
    if len(colons):  # <x:c, <x:row: a prefixed tag
        name = eight[colons + 1]
        if (
            ((name & 0xFF) == 99) & ends[(name >> 8) & 0xFF]
            | ((name & 0xFFFFFF) == 0x776F72) & ends[(name >> 24) & 0xFF]
        ).any() and _PREFIXED.search(window):
            return None
    eq = at[kind == 6]
    # every "=" followed by '"' with no space before it (most windows): no r = "…", no t='s'
    plain = not len(eq) or not ((buf[eq + 1] != 34).any() or space[buf[eq[eq > 0] - 1]].any())
    if not plain and _ODD_ATTRIBUTE.search(window):
        return None
    if not plain and b"&" in window and _ENTITY_IN_VALUE.search(window):
        return None  # r="&#88;FD1": an entity in a value (when plain: see the types)
    lt = at[kind == 5]
    after = buf[lt + 1]
    cells = lt[after == 99]
    cells = cells[ends[buf[cells + 2]]]
    rows = lt[after == 114]
    rows = rows[(buf[rows + 2] == 111) & (buf[rows + 3] == 119) & ends[buf[rows + 4]]]
    if ((eight[cells] & 0xFFFFFFFFFFFF) != _CELL_TAG).any() or (eight[rows] != _ROW_TAG).any():
        return None
    cell_reach = _references(buf, kinds, cells + 6, letters=True)
    row_reach = _references(buf, kinds, rows + 8, letters=False)
    types = _types(buf, eight, eq, len(cells) + len(rows))
    if cell_reach is None or row_reach is None or types is None:
        return None
    return Usual(
        rows=max(cell_reach[0], row_reach[0]),
        columns=max(26, cell_reach[1]) if len(cells) else 0,
        row_tags=len(rows),
        strings=types[0],
        errors=types[1] > 0,
    )


def _references(buf: Any, kinds: Any, at: Any, letters: bool) -> tuple[int, int] | None:
    """The furthest row and column of the references beginning at ``at``: one to three
    letters (none for a row), one to eight digits without a leading zero, a double quote.
    None if any is otherwise. References are grouped by shape (their bytes' classes up to
    the quote: at most 24 shapes); within a group the furthest row is the largest of the
    digits read as one big-endian number (equal lengths: the same order as the values),
    the furthest column likewise."""
    import numpy as np

    def words(data: Any, offsets: Any) -> Any:
        return np.ndarray((len(data) - 8,), dtype="<u8", buffer=data, strides=(1,))[offsets]

    shape_a, shape_b = words(kinds, at), words(kinds, at + 8)
    best = (0, 0)  # (digits, the row's digits as a number): the furthest row
    column = 0
    while len(at):
        kind = int(shape_a[0]).to_bytes(8, "little") + int(shape_b[0]).to_bytes(8, "little")
        named = len(kind) - len(kind.lstrip(b"\1"))
        digits = len(kind) - named - len(kind[named:].lstrip(b"\2"))
        end = named + digits  # where the quote must be
        if end >= 16 or kind[end] != 3 or not 0 < digits <= 8 or named > 3:
            return None
        if (named > 0) != letters:
            return None
        mask = (1 << (8 * min(end + 1, 8))) - 1
        same = (shape_a & np.uint64(mask)) == np.uint64(int(shape_a[0]) & mask)
        if end >= 8:
            tail = (1 << (8 * (end - 7))) - 1
            same &= (shape_b & np.uint64(tail)) == np.uint64(int(shape_b[0]) & tail)
        group = at[same]
        if (buf[group + named] == 48).any():
            return None  # a leading zero: a longer number is not always a larger one
        best = max(best, (digits, _largest(words(buf, group + named), digits)))
        if named:
            letters_found = _largest(words(buf, group) & np.uint64(0xDFDFDFDFDFDFDFDF), named)
            column = max(column, column_number(letters_found.to_bytes(named, "big")))
        at, shape_a, shape_b = at[~same], shape_a[~same], shape_b[~same]
    row = int(best[1].to_bytes(best[0], "big")) if best[0] else 0
    return row, column


def _largest(words: Any, size: int) -> int:
    """The largest of the first ``size`` bytes of each 8-byte word, read big-endian."""
    import numpy as np

    swapped = words.byteswap() >> np.uint64(8 * (8 - size))
    return int(swapped.max())
