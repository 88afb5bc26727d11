"""``--format json``: the Report as one JSON document (UTF-8, Chinese as is), built as the
models of report_schema.py so that it always matches the published report.schema.json."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from plan_check import report_schema as schema
from plan_check.i18n import Lang
from plan_check.plan import Plan
from plan_check.render import text, trend
from plan_check.render.options import RenderOptions
from plan_check.report import UNLISTED, Prior, Problem, Report, RuleResult, UnitResult, weight
from plan_check.standing import change, change_all


def number(value: Fraction | bool | None) -> int | float | bool | None:
    """Counts as integers, rates and means as floats (0.965), yes/no as booleans."""
    if value is None or isinstance(value, bool):
        return value
    if value.denominator == 1:
        return int(value)
    return float(value)


def _unit_actual(r: RuleResult, value: Fraction | None) -> int | float | bool | None:
    if r.rule.yes_no:  # a unit said yes or no
        return bool(value)
    return number(value)


def _prior(now: Fraction | bool | None, before: Prior) -> schema.Prior:
    same = before.same_units
    extra: dict[str, Any] = {}
    if same is not None:
        extra = {
            "same_units": schema.SinceSameUnits(
                count=same.count, actual=number(same.actual), previous=number(same.previous)
            ),
            "change_all_units": number(change_all(now, before)),
            "units_only_now": list(same.only_now),
            "units_only_before": list(same.only_before),
        }
    return schema.Prior(
        actual=number(before.actual),
        status=before.status,
        change=number(change(now, before)),  # over the units of both reports
        **extra,
    )


def _same_units(r: RuleResult) -> schema.SameUnits:
    """A goal judged against last year, over the units with a figure in both years."""
    same = r.same_units
    assert same is not None
    return schema.SameUnits(
        units=list(same.units),
        actual=number(same.actual),
        baseline=number(same.baseline),
        unlike={why: list(units) for why, units in same.unlike.items()},
    )


def ranking(report: Report) -> list[schema.Standing]:
    return [
        schema.Standing(
            unit=s.unit,
            rank=s.rank,
            met=s.met,
            judged=s.judged,
            score=number(s.score),
            completion=number(s.completion),
            alert=s.alert,
            city=s.city,
            previous_rank=s.previous_rank,
            **({"moved": s.moved} if s.moved is not None else {}),
            sent=s.sent,
            vetoed=list(s.vetoed),
        )
        for s in report.ranking
    ]


def previous(report: Report) -> schema.Previous | None:
    p = report.previous
    if p is None:
        return None
    return schema.Previous(
        source=p.source,
        as_of=p.as_of.isoformat() if p.as_of else None,
        goals_only_now=list(p.goals_only_now),
        goals_only_before=list(p.goals_only_before),
        units_only_now=list(p.units_only_now),
        units_only_before=list(p.units_only_before),
        # the rankings judged units on different goals: no previous_rank, no rank change
        ranking_comparable=p.ranks_comparable,
        ranked_only_now=list(p.ranked_only_now),
        ranked_only_before=list(p.ranked_only_before),
    )


def _unit(r: RuleResult, u: UnitResult) -> schema.UnitResult:
    """Only the keys the unit has: its working (rates, means), baseline, quota, expected
    figure and previous figure each when there is one."""
    now = u.actual if u.state == "value" else None
    extra: dict[str, Any] = {}
    if r.rule.is_rate or u.numerator is not None:
        extra |= {"numerator": number(u.numerator), "denominator": number(u.denominator)}
    if u.baseline is not None:
        extra["baseline"] = number(u.baseline)
    if u.quota is not None:
        extra["quota"] = number(u.quota)
    if u.expected is not None:
        extra["expected"] = number(u.expected)
    if u.previous is not None:
        extra["previous"] = _prior(now, u.previous)
    return schema.UnitResult(
        unit=u.unit,
        actual=_unit_actual(r, u.actual) if u.state == "value" else None,
        status=u.status,
        alert=u.alert,
        **extra,
    )


def result_model(r: RuleResult, plan: Plan, lang: Lang) -> schema.Result:
    rule = r.rule
    extra: dict[str, Any] = {}
    if rule.upto is not None:
        extra["upto"] = number(Fraction(rule.upto))
    if rule.soft:
        extra["soft"] = True
    if r.previous is not None:
        extra["previous"] = _prior(r.actual, r.previous)
    if r.same_units is not None:
        extra["same_units"] = _same_units(r)
    return schema.Result(
        id=rule.id,
        item=rule.item,
        section=plan.section_of(rule.item).id,
        title=text.title(rule, lang),
        kind=rule.kind,
        scope=rule.scope,
        status=r.status,
        alert=r.alert,
        actual=number(r.actual),
        op=rule.op,
        target=number(r.target),
        numerator=number(r.numerator),
        denominator=number(r.denominator),
        expected=number(r.expected),
        elapsed_share=number(r.elapsed_share),
        reasons=[text.reason(x, lang, plan) for x in r.reasons],
        **extra,
        units=[_unit(r, u) for u in r.units],
    )


def _problem(p: Problem, lang: Lang) -> schema.Problem:
    extra: dict[str, Any] = {}
    if p.cell:
        extra["cell"] = p.cell
    if p.code == UNLISTED:
        extra |= {"of": p.params["code"], "count": weight(p)}
    return schema.Problem(
        file=p.file,
        line=p.line,
        column=p.column,
        value=p.value,
        code=p.code,
        message=text.problem_message(p, lang),
        accepted=text.problem_accepted(p, lang),
        severity=p.severity,
        **extra,
    )


def report_model(report: Report, plan: Plan, lang: Lang) -> schema.JsonReport:
    extra: dict[str, Any] = {}
    if report.history is not None:
        extra["history"] = trend.history_model(report, plan)
    return schema.JsonReport(
        schema_version=schema.SCHEMA_VERSION,
        targets=report.targets_file,
        roster=(
            None
            if report.roster is None
            else schema.Roster(source=report.roster_source, units=list(report.roster))
        ),
        as_of=report.as_of.isoformat() if report.as_of else None,
        as_of_from=_as_of_from(report),
        elapsed_share=number(report.elapsed_share),
        summary=report.summary,
        results=[result_model(r, plan, lang) for r in report.results],
        ranking=ranking(report),
        previous=previous(report),
        **extra,
        problems=[_problem(p, lang) for p in report.problems],
        files=[
            schema.FileInfo(
                path=f.path, encoding=f.encoding, delimiter=f.delimiter or None, rows=f.rows
            )
            for f in report.files
        ],
        units=list(report.units),
        missing_units=list(report.missing_units),
    )


def _as_of_from(report: Report) -> schema.AsOfFrom | None:
    """Where the as-of date came from: "option" (--as-of) or "report_date" (the 填报日期
    ``agree`` files or sheets carry), and the files or sheets set aside as dated otherwise."""
    source = report.as_of_from
    if source is None:
        return None
    return schema.AsOfFrom(
        source="option" if source.option else "report_date",
        agree=source.agree,
        set_aside=list(source.set_aside),
    )


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    # the models are let go before the text is made: a 5,000-unit report holds one of the two
    doc = report_model(report, plan, options.lang).model_dump(mode="json", exclude_unset=True)
    return schema.dumps(doc)
