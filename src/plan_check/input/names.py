"""Unit names that are probably the same unit written two ways: 青山县 and 青山具 (one
character apart), 青山縣 (traditional 縣), full-width letters, an invisible zero-width
space. Such a pair splits one county's figures in two, or leaves it "not reported"."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Traditional forms that occur in unit names, to their simplified forms.
TRADITIONAL = str.maketrans("縣區鎮鄉學園廳館", "县区镇乡学园厅馆")
# Letters that show as nothing: fillers and the blank braille cell.
INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def name_key(name: str) -> str:
    """A name folded for comparison: full-width to half-width, traditional 縣 to 县,
    invisible and space characters removed, letters lower-cased."""
    folded = unicodedata.normalize("NFKC", name).translate(TRADITIONAL)
    kept = (ch for ch in folded if unicodedata.category(ch)[0] not in ("C", "Z"))
    return "".join(kept).lower()


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
    key = name_key(name)
    for other in others:
        if other == name:
            continue
        other_key = name_key(other)
        if key == other_key or (min(len(key), len(other_key)) >= 2 and _one_apart(key, other_key)):
            return other
    return None
