"""Line breaking for Chinese text in narrow terminal columns.

Rich breaks lines at spaces only, and folds a longer "word" at the exact column width.
A Chinese goal title has no spaces, so Rich folds it anywhere, numbers and ids included
("“国培计划”30" / "00 名以上"). ``Prose`` breaks between Chinese characters instead,
keeps a run of digits or Latin letters whole (3000, 96.50%, 15-59, XX), and follows the
usual Chinese rule that a closing mark (”,)、。) never starts a line nor an opening
mark (“, () ends one. A token wider than the column is still folded: nothing is cut.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import Text

_CLOSING = "”’)】》」』、,。.:;!?%)」\"'"
_OPENING = "“‘(【《「『(\"'"
# a run of figures or Latin letters, with the marks that belong to it; or one character
_TOKEN = re.compile(
    rf"[{re.escape(_OPENING)}]*"
    r"(?:"
    # a figure with its measure word: 3000, 8.58 万人, 96.50%, 15-59, 2023届
    r"\d[\d.,%/×·\-]*(?: ?[万亿]?[人个所名次年届岁万亿元])?"
    # a Latin word, a hyphenated one breaking after its hyphens (industry- / education)
    r"|[A-Za-z][A-Za-z.'’]*-?"
    r"|\s+|."
    r")"
    rf"[{re.escape(_CLOSING)}]*",
    re.S,
)


@lru_cache(maxsize=1024)
def _tokens(text: str) -> tuple[tuple[int, int], ...]:
    """Where each token of a text begins and ends: a table measures a cell twice, then wraps it."""
    return tuple(m.span() for m in _TOKEN.finditer(text))


class Prose(Text):
    """A Text that wraps like Chinese prose (see the module doc). Print it inside a
    container (a table cell, a ``Group``): ``Console.print`` joins bare Texts into a plain
    one, which wraps the Rich way."""

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        text = self.plain
        widest = max((cell_len(line) for line in text.splitlines()), default=0)
        tokens = [cell_len(text[a:b].strip()) for a, b in _tokens(text)]
        return Measurement(max(tokens, default=0), widest)

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: object = None,
        overflow: object = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        text = self.plain
        if no_wrap or width <= 0 or cell_len(text) <= width or "\n" in text:
            return super().wrap(
                console,
                width,
                justify=justify,  # type: ignore[arg-type]
                overflow=overflow,  # type: ignore[arg-type]
                tab_size=tab_size,
                no_wrap=no_wrap,
            )
        breaks: list[int] = []
        used = 0
        for start, end in _tokens(text):
            size = cell_len(text[start:end])
            if used and used + size > width:
                if not text[start:end].strip():  # a space at the break is dropped
                    breaks.append(end)
                    used = 0
                    continue
                breaks.append(start)
                used = 0
            while size > width:  # a token wider than the column is folded, never cut
                cut = start
                room = width
                while cut < end and cell_len(text[start : cut + 1]) <= room:
                    cut += 1
                cut = max(cut, start + 1)  # a character wider than the column still moves on
                breaks.append(cut)
                start = cut
                size = cell_len(text[start:end])
            used += size
        lines = self.divide(breaks)
        for line in lines:
            line.rstrip()
        return lines
