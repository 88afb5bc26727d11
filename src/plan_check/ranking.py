"""The ranking of the units (排名): a unit is judged on a goal when the goal binds it
(every unit must meet it, its own quota, its own last year, or, for the city's own row,
the bureau's own acts): met = pass or on pace; judged = met, behind, not yet met, missed
or not reported. Score = met / judged, or the mean completion of its own targets. A unit
that sent nothing is listed as 未报送, never ranked; a unit that missed a 一票否决 goal
ranks below every unit that met them all. Pure: results in, standings out."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from fractions import Fraction

from plan_check.policy import Ranking
from plan_check.report import ALERTS, Alert, RuleResult, Standing, UnitResult, UnitStatus
from plan_check.standing import MET, UNIT_JUDGED


def worst(alerts: Sequence[Alert | None]) -> Alert | None:
    shown = [a for a in alerts if a is not None]
    return max(shown, key=ALERTS.index) if shown else None


def unit_completion(r: RuleResult, u: UnitResult) -> Fraction | None:
    """A unit's figure as a share of its own target, capped at 100%: its quota, or the
    goal every unit must meet ("at least N", N > 0)."""
    if u.actual is None or r.rule.op not in (">=", ">"):
        return None
    own = u.quota
    if own is None and r.rule.scope == "each_unit" and isinstance(r.target, Fraction):
        own = r.target
    if own is None or own <= 0:
        return None
    return min(u.actual / own, Fraction(1))


def binds(r: RuleResult, u: UnitResult, city: bool = False) -> bool:
    """Whether the goal binds this unit on its own: every unit must meet it, the unit has
    a quota (任务分解), the unit is judged against its own last year, or the goal is the
    bureau's own act and the unit is the city's own row (市直 answers for it)."""
    if u.status not in UNIT_JUDGED:
        return False
    if r.rule.scope == "each_unit" or u.quota is not None:
        return True
    if r.rule.scope == "city_row":
        return city
    return r.rule.each_unit_trend and u.status in ("pass", "fail")


def _city_act(r: RuleResult, u: UnitResult) -> UnitResult:
    """The city's own row judged on a bureau's act by the act's own verdict."""
    as_unit: dict[str, UnitStatus | None] = {
        "pass": "pass",
        "on_pace": "on_pace",
        "behind": "behind",
        "not_yet": "not_yet",
        "fail": "fail",
        "incomplete": "missing",
    }
    return replace(u, status=as_unit.get(r.status), alert=r.alert)


def _mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def rank(
    results: Sequence[RuleResult],
    units: Sequence[str],
    is_city: Callable[[str], bool],
    policy: Ranking,
    missing: Collection[str] = (),
) -> tuple[Standing, ...]:
    """Every unit's standing, best first; units not ranked (nothing judged, the city's own
    row unless ranked, a unit that sent nothing: 未报送) last, in the order the files give
    them. A unit that missed a 一票否决 goal ranks below every unit that met them all.
    Equal scores and tie-breaks share a rank, and the next rank skips (1, 2, 2, 4)."""
    lines: list[Standing] = []
    index = [{u.unit: u for u in r.units} for r in results]  # one pass, not units² scans
    veto = set(policy.veto)
    for unit in units:
        met = judged = 0
        alerts: list[Alert | None] = []
        completions: list[Fraction] = []
        paced: list[Fraction] = []
        paced_blank = False  # a paced goal it did not report: no mean completion to show
        vetoed: list[str] = []
        for r, by_unit in zip(results, index, strict=True):
            u = by_unit.get(unit)
            if u is not None and r.rule.scope == "city_row" and is_city(unit):
                u = _city_act(r, u)  # the bureau's own act: the city row answers for it
            if u is None or not binds(r, u, is_city(unit)):
                continue
            judged += 1
            met += u.status in MET
            if r.rule.id in veto and u.status in ("fail", "missing"):
                # a veto goal left blank (or "/" where it binds every unit) is no escape
                vetoed.append(r.rule.id)
            alerts.append(u.alert)
            # not reported: nothing towards the score by completion (as it is not met for
            # the share met), but no figure for the mean completion shown beside it
            done = unit_completion(r, u) if u.status != "missing" else Fraction(0)
            if done is not None:
                completions.append(done)
                if r.rule.accrues:
                    paced.append(done)
                    paced_blank = paced_blank or u.status == "missing"
        score: Fraction | None = None
        if judged:
            score = Fraction(met, judged) if policy.score == "met_share" else _mean(completions)
        lines.append(
            Standing(
                unit=unit,
                rank=None,
                met=met,
                judged=judged,
                score=score,
                completion=None if paced_blank else _mean(paced),
                alert=worst(alerts),
                city=is_city(unit),
                sent=unit not in missing,
                vetoed=tuple(vetoed),
            )
        )

    def key(s: Standing) -> tuple[bool, Fraction, Fraction]:
        tie = s.completion if policy.ties == "completion" and s.completion is not None else 0
        return (not s.vetoed, s.score or Fraction(0), Fraction(tie))

    ranked = [
        s for s in lines if s.score is not None and s.sent and (policy.include_city or not s.city)
    ]
    ranked.sort(key=key, reverse=True)  # stable: equal units keep the files' order
    out: list[Standing] = []
    for i, s in enumerate(ranked):
        same = i and key(ranked[i - 1]) == key(s)
        out.append(replace(s, rank=out[-1].rank if same else i + 1))
    placed = {s.unit for s in ranked}
    out += [s for s in lines if s.unit not in placed]
    return tuple(out)
