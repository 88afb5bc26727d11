"""What a unit name tells beyond its identity (``identity.key``): two names that are
probably the same unit written two ways (青山县 and 青山具, one character apart), and the
names of total rows (合计, 小计…).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from plan_check.identity import key


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
TOTAL_ROW_NAMES = frozenset(
    {
        "合计", "总计", "小计", "汇总", "全市", "全市合计", "全县", "全区", "全旗", "本县",
        "本区", "总数", "总和", "全部", "total", "sum", "subtotal", "grandtotal", "σ",
    }
)  # fmt: skip
TOTAL_WORDS = ("合计", "总计", "小计", "汇总", "共计", "总和", "小结")
WHOLE_UNIT = ("全县", "全区", "全市", "全旗")  # 青山县全县: the county as a whole


def total_rows(folded: Any) -> Any:
    """``is_total_row`` of every cell of a ``fold_column`` result, as a numpy mask."""
    import numpy as np
    import pyarrow.compute as pc

    names = "|".join(sorted(n for n in TOTAL_ROW_NAMES if not any(w in n for w in TOTAL_WORDS)))
    pattern = f"{'|'.join(TOTAL_WORDS)}|^({names}):*$|({'|'.join(WHOLE_UNIT)}):*$"
    found = pc.match_substring_regex(folded, pattern)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def is_total_row(name: str) -> bool:
    """A 合计 row (合計, 小计:, 全市总计…), in the unit column or the school column."""
    folded = key(name).rstrip(":：")
    return (
        folded in TOTAL_ROW_NAMES
        or any(word in folded for word in TOTAL_WORDS)
        or folded.endswith(WHOLE_UNIT)
    )
