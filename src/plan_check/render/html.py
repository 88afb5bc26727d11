"""The supervisor's report: one self-contained HTML page, printable on A4.

No network fetch at all (inline CSS, no fonts, no scripts, no images but inline bars); a
system font stack that shows Chinese; statuses carry symbols so a greyscale print still
tells met from missed. Everything from data is HTML-escaped.
"""

from __future__ import annotations

from html import escape

from plan_check.i18n import Lang, t
from plan_check.plan import Plan
from plan_check.render import bulletin, charts, overview, text
from plan_check.render.html_style import CSS
from plan_check.render.options import RenderOptions
from plan_check.report import Alert, Goal, Report, RuleResult


def e(value: object) -> str:
    return escape(text.safe(value), quote=True)


def _status(code: str, options: RenderOptions, rule: Goal | None = None) -> str:
    return f'<span class="st {code}">{e(text.status(code, options.lang, rule))}</span>'


def _alerted(r: RuleResult, options: RenderOptions) -> str:
    """The status with the alert's shape before it, in the alert's colour (greyscale keeps
    the shape and the word)."""
    label = e(text.status(r.status, options.lang, r.rule))
    if r.alert is None:
        return f'<span class="st {r.status}">{label}</span>'
    return f'<span class="st {r.alert}">{overview.mark(r.alert)} {label}</span>'


