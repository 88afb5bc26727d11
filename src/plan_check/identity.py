"""One identity for every name a clerk types: unit names, school names, student ids and
column headers are compared by ``key``, and by nothing else.

Two spellings are one when they differ only in what a clerk cannot see or does not mean:
full-width forms (NFKC), spaces of any kind, invisible, control (DEL), format (a
zero-width space, a BOM), private-use characters and the marks NFKC leaves, traditional
characters (OpenCC's t2s), and letter case. In that order: what cannot be seen is taken
off before t2s, so it cannot change how a phrase converts (乾\u200b隆 is 乾隆, not 干隆).
青山縣, 青山 县 and 青山县\u200b are one unit; G0001X and Ｇ0001x one student; 學校 and
学\x7f校 the school column.

``clean_name`` is the display form beside it (``key`` with letter case kept): how a unit
is named in a report, and summed (a unit written in another case, ABC县 and abc县, is
pointed out as one unit written twice, by ``key``, not merged). Folding decides sameness
only; a school or an id is shown as typed. Figures, dates and tokens (/, 无, 是) are read
by the number grammar's ``cells.fold``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

# Letters that show as nothing: fillers and the blank braille cell.
INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Categories that carry nothing a clerk means: controls (DEL too), format marks (zero-width
# space, BOM, bidi marks), private use, surrogates, unassigned (U+FFFF), combining marks
# left after NFKC (variation selectors), separators.
HIDDEN = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Mn", "Me", "Zs", "Zl", "Zp"})
_converter: Any = None


def simplified(text: str) -> str:
    """Traditional characters as simplified ones (OpenCC's t2s tables), 縣 as 县."""
    global _converter
    if text.isascii():
        return text
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return str(_converter.convert(text))


@lru_cache(maxsize=1 << 16)
def clean_name(name: str) -> str:
    """The display form of a name: full-width forms folded, no spaces or invisible
    characters, traditional characters simplified; letter case kept. 青山县\u200b, 青山 县
    and 青山縣 are 青山县."""
    folded = unicodedata.normalize("NFKC", name)
    visible = "".join(
        ch
        for ch in folded
        if not ch.isspace() and ch not in INVISIBLE and unicodedata.category(ch) not in HIDDEN
    )
    return simplified(visible)


def key(text: str) -> str:
    """The identity of a name, an id or a header: ``clean_name`` without letter case (X
    and x at the end of an id are one id)."""
    return clean_name(text).casefold()


def fold_column(cells: Any) -> Any:
    """``key`` of every cell of an Arrow string array (no nulls). A cell of printable
    ASCII and CJK ideographs none of which is traditional (most of them) is only
    lower-cased, by Arrow; the others (full-width, invisible, traditional characters) go
    through ``key`` once per distinct text. So a million ids or school names fold in C."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    folded = pc.ascii_lower(cells)
    other = _needs_key(cells)
    if not other.any():
        return folded
    mask = pa.array(other)
    encoded = pc.dictionary_encode(pc.filter(cells, mask))
    distinct = [key(str(v)) for v in encoded.dictionary.to_pylist()]
    slow = pc.take(pa.array(distinct, type=folded.type), encoded.indices)
    return pc.replace_with_mask(folded, mask, slow)


def _needs_key(cells: Any) -> Any:
    """Cells holding a character other than printable ASCII and U+4000-U+9FFF (each
    stable under NFKC, none hidden), or one of those that t2s changes: one RE2 pass."""
    import numpy as np
    import pyarrow.compute as pc

    found = pc.match_substring_regex(cells, _pattern())
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


@lru_cache(maxsize=1)
def _pattern() -> str:
    import numpy as np

    changed = "".join(chr(0x4000 + int(c)) for c in np.flatnonzero(_traditional()))
    return "[^\\x{21}-\\x{7e}\\x{4000}-\\x{9fff}]" + (f"|[{changed}]" if changed else "")


@lru_cache(maxsize=1)
def _traditional() -> Any:
    """For each character of U+4000-U+9FFF, whether t2s changes it (OpenCC, once)."""
    import numpy as np

    chars = [chr(c) for c in range(0x4000, 0xA000)]
    converted = simplified("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # never seen: then every such character is looked at
        return np.ones(len(chars), dtype=bool)
    return np.array([a != b for a, b in zip(chars, converted, strict=True)], dtype=bool)


# ---- the names that name no unit: total rows ----------------------------------------------


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
