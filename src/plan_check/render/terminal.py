"""The terminal report (Rich): goals by plan section, the units behind every goal not
met, the data problems, and a summary line.

Every piece of data text goes in as a ``Text`` built from ``safe()``: Rich markup in a
unit name is shown literally and control characters never reach the terminal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from plan_check.i18n import Lang, list_sep, t, use_words
from plan_check.plan import Plan
from plan_check.render import overview, text
from plan_check.render.options import RenderOptions
from plan_check.render.terminal_overview import SHOWN_UNITS, _more, overview_tables, ranking_table
from plan_check.render.trend import spark
from plan_check.render.wrap import Prose
from plan_check.report import UNLISTED, Alert, Report, RuleResult, weight

STYLE = {
    "pass": "green",
    "on_pace": "green",
    "behind": "yellow",
    "not_yet": "yellow",
    "fail": "bold red",
    "incomplete": "magenta",
    "skipped": "dim",
}
UNIT_STYLE = {
    "pass": "green",
    "on_pace": "green",
    "behind": "yellow",
    "not_yet": "yellow",
    "fail": "bold red",
    "missing": "magenta",
    "n/a": "dim",
}
JUDGED = ("pass", "on_pace", "behind", "not_yet", "fail")
BAR_WIDTH = 10
# a terminal lists this much and counts the rest (-v lists everything; files keep all):
# a 20k-row Rich table takes longer to lay out than a million rows take to check
SHOWN_PROBLEMS = 20  # then counted by file, column and problem: a page, not 57,000 rows


def bar(share: Fraction) -> str:
    """A small completion bar in eighths, full at 100%."""
    eighths = int(min(share, Fraction(1)) * BAR_WIDTH * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    return ("█" * full + partial).ljust(BAR_WIDTH, "·")


@dataclass(frozen=True)
class Columns:
    """The optional columns of the goals table, richest first."""

    bar: bool = True
    long_pace: bool = True
    completion: bool = True
    due: bool = True
    change: bool = True
    alert: bool = True
    units: bool = True  # "3,000 teachers"; without: "3,000" (the goal's title names them)


# what a narrow terminal gives up, in this order; never the goal or a whole status
NARROWER = (
    Columns(),
    Columns(bar=False),
    Columns(bar=False, long_pace=False),
    Columns(bar=False, long_pace=False, alert=False),
    Columns(bar=False, long_pace=False, alert=False, due=False),
    Columns(bar=False, long_pace=False, alert=False, due=False, completion=False),
    Columns(False, False, False, False, False, False),
    Columns(False, False, False, False, False, False, units=False),
)
GOAL_ROOM = 26  # cells an optional column may not take from the goal (13 characters)
GOAL_MIN = 16  # and the least before figures lose their unit words


def goals_table(report: Report, plan: Plan, lang: Lang, console: Console) -> Table:
    """One row per goal, with the optional columns the terminal has room for: a narrow
    one loses the bar, the long pace phrase, the alert's shape (the status keeps its
    colour), the due-by-now figure, the completion and the change since last time, in
    that order; the report files keep everything."""
    trials: dict[Columns, Table] = {}  # each built when first tried
    for room in (GOAL_ROOM, GOAL_MIN):  # a roomy goal column first, then a narrow one
        for columns in NARROWER[:-1]:
            trial = trials.get(columns) or _goals_table(report, plan, lang, columns)
            if _needed(trials.setdefault(columns, trial), room) <= console.width:
                return trial
    return _goals_table(report, plan, lang, NARROWER[-1])  # figures without their unit words


def _figure(shown: str, r: RuleResult, plan: Plan, lang: Lang, show: Columns) -> str:
    """A figure, without its unit of measure on the narrowest terminals."""
    if show.units or r.rule.is_rate or r.rule.yes_no:
        return shown
    metric = plan.metric(r.rule.display_metric)
    for word in (metric.unit_label(lang), metric.unit_label(lang, one=True)):
        if word and shown.endswith(word):
            return shown.removesuffix(word).rstrip()
    return shown


def _needed(table: Table, room: int) -> int:
    """The width a goals table needs with every column but the goal's whole: Rich measures
    a cell by its longest word, so a no-wrap status would be cropped unseen."""
    widths = []
    for i, column in enumerate(table.columns):
        if i == 1:
            widths.append(room)
            continue
        cells = [c.plain for c in column.cells if isinstance(c, Text)]
        widths.append(max(cell_len(x) for x in [str(column.header), *cells]))
    return sum(widths) + 3 * (len(widths) - 1)  # a space and two of padding between


def _goals_table(report: Report, plan: Plan, lang: Lang, show: Columns) -> Table:
    paced = report.paced
    previous = report.previous is not None and show.change
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False, show_edge=False)
    table.add_column(t("col_item", lang), justify="right", no_wrap=True)
    table.add_column(t("col_goal", lang), overflow="fold", ratio=1)
    # the goal is the one column that wraps: Rich stops shrinking wrapping columns once
    # two are equally wide and then crops every column, statuses included
    table.add_column(t("col_actual", lang), justify="right", no_wrap=True)
    history = report.history if show.change else None  # the sparkline goes with the change
    if history is not None:
        table.add_column(t("col_trend", lang), no_wrap=True)
    table.add_column(t("col_target", lang), justify="right", no_wrap=True)
    if paced and show.due:
        table.add_column(t("col_expected", lang), justify="right", no_wrap=True)
    if show.completion:
        table.add_column(t("col_completion", lang), no_wrap=True)
    if paced:
        table.add_column(t("col_pace", lang), no_wrap=True)
    if previous:
        table.add_column(t("col_change", lang), justify="right", no_wrap=True)
    if show.alert:
        table.add_column(t("col_alert", lang), no_wrap=True)
    table.add_column(t("col_status", lang), no_wrap=True)
    for section, results in text.by_section(report, plan):
        heading = section.title.pick(lang)
        table.add_row(Text(f"({section.number})", style="bold"), Prose(heading, style="bold"))
        for r in results:
            done = r.completion
            completion = Text("")
            if done is not None:
                shown = f"{text.completion(done):>6}"
                completion = Text(f"{shown} {bar(done)}" if show.bar else shown)
            else:  # a rate: so many points above or below its target, never a completion
                completion = Text(overview.versus_target(r, lang, short=True))
            cells = [
                Text(str(r.rule.item)),
                Prose(text.title(r.rule, lang)),
                Text(_figure(text.actual(r, plan, lang), r, plan, lang, show)),
                *([Text(spark(r, history.goals.get(r.rule.id, ())))] if history else []),
                Text(_figure(text.target(r, plan, lang), r, plan, lang, show)),
                *([Text(text.due_now(r, plan, lang))] if paced and show.due else []),
                *([completion] if show.completion else []),
                *([Text(text.pace(r, lang, not show.long_pace))] if paced else []),
                *([Text(overview.change_with_status(r, plan, lang))] if previous else []),
                *([_alert_mark(r.alert)] if show.alert else []),
                Text(text.status(r.status, lang, r.rule), style=_style(r)),
            ]
            table.add_row(*cells)
        table.add_section()
    return table


def _style(r: RuleResult) -> str:
    """A status in its alert's colour (a goal far behind is red), else the status's own."""
    return overview.ALERT_STYLE[r.alert] if r.alert else STYLE[r.status]


def _alert_mark(alert: Alert | None) -> Text:
    return Text(overview.mark(alert), style=overview.ALERT_STYLE[alert]) if alert else Text("")


def changes_block(report: Report, plan: Plan, lang: Lang, console: Console) -> None:
    """较上期: the goals whose figure or status changed, one per line, for a terminal too
    narrow for the change column."""
    lines = []
    for r in report.results:
        change = overview.change_with_status(r, plan, lang)
        if change and change != t("no_change", lang):
            lines.append(Prose(f"  {r.rule.item:>2} {text.title(r.rule, lang)}: {change}"))
    if lines:
        console.print(Text(t("col_change", lang) + ":", style="bold"))
        console.print(Group(*lines))


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
    previous = any(u.previous is not None for u in r.units)
    if previous:
        table.add_column(t("col_change", lang), justify="right")
    table.add_column(t("col_status", lang))
    # the units that hold the goal back first; units that left a milestone blank are
    # not behind it (another unit answers for the city). Without -v only those holding
    # it back (a yellow or red alert) are listed: every unit's figure is in the overview.
    order = {"fail": 0, "missing": 1, "n/a": 3}
    units = [u for u in r.units if not (r.rule.yes_no and u.state == "missing")]
    if not verbose:
        units = [u for u in units if u.alert in ("yellow", "red")]
        if r.status == "skipped" or any(x.code == "reason_column_absent" for x in r.reasons):
            units = []  # not judged, or no unit has the column: the reason says it once
    units.sort(key=lambda u: order.get(u.status or u.state, 2))
    hidden = 0 if verbose else max(len(units) - SHOWN_UNITS, 0)
    if hidden:
        units = units[:SHOWN_UNITS]
    for u in units:
        verdict = u.status if u.status in JUDGED else None
        table.add_row(
            Text(text.safe(u.unit)),
            Text(text.unit_figure(r, u, plan, lang)),
            *([Text(overview.unit_change(r, u, plan, lang))] if previous else []),
            Text(t("unit_" + verdict, lang), style=UNIT_STYLE[verdict]) if verdict else Text(""),
        )
    if units:
        lines.append(table)
    if hidden:
        lines.append(Text("    " + t("more_units", lang, count=f"{hidden:,}"), style="dim"))
    return Group(*lines)


def problems_table(report: Report, lang: Lang) -> Table:
    """Every problem, in file order (a long list is counted by kind instead)."""
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
    for p in report.problems:
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
    """The problems counted by file, column and problem code, each with its first place:
    what a clerk fixes is a habit in a column, not ten thousand cells one by one. A line
    standing for cells not listed one by one adds their count to its kind."""
    kinds: dict[tuple[str, str, str], list[Any]] = {}
    for p in report.problems:
        code = str(p.params.get("code", p.code)) if p.code == UNLISTED else p.code
        key = (p.file, p.column or "", code)
        message = text.kind_message(code, lang) if p.code == UNLISTED else ""
        message = message or text.problem_message(p, lang)
        if key not in kinds:
            kinds[key] = [0, text.where(p, lang), message]
        kinds[key][0] += weight(p)
        if not kinds[key][2]:
            kinds[key][2] = message
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for col in ("col_file", "col_column", "col_problem", "col_count", "col_first"):
        table.add_column(
            t(col, lang), overflow="fold", justify="right" if col == "col_count" else "left"
        )
    for (file, column, _code), (count, first, message) in sorted(
        kinds.items(), key=lambda k: -k[1][0]
    ):
        table.add_row(
            Text(text.safe(file)),
            Text(text.safe(column)),
            Text(message),
            f"{count:,}",
            Text(first),
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
    use_words(plan.words())  # its messages in the words of the plan it reports on
    if options.quiet:
        console.print(summary_line(report, lang), soft_wrap=True)  # one line, for grep
        return
    console.print(Text(plan.title.pick(lang), style="bold"))
    console.print(Text(text.files_line(report, lang), style="dim"))
    style = "dim" if report.roster is not None else "yellow"
    console.print(Text(text.setup_line(report, lang), style=style))
    if report.as_of:
        console.print(Text(text.as_of_line(report, lang), style="bold"))
    if report.missing_units:
        units = list_sep(lang).join(text.safe(u) for u in report.missing_units)
        console.print(Text(t("reason_expected_missing", lang, units=units), style="yellow"))
    if report.previous is not None:
        console.print(Group(Prose(overview.previous_line(report, lang), style="bold")))
    goals = goals_table(report, plan, lang, console)
    console.print(goals)
    headers = {str(c.header) for c in goals.columns}
    legend = Group(Prose(overview.alert_basis(plan, lang), style="dim"))
    if t("col_alert", lang) in headers:  # the legend goes where the shapes are first seen
        console.print(legend)
    if report.previous is not None and t("col_change", lang) not in headers:
        changes_block(report, plan, lang, console)  # no room for the column: a list
    shown = [r for r in report.results if options.verbose or text.needs_units(r)]
    if shown:
        heading = "report_working" if options.verbose else "report_units_behind"
        console.print(Text(t(heading, lang), style="bold"))
        for r in shown:
            console.print(units_block(r, plan, lang, options.verbose))
        console.print()
    if report.ranking and any(s.judged for s in report.ranking):
        console.print(Text(t("overview_heading", lang), style="bold"))
        console.print(ranking_table(report, plan, lang, options.verbose))
        if not options.verbose and len(report.ranking) > SHOWN_UNITS:
            console.print(_more(report, lang))
        console.print(Group(Prose(overview.ranking_basis(plan, lang), style="dim")))
        for table in overview_tables(report, plan, lang, console, options.verbose):
            console.print(table)
        if t("col_alert", lang) not in headers:
            console.print(legend)
        console.print()
    if report.problems:
        if options.verbose or len(report.problems) <= SHOWN_PROBLEMS:
            console.print(problems_table(report, lang))
        else:  # a page, not 57,000 rows: counted by file, column and problem
            heading = text.problems_heading(report, lang)
            console.print(Text(heading + " " + t("problems_by_kind", lang), style="bold"))
            console.print(problem_kinds(report, lang))
            console.print(Text(t("full_list", lang), style="dim"))
    console.print(summary_line(report, lang))


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    """The report as plain text at 160 columns, for --output report.txt: wide enough for
    every optional column (the change since last time, the alert, the bar)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=160,
        color_system=None,
        highlight=False,
        force_terminal=False,
        soft_wrap=False,
    )
    render(report, plan, options, console)
    # a file carries no table padding at line ends (diffs, mail and grep stay clean)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
