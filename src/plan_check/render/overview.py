"""各县(市、区)完成情况一览表: the units × goals overview and the ranking, as plain strings
every format lays out its own way (terminal blocks, an HTML landscape page, Markdown and
CSV tables). Also the words shared by all formats for 三色预警 and the change since the
previous report.

The overview's columns are the goals with a figure per unit, the city bureau's own acts
(answered on the 市直 row alone) left out; its rows are the units in ranking order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

from plan_check.i18n import Lang, list_sep, t
from plan_check.plan import Plan, Section
from plan_check.render import text
from plan_check.report import Alert, Previous, Report, RuleResult, Standing, UnitResult
from plan_check.standing import change

LISTED_NAMES = 20  # names listed in a line; the rest are counted
NAME_CELLS = 24  # a unit name in a narrow column: its start and its end, the middle cut


def clip(name: str, limit: int = 40) -> str:
    """A name from data made safe and short enough for a line: the middle is cut, for the
    start and the end tell units apart (长…长0001)."""
    shown = text.safe(name)
    if len(shown) <= limit:
        return shown
    keep = (limit - 1) // 2
    return shown[:keep] + "…" + shown[-keep:]


# shapes that survive greyscale printing, beside the colour
ALERT_MARK: dict[str, str] = {"green": "●", "yellow": "▲", "red": "■"}
ALERT_STYLE: dict[str, str] = {"green": "green", "yellow": "yellow", "red": "bold red"}


def alert(value: Alert | None, lang: Lang) -> str:
    """● 绿 / ▲ 黄 / ■ 红 (● green …); empty when not judged."""
    return f"{ALERT_MARK[value]} {t('alert_' + value, lang)}" if value else ""


def mark(value: Alert | None) -> str:
    return ALERT_MARK[value] if value else ""


@dataclass(frozen=True)
class Column:
    result: RuleResult
    head: str  # the goal's short title
    unit: str  # 人, %, or empty for yes/no


@dataclass(frozen=True)
class Block:
    section: Section
    columns: tuple[Column, ...]


def short_title(r: RuleResult, lang: Lang) -> str:
    short = r.rule.short or r.rule.title
    return short.pick(lang)


def _unit_of(r: RuleResult, plan: Plan, lang: Lang) -> str:
    if r.rule.yes_no:
        return ""
    if r.rule.is_rate:
        return "%"
    return plan.metric(r.rule.display_metric).unit_label(lang)


def blocks(report: Report, plan: Plan, lang: Lang) -> tuple[Block, ...]:
    """The goals of the overview, grouped by plan section; a goal measured exactly as an
    earlier column (county enrolment "up on last year" is the enrolment) is not repeated."""
    out = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for section in plan.sections:
        cols = []
        for r in report.results:
            if (
                r.rule.item not in section.items
                or r.rule.scope == "city_row"
                or not any(u.state == "value" for u in r.units)
            ):
                continue
            measure = (r.rule.kind, r.rule.inputs)
            if measure in seen:
                continue
            seen.add(measure)
            cols.append(Column(r, short_title(r, lang), _unit_of(r, plan, lang)))
        if cols:
            out.append(Block(section, tuple(cols)))
    return tuple(out)


def head(column: Column, lang: Lang) -> str:
    """国培(人), 巩固率(%)."""
    if not column.unit:
        return column.head
    return f"{column.head}({column.unit})" if lang == "zh" else f"{column.head} ({column.unit})"


def value(r: RuleResult, u: UnitResult | None, lang: Lang) -> str:
    """A unit's figure without its unit of measure (the column head carries it)."""
    if u is None:
        return ""
    if u.state == "missing":
        return t("unit_missing", lang)
    if u.state == "n/a" or u.actual is None:
        return "/"
    if r.rule.yes_no:
        return t("yes" if u.actual else "no", lang)
    if r.rule.is_rate:
        return f"{float(u.actual) * 100:.2f}"
    return text.number(u.actual)


