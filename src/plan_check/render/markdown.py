"""Markdown for a CI job summary ($GITHUB_STEP_SUMMARY), a merge-request comment or a wiki:
a summary line, a table per section, and the units behind every goal not met."""

from __future__ import annotations

from plan_check.i18n import Lang, t
from plan_check.plan import Plan
from plan_check.render import overview, text
from plan_check.render.options import RenderOptions
from plan_check.report import Report, RuleResult

EMOJI = {
    "pass": "✅",
    "on_pace": "🟢",
    "behind": "🟡",
    "not_yet": "⏳",
    "fail": "❌",
    "incomplete": "⚠️",
    "skipped": "⏭️",
}


def md(value: object) -> str:
    """Data text made inert in a Markdown table: pipes, backticks, HTML and line breaks."""
    s = text.safe(value).replace("&", "&amp;")  # an entity in data is shown, not decoded
    for ch in ("\\", "|", "`", "*", "_", "[", "]", "<", ">", "#"):
        s = s.replace(ch, "\\" + ch)
    return s.replace("\n", " ").replace("\r", " ")


def _row(r: RuleResult, plan: Plan, options: RenderOptions, paced: bool, previous: bool) -> str:
    lang = options.lang
    done = r.completion
    moved = overview.status_change(r, lang)
    change = overview.figure_change(r, plan, lang) + (f" ({moved})" if moved else "")
    cells = [
        f"{EMOJI.get(r.status, '')} {text.status_label(r.status, lang, r.rule)}",
        overview.alert(r.alert, lang),
        str(r.rule.item),
        md(text.title(r.rule, lang)),
        md(text.actual(r, plan, lang)),
        md(text.target(r, plan, lang)),
        *([md(text.due_now(r, plan, lang))] if paced else []),
        text.completion(done) if done is not None else md(overview.versus_target(r, lang)),
        *([md(text.pace(r, lang))] if paced else []),
        *([md(change)] if previous else []),
    ]
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    align = ["---:" if right and i in right else "---" for i in range(len(header))]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    return [*out, *("| " + " | ".join(row) + " |" for row in rows), ""]


def _overview(report: Report, plan: Plan, lang: Lang) -> list[str]:
    """排名 and 各单位完成情况一览表, one figures table per plan section."""
    previous = report.previous is not None
    out = [f"## {t('overview_heading', lang)}", "", f"### {t('ranking_heading', lang)}", ""]
    header = [t(c, lang) for c in ("col_rank", "col_unit", "col_met", "col_score")]
    header += [t("col_mean_completion", lang)]
    header += [t("col_rank_change", lang)] if previous else []
    header += [t("col_alert", lang)]
    places = overview.tie_places(report)
    rows = [
        [
            overview.rank(s, lang),
            md(s.unit),
            overview.met(s),
            overview.score(s),
            overview.mean_completion(s, places),
            *([overview.rank_change(s, lang, report.previous)] if previous else []),
            overview.alert(s.alert, lang),
        ]
        for s in report.ranking
    ]
    out += _table(header, rows, {0, 2, 3, 4})
    out += [md(overview.ranking_basis(plan, lang)), ""]
    for block in overview.blocks(report, plan, lang):
        heading = block.section.title.pick(lang)
        out += [f"### ({block.section.number}) {md(heading)}", ""]
        header = [t("col_unit", lang), *(md(overview.head(c, lang)) for c in block.columns)]
        rows = []
        columns = [overview.column_cells(c.result, lang) for c in block.columns]
        for s in report.ranking:
            row = [md(s.unit)]
            for by_unit in columns:
                value, alert = by_unit.get(s.unit, ("", None))
                row.append(md(value) + (f" {overview.mark(alert)}" if alert else ""))
            rows.append(row)
        out += _table(header, rows, set(range(1, len(header))))
    return out


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    lang = options.lang
    out = [f"# {md(plan.title.pick(lang))}", ""]
    # ❌ goals missed or data problems; 🟡 only warnings (behind the pace, not judged)
    if report.exit_code() != 0:
        verdict = "❌"
    else:
        verdict = "🟡" if report.exit_code(strict=True) != 0 or report.warnings else "✅"
    line = text.summary(report, lang)
    out += [f"**{verdict} {line}**", ""]
    if report.as_of:
        out += [f"**{md(text.as_of_line(report, lang))}**", ""]
    if report.previous is not None:
        out += [f"**{md(overview.previous_line(report, lang))}**", ""]
    out += [md(text.files_line(report, lang)), "", md(text.setup_line(report, lang)), ""]
    # a dated check shows what is due by now and how far ahead or behind, as the terminal does
    paced = report.paced
    previous = report.previous is not None
    header = [
        t("col_status", lang),
        t("col_alert", lang),
        t("col_item", lang),
        t("col_goal", lang),
        t("col_actual", lang),
        t("col_target", lang),
        *([t("col_expected", lang)] if paced else []),
        t("col_completion", lang),
        *([t("col_pace", lang)] if paced else []),
        *([t("col_change", lang)] if previous else []),
    ]
    for section, results in text.by_section(report, plan):
        title = section.title.pick(lang)
        out += [f"## ({section.number}) {md(title)}", ""]
        out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += [_row(r, plan, options, paced, previous) for r in results]
        out.append("")
    out += [md(overview.alert_basis(plan, lang)), ""]
    behind = [r for r in report.results if text.needs_units(r)]
    if behind:
        out += [f"## {t('report_units_behind', lang)}", ""]
        for r in behind:
            out.append(
                f"- **{md(r.rule.id)}** {md(text.title(r.rule, lang))}: "
                f"{text.status_label(r.status, lang, r.rule)}"
            )
            notes = [text.gap(r, plan, lang), text.pace(r, lang)]
            notes += [text.reason(reason, lang, plan) for reason in r.reasons]
            out += [f"  - {md(note)}" for note in notes if note]
            for u in r.units:  # the units holding the goal back, with quota and change
                if u.alert not in ("yellow", "red"):
                    continue
                moved = overview.unit_change(r, u, plan, lang)
                figure = text.unit_figure(r, u, plan, lang)
                figure += f" · {t('change_inline', lang, change=moved)}" if moved else ""
                out.append(f"  - {overview.alert(u.alert, lang)} {md(u.unit)}: {md(figure)}")
        out.append("")
    if any(s.judged for s in report.ranking):
        out += _overview(report, plan, lang)
    if report.problems:
        out += [f"## {md(text.problems_heading(report, lang))}", ""]
        cols = ["col_file", "col_where", "col_column", "col_value", "col_problem", "col_accepted"]
        out += ["| " + " | ".join(t(c, lang) for c in cols) + " |", "|" + "---|" * len(cols)]
        for p in report.problems:
            cells = [
                md(p.file),
                md(text.where(p, lang)),
                md(p.column or ""),
                md(p.value or ""),
                md(text.problem_shown(p, lang)),
                md(text.problem_accepted(p, lang)),
            ]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)
