"""The Word 通报's building blocks (python-docx): fonts named for Chinese and Latin text,
and tables whose columns are as wide as their words, fitted to the page, their head rows
repeated on every page. Only text goes in, never a field or markup."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from plan_check.render import overview, text
from plan_check.report import Alert

# The fonts a Chinese bureau's documents name. Word and WPS substitute what a machine lacks
# (docs/printing.md): LibreOffice on Linux takes fontconfig's choice (docs/fonts.conf maps them).
BODY = ("仿宋", "Times New Roman")  # 仿宋 (FangSong): the 公文 body
HEADING = ("黑体", "Arial")  # 黑体 (SimHei): titles and first-level headings
TABLE = ("宋体", "Times New Roman")  # 宋体 (SimSun): small print in tables
COLOURS = {"green": RGBColor(0x1A, 0x7F, 0x37), "yellow": RGBColor(0x8A, 0x6D, 0x00)}
COLOURS["red"] = RGBColor(0xC6, 0x28, 0x28)


def inert(words: str) -> str:
    """Text as the document may hold it: control characters shown as escapes (``safe``),
    and the two characters XML cannot hold at all (U+FFFE, U+FFFF) too."""
    shown = text.safe(words)
    return shown.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


# ASCII marks in Chinese text, as a 公文 writes them: full width, a digit group (1,743) and
# a time (14:25) left alone, the space after the mark dropped
_MARKS = re.compile(r"(?<!\d),|,(?!\d)|(?<!\d):|:(?!\d)|[;()]")
_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}


def marks(words: str, lang: str) -> str:
    """Chinese text with full-width marks (，：；（）), English as it is."""
    if lang != "zh":
        return words
    out = _MARKS.sub(lambda m: _FULL[m.group()], words)
    return re.sub(r"([，：；])\s+", r"\1", out)


def full_width(doc: Any) -> None:
    """Every text run of the document so far in full-width marks (``marks``)."""
    for node in doc.element.body.iter(qn("w:t")):
        if node.text:
            node.text = marks(node.text, "zh")


def set_fonts(element: Any, fonts: tuple[str, str]) -> None:
    """Name a Chinese font and a Latin one on a style or a run (w:rFonts eastAsia/ascii)."""
    east, latin = fonts
    element.font.name = latin
    rpr = element.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for key in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(key), latin)
    rfonts.set(qn("w:eastAsia"), east)


def wide(words: str) -> float:
    """Width in cells of a table's words in print: a Chinese character two, and the alert
    shapes (●▲■, drawn by the Chinese font), any other one (digits in a serif font) one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in words)


def _fit(need: list[float], wrap: frozenset[int], across: float) -> list[float]:
    """Column widths that fit ``across`` cells: the word columns (``wrap``) first keep a
    share of the page (their words wrap), the others are cut to one limit (the widest
    wrap), and what is left goes back to the word columns."""
    words = sum(need[i] for i in wrap)
    least = {i: min(need[i], max(14.0, across * 0.45 * need[i] / words)) for i in wrap}
    fixed = [i for i in range(len(need)) if i not in wrap]
    room = across - sum(least.values())
    limit = max(need)
    while limit > 4 and sum(min(need[i], limit) for i in fixed) > room:
        limit -= 0.5
    out = [n if i in wrap else min(n, limit) for i, n in enumerate(need)]
    spare = room - sum(out[i] for i in fixed)
    more = sum(need[i] - least[i] for i in wrap)
    for i in wrap:
        out[i] = least[i] + (need[i] - least[i]) * min(1.0, spare / more if more else 0.0)
    return out


def _repeat_header(row: Any) -> None:
    """A table's head row repeats on every page it runs over."""
    trpr = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    trpr.append(mark)


def _cell(cell: Any, words: str, size: float, *, bold: bool = False, right: bool = False,
          alert: Alert | None = None) -> None:  # fmt: skip
    p = cell.paragraphs[0]
    p.paragraph_format.line_spacing = 1.0
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run()
    set_fonts(run, TABLE)
    run.font.size = Pt(size)
    run.bold = bold
    for i, line in enumerate(words.split("\n")):  # data's own are escaped (\x0a) before
        if i:
            run.add_break()
        run.add_text(inert(line))
    if alert is not None:
        shape = p.add_run(" " + overview.mark(alert))
        set_fonts(shape, TABLE)
        shape.font.size = Pt(size)
        shape.font.color.rgb = COLOURS[alert]


def table(doc: Any, head: list[str], rows: list[list[tuple[str, Alert | None]]],
           size: float, width: Any, numeric: set[int] | None = None,
           bold_last: bool = False, groups: list[tuple[str, int]] | None = None,
           wrap: frozenset[int] = frozenset(), together: bool = False,
           bands: dict[int, str] | None = None) -> Any:  # fmt: skip
    """A table with repeating head rows (``groups``: a row of plan sections over the
    heads, each spanning its columns), its columns as wide as their words need, scaled to
    ``width``; the columns in ``wrap`` (words, not figures) give way first. ``bands``: a
    row across the table before the data row of that index (a plan section's title)."""
    numeric = numeric or set()
    above = 1 if groups else 0
    table = doc.add_table(rows=1 + above, cols=len(head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # widths in cells (half a Chinese character at ``size``): each column as wide as its
    # words, the widest ones cut to one limit (their words wrap) until the table fits
    across = width / 12700 / (size / 2)
    need = [
        max(
            wide(line)
            for words in [head[i], *(r[i][0] + (" ●" if r[i][1] else "") for r in rows)]
            for line in words.split("\n")
        )
        + 2.5
        for i in range(len(head))
    ]
    if sum(need) > across:
        need = _fit(need, wrap, across)
    for i, n in enumerate(need):  # a table that needs less than the page stays narrower
        # Word keeps widths in twips (635 EMU): cut to a whole one, or rounding may push a
        # table of many columns past its page
        share = int(width * n / max(sum(need), across * 0.75)) // 635 * 635
        table.columns[i].width = share
        for cell in table.columns[i].cells:
            cell.width = share
    for i, words in enumerate(head):
        _cell(table.rows[above].cells[i], words, size, bold=True, right=i in numeric)
    for row in table.rows:
        _repeat_header(row)
    if groups:
        first = 1
        for words, span in groups:
            cell = table.cell(0, first).merge(table.cell(0, first + span - 1))
            _cell(cell, words, size, bold=True)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            first += span
    for j, row in enumerate(rows):
        if bands and j in bands:
            band = table.add_row().cells
            merged = band[0].merge(band[-1])
            _cell(merged, bands[j], size, bold=True)
            merged.paragraphs[0].paragraph_format.keep_with_next = True
        added = table.add_row()
        cells = added.cells
        last = bold_last and j == len(rows) - 1
        for i, (words, alert) in enumerate(row):
            cells[i].width = table.columns[i].width
            _cell(cells[i], words, size, bold=last, right=i in numeric, alert=alert)
    for row in table.rows:  # a row never breaks across pages; a short table stays whole
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if together and row is not table.rows[-1]:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    return table
