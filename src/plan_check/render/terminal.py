"""The terminal report (Rich): goals by plan section, the units behind every goal not
met, the data problems, and a summary line.

Every piece of data text goes in as a ``Text`` built from ``safe()``: Rich markup in a
unit name is shown literally and control characters never reach the terminal.
"""

from __future__ import annotations

import io
from fractions import Fraction
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from plan_check.i18n import Lang, list_sep, t
from plan_check.plan import Plan
from plan_check.render import text
from plan_check.render.options import RenderOptions
from plan_check.report import Report, RuleResult
from plan_check.rules.count_yes import CountYesRule

STYLE = {
    "pass": "green",
    "on_pace": "green",
    "behind": "yellow",
    "fail": "bold red",
    "incomplete": "magenta",
    "skipped": "dim",
}
UNIT_STYLE = {
    "pass": "green",
    "on_pace": "green",
    "behind": "yellow",
    "fail": "bold red",
    "missing": "magenta",
    "n/a": "dim",
}
JUDGED = ("pass", "on_pace", "behind", "fail")
BAR_WIDTH = 10
# a terminal lists this much and counts the rest (-v lists everything; files keep all):
# a 20k-row Rich table takes longer to lay out than a million rows take to check
SHOWN_PROBLEMS = 100
SHOWN_UNITS = 30  # per goal, the units furthest behind first


def bar(share: Fraction) -> str:
    """A small completion bar in eighths, full at 100%."""
    eighths = int(min(share, Fraction(1)) * BAR_WIDTH * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    return ("█" * full + partial).ljust(BAR_WIDTH, "·")


def goals_table(report: Report, plan: Plan, lang: Lang, width: int) -> Table:
    """One row per goal. Narrow terminals lose the bar first, then the completion column,
    then (in a dated check) the due-by-now column and the long pace phrase; never the goal
    or a whole status."""
    paced = report.paced
    show_due = paced and width >= 100
    show_bar = width >= (140 if paced else 100)
    show_completion = width >= (120 if paced else 72)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False, show_edge=False)
    table.add_column(t("col_item", lang), justify="right", no_wrap=True)
    table.add_column(t("col_goal", lang), overflow="fold", min_width=12, ratio=1)
    table.add_column(t("col_actual", lang), justify="right", overflow="fold")
    table.add_column(t("col_target", lang), justify="right", overflow="fold")
    if show_due:
        table.add_column(t("col_expected", lang), justify="right", overflow="fold")
    if show_completion:
        table.add_column(t("col_completion", lang), no_wrap=True)
    short_pace = width < 120  # 快 1.1 个百分点: the full phrase is in the units part
    if paced:
        table.add_column(t("col_pace", lang), overflow="fold")
    table.add_column(t("col_status", lang), no_wrap=True)
    by_section: dict[str, list[RuleResult]] = {}
    for r in report.results:
        by_section.setdefault(plan.section_of(r.rule.item).id, []).append(r)
    for section in plan.sections:
        results = by_section.get(section.id, [])
        if not results:
            continue
        heading = section.title.zh if lang == "zh" else section.title.en
        table.add_row(Text(f"({section.number})", style="bold"), Text(heading, style="bold"))
        for r in results:
            done = r.completion
            completion = Text("")
            if done is not None:
                shown = f"{text.completion(done):>6}"
                completion = Text(f"{shown} {bar(done)}" if show_bar else shown)
            cells = [
                Text(str(r.rule.item)),
                Text(text.title(r.rule, lang)),
                Text(text.actual(r, plan, lang)),
                Text(text.target(r, plan, lang)),
                *([Text(text.due_now(r, plan, lang))] if show_due else []),
                *([completion] if show_completion else []),
                *([Text(text.pace(r, lang, short_pace))] if paced else []),
                Text(text.status(r.status, lang, r.rule), style=STYLE[r.status]),
            ]
            table.add_row(*cells)
        table.add_section()
    return table


