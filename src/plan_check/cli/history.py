"""plan-check history: the runs kept in a history file and every goal's series."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from plan_check.cli.common import LangArg, LangOption, _guard, _lang
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
                doc = as_data(store, language, goal)
                sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
                return
            found = series(store, language, goal)
        _print(found, language, goal, str(file))

    _guard(run, language, False)


def _print(found: list[Any], lang: Lang, goal: str | None, source: str) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from plan_check.history.view import ALERTS, STATUSES, shown, spark
    from plan_check.i18n import t
    from plan_check.render.overview import ALERT_MARK, ALERT_STYLE
    from plan_check.render.text import STATUS_SYMBOL, safe, status_label

    console = Console(highlight=False)
    if not found:
        console.print(Text(t("history_empty", lang, path=safe(source))))
        return
    for plan, runs, lines in found:
        title = plan.title_zh if lang == "zh" else plan.title_en
        heading = t("history_plan", lang, title=safe(title), fingerprint=plan.fingerprint[:12])
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
        for s in lines:
            cells = []
            for p in s.points:
                mark = STATUS_SYMBOL.get(p["status"] or "", "")
                figure = shown(s.info, p["actual"], lang)
                style = ALERT_STYLE.get(p["alert"] or "", "")
                cells.append(Text(f"{figure} {mark}".strip(), style=style))
            last = s.points[-1]["change"] if s.points else None
            head = [str(s.info.item), s.id, safe(s.title)] if goal is None else [safe(s.id)]
            series.add_row(
                *map(Text, head),
                *cells,
                Text(shown(s.info, last, lang, change=True)),
                Text(spark(s.info, s.points)),
            )
        console.print(series)