def _goal_row(
    r: RuleResult, plan: Plan, options: RenderOptions, paced: bool, previous: bool
) -> str:
    lang = options.lang
    done = r.completion
    versus = text.completion(done) if done is not None else e(overview.versus_target(r, lang))
    change = " ".join(x for x in (overview.figure_change(r, plan, lang),) if x)
    moved = overview.status_change(r, lang)
    cells = [
        f'<td class="num">{r.rule.item}</td>',
        f'<td class="goal">{e(text.title(r.rule, lang))}</td>',
        f'<td class="num">{e(text.actual(r, plan, lang))}</td>',
        f'<td class="num">{e(text.target(r, plan, lang))}</td>',
        *([f'<td class="num">{e(text.due_now(r, plan, lang))}</td>'] if paced else []),
        f'<td class="num">{versus}</td>',
        *([f'<td class="pace">{e(text.pace(r, lang))}</td>'] if paced else []),
        *(
            [f'<td class="chg">{e(change)}{"<br>" + e(moved) if moved else ""}</td>']
            if previous
            else []
        ),
        f"<td>{_alerted(r, options)}</td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def _goals(report: Report, plan: Plan, options: RenderOptions) -> list[str]:
    """Every goal in one table, a heading row per plan section: one column grid for all."""
    lang = options.lang
    paced = report.paced
    previous = report.previous is not None
    columns = ["col_item", "col_goal", "col_actual", "col_target"]
    columns += ["col_expected", "col_completion", "col_pace"] if paced else ["col_completion"]
    columns += ["col_change"] if previous else []
    columns += ["col_status"]
    numeric = {"col_item", "col_actual", "col_target", "col_expected", "col_completion"}
    header = "".join(
        f'<th class="num">{e(t(c, lang))}</th>' if c in numeric else f"<th>{e(t(c, lang))}</th>"
        for c in columns
    )
    out = ['<table class="goals">', f"<thead><tr>{header}</tr></thead>"]
    for section, results in text.by_section(report, plan):
        heading = section.title.pick(lang)
        out += [
            "<tbody>",
            f'<tr class="sec"><th colspan="{len(columns)}">({e(section.number)}) {e(heading)}'
            "</th></tr>",
            *(_goal_row(r, plan, options, paced, previous) for r in results),
            "</tbody>",
        ]
    return [*out, "</table>"]


# what one figures table may take on a landscape A4 page at 8pt, in character cells (a
# Chinese character is two); a wider table would make Chromium shrink every page
OVERVIEW_CELLS = 190


def _ranking(report: Report, plan: Plan, options: RenderOptions) -> list[str]:
    lang = options.lang
    previous = report.previous is not None
    cols = ["col_rank", "col_unit", "col_met", "col_score", "col_mean_completion"]
    cols += ["col_rank_change"] if previous else []
    cols += ["col_alert"]
    out = [
        '<table class="overview ranking">',
        "<thead><tr>"
        + "".join(
            f"<th>{e(t(c, lang))}</th>"
            if c in ("col_unit", "col_alert")
            else f'<th class="num">{e(t(c, lang))}</th>'
            for c in cols
        )
        + "</tr></thead><tbody>",
    ]
    places = overview.tie_places(report)
    for s in report.ranking:
        moved = overview.rank_change(s, lang, report.previous)
        cells = [
            f'<td class="num"><b>{e(overview.rank(s, lang))}</b></td>',
            f"<td>{e(s.unit)}</td>",
            f'<td class="num">{e(overview.met(s))}</td>',
            f'<td class="num">{e(overview.score(s))}</td>',
            f'<td class="num">{e(overview.mean_completion(s, places))}</td>',
            *([f'<td class="num">{e(moved)}</td>'] if previous else []),
            f'<td class="st {s.alert or ""}">{e(overview.alert(s.alert, lang))}</td>',
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return [*out, "</tbody></table>"]


def _figure_cell(value: str, alert: Alert | None, first: bool) -> str:
    mark = f' <span class="{alert}">{overview.mark(alert)}</span>' if alert else ""
    return f'<td class="num{" first" if first else ""}">{e(value)}{mark}</td>'


def _figures(report: Report, plan: Plan, blocks: list[overview.Block], lang: Lang) -> list[str]:
    """One figures table: units × the goals of some plan sections, grouped by section, and
    the goals' own figures in a total row (全市合计)."""
    groups = "".join(
        f'<th class="group" colspan="{len(b.columns)}">({e(b.section.number)}) '
        f"{e(b.section.title.pick(lang))}</th>"
        for b in blocks
    )
    heads = "".join(
        f'<th class="num{" first" if i == 0 else ""}">{e(overview.head(c, lang))}</th>'
        for b in blocks
        for i, c in enumerate(b.columns)
    )
    out = [
        '<table class="overview">',
        f'<thead><tr><th rowspan="2">{e(t("col_unit", lang))}</th>{groups}</tr>',
        f"<tr>{heads}</tr></thead><tbody>",
    ]
    columns = {id(c): overview.column_cells(c.result, lang) for b in blocks for c in b.columns}
    for s in report.ranking:
        cells = [f"<td>{e(overview.clip(s.unit))}</td>"]
        for b in blocks:
            for i, col in enumerate(b.columns):
                value, alert = columns[id(col)].get(s.unit, ("", None))
                cells.append(_figure_cell(value, alert, i == 0))
        out.append("<tr>" + "".join(cells) + "</tr>")
    total = [f"<th>{e(bulletin.total_label(plan, lang))}</th>"]
    for b in blocks:
        for i, col in enumerate(b.columns):
            total.append(_figure_cell(*bulletin.total_cell(col, plan, lang), i == 0))
    out.append('<tr class="total">' + "".join(total) + "</tr>")
    return [*out, "</tbody></table>"]


def _overview(report: Report, plan: Plan, options: RenderOptions) -> list[str]:
    """各单位完成情况一览表: the ranking, then units × goals in tables of whole sections;
    a landscape page of its own in print."""
    lang = options.lang
    tables = bulletin.tables(report, plan, lang, OVERVIEW_CELLS)
    out = [
        '<section class="overview">',
        f"<h2>{e(t('overview_heading', lang))}</h2>",
        '<div class="overview-grid">',
        *_ranking(report, plan, options),
        "</div>",
    ]
    for group in tables:
        out += _figures(report, plan, group, lang)
    out += [
        f'<p class="basis">{e(overview.ranking_basis(plan, lang))}</p>',
        f'<p class="basis">{e(overview.alert_basis(plan, lang))}</p>',
        "</section>",
    ]
    return out


def _chart(report: Report, options: RenderOptions) -> list[str]:
    rows = []
    for r in report.results:
        done = r.completion
        if done is None:
            continue
        width = min(float(done), 1.0) * 100
        rows.append(
            f'<div class="row"><div>{e(text.title(r.rule, options.lang))}</div>'
            f'<div class="bar {e(r.status)}" role="img" aria-label="{text.completion(done)}">'
            f'<span style="width:{width:.1f}%"></span><i class="mark"></i></div>'
            f'<div class="num">{text.completion(done)} '
            f"{e(text.STATUS_SYMBOL[r.status])}</div></div>"
        )
    if not rows:
        return []
    return [
        '<section class="chart">',
        f"<h2>{e(t('col_completion', options.lang))}</h2>",
        *rows,
        "</section>",
    ]


def _units(r: RuleResult, report: Report, plan: Plan, options: RenderOptions) -> list[str]:
    """A goal's notes and the units that decide it: judged one by one, or with a quota, last
    year's figure or a change; plain per-unit figures are in the overview. The units that
    sent nothing (``absent``) are said once, above."""
    lang, absent = options.lang, bulletin.absent(report)
    out = [
        '<div class="rule-units">',
        f"<h3>{e(text.title(r.rule, lang))} {_alerted(r, options)}</h3>",
    ]
    notes = bulletin.reasons(r, plan, lang, absent, report)
    out += [f'<p class="reasons">{e(n)}</p>' for n in notes]
    rows = []
    previous = any(u.previous is not None for u in r.units)
    for u in r.units:
        if u.unit in absent:
            continue
        if u.status is None and u.quota is None and u.baseline is None:
            continue
        if u.status == "n/a" or (u.status == "missing" and r.rule.yes_no):
            continue
        judged = ("pass", "on_pace", "behind", "not_yet", "fail")
        verdict = u.status if u.status in judged else None
        css = u.alert or (verdict or u.state).replace("/", "-")
        shown = t("unit_" + verdict, lang) if verdict else ""
        if u.alert:
            shown = f"{overview.mark(u.alert)} {shown}"
        moved = overview.unit_change(r, u, plan, lang)
        change = f'<td class="num">{e(moved)}</td>' if previous else ""
        rows.append(
            f'<tr><td>{e(u.unit)}</td><td class="fig">{e(text.unit_figure(r, u, plan, lang))}</td>'
            f'{change}<td class="st {css}">{e(shown)}</td></tr>'
        )
    if rows:
        out += ["<table>", *rows, "</table>"]
    return [*out, "</div>"]


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    lang = options.lang
    head = bulletin.heading(report, plan, lang, options.issue)
    s = report.summary
    meta = [text.as_of_line(report, lang, sources=False)] if report.as_of else []
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
        f"<title>{e(head.title)}</title><style>{CSS}{charts.css(report)}</style></head>",
        "<body>",
        "<header>",
        *(f'<p class="issuer">{e(x)}</p>' for x in [head.issuer] if x),
        *(f'<p class="issue">{e(x)}</p>' for x in [head.number] if x),
        f"<h1>{e(head.title)}</h1>",
        *(f'<p class="meta">{e(m)}</p>' for m in meta),
        "</header>",
        '<section class="lead">',
        f"<h2>{e(t('tongbao_h_summary', lang))}</h2>",
        *(f"<p>{e(x)}</p>" for x in bulletin.summary(report, plan, lang)),
        "</section>",
        '<section class="summary">',
        *(
            f'<div class="{code}"><b>{s[code]}</b>{e(text.status(code, lang))}</div>'
            for code in s
            if s[code] or code not in ("on_pace", "behind", "not_yet") or report.as_of
        ),
        f"<div><b>{report.error_count}</b>{e(t('box_problems', lang))}</div>",
        *(
            f'<div class="skipped"><b>{n}</b>{e(t("box_warnings", lang))}</div>'
            for n in [report.warning_count]
            if n
        ),
        "</section>",
        *_chart(report, options),
        *_goals(report, plan, options),
    ]
    ranked = any(st.judged for st in report.ranking)
    # the legend is printed again on the overview's page: not alone on a page of its own
    legend = ' class="basis again"' if ranked else ' class="basis"'
    out.append(f"<p{legend}>{e(overview.alert_basis(plan, lang))}</p>")
    out += charts.section(report, plan, options)  # with a history (--history)
    if ranked:
        out += _overview(report, plan, options)
    behind, _ = bulletin.attention(report, plan, lang)
    absent = bulletin.absent_line(report, plan, lang)
    if behind or absent:
        # "units", not "behind": that is a status colour and would tint the whole part
        out += ['<section class="units">', f"<h2>{e(t('report_units_behind', lang))}</h2>"]
        out += [f'<p class="absent">{e(absent)}</p>'] if absent else []
        for r in behind:
            out += _units(r, report, plan, options)
        out.append("</section>")
    annexed = bulletin.annexed(report, plan)
    if annexed:
        cols = ("col_file", "col_where", "col_column", "col_value", "col_problem", "col_accepted")
        out += [
            '<section class="problems">',
            f"<h2>{e(bulletin.annex_heading(report, plan, lang))}</h2>",
            "<table>",
            "<tr>" + "".join(f"<th>{e(t(c, lang))}</th>" for c in cols) + "</tr>",
        ]
        for p in annexed:
            cells = (
                bulletin.file_name(p),
                text.where(p, lang),
                p.column or "",
                p.value or "",
                text.problem_shown(p, lang),
                text.problem_accepted(p, lang),
            )
            out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        out += ["</table>", "</section>"]
    # the technical footer: the only place of paths and the generation time
    technical = bulletin.technical(report, lang, options.generated.strftime("%Y-%m-%d %H:%M"))
    out += [
        "<footer>",
        f"<h2>{e(t('tongbao_technical', lang))}</h2>",
        *(f"<p>{e(x)}</p>" for x in technical),
        f"<p>{e(text.summary(report, lang))} · plan-check</p>",
        "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)
