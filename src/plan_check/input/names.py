"""Unit names that are probably the same unit written two ways: 青山县 and 青山具 (one
character apart), 青山縣 (traditional 縣), full-width letters, an invisible zero-width
space. Such a pair splits one county's figures in two, or leaves it "not reported"."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from plan_check.cells import header_key

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


TOTAL_ROW_NAMES = frozenset({"合计", "总计", "小计", "汇总", "全市", "全市合计", "total", "sum"})
TOTAL_WORDS = ("合计", "总计", "小计", "汇总")  # 全市总计, 市合计, 合计: … are totals too


def is_total_row(name: str) -> bool:
    key = header_key(name).rstrip(":：")
    return key in TOTAL_ROW_NAMES or any(word in key for word in TOTAL_WORDS)


def clean_name(name: str) -> str:
    """A unit name as the unit it names: no spaces or invisible characters (a zero-width
    space, a BOM, a filler, a variation selector pasted from a web page), full-width
    letters folded, traditional 縣/區 as 县/区. 青山县\u200b, 青山 县 and 青山縣 are 青山县."""
    folded = unicodedata.normalize("NFKC", name).translate(TRADITIONAL)
    return "".join(
        ch
        for ch in folded
        if not ch.isspace()
        and ch not in INVISIBLE
        and unicodedata.category(ch) not in ("Cf", "Mn", "Zs")
    )