def column_cells(r: RuleResult, lang: Lang) -> dict[str, tuple[str, Alert | None]]:
    """Every unit's figure and alert on one goal, by unit name."""
    return {u.unit: (value(r, u, lang), u.alert) for u in r.units}


def cells(column: Column, report: Report, lang: Lang) -> Iterator[tuple[str, Alert | None]]:
    """The column's cells in ranking order."""
    by_unit = column_cells(column.result, lang)
    for s in report.ranking:
        yield by_unit.get(s.unit, ("", None))


def rank(s: Standing, lang: Lang) -> str:
    if s.rank is not None:
        return str(s.rank) + (t("rank_vetoed", lang) if s.vetoed else "")
    if not s.sent:
        return t("rank_not_sent", lang)
    return t("rank_city", lang) if s.city else "—"


def score(s: Standing) -> str:
    return text.completion(s.score) if s.score is not None and s.sent else "—"


def met(s: Standing) -> str:
    """Goals met of goals judged; nothing for a unit that sent nothing (未报送)."""
    return f"{s.met}/{s.judged}" if s.judged and s.sent else "—"


def mean_completion(s: Standing, places: int = 1) -> str:
    """The tie-break figure, with ``places`` decimals (``tie_places``)."""
    if s.completion is None:
        return "—"
    return text.completion(s.completion, places)


def tie_places(report: Report) -> int:
    """The decimals of the tie-break figure that tell apart two units it ranks apart
    (0.6333 and 0.6325 read 63.33% and 63.25%, never 63.3% twice); asked once a table."""
    ranked = [s for s in report.ranking if s.rank is not None and s.completion is not None]
    for places in range(1, 5):
        if all(
            a.rank == b.rank
            or a.completion == b.completion
            or text.completion(a.completion, places) != text.completion(b.completion, places)
            for a, b in pairwise(ranked)
            if a.completion is not None and b.completion is not None
        ):
            return places
    return 4


def rank_change(s: Standing, lang: Lang, previous: Previous | None = None) -> str:
    """↑2, ↓1, 持平 (=), 新 (new) against the previous report's rank; 不可比 when the two
    rankings judged the units on different goals (``previous_line`` names them)."""
    if s.rank is None:
        return ""
    if previous is not None and not previous.ranks_comparable:
        return t("rank_not_comparable", lang)
    if s.previous_rank is None or s.moved is None:
        return t("rank_new", lang)
    moved = s.moved  # among the units ranked in both reports
    if moved == 0:
        return t("rank_same", lang)
    return f"↑{moved}" if moved > 0 else f"↓{-moved}"


def figure_change(r: RuleResult, plan: Plan, lang: Lang) -> str:
    """+320人, +0.85 个百分点, 否→是, or a status change (滞后→达标); empty without one."""
    before = r.previous
    if before is None:
        return ""
    delta = change(r.actual, before)
    if delta is not None:
        shown = text.change(r.rule, delta, plan, lang) if delta else t("no_change", lang)
        if before.same_units is not None:  # the units differ: the change is over the same
            return t("change_same_units", lang, change=shown)
        return shown
    if isinstance(r.actual, bool) and isinstance(before.actual, bool):
        if r.actual == before.actual:
            return t("no_change", lang)
        return f"{t('yes' if before.actual else 'no', lang)}→{t('yes' if r.actual else 'no', lang)}"
    return ""


def change_with_status(r: RuleResult, plan: Plan, lang: Lang) -> str:
    """+320人, or 否→是, with the status change when there is one: +8 所(滞后→达标)."""
    change = figure_change(r, plan, lang)
    moved = status_change(r, lang)
    if not moved or "→" in change:
        return change
    return f"{change}({moved})" if lang == "zh" else f"{change} ({moved})"


def status_change(r: RuleResult, lang: Lang) -> str:
    """滞后→达标 when the status changed since the previous report."""
    before = r.previous
    if before is None or before.status is None or before.status == r.status:
        return ""
    was = text.status_label(before.status, lang, r.rule)
    return f"{was}→{text.status_label(r.status, lang, r.rule)}"


