"""Markdown for a CI job summary ($GITHUB_STEP_SUMMARY), a merge-request comment or a wiki:
a summary line, a table per section, and the units behind every goal not met."""

from __future__ import annotations

from plan_check.i18n import t
from plan_check.plan import Plan
from plan_check.render import text
from plan_check.render.options import RenderOptions
from plan_check.report import Report, RuleResult

EMOJI = {
    "pass": "✅",
    "on_pace": "🟢",
    "behind": "🟡",
    "fail": "❌",
    "incomplete": "⚠️",
    "skipped": "⏭️",
}


def md(value: object) -> str:
    """Data text made inert in a Markdown table: pipes, backticks, HTML and line breaks."""
    s = text.safe(value)
    for ch in ("\\", "|", "`", "*", "_", "[", "]", "<", ">", "#"):
        s = s.replace(ch, "\\" + ch)
    return s.replace("\n", " ").replace("\r", " ")


def _row(r: RuleResult, plan: Plan, options: RenderOptions, paced: bool) -> str:
    lang = options.lang
    done = r.completion
    cells = [
        f"{EMOJI.get(r.status, '')} {text.status_label(r.status, lang, r.rule)}",
        str(r.rule.item),
        md(text.title(r.rule, lang)),
        md(text.actual(r, plan, lang)),
        md(text.target(r, plan, lang)),
        *([md(text.due_now(r, plan, lang))] if paced else []),
        text.completion(done) if done is not None else "",
        *([md(text.pace(r, lang))] if paced else []),
    ]
    return "| " + " | ".join(cells) + " |"


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    lang = options.lang
    out = [f"# {md(plan.title.zh if lang == 'zh' else plan.title.en)}", ""]
    verdict = "✅" if report.exit_code() == 0 else "❌"
    line = text.summary(report, lang)
    out += [f"**{verdict} {line}**", ""]
    if report.as_of:
        out += [f"**{md(text.as_of_line(report, lang))}**", ""]
    out += [md(text.files_line(report, lang)), "", md(text.setup_line(report, lang)), ""]
    # a dated check shows what is due by now and how far ahead or behind, as the terminal does
    paced = report.paced
    header = [
        "",
        t("col_item", lang),
        t("col_goal", lang),
        t("col_actual", lang),
        t("col_target", lang),
        *([t("col_expected", lang)] if paced else []),
        t("col_completion", lang),
        *([t("col_pace", lang)] if paced else []),
    ]
    for section in plan.sections:
        results = [r for r in report.results if r.rule.item in section.items]
        if not results:
            continue
        title = section.title.zh if lang == "zh" else section.title.en
        out += [f"## ({section.number}) {md(title)}", ""]
        out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += [_row(r, plan, options, paced) for r in results]
        out.append("")
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
        out.append("")
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
