"""The HTML report's charts, with a history (--history): each paced goal's figure over the
months against the 序时进度 line, and the overview's trend (goals by alert, run by run).

Drawn by matplotlib (the optional extra ``plan-check[charts]``, imported only here and
only when there is a history) as inline SVG: its ``Figure`` and SVG canvas directly (no
pyplot, no GUI or Agg backend), ``svg.fonttype: none`` so every label stays text that
prints with the reader's own fonts, ids salted so a report is reproducible, and no
script. Greyscale keeps them apart: the figure is a solid line whose points have the
alert's shape (● ▲ ■), 序时进度 a dashed line; in the trend, green is solid with ●, yellow
dashed with ▲, red dotted with ■. Without matplotlib the same series are a table, and
the report says how to get the charts. The data drawn are ``trend.charts``, which the
JSON report carries too.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from fractions import Fraction
from html import escape
from typing import Any

from plan_check.i18n import Lang, t
from plan_check.numbers import number
from plan_check.plan import Plan
from plan_check.render import overview, text
from plan_check.render.options import RenderOptions
from plan_check.render.trend import Chart, charts
from plan_check.report import Report
from plan_check.series import Point, Trend

ALERT_MARKER = {"green": "o", "yellow": "^", "red": "s"}  # ● ▲ ■, as everywhere
ALERT_COLOUR = {"green": "#1a7f37", "yellow": "#b08900", "red": "#c62828"}
TREND_LINE = {"green": "solid", "yellow": (0, (5, 2)), "red": (0, (1, 1.5))}
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"]
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CSS = """
section.charts .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr));
  gap: .4rem 1rem; }
section.charts figure { margin: 0; break-inside: avoid; }
section.charts figcaption { font-size: .9em; font-weight: 600; }
section.charts svg { width: 100%; height: auto; display: block; overflow: visible; }
section.charts svg text { font-family: system-ui, "PingFang SC", "Microsoft YaHei",
  "Noto Sans CJK SC", "Source Han Sans SC", sans-serif !important; }
