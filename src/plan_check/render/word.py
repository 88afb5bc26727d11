"""The 通报 as a Word draft (-o tongbao.docx), built with python-docx.

A4 portrait in the 公文 layout (margins 37/35/28/26 mm, a 三号 仿宋 body, 黑体 headings),
the 一览表 on landscape pages of its own, the data problems as an annex. The words are the
printed report's (render/bulletin.py); nothing from data is ever a field or markup, only
text. No file path, goal id or generation time is in the document.
"""

from __future__ import annotations

import unicodedata
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from plan_check.i18n import Lang, t
from plan_check.plan import Plan
from plan_check.render import bulletin, overview, text
from plan_check.render.options import RenderOptions
from plan_check.report import Alert, Report, RuleResult

# The fonts a Chinese bureau's documents name. Word and WPS substitute what a machine lacks
# (see docs/printing.md): LibreOffice on Linux prints them in Noto Serif / Sans CJK.
BODY = ("仿宋", "Times New Roman")  # 仿宋 (FangSong): the 公文 body
HEADING = ("黑体", "Arial")  # 黑体 (SimHei): titles and first-level headings
TABLE = ("宋体", "Times New Roman")  # 宋体 (SimSun): small print in tables
COLOURS = {"green": RGBColor(0x1A, 0x7F, 0x37), "yellow": RGBColor(0x8A, 0x6D, 0x00)}
COLOURS["red"] = RGBColor(0xC6, 0x28, 0x28)
LANDSCAPE_CELLS = 180  # the 一览表's width in cells (_wide) at 8pt, its padding counted


def _fonts(element: Any, fonts: tuple[str, str]) -> None:
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


def _styles(doc: Any, lang: Lang) -> None:
    normal = doc.styles["Normal"]
    _fonts(normal, BODY)
    normal.font.size = Pt(16 if lang == "zh" else 12)
    language = OxmlElement("w:lang")  # Chinese glyphs, Chinese line breaking
    language.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    language.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(language)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(28 if lang == "zh" else 18)


def _page(section: Any, landscape: bool) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin = section.bottom_margin = Mm(15)
        section.left_margin = section.right_margin = Mm(15)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)


def _page_number(section: Any) -> None:
    """— 1 — centred at the foot of every page (a PAGE field, the document's own)."""
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.text = "1"
    run.append(shown)
    field.append(run)
    footer._p.append(field)
    footer.add_run(" —")


def _para(doc: Any, words: str, *, size: float | None = None, fonts: tuple[str, str] = BODY,
          bold: bool = False, center: bool = False, indent: bool = False,
          colour: RGBColor | None = None) -> Any:  # fmt: skip
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)
    run = p.add_run(text.safe(words))
    _fonts(run, fonts)
    run.bold = bold
    if size is not None:
        run.font.size = Pt(size)
        p.paragraph_format.line_spacing = Pt(max(size * 1.5, 28) if size > 16 else size * 1.5)
    if colour is not None:
        run.font.color.rgb = colour
    return p


def _heading(doc: Any, index: int, code: str, lang: Lang) -> None:
    _para(doc, bulletin.numbered(index, t(code, lang), lang), fonts=HEADING)


def _masthead(doc: Any, report: Report, plan: Plan, options: RenderOptions) -> None:
    head = bulletin.heading(report, plan, options.lang, options.issue)
    if head.issuer:
        _para(doc, head.issuer, size=26, fonts=HEADING, center=True, colour=COLOURS["red"])
    if head.number:
        _para(doc, head.number, center=True)
    if head.issuer or head.number:  # the red rule under the masthead
        rule = _para(doc, "", size=6)
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("val", "single"), ("sz", "12"), ("space", "1"), ("color", "C62828")):
            bottom.set(qn("w:" + key), value)
        border.append(bottom)
        rule._p.get_or_add_pPr().append(border)
    _para(doc, head.title, size=22, fonts=HEADING, center=True)
    _para(doc, f"({head.when})" if options.lang == "zh" else head.when, center=True)


def _wide(words: str) -> float:
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
    _fonts(run, TABLE)
    run.font.size = Pt(size)
    run.bold = bold
    for i, line in enumerate(words.split("\n")):  # data's own are escaped (\x0a) before
        if i:
            run.add_break()
        run.add_text(text.safe(line))
    if alert is not None:
        shape = p.add_run(" " + overview.mark(alert))
        _fonts(shape, TABLE)
        shape.font.size = Pt(size)
        shape.font.color.rgb = COLOURS[alert]


