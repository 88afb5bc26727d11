"""与上期相比: what changed since the previous report in the 通报's words, like for like.
A goal whose status changed only because its units did (a unit that sent nothing now or
then) is not 好转 or 退步: the units in one report only are said once, with the goals'
changes over the units of both reports (同口径)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from plan_check.i18n import Lang, list_sep, t
from plan_check.render import overview, text
from plan_check.report import Report, RuleResult

# reasons that name units without a figure: a unit that sent nothing is said once instead
ABSENT_REASONS = (
    "reason_missing_units",
    "reason_missing_met_units",
    "reason_missing_missed_units",
    "reason_missing_on_pace_units",
)


def day(value: date, lang: Lang) -> str:
    """2023年7月31日 / 31 July 2023."""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value.strftime('%B')} {value.year}"


def one_report(report: Report) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The units with figures in the previous report only, and in this one only, that the
    whole 通报 says once (与上期相比) rather than under every goal: a unit that sent nothing
    now or then, or one in one report only for every goal compared on the same units."""
    p = report.previous
    if p is None:
        return (), ()
    compared = [r.previous.same_units for r in report.results if r.previous is not None]
    pairs = [(set(s.only_before), set(s.only_now)) for s in compared if s is not None]
    if not pairs:
        return tuple(p.units_only_before), tuple(p.units_only_now)
    before = set.intersection(*(b for b, _ in pairs)) | set(p.units_only_before)
    before |= set.union(*(b for b, _ in pairs)) & set(report.missing_units)
    now = set.intersection(*(n for _, n in pairs)) | set(p.units_only_now)
    order = {u: i for i, u in enumerate((*(report.roster or ()), *report.units))}
    return (
        tuple(sorted(before, key=lambda u: (order.get(u, len(order)), u))),
        tuple(sorted(now, key=lambda u: (order.get(u, len(order)), u))),
    )


def goals_list(results: list[RuleResult], lang: Lang, pace: bool = False) -> str:
    shown = []
    for r in results:
        name = overview.short_title(r, lang)
        lag = text.pace(r, lang, short=True) if pace else ""
        shown.append(
            f"{name}({lag})" if lag and lang == "zh" else f"{name} ({lag})" if lag else name
        )
    return list_sep(lang).join(shown)


def level(status: str | None) -> int:
    """How bad a status is, for better or worse since the previous report."""
    return {"pass": 0, "on_pace": 0, "fail": 2, "incomplete": 2}.get(status or "", 1)


def lacks(r: RuleResult, units: tuple[str, ...] | set[str]) -> bool:
    """The goal is 数据不全 and one of ``units`` is among those it lacks, whatever other
    reasons it has."""
    if r.status != "incomplete":
        return False
    named = {u for x in r.reasons if x.code in ABSENT_REASONS for u in x.params.get("units", ())}
    return bool(named & set(units))


def differs(r: RuleResult, report: Report) -> bool:
    """The goal became or stopped being 数据不全 because its units changed between the two
    reports (a unit in one of them only): its change of status says who reported, not how
    it went, so it is not 好转 or 退步."""
    p = r.previous
    if p is None or p.status is None or level(r.status) == level(p.status):
        return False
    if "incomplete" not in (r.status, p.status):
        return False
    before, now = one_report(report)
    if r.status == "incomplete":  # lacking a unit that sent before but not now
        return p.same_units is not None or lacks(r, {*before, *report.missing_units})
    return p.same_units is not None or bool(now)


def _same_units(r: RuleResult) -> tuple[Fraction | None, Fraction | None]:
    """The goal's figure now and then over the units with a figure in both: the report's
    same-units comparison, or its figures when its units with a figure did not change."""
    p = r.previous
    if p is None:
        return None, None
    if p.same_units is not None:
        return p.same_units.actual, p.same_units.previous
    numbers = [x for x in (r.actual, p.actual) if isinstance(x, Fraction | int)]
    if len(numbers) < 2 or any(isinstance(x, bool) for x in (r.actual, p.actual)):
        return None, None
    return Fraction(numbers[0]), Fraction(numbers[1])


def like_for_like(report: Report, lang: Lang) -> str:
    """松林县仅上期有数,19 项目标的状态变化只因报送单位不同,不计为好转或退步;按两期
    都有数的单位比较(同口径):增加 8 项、持平 11 项."""
    differ = [r for r in report.results if differs(r, report)]
    if not differ:
        return ""
    sep = list_sep(lang)
    before, now = one_report(report)
    who = [t("tongbao_only_before", lang, units=sep.join(map(overview.clip, before)))] * bool(
        before
    )
    who += [t("tongbao_only_now", lang, units=sep.join(map(overview.clip, now)))] * bool(now)
    ways: dict[str, int] = {"up": 0, "same": 0, "down": 0, "none": 0}
    for r in differ:
        now_, then = _same_units(r)
        if now_ is None or then is None:
            ways["none"] += 1
        else:
            ways[("same", "up", "down")[(now_ > then) - (now_ < then)]] += 1
    moves = sep.join(
        t("tongbao_like_" + way, lang, n=n) for way, n in ways.items() if n and way != "none"
    )
    shown = t(
        "tongbao_units_differ",
        lang,
        who=(("," if lang == "zh" else ", ").join(who) or t("tongbao_units_changed", lang)),
        n=len(differ),
    )
    if moves:
        shown += t("tongbao_like_moves", lang, moves=moves)
    if ways["none"]:
        shown += t("tongbao_like_none", lang, n=ways["none"])
    return shown


def since(report: Report, lang: Lang) -> str:
    """与上期(2023年6月30日)相比:好转 2 项(…);松林县仅上期有数,…;排名上升:… ; empty
    without --previous. A goal whose status changed only because its units did is not
    好转 or 退步 (``like_for_like``)."""
    p = report.previous
    if p is None:
        return ""
    changed = [
        (r, r.previous.status)
        for r in report.results
        if r.previous is not None and r.previous.status is not None and not differs(r, report)
    ]
    better = [r for r, then in changed if level(r.status) < level(then)]
    worse = [r for r, then in changed if level(r.status) > level(then)]
    parts = []
    if better:
        parts.append(t("tongbao_better", lang, n=len(better), goals=goals_list(better, lang)))
    if worse:
        parts.append(t("tongbao_worse", lang, n=len(worse), goals=goals_list(worse, lang)))
    like = like_for_like(report, lang)
    if like:
        parts.append(like)
    if not better and not worse:
        parts.append(t("tongbao_same_other" if like else "tongbao_same", lang))
    moves = {"up": [], "down": []}  # type: dict[str, list[str]]
    for s in report.ranking:
        # a move among the units ranked in both reports: a unit that sent nothing in one
        # month moves no one (河东区 last of the same six both months: 7 → 6 is no rise)
        if s.rank is None or s.previous_rank is None or not s.moved:
            continue
        shown = t(
            "tongbao_rank_move",
            lang,
            unit=overview.clip(s.unit),
            before=s.previous_rank,
            now=s.rank,
        )
        moves["up" if s.moved > 0 else "down"].append(shown)
    for way, names in moves.items():
        if names:
            parts.append(t("tongbao_rank_" + way, lang, units=list_sep(lang).join(names)))
    before = day(p.as_of, lang) if p.as_of else t("final", lang)
    sep = ";" if lang == "zh" else "; "
    return t("tongbao_since", lang, date=before, changes=sep.join(parts))
