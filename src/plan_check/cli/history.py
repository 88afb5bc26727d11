"""plan-check history: the runs kept in a history file and every goal's series."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from plan_check.cli.common import LangArg, LangOption, TargetsOption, _guard, _lang
from plan_check.i18n import Lang


class HistoryFormat(StrEnum):
    table = "table"
    json = "json"


def history(
    file: Annotated[
        Path,
        typer.Argument(
            help="历史文件(validate --history 所写)/ a history file", show_default=False
        ),
    ],
    goal: Annotated[
        str | None,
        typer.Option("--goal", help="只看这个目标,逐单位列出 / one goal, unit by unit"),
    ] = None,
    output_format: Annotated[
        HistoryFormat, typer.Option("--format", "-f", help="输出格式 / output format")
    ] = HistoryFormat.table,
    targets: TargetsOption = None,
    lang: LangArg = LangOption.zh,
) -> None:
    """列出历史文件中的各次核查和每个目标的逐次数据 / list the runs in a history file and
    every goal's series.

    例 / example: plan-check history history.sqlite --goal guopei
    """
    language = _lang(lang)

    def run() -> None:
        from plan_check.history.sqlite import SQLiteHistory
        from plan_check.history.view import as_data, series

        with SQLiteHistory(file, create=False) as store:  # read only: never changed
            if output_format is HistoryFormat.json:
                import json

                doc = as_data(store, language, goal)
                sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
                return
            found = series(store, language, goal)
        _print(found, language, goal, str(file), _plan(targets))

    _guard(run, language, False)


def _plan(targets: Path | None) -> Any:
    """The plan to show figures by (its goals' own units and decimals): the targets file
    named, else the one validate would use when it reads; None when none can be read
    (figures are then shown by the kind of goal the history records)."""
    from plan_check.errors import PlanCheckError
    from plan_check.targets import load_plan

    if targets is not None:
        return load_plan(targets)
    try:
        return load_plan(None)
    except PlanCheckError:
        return None


def _shower(plan: Any, key: Any, lang: Lang) -> Any:
    """Figures and changes written as the reports write them: by the plan's own goal when
    the plan is the history's (render/text.py), else by the kind of goal recorded."""
    from plan_check.history.runs import plan_key
    from plan_check.history.view import shown
    from plan_check.render import text

    rules = {r.id: r for r in plan.rules} if plan is not None and plan_key(plan) == key else {}

    def show(info: Any, value: Any, change: bool = False) -> str:
        rule = rules.get(info.id)
        if rule is None or value is None or (change and isinstance(value, bool)):
            return shown(info, value, lang, change)
        return (
            text.change(rule, value, plan, lang) if change else text.figure(rule, value, plan, lang)
        )

    return show


def _change(show: Any, info: Any, point: dict[str, Any], lang: Lang) -> str:
    """较上期: over the units in both runs (同口径) when the two differ, or why not."""
    from plan_check.i18n import t

    if point.get("change_withheld"):
        return t("history_change_withheld", lang)
    moved: str = show(info, point["change"], change=True)
    if moved and point.get("change_units") is not None:
        return t("change_same_units", lang, change=moved)
    return moved


def _print(found: list[Any], lang: Lang, goal: str | None, source: str, plan: Any = None) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from plan_check.history.view import ALERTS, STATUSES, spark
    from plan_check.i18n import t
    from plan_check.render.overview import ALERT_MARK, ALERT_STYLE
    from plan_check.render.text import STATUS_SYMBOL, safe, status_label

    console = Console(highlight=False)
    if not found:
        console.print(Text(t("history_empty", lang, path=safe(source))))
        return
    for key, runs, lines in found:
        plan_key_of = key
        title = key.title_zh if lang == "zh" else key.title_en
        heading = t("history_plan", lang, title=safe(title), fingerprint=key.fingerprint[:12])
        console.print(Text(heading, style="bold"))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column(t("col_as_of", lang), no_wrap=True)
        table.add_column(t("col_recorded", lang), no_wrap=True)
        for code in STATUSES:
            table.add_column(STATUS_SYMBOL[code], justify="right")
        for alert in ALERTS:
            table.add_column(ALERT_MARK[alert], justify="right", style=ALERT_STYLE[alert])
        for r in runs:
            counts = [sum(g.status == s for g in r.goals) for s in STATUSES]
            alerts = [sum(g.alert == a for g in r.goals) for a in ALERTS]
            day = r.as_of.isoformat() if r.as_of else t("final", lang)
            recorded = r.recorded[:16].replace("T", " ")
            table.add_row(day, recorded, *map(str, counts), *map(str, alerts))
        console.print(table)
        legend = "  ".join(f"{STATUS_SYMBOL[c]} {status_label(c, lang)}" for c in STATUSES)
        console.print(Text(legend, style="dim"))
        days = [r.as_of.isoformat() if r.as_of else t("final", lang) for r in runs]
        series = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        if goal is None:
            series.add_column(t("col_item", lang), justify="right", no_wrap=True)
            series.add_column(t("col_id", lang), no_wrap=True)
            series.add_column(t("col_goal", lang), overflow="fold", ratio=1)
        else:
            info = lines[0].info if lines else None
            named = (info.title_zh if lang == "zh" else info.title_en) if info else ""
            console.print(Text(f"{goal} {safe(named)}".strip(), style="bold"))
            series.add_column(t("col_unit", lang), overflow="fold")
        for day in days:
            series.add_column(day, justify="right", no_wrap=True)
        series.add_column(t("col_change", lang), justify="right", no_wrap=True)
        series.add_column(t("col_trend", lang), no_wrap=True)
        show = _shower(plan, plan_key_of, lang)
        partial = False
        for s in lines:
            cells = []
            for p in s.points:
                mark = STATUS_SYMBOL.get(p["status"] or "", "")
                figure = show(s.info, p["actual"])
                if p.get("state") == "missing":  # a unit's gap (--goal)
                    figure = t("unit_missing", lang)
                if p.get("lacks"):  # the figure lacks some units' (数据不全)
                    partial = True
                    of = t("history_units_of", lang, units=p["units"], of=p["units_of"])
                style = ALERT_STYLE.get(p["alert"] or "", "")
                cells.append(Text(f"{figure} {mark}".strip(), style=style))
                if p.get("lacks"):  # on a line of its own, under the figure
                    cells[-1].append("\n" + of)
            last = _change(show, s.info, s.points[-1], lang) if s.points else ""
            head = [str(s.info.item), s.id, safe(s.title)] if goal is None else [safe(s.id)]
            series.add_row(
                *map(Text, head),
                *cells,
                Text(last),
                Text(spark(s.info, s.points)),
            )
        console.print(series)
        if partial:
            console.print(Text(t("history_partial_note", lang), style="dim"))