section.charts .legend { color: #444; font-size: .85em; margin: .1rem 0 .4rem; }
@media print { section.charts { break-before: page; }
  section.charts .grid { grid-template-columns: 1fr 1fr; } }
"""


def css(report: Report) -> str:
    """The charts' style, in a report that has them."""
    return CSS if report.history is not None else ""


def e(value: object) -> str:
    return escape(text.safe(value), quote=True)


def section(report: Report, plan: Plan, options: RenderOptions) -> list[str]:
    """The charts section: nothing without a history."""
    if report.history is None:
        return []
    lang = options.lang
    drawn = charts(report, plan)
    head = [
        '<section class="charts">',
        f"<h2>{e(t('charts_heading', lang))}</h2>",
    ]
    try:
        with _drawing():
            svgs = [_goal_svg(c, lang) for c in drawn]
            trend = _trend_svg(report.history.trend, lang, len(report.results))
    except ImportError:
        return [*head, *_table(report, drawn, plan, lang), "</section>"]
    figures = [
        f"<figure><figcaption>({c.result.rule.item}) {e(text.title(c.result.rule, lang))}"
        f"</figcaption>{svg}</figure>"
        for c, svg in zip(drawn, svgs, strict=True)
    ]
    figures.append(f"<figure><figcaption>{e(t('charts_trend', lang))}</figcaption>{trend}</figure>")
    partial = any(p.partial for c in drawn for p in c.points)
    legend = t("charts_legend", lang) + (
        ("；" if lang == "zh" else "; ") + t("charts_partial", lang) if partial else ""
    )
    return [
        *head,
        f'<p class="legend">{e(legend)}</p>',
        '<div class="grid">',
        *figures,
        "</div>",
        "</section>",
    ]


def _table(report: Report, drawn: list[Chart], plan: Plan, lang: Lang) -> list[str]:
    """Without matplotlib: the series the charts would draw, as a table."""
    assert report.history is not None
    days = [x.as_of.isoformat() if x.as_of else t("final", lang) for x in report.history.trend]
    out = [
        f'<p class="legend">{e(t("charts_missing", lang))}</p>',
        "<table>",
        "<tr><th>"
        + e(t("col_goal", lang))
        + "</th>"
        + "".join(f'<th class="num">{e(d)}</th>' for d in days)
        + "</tr>",
    ]
    for c in drawn:
        cells = {p.as_of: p for p in c.points}
        row = []
        for x in report.history.trend:
            p = cells.get(x.as_of)
            shown = "" if p is None else text.figure(c.result.rule, p.actual, plan, lang)
            mark = overview.ALERT_MARK.get(p.alert or "", "") if p is not None else ""
            if p is not None and p.partial:  # lacks a unit's figure: not a total
                mark += " " + t("history_units_of", lang, units=p.units, of=p.of)
            row.append(f'<td class="num">{e(shown)} {mark}</td>')
        out.append(f"<tr><td>{e(text.title(c.result.rule, lang))}</td>{''.join(row)}</tr>")
    return [*out, "</table>"]


def _figure(width: float = 3.5, height: float = 2.1) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#ddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=7, length=2, colors="#333")
    return fig, ax


def _month_axis(ax: Any, start: date, end: date, lang: Lang) -> None:
    ticks = [date(end.year, m, 1) for m in range(1, 13, 2) if start <= date(end.year, m, 1) <= end]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{d.month}月" if lang == "zh" else MONTHS_EN[d.month - 1] for d in ticks])
    ax.set_xlim(start, end)


@contextmanager
def _drawing() -> Iterator[None]:
    """matplotlib set for these charts: text kept as text, reproducible ids, a CJK font
    to measure labels where one is installed (a missing glyph only measures a label)."""
    import matplotlib

    settings: Any = {
        "svg.fonttype": "none",
        "svg.hashsalt": "plan-check",
        "font.family": "sans-serif",
        "font.sans-serif": [*FONTS, "DejaVu Sans"],
        "axes.unicode_minus": False,
    }
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _svg(fig: Any) -> str:
    """The figure as inline SVG, without the XML prologue."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    out = io.StringIO()
    canvas: Any = FigureCanvasSVG(fig)
    canvas.print_svg(out, metadata={"Date": None})
    svg = out.getvalue()
    return svg[svg.index("<svg") :].strip()


def _axis_number(value: float, _: object) -> str:
    return f"{value:,.0f}"


def _value(point: Point) -> Fraction:
    assert isinstance(point.actual, Fraction)
    return point.actual


def _goal_svg(chart: Chart, lang: Lang) -> str:
    from matplotlib.ticker import FuncFormatter

    fig, ax = _figure()
    (start, _), (end, target) = chart.pace
    ax.plot([start, end], [0, float(target)], color="#555", linewidth=1.1, linestyle=(0, (4, 3)))
    dated = [p for p in chart.points if isinstance(p.actual, Fraction)]
    # the figure's line joins only runs over the same units: a run lacking a unit's
    # figure (数据不全) stands apart, hollow and marked 7/8 单位, never drawn as a total
    stretch: list[Point] = []
    for p in [*dated, None]:
        if p is None or (stretch and not p.joined):
            days = [q.as_of or end for q in stretch]
            ax.plot(days, [float(_value(q)) for q in stretch], color="#111", lw=1.5)
            stretch = []
        if p is not None:
            stretch.append(p)
    for p in dated:
        day, value, alert = p.as_of or end, _value(p), p.alert or ""
        shape = alert if alert in ALERT_MARKER else "yellow"
        ax.plot(
            [day],
            [float(value)],
            marker=ALERT_MARKER[shape],
            markersize=5.5,
            color=ALERT_COLOUR[shape],
            markerfacecolor="white" if p.partial else ALERT_COLOUR[shape],
            markeredgecolor="#111",
            markeredgewidth=1.1 if p.partial else 0.7,
            linestyle="none",
        )
        label = number(value)  # as the report writes it: 1,520; 5,200.5
        if p.partial:
            label += "\n" + t("history_units_of", lang, units=p.units, of=p.of)
        ax.annotate(
            label,
            (day, float(value)),
            textcoords="offset points",
            # above and to the left: the line rises away from there; a point standing
            # apart (7/8 单位) below and to the right, clear of the run before's label
            xytext=(4, -5) if p.partial else (-3, 4),
            ha="left" if p.partial else "right",
            va="top" if p.partial else "baseline",
            fontsize=6.5,
            color="#111",
        )
    ax.set_ylim(0, float(max([target, *(_value(p) for p in dated)])) * 1.12)
    ax.yaxis.set_major_formatter(FuncFormatter(_axis_number))
    _month_axis(ax, start, end, lang)
    fig.tight_layout(pad=0.8)  # room for labels in a wider font than measured
    return _svg(fig)


def _trend_svg(trend: tuple[Trend, ...], lang: Lang, goals: int) -> str:
    fig, ax = _figure()
    days = [x.as_of for x in trend if x.as_of is not None]
    dated = [x for x in trend if x.as_of is not None]
    for alert in ("green", "yellow", "red"):
        ax.plot(
            days,
            [getattr(x, alert) for x in dated],
            color=ALERT_COLOUR[alert],
            linestyle=TREND_LINE[alert],
            marker=ALERT_MARKER[alert],
            markersize=5,
            markeredgecolor="#111",
            markeredgewidth=0.6,
            linewidth=1.3,
        )
    ax.set_ylim(-0.8, goals)  # a line at 0 (no red goal) stays in sight
    if days:
        _month_axis(ax, date(days[0].year, 1, 1), date(days[0].year, 12, 31), lang)
    fig.tight_layout(pad=0.8)  # room for labels in a wider font than measured
    return _svg(fig)