def units_block(r: RuleResult, plan: Plan, lang: Lang, verbose: bool = False) -> RenderableType:
    head = Text.assemble(
        (f"{r.rule.id} ", "bold"),
        text.title(r.rule, lang),
        "  ",
        (text.status(r.status, lang, r.rule), STYLE[r.status]),
    )
    lines: list[RenderableType] = [head]
    for note in (text.gap(r, plan, lang), text.pace(r, lang)):
        if note:
            lines.append(Text("  " + note))
    if verbose:
        lines.append(Text("  " + text.working(r, plan, lang), style="dim"))
    for reason in r.reasons:
        lines.append(Text("  " + text.reason(reason, lang, plan)))
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 4))
    table.add_column(t("col_unit", lang), overflow="fold")
    table.add_column(t("col_figure", lang), justify="right")
    table.add_column(t("col_status", lang))
    # the units that hold the goal back first; units that left a milestone blank are
    # not behind it (another unit answers for the city)
    order = {"fail": 0, "missing": 1, "n/a": 3}
    units = [u for u in r.units if not (isinstance(r.rule, CountYesRule) and u.state == "missing")]
    units.sort(key=lambda u: order.get(u.status or u.state, 2))
    hidden = 0 if verbose else max(len(units) - SHOWN_UNITS, 0)
    if hidden:
        units = units[:SHOWN_UNITS]
    for u in units:
        verdict = u.status if u.status in JUDGED else None
        table.add_row(
            Text(text.safe(u.unit)),
            Text(text.unit_figure(r, u, plan, lang)),
            Text(t("unit_" + verdict, lang), style=UNIT_STYLE[verdict]) if verdict else Text(""),
        )
    if units:
        lines.append(table)
    if hidden:
        lines.append(Text("    " + t("more_units", lang, count=f"{hidden:,}"), style="dim"))
    return Group(*lines)


def problems_table(report: Report, lang: Lang, limit: int | None = None) -> Table:
    """Every problem, or the first ``limit`` (they are in file order)."""
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        title=text.problems_heading(report, lang),
        title_justify="left",
        title_style="bold",
    )
    for col in ("col_file", "col_where", "col_column", "col_value", "col_problem", "col_accepted"):
        table.add_column(t(col, lang), overflow="fold")
    for p in report.problems[:limit]:
        message = text.problem_shown(p, lang)
        table.add_row(
            Text(text.safe(p.file)),
            Text(text.where(p, lang)),
            Text(text.safe(p.column or "")),
            Text(text.safe(_clip(p.value or ""))),
            Text(message, style="yellow" if p.severity == "warning" else "red"),
            Text(text.problem_accepted(p, lang), style="dim"),
        )
    return table


def problem_kinds(report: Report, lang: Lang) -> Table:
    """The problems counted by file, column and message, each with its first place: what a
    clerk fixes is a habit in a column, not ten thousand cells one by one."""
    kinds: dict[tuple[str, str, str], list[Any]] = {}
    for p in report.problems:
        key = (p.file, p.column or "", text.problem_message(p, lang))
        if key in kinds:
            kinds[key][0] += 1
        else:
            kinds[key] = [1, text.where(p, lang)]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for col in ("col_file", "col_column", "col_problem", "col_count", "col_first"):
        table.add_column(
            t(col, lang), overflow="fold", justify="right" if col == "col_count" else "left"
        )
    for (file, column, message), (count, first) in sorted(kinds.items(), key=lambda k: -k[1][0]):
        table.add_row(
            Text(text.safe(file)), Text(text.safe(column)), Text(message), f"{count:,}", Text(first)
        )
    return table


def _clip(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def summary_line(report: Report, lang: Lang) -> Text:
    line = text.summary(report, lang)
    style = "bold green" if report.exit_code() == 0 else "bold red"
    return Text(line, style=style)


def render(report: Report, plan: Plan, options: RenderOptions, console: Console) -> None:
    lang = options.lang
    if options.quiet:
        console.print(summary_line(report, lang), soft_wrap=True)  # one line, for grep
        return
    console.print(Text(plan.title.zh if lang == "zh" else plan.title.en, style="bold"))
    console.print(Text(text.files_line(report, lang), style="dim"))
    style = "dim" if report.roster is not None else "yellow"
    console.print(Text(text.setup_line(report, lang), style=style))
    if report.as_of:
        console.print(Text(text.as_of_line(report, lang), style="bold"))
    if report.missing_units:
        units = list_sep(lang).join(text.safe(u) for u in report.missing_units)
        console.print(Text(t("reason_expected_missing", lang, units=units), style="yellow"))
    console.print(goals_table(report, plan, lang, console.width))
    shown = [r for r in report.results if options.verbose or text.needs_units(r)]
    if shown:
        heading = "report_working" if options.verbose else "report_units_behind"
        console.print(Text(t(heading, lang), style="bold"))
        for r in shown:
            console.print(units_block(r, plan, lang, options.verbose))
        console.print()
    if report.problems:
        limit = None if options.verbose else SHOWN_PROBLEMS
        console.print(problems_table(report, lang, limit))
        if limit is not None and len(report.problems) > limit:
            more = len(report.problems) - limit
            console.print(Text(t("more_problems", lang, shown=limit, count=f"{more:,}")))
            console.print(problem_kinds(report, lang))
            console.print(Text(t("full_list", lang), style="dim"))
    console.print(summary_line(report, lang))


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    """The table as plain text at 100 columns, for --output report.txt."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=100,
        color_system=None,
        highlight=False,
        force_terminal=False,
        soft_wrap=False,
    )
    render(report, plan, options, console)
    # a file carries no table padding at line ends (diffs, mail and grep stay clean)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
