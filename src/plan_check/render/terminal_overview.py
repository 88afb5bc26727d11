"""The terminal's 各单位完成情况一览表: the ranking, then the units × goals figures folded
into one table per plan section (split when wider than 100 columns); a long list of
units keeps the first and the last."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from plan_check.i18n import Lang, t
from plan_check.plan import Plan
from plan_check.render import overview
from plan_check.render.wrap import Prose
from plan_check.report import Report, Standing

SHOWN_UNITS = 30  # units listed; a longer list keeps its first and last 15


def _shown(report: Report, verbose: bool) -> list[Standing | None]:
    """The units of the overview; a long list keeps the first and the last (who leads, who
    trails), None standing for the ones between."""
    lines: list[Standing | None] = list(report.ranking)
    if verbose or len(lines) <= SHOWN_UNITS:
        return lines
    half = SHOWN_UNITS // 2
    return [*lines[:half], None, *lines[-half:]]


def _more(report: Report, lang: Lang) -> Text:
    hidden = len(report.ranking) - SHOWN_UNITS // 2 * 2
    return Text(t("more_units", lang, count=f"{hidden:,}"), style="dim")


def ranking_table(report: Report, plan: Plan, lang: Lang, verbose: bool = False) -> Table:
    """排名: each unit's goals met of judged, score, mean completion, rank and alert."""
    previous = report.previous is not None
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    table.add_column(t("col_rank", lang), justify="right", no_wrap=True)
    table.add_column(t("col_unit", lang), no_wrap=True)
    table.add_column(t("col_met", lang), justify="right", no_wrap=True)
    table.add_column(t("col_score", lang), justify="right", no_wrap=True)
    table.add_column(t("col_mean_completion", lang), justify="right", no_wrap=True)
    if previous:
        table.add_column(t("col_rank_change", lang), justify="right", no_wrap=True)
    table.add_column(t("col_alert", lang), no_wrap=True)
    places = overview.tie_places(report)
    for s in _shown(report, verbose):
        if s is None:
            table.add_row(Text("…"), Text("…"))
            continue
        table.add_row(
            Text(overview.rank(s, lang)),
            Text(overview.clip(s.unit, overview.NAME_CELLS)),
            Text(overview.met(s)),
            Text(overview.score(s)),
            Text(overview.mean_completion(s, places)),
            *([Text(overview.rank_change(s, lang, report.previous))] if previous else []),
            Text(overview.alert(s.alert, lang), style=overview.ALERT_STYLE.get(s.alert or "", "")),
        )
    return table


def _figures_table(
    report: Report, lang: Lang, shown: list[Standing | None], chunk: list[overview.Column]
) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(t("col_unit", lang), no_wrap=True)
    for col in chunk:
        table.add_column(overview.head(col, lang), justify="right", no_wrap=True)
    columns = [overview.column_cells(c.result, lang) for c in chunk]
    for s in shown:
        if s is None:
            table.add_row(Text("…"))
            continue
        figures = []
        for by_unit in columns:
            value, alert = by_unit.get(s.unit, ("", None))
            cell = Text(value)
            if alert:
                cell.append(" " + overview.mark(alert), style=overview.ALERT_STYLE[alert])
            figures.append(cell)
        table.add_row(Text(overview.clip(s.unit, overview.NAME_CELLS)), *figures)
    return table


def overview_tables(
    report: Report, plan: Plan, lang: Lang, console: Console, verbose: bool = False
) -> list[RenderableType]:
    """各单位完成情况一览表, one table per plan section under its heading, a section too
    wide for the terminal (at most 100 columns) split into several: a figure is never
    squeezed or wrapped."""
    width = min(console.width, 100)
    out: list[RenderableType] = []
    shown = _shown(report, verbose)
    for block in overview.blocks(report, plan, lang):
        heading = block.section.title.pick(lang)
        out.append(Group(Prose(f"({block.section.number}) {heading}", style="bold")))
        chunk: list[overview.Column] = []
        for col in block.columns:
            trial = _figures_table(report, lang, shown, [*chunk, col])
            wide = Measurement.get(console, console.options.update_width(10_000), trial)
            if chunk and wide.maximum > width:
                out.append(_figures_table(report, lang, shown, chunk))
                chunk = []
            chunk.append(col)
        if chunk:
            out.append(_figures_table(report, lang, shown, chunk))
    return out
