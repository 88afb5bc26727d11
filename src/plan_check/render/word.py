"""The 通报 as a Word draft (-o tongbao.docx), built with python-docx.

A4 portrait in the 公文 layout (margins 37/35/28/26 mm, a 三号 仿宋 body, 黑体 headings),
the 一览表 on landscape pages of its own, the data problems as an annex. The words are the
printed report's (render/bulletin.py); nothing from data is ever a field or markup, only
text. No file path, goal id or generation time is in the document.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from plan_check.i18n import Lang, t
from plan_check.plan import Plan
from plan_check.render import bulletin, overview, text
from plan_check.render.options import RenderOptions
from plan_check.render.word_tables import (
    BODY,
    COLOURS,
    HEADING,
    TABLE,
    full_width,
    inert,
    marks,
    set_fonts,
    table,
    wide,
)
from plan_check.report import Alert, Report, RuleResult

LANDSCAPE_CELLS = 180  # the 一览表's width in cells (wide) at 8pt, its padding counted


def _styles(doc: Any, lang: Lang) -> None:
    normal = doc.styles["Normal"]
    set_fonts(normal, BODY)
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
    run = p.add_run(inert(words))
    set_fonts(run, fonts)
    run.bold = bold
    if size is not None:
        run.font.size = Pt(size)
        p.paragraph_format.line_spacing = Pt(max(size * 1.5, 28) if size > 16 else size * 1.5)
    if colour is not None:
        run.font.color.rgb = colour
    return p


def _heading(doc: Any, index: int, code: str, lang: Lang) -> None:
    """一、总体情况, kept on the page of what follows it (never alone at a page's foot)."""
    p = _para(doc, bulletin.numbered(index, t(code, lang), lang), fonts=HEADING)
    p.paragraph_format.keep_with_next = True


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


def _goals(doc: Any, report: Report, plan: Plan, lang: Lang, width: Any) -> None:
    """Every goal: its figure, target, what is due by now and the pace, the change since
    last time, and its status with the alert's shape."""
    paced, previous = report.paced, report.previous is not None
    codes = ["col_goal", "col_actual", "col_target"]
    codes += ["col_expected"] if paced else []
    codes += ["col_change"] if previous else []
    codes += ["col_status"]
    rows: list[list[tuple[str, Alert | None]]] = []
    bands: dict[int, str] = {}
    for section, results in text.by_section(report, plan):
        bands[len(rows)] = f"({section.number}) {section.title.pick(lang)}"
        rows += [_goal_row(r, plan, lang, paced, previous) for r in results]
    head = [t(c, lang) for c in codes]
    words = {0, 3} | ({4} if paced and previous else set())
    table(doc, head, rows, 9, width, {1, 2}, wrap=frozenset(words), bands=bands)


def _goal_row(
    r: RuleResult, plan: Plan, lang: Lang, paced: bool, previous: bool
) -> list[tuple[str, Alert | None]]:
    """A goal's row: title, figure, target, due and pace, change, status."""
    cells = [text.title(r.rule, lang), text.actual(r, plan, lang)]
    cells.append(text.target(r, plan, lang))
    if paced:  # 1,743人, and under it 快 3.3 个百分点
        due = [text.due_now(r, plan, lang), text.pace(r, lang, short=True)]
        cells.append("\n".join(x for x in due if x))
    if previous:
        cells.append(overview.change_with_status(r, plan, lang))
    row: list[tuple[str, Alert | None]] = [(c, None) for c in cells]
    row.append((text.status_label(r.status, lang, r.rule), r.alert))
    return row


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
    table(doc, [t(c, lang) for c in codes], rows, 9, int(width * 0.6), numeric, together=True)
    for group in bulletin.tables(report, plan, lang, LANDSCAPE_CELLS, wide):
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
    table(doc, head, rows, 8, width, numeric, True, groups, together=True)


def _attention(doc: Any, report: Report, plan: Plan, lang: Lang) -> None:
    line = bulletin.absent_line(report, plan, lang)
    if line:
        _para(doc, line, indent=True)
    own, _ = bulletin.attention(report, plan, lang)
    for i, r in enumerate(own):
        _goal(doc, i, r, report, plan, lang)


def _goal(doc: Any, index: int, r: RuleResult, report: Report, plan: Plan,
          lang: Lang) -> None:  # fmt: skip
    gone = bulletin.absent(report)
    # 1. 2. …: the 公文's third level under 四、, never the plan's own (一)…(九)
    mark = f"{index + 1}."
    status = text.status_label(r.status, lang, r.rule)
    p = _para(doc, mark + text.title(r.rule, lang), indent=True, fonts=("楷体", "Times New Roman"))
    p.paragraph_format.keep_with_next = True
    run = p.add_run(("：" if lang == "zh" else ": ") + status)
    set_fonts(run, ("楷体", "Times New Roman"))
    if r.alert is not None:
        run.font.color.rgb = COLOURS[r.alert]
    notes = bulletin.reasons(r, plan, lang, gone, report)
    if notes:
        _para(doc, ";".join(notes) + "。" if lang == "zh" else "; ".join(notes) + ".", indent=True)
    units = [bulletin.unit_line(r, u, plan, lang) for u in bulletin.holding_back(r, gone)]
    if units:
        joined = ";".join(units) + "。" if lang == "zh" else "; ".join(units) + "."
        _para(doc, t("tongbao_holding_back", lang, units=joined), indent=True)


def _problems(doc: Any, report: Report, plan: Plan, lang: Lang, width: Any) -> None:
    codes = ("col_file", "col_where", "col_column", "col_value", "col_problem", "col_accepted")
    rows: list[list[tuple[str, Alert | None]]] = [
        [
            (text.safe(words), None)
            for words in (
                bulletin.file_name(p),
                text.where(p, lang),
                p.column or "",
                p.value or "",
                marks(text.problem_shown(p, lang), lang),
                marks(text.problem_accepted(p, lang), lang),
            )
        ]
        for p in bulletin.annexed(report, plan)
    ]
    table(doc, [t(c, lang) for c in codes], rows, 9, width, wrap=frozenset({0, 3, 4, 5}))


BINARY = True  # written as bytes: render_bytes


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
    if lang == "zh":  # the document's own words; the annex's values are the data's, as typed
        full_width(doc)
    if bulletin.annexed(report, plan):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        annex = t("tongbao_annex", lang)
        _para(doc, annex, fonts=HEADING)
        _para(doc, t("tongbao_annex_problems", lang), size=22, fonts=HEADING, center=True)
        _para(doc, marks(bulletin.annex_heading(report, plan, lang), lang), center=True)
        _problems(doc, report, plan, lang, text_width)
    head = bulletin.heading(report, plan, lang, options.issue)
    doc.core_properties.title = inert(head.title)
    doc.core_properties.author = inert(head.issuer) or "plan-check"
    doc.core_properties.created = doc.core_properties.modified = options.generated
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