def unit_change(r: RuleResult, u: UnitResult, plan: Plan, lang: Lang) -> str:
    if u.previous is None or u.state != "value":
        return ""
    delta = change(u.actual, u.previous)
    if delta is None:
        return ""
    return text.change(r.rule, delta, plan, lang) if delta else t("no_change", lang)


def previous_line(report: Report, lang: Lang) -> str:
    """较上期(2023-06-30,june.json):…, with the goals and units found in one report only."""
    p = report.previous
    if p is None:
        return ""
    parts = [t("previous_line", lang, path=text.safe(p.source), as_of=p.as_of or t("final", lang))]
    sep = "、" if lang == "zh" else ", "
    for code, names in (
        ("previous_goals_new", p.goals_only_now),
        ("previous_goals_gone", p.goals_only_before),
        ("previous_units_new", p.units_only_now),
        ("previous_units_gone", p.units_only_before),
    ):
        if names:
            shown = sep.join(clip(n) for n in names[:LISTED_NAMES])
            if len(names) > LISTED_NAMES:
                shown += sep + t("and_more", lang, count=f"{len(names) - LISTED_NAMES:,}")
            parts.append(t(code, lang, count=f"{len(names):,}", names=shown))
    if not p.ranks_comparable:
        parts.append(_ranks_apart(report, p, lang))
    return ("; " if lang == "en" else ";").join(parts)


def _ranks_apart(report: Report, p: Previous, lang: Lang) -> str:
    """排名所依据的目标与上期不同…: the goals judged in one ranking only, by their short
    titles (an id for a goal these targets no longer have)."""
    titles = {r.rule.id: (r.rule.short or r.rule.title).pick(lang) for r in report.results}
    sep = list_sep(lang)
    parts = [
        t(code, lang, names=sep.join(clip(titles.get(g, g)) for g in goals))
        for code, goals in (
            ("ranked_only_now", p.ranked_only_now),
            ("ranked_only_before", p.ranked_only_before),
        )
        if goals
    ]
    return t("ranks_not_comparable", lang, goals=sep.join(parts))


def ranking_basis(plan: Plan, lang: Lang) -> str:
    """How the score and rank were computed, in one line under the table."""
    policy = plan.ranking
    titles = {r.id: r.title.pick(lang) for r in plan.rules}
    veto = [titles[i] for i in policy.veto if i in titles]
    return (
        t("ranking_basis_" + policy.score, lang)
        + t("ranking_ties_" + policy.ties, lang)
        + ("" if policy.include_city else t("ranking_city_apart", lang))
        + (t("ranking_veto", lang, goals=list_sep(lang).join(veto)) if veto else "")
        + t("ranking_not_sent", lang)
    )


def alert_basis(plan: Plan, lang: Lang) -> str:
    a = plan.alerts
    return t(
        "alert_basis_tolerance" if a.yellow_behind else "alert_basis",
        lang,
        yellow=text.number(Fraction(a.yellow_behind)),
        red=text.number(Fraction(a.red_behind)),
    )


def versus_target(result: RuleResult, lang: Lang, short: bool = False) -> str:
    """A rate goal against its target, in percentage points: 高于目标 3.33 个百分点 (short,
    for a table column: 高 3.33 点), 低于…, 与目标持平; empty for other goals."""
    rule, actual, goal = result.rule, result.actual, result.target
    if (
        not rule.is_rate
        or rule.target == "baseline"
        or not isinstance(actual, Fraction)
        or not isinstance(goal, Fraction)
    ):
        return ""
    points = (actual - goal) * 100
    code = "rate_level" if not points else "rate_above" if points > 0 else "rate_below"
    shown = text.signed_places(abs(points), 2)  # as the rates are shown: 83.33% is 3.33 above
    return t(code + ("_short" if short else ""), lang, points=shown)
