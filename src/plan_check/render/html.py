"""The supervisor's report: one self-contained HTML page, printable on A4.

No network fetch at all (inline CSS, no fonts, no scripts, no images but inline bars); a
system font stack that shows Chinese; statuses carry symbols so a greyscale print still
tells met from missed. Everything from data is HTML-escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from plan_check.i18n import t
from plan_check.plan import Plan
from plan_check.render import text
from plan_check.render.options import RenderOptions
from plan_check.report import Report, RuleResult
from plan_check.rules import RuleBase

CSS = """
:root { --pass: #1a7f37; --fail: #c62828; --incomplete: #b26a00; --skipped: #666; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
  sans-serif; color: #111; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
  line-height: 1.45; font-size: 14px; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid #111; }
.meta { color: #444; margin: 0; }
.summary { display: flex; gap: .75rem; flex-wrap: wrap; margin: 1rem 0; }
.summary div { border: 1px solid #999; border-radius: 4px; padding: .4rem .8rem; }
.summary b { font-size: 1.3rem; margin-right: .3rem; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 1rem; }
th, td { border-bottom: 1px solid #ccc; padding: .3rem .4rem; text-align: left;
  vertical-align: top; }
th { background: #f2f2f2; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.st { white-space: nowrap; font-weight: 600; }
.pass, .on_pace { color: var(--pass); } .fail { color: var(--fail); } .behind { color: #8a6d00; }
.incomplete { color: var(--incomplete); } .skipped { color: var(--skipped); }
.n-a, .missing { color: #666; }
.chart .row { display: grid; grid-template-columns: 16rem 1fr 4.5rem; gap: .5rem;
  align-items: center; margin: .15rem 0; }
.bar { height: .9rem; border: 1px solid #555; background: #fff; position: relative; }
.bar span { display: block; height: 100%; background: #555; }
.bar.fail span { background: repeating-linear-gradient(45deg, #555 0 3px, #fff 3px 6px); }
.bar .mark { position: absolute; top: -3px; bottom: -3px; left: 100%; border-left: 2px solid #000; }
.reasons { margin: .2rem 0 .4rem 1rem; color: #333; }
footer { margin-top: 2rem; color: #666; font-size: .85rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  /* a heading stays with its table and a goal's units stay together; the unit details
     run in two columns and start their own page, like the problems */
  h2, h3 { break-after: avoid; }
  .rule-units { break-inside: avoid; }
  section.units, section.problems { break-before: page; }
  section.units { columns: 2; column-gap: 8mm; }
  section.units h2 { column-span: all; }
  .rule-units h3 { font-size: 1rem; margin: .6rem 0 .2rem; }
  .rule-units td, .rule-units th { padding: .1rem .3rem; }
  footer { break-before: avoid; margin-top: .5rem; }
  tr, .chart .row { break-inside: avoid; }
  th { background: none; border-bottom: 2px solid #000; }
}
"""


def e(value: object) -> str:
    return escape(text.safe(value), quote=True)


def _status(code: str, options: RenderOptions, rule: RuleBase | None = None) -> str:
    return f'<span class="st {code}">{e(text.status(code, options.lang, rule))}</span>'


def _goal_row(r: RuleResult, plan: Plan, options: RenderOptions, paced: bool) -> str:
    lang = options.lang
    done = r.completion
    cells = [
        f'<td class="num">{r.rule.item}</td>',
        f"<td>{e(text.title(r.rule, lang))}</td>",
        f'<td class="num">{e(text.actual(r, plan, lang))}</td>',
        f'<td class="num">{e(text.target(r, plan, lang))}</td>',
        *([f'<td class="num">{e(text.due_now(r, plan, lang))}</td>'] if paced else []),
        f'<td class="num">{text.completion(done) if done is not None else ""}</td>',
        *([f"<td>{e(text.pace(r, lang))}</td>"] if paced else []),
        f"<td>{_status(r.status, options, r.rule)}</td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"


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


def _units(r: RuleResult, plan: Plan, options: RenderOptions) -> list[str]:
    lang = options.lang
    out = [
        '<div class="rule-units">',
        f"<h3>{e(r.rule.id)} {e(text.title(r.rule, lang))} "
        f"{_status(r.status, options, r.rule)}</h3>",
    ]
    notes = [text.gap(r, plan, lang), text.pace(r, lang)]
    notes += [text.reason(x, lang, plan) for x in r.reasons]
    out += [f'<p class="reasons">{e(n)}</p>' for n in notes if n]
    rows = []
    for u in r.units:
        status = u.status if u.status in ("pass", "fail") else None
        css = (status or u.state).replace("/", "-")
        shown = t("unit_" + status, lang) if status else ""
        rows.append(
            f'<tr><td>{e(u.unit)}</td><td class="num {css}">'
            f"{e(text.unit_figure(r, u, plan, lang))}</td>"
            f'<td class="{css}">{e(shown)}</td></tr>'
        )
    if rows:
        out += [
            "<table>",
            f'<tr><th>{e(t("col_unit", lang))}</th><th class="num">{e(t("col_figure", lang))}'
            f"</th><th>{e(t('col_status', lang))}</th></tr>",
            *rows,
            "</table>",
        ]
    return [*out, "</div>"]


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    lang = options.lang
    title = plan.title.zh if lang == "zh" else plan.title.en
    s = report.summary
    meta: list[Any] = [text.as_of_line(report, lang)] if report.as_of else []
    meta += [
        text.files_line(report, lang),
        text.setup_line(report, lang),
        t("report_generated", lang, time=options.generated.strftime("%Y-%m-%d %H:%M")),
    ]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
        f"<title>{e(title)}</title><style>{CSS}</style></head>",
        "<body>",
        f"<header><h1>{e(title)}</h1>",
        *(f'<p class="meta">{e(m)}</p>' for m in meta),
        "</header>",
        '<section class="summary">',
        *(
            f'<div class="{code}"><b>{s[code]}</b>{e(text.status(code, lang))}</div>'
            for code in s
            if s[code] or code not in ("on_pace", "behind") or report.as_of
        ),
        f"<div><b>{len(report.errors)}</b>{e(t('box_problems', lang))}</div>",
        *(
            f'<div class="skipped"><b>{n}</b>{e(t("box_warnings", lang))}</div>'
            for n in [len(report.warnings)]
            if n
        ),
        "</section>",
        *_chart(report, options),
    ]
    # a dated check shows what is due by now and how far ahead or behind, as the terminal does
    paced = report.paced
    columns = ["col_item", "col_goal", "col_actual", "col_target"]
    columns += ["col_expected", "col_completion", "col_pace"] if paced else ["col_completion"]
    header = "".join(f"<th>{e(t(c, lang))}</th>" for c in [*columns, "col_status"])
    for section in plan.sections:
        results = [r for r in report.results if r.rule.item in section.items]
        if not results:
            continue
        heading = section.title.zh if lang == "zh" else section.title.en
        out += [
            '<section class="plan-section">',
            f"<h2>({e(section.number)}) {e(heading)}</h2>",
            "<table>",
            f"<tr>{header}</tr>",
            *(_goal_row(r, plan, options, paced) for r in results),
            "</table>",
            "</section>",
        ]
    behind = [r for r in report.results if text.needs_units(r)]
    if behind:
        # "units", not "behind": that is a status colour and would tint the whole part
        out += ['<section class="units">', f"<h2>{e(t('report_units_behind', lang))}</h2>"]
        for r in behind:
            out += _units(r, plan, options)
        out.append("</section>")
    if report.problems:
        cols = ("col_file", "col_where", "col_column", "col_value", "col_problem", "col_accepted")
        out += [
            '<section class="problems">',
            f"<h2>{e(text.problems_heading(report, lang))}</h2>",
            "<table>",
            "<tr>" + "".join(f"<th>{e(t(c, lang))}</th>" for c in cols) + "</tr>",
        ]
        for p in report.problems:
            cells = (
                p.file,
                text.where(p, lang),
                p.column or "",
                p.value or "",
                text.problem_shown(p, lang),
                text.problem_accepted(p, lang),
            )
            out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        out += ["</table>", "</section>"]
    summary = text.summary(report, lang)
    out += [f"<footer>{e(summary)} · plan-check</footer>", "</body>", "</html>", ""]
    return "\n".join(out)