def _table(doc: Any, head: list[str], rows: list[list[tuple[str, Alert | None]]],
           size: float, width: Any, numeric: set[int] | None = None,
           bold_last: bool = False, groups: list[tuple[str, int]] | None = None,
           wrap: frozenset[int] = frozenset(), together: bool = False) -> Any:  # fmt: skip
    """A table with repeating head rows (``groups``: a row of plan sections over the
    heads, each spanning its columns), its columns as wide as their words need, scaled to
    ``width``; the columns in ``wrap`` (words, not figures) give way first."""
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
            _wide(line)
            for words in [head[i], *(r[i][0] + (" ●" if r[i][1] else "") for r in rows)]
            for line in words.split("\n")
        )
        + 2.5
        for i in range(len(head))
    ]
    if sum(need) > across:
        need = _fit(need, wrap, across)
    for i, n in enumerate(need):  # a table that needs less than the page stays narrower
        share = int(width * n / max(sum(need), across * 0.75))
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


def _goals(doc: Any, report: Report, plan: Plan, lang: Lang, width: Any) -> None:
    """Every goal: its figure, target, what is due by now and the pace, the change since
    last time, and its status with the alert's shape."""
    paced, previous = report.paced, report.previous is not None
    codes = ["col_goal", "col_actual", "col_target"]
    codes += ["col_expected"] if paced else []
    codes += ["col_change"] if previous else []
    codes += ["col_status"]
    rows: list[list[tuple[str, Alert | None]]] = []
    for r in report.results:
        cells = [text.title(r.rule, lang), text.actual(r, plan, lang)]
        cells.append(text.target(r, plan, lang))
        if paced:  # 1,743人, and under it 快 3.3 个百分点
            due = [text.due_now(r, plan, lang), text.pace(r, lang, short=True)]
            cells.append("\n".join(x for x in due if x))
        if previous:
            cells.append(overview.change_with_status(r, plan, lang))
        row: list[tuple[str, Alert | None]] = [(c, None) for c in cells]
        row.append((text.status_label(r.status, lang, r.rule), r.alert))
        rows.append(row)
    head = [t(c, lang) for c in codes]
    words = {0, 3} | ({4} if paced and previous else set())
    _table(doc, head, rows, 9, width, {1, 2}, wrap=frozenset(words))


def _overview(doc: Any, report: Report, plan: Plan, lang: Lang, width: Any) -> None:
    """The ranking, then units × goals in tables of whole sections, each with 全市合计."""
    previous = report.previous is not None
    codes = ["col_rank", "col_unit", "col_met", "col_score", "col_mean_completion"]
    codes += ["col_rank_change"] if previous else []
    codes += ["col_alert"]
    places = overview.tie_places(report)
    rows: list[list[tuple[str, Alert | None]]] = []
    for s in report.ranking:
        cells = [overview.rank(s, lang), overview.clip(s.unit), overview.met(s)]
        cells += [overview.score(s), overview.mean_completion(s, places)]
        cells += [overview.rank_change(s, lang)] if previous else []
        shown = t("alert_" + s.alert, lang) if s.alert else ""
        rows.append([*[(c, None) for c in cells], (shown, s.alert)])
    numeric = {0, 2, 3, 4, 5}
    _table(doc, [t(c, lang) for c in codes], rows, 9, int(width * 0.6), numeric, together=True)
    for group in bulletin.tables(report, plan, lang, LANDSCAPE_CELLS, _wide):
        _para(doc, "", size=6)
        _figures(doc, report, plan, lang, group, width)
    _para(doc, overview.ranking_basis(plan, lang), size=9, fonts=TABLE)
    _para(doc, overview.alert_basis(plan, lang), size=9, fonts=TABLE)


def _figures(doc: Any, report: Report, plan: Plan, lang: Lang,
             group: list[overview.Block], width: Any) -> None:  # fmt: skip
    columns = [c for b in group for c in b.columns]
    head = [t("col_unit", lang)] + [overview.head(c, lang) for c in columns]
    by_goal = [overview.column_cells(c.result, lang) for c in columns]
    rows = [
        [(overview.clip(s.unit), None)] + [cells.get(s.unit, ("", None)) for cells in by_goal]
        for s in report.ranking
    ]
    rows.append(
        [(bulletin.total_label(plan, lang), None)]
        + [bulletin.total_cell(c, plan, lang) for c in columns]
    )
    groups = [(f"({b.section.number}) {b.section.title.pick(lang)}", len(b.columns)) for b in group]
    numeric = set(range(1, len(head)))
    _table(doc, head, rows, 8, width, numeric, True, groups, together=True)


def _attention(doc: Any, report: Report, plan: Plan, lang: Lang) -> None:
    gone = bulletin.absent(report)
    line = bulletin.absent_line(report, plan, lang)
    if line:
        _para(doc, line, indent=True)
    own, _ = bulletin.attention(report, plan, lang)
    for i, r in enumerate(own):
        _goal(doc, i, r, plan, lang, gone)


def _goal(doc: Any, index: int, r: RuleResult, plan: Plan, lang: Lang,
          gone: tuple[str, ...]) -> None:  # fmt: skip
    mark = f"({bulletin.zh_number(index + 1)})" if lang == "zh" else f"{index + 1}. "
    status = text.status_label(r.status, lang, r.rule)
    p = _para(doc, mark + text.title(r.rule, lang), indent=True, fonts=("楷体", "Times New Roman"))
    run = p.add_run(("：" if lang == "zh" else ": ") + status)
    _fonts(run, ("楷体", "Times New Roman"))
    if r.alert is not None:
        run.font.color.rgb = COLOURS[r.alert]
    notes = bulletin.reasons(r, plan, lang, gone)
    if notes:
        _para(doc, ";".join(notes) + "。" if lang == "zh" else "; ".join(notes) + ".", indent=True)
    units = [bulletin.unit_line(r, u, plan, lang) for u in bulletin.holding_back(r, gone)]
    if units:
        joined = ";".join(units) + "。" if lang == "zh" else "; ".join(units) + "."
        _para(doc, t("tongbao_holding_back", lang, units=joined), indent=True)


def _problems(doc: Any, report: Report, lang: Lang, width: Any) -> None:
    codes = ("col_file", "col_where", "col_column", "col_value", "col_problem", "col_accepted")
    rows: list[list[tuple[str, Alert | None]]] = [
        [
            (text.safe(words), None)
            for words in (
                bulletin.file_name(p),
                text.where(p, lang),
                p.column or "",
                p.value or "",
                text.problem_shown(p, lang),
                text.problem_accepted(p, lang),
            )
        ]
        for p in report.problems
    ]
    _table(doc, [t(c, lang) for c in codes], rows, 9, width, wrap=frozenset({0, 3, 4, 5}))


def render_bytes(report: Report, plan: Plan, options: RenderOptions) -> bytes:
    lang = options.lang
    doc = Document()
    _styles(doc, lang)
    portrait = doc.sections[0]
    _page(portrait, landscape=False)
    _page_number(portrait)
    text_width = Mm(210 - 28 - 26)
    _masthead(doc, report, plan, options)
    part = 0
    _heading(doc, part, "tongbao_h_summary", lang)
    for words in bulletin.summary(report, plan, lang):
        _para(doc, words, indent=True)
    part += 1
    _heading(doc, part, "tongbao_h_goals", lang)
    _goals(doc, report, plan, lang, text_width)
    if any(s.judged for s in report.ranking):
        wide = doc.add_section(WD_SECTION.NEW_PAGE)
        _page(wide, landscape=True)
        part += 1
        _heading(doc, part, "tongbao_h_overview", lang)
        _overview(doc, report, plan, lang, Mm(297 - 15 - 15))
        _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)
    else:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    part += 1
    _heading(doc, part, "tongbao_h_attention", lang)
    _attention(doc, report, plan, lang)
    if report.problems:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        annex = t("tongbao_annex", lang)
        _para(doc, annex, fonts=HEADING)
        _para(doc, t("tongbao_annex_problems", lang), size=22, fonts=HEADING, center=True)
        _para(doc, text.problems_heading(report, lang), center=True)
        _problems(doc, report, lang, text_width)
    head = bulletin.heading(report, plan, lang, options.issue)
    doc.core_properties.title = head.title
    doc.core_properties.author = head.issuer or "plan-check"
    doc.core_properties.created = doc.core_properties.modified = options.generated
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
