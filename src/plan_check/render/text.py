"""Wording shared by the renderers: figures, targets, statuses, problems, all localised.

Text that comes from data passes through ``safe`` before any renderer shows it.
"""

from __future__ import annotations

import math
from fractions import Fraction

from plan_check.codes import Code
from plan_check.i18n import MESSAGES, Lang, list_sep, t
from plan_check.i18n import safe as safe  # text from data, shown as text: one import for renderers
from plan_check.numbers import OP_SYMBOL as OP_SYMBOL  # the renderers' words for figures
from plan_check.numbers import OPS, half_up
from plan_check.numbers import completion as completion
from plan_check.numbers import exact as exact
from plan_check.numbers import number as number
from plan_check.numbers import percent as percent
from plan_check.numbers import places_apart as places_apart
from plan_check.numbers import target_decimals as target_decimals
from plan_check.plan import Plan, Section
from plan_check.render.moved import moved
from plan_check.report import Goal, Problem, Reason, Report, RuleResult, ShownFigure, UnitResult
from plan_check.standing import goal_lag

STATUS_SYMBOL = {
    "pass": "✔",
    "on_pace": "↗",
    "behind": "↘",
    "not_yet": "…",
    "fail": "✘",
    "incomplete": "?",
    "skipped": "–",
}


def figure(
    rule: Goal,
    value: Fraction | bool | None,
    plan: Plan,
    lang: Lang,
    against: Fraction | None = None,
) -> str:
    """A rule's figure in the rule's own terms (3,050 人, 96.62%, 是, 1 个单位); the rule
    says how (``Goal.show``)."""
    return rule.show(value, lang, plan.metric, against)


def target(result: RuleResult, plan: Plan, lang: Lang) -> str:
    """The target of a judged rule: a baseline goal shows last year's figure."""
    base = result.target if isinstance(result.target, Fraction) else None
    actual = result.actual if isinstance(result.actual, Fraction) else None
    return target_of(result.rule, plan, lang, base, actual)


def target_of(
    rule: Goal,
    plan: Plan,
    lang: Lang,
    baseline: Fraction | None = None,
    against: Fraction | None = None,
) -> str:
    """≥ 3,000人, ≥ 96.50% (the plan's own decimals), 是, > 上年基数 10.12年."""
    return rule.show_target(lang, plan.metric, baseline, against)


def needs_units(r: RuleResult) -> bool:
    """Whether a goal's units are shown without -v: it is not met nor on pace, some
    unit is below its own share (任务分解) although the city's figure meets it, or its
    units differ from the previous report's (the change is over the same units)."""
    below = any(
        (u.quota is not None and u.status in ("fail", "behind", "not_yet"))
        or u.status == "missing"  # a total met whatever the blank holds: still named
        for u in r.units
    )
    other_units = r.previous is not None and r.previous.same_units is not None
    return r.status not in ("pass", "on_pace") or below or other_units


def status_label(code: str, lang: Lang, rule: Goal | None = None) -> str:
    """达标, 未达标…; a goal with no pace not yet met reads 尚未达标 (a yes/no act not yet
    done, 尚未完成), never 滞后, which is behind 序时进度 only."""
    if code == "not_yet":  # a count of goals (no rule) names the general word
        return t(rule.not_yet_code() if rule is not None else "status_not_yet_met", lang)
    return t("status_" + code, lang)


def status(code: str, lang: Lang, rule: Goal | None = None) -> str:
    return f"{STATUS_SYMBOL[code]} {status_label(code, lang, rule)}"


def by_section(report: Report, plan: Plan) -> list[tuple[Section, list[RuleResult]]]:
    """The results grouped by plan section, in the plan's order; empty sections left out."""
    groups: dict[str, list[RuleResult]] = {}
    for r in report.results:
        groups.setdefault(plan.section_of(r.rule.item).id, []).append(r)
    return [(section, groups[section.id]) for section in plan.sections if section.id in groups]


def title(rule: Goal, lang: Lang) -> str:
    return rule.title.pick(lang)


# what a document for the bureau says instead of the option that would give the data
BUREAU_WORDS = {"reason_no_baseline": "tongbao_no_baseline"}


def reason(r: Reason, lang: Lang, plan: Plan | None = None, bureau: bool = False) -> str:
    """A reason in words; ``bureau``: as a document for the bureau words it (what is
    missing, not which command-line option gives it)."""
    if bureau and r.code in BUREAU_WORDS:
        return t(BUREAU_WORDS[r.code], lang)
    params = dict(r.params)
    if "columns" in params and plan is not None:  # metric ids as the reader's headers
        params["columns"] = [plan.metric(c).label(lang) for c in params["columns"]]
    for key in ("units", "columns"):
        if key in params:
            params[key] = list_sep(lang).join(safe(u) for u in params[key])
    for key, value in params.items():
        if isinstance(value, ShownFigure):  # 72个, 96.50%: as the goal writes its figure
            if plan is None:
                params[key] = number(value.value)
            elif value.change:
                params[key] = change(value.goal, value.value, plan, lang)
            else:
                params[key] = value.goal.show(value.value, lang, plan.metric, None)
    return t(r.code, lang, **params)


def problem_message(p: Problem, lang: Lang) -> str:
    params = {k: safe(v) for k, v in p.params.items()}
    if p.code == Code.FILE_UNREADABLE_SKIPPED:  # the file's own message, then what it costs
        inner = {k: v for k, v in params.items() if k != "error_code"}
        return t(p.code, lang, message=t(p.params["error_code"], lang, **inner))
    return t(p.code, lang, **params)


def kind_message(code: str, lang: Lang) -> str:
    """A problem's message without its particulars (无法识别的数字), or empty when the
    message needs them."""
    zh, en = MESSAGES.get(code, ("{}", "{}"))
    shown = zh if lang == "zh" else en
    return "" if "{" in shown else shown


def problem_shown(p: Problem, lang: Lang) -> str:
    """The message as a report's problem table shows it: a warning says it is one."""
    message = problem_message(p, lang)
    if p.severity == "warning":
        return f"{t('severity_warning', lang)}: {message}"
    return message


def problems_heading(report: Report, lang: Lang) -> str:
    """数据问题(3 处); with warnings 数据问题(3 处)· 提示(2 处), so it agrees with the summary."""
    errors, warnings = report.error_count, report.warning_count
    if not warnings:
        return t("report_problems", lang, count=f"{errors:,}")
    return t("report_problems_warnings", lang, count=f"{errors:,}", warnings=f"{warnings:,}")


def problem_accepted(p: Problem, lang: Lang) -> str:
    if p.accepted is None:
        return ""
    params = {k: safe(v) for k, v in p.accepted_params.items()}
    return t(p.accepted, lang, **params)


def where(p: Problem, lang: Lang) -> str:
    if p.cell:
        return p.cell
    return t("line", lang, line=p.line) if p.line is not None else ""


def gap(result: RuleResult, plan: Plan, lang: Lang) -> str:
    """How far a city figure is from its target: 差 32人 / 0.99 个百分点."""
    rule, actual, goal = result.rule, result.actual, result.target
    if (
        result.status != "fail"
        or rule.scope != "city"
        or isinstance(actual, bool)
        or not isinstance(goal, Fraction)
        or actual is None
    ):
        return ""
    if rule.target == "baseline" and OPS[rule.op](actual, goal):
        return moved(result, actual, goal, plan, lang, change)
    short = abs(goal - actual)
    if not short:  # equal to last year where the plan asks for a change
        shown = t("gap_unchanged_" + ("up" if rule.op in (">", ">=") else "down"), lang)
    elif rule.is_rate:
        shown = t("points", lang, points=small(short * 100))

    else:
        shown = figure(rule, short, plan, lang, Fraction(0))
    return t(
        "gap" if short else "gap_unchanged",
        lang,
        actual=figure(rule, actual, plan, lang, goal),
        target=target(result, plan, lang),
        gap=shown,
    )


def small(value: Fraction) -> str:
    """A gap with two decimals, or, below 0.01, two significant digits (0.005, 0.00012):
    a miss never reads 0.00, and a tiny one is not rounded up to 0.01."""
    places = 2
    while value and value < Fraction(1, 10 ** (places - 1)) and places < 8:
        places += 1
    text = f"{float(value):,.{places}f}"
    return text.rstrip("0").rstrip(".") if places > 2 else text


def due_now(result: RuleResult, plan: Plan, lang: Lang) -> str:
    """A goal's 序时进度 column: what the city should have by now, or nothing."""
    if result.expected is None:
        return ""
    return due(result.rule, result.expected, plan, lang)


def due(rule: Goal, value: Fraction, plan: Plan, lang: Lang) -> str:
    """What is due by now: whole people or schools, rounded up (1,487.67 → 1,488)."""
    return figure(rule, due_value(rule, value, plan), plan, lang)


def due_value(rule: Goal, value: Fraction, plan: Plan) -> Fraction:
    """The figure due by now as shown: whole people or schools rounded up."""
    if not rule.is_rate and plan.metric(rule.display_metric).type == "int":
        return Fraction(math.ceil(value))
    return value


def working(result: RuleResult, plan: Plan, lang: Lang) -> str:
    """How the city figure was computed, with every unit's contribution."""
    return result.rule.working(result, lang, plan.metric)


def summary(report: Report, lang: Lang) -> str:
    """共 25 项目标:达标 14 · 未达标 8 …: met always, the other statuses when there are
    some (as pytest does, so the line fits 80 columns), the data problems always."""
    counts = report.summary
    shown = [c for c in counts if counts[c] or c == "pass"]
    parts = [t("count_" + c, lang, n=counts[c]) for c in shown]
    parts.append(t("count_problems", lang, n=f"{report.error_count:,}"))
    if report.warnings:  # said, so the summary never reads 0 while the table lists some
        parts.append(t("count_warnings", lang, n=f"{report.warning_count:,}"))
    return t("report_summary", lang, total=len(report.results), counts=" · ".join(parts))


def as_of_line(report: Report, lang: Lang, sources: bool = True) -> str:
    """核查日期:2023-07-31,全年序时进度 58.08%(212/365 天), and where the date came from
    (``sources``: it may name files)."""
    if report.as_of is None:
        return ""
    share = report.elapsed_share
    if share is None:  # on or after the deadline: the year is complete
        share = Fraction(1)
    # in days, never the reduced fraction (335/365, not 67/73)
    total = report.year_days or share.denominator
    days = int(share * total)
    line = t(
        "report_as_of",
        lang,
        date=report.as_of.isoformat(),
        share=percent(share),
        days=days,
        total=total,
    )
    return line + as_of_from(report, lang) if sources else line


def as_of_from(report: Report, lang: Lang) -> str:
    """Where the as-of date came from (--as-of, or the 填报日期 the files agree on), and
    the files or sheets dated otherwise, set aside."""
    source = report.as_of_from
    if source is None:
        return ""
    if source.option:
        out = t("as_of_from_option", lang)
    else:
        out = t("as_of_from_files", lang, count=source.agree)
    if source.set_aside:
        names = list_sep(lang).join(safe(name) for name in source.set_aside)
        out += t("as_of_from_set_aside", lang, names=names)
    return out


def pace(result: RuleResult, lang: Lang, short: bool = False) -> str:
    """快于/慢于序时进度 X 个百分点, for a paced goal judged before its deadline;
    ``short`` (快 1.1 个百分点) for a narrow terminal's table column."""
    lag = goal_lag(result)  # an each-unit goal: its unit furthest behind
    if lag is None:
        return ""
    points = -lag
    if points == 0:
        return t("pace_even_short" if short else "pace_even", lang)
    code = "pace_ahead" if points > 0 else "pace_behind"
    return t(code + ("_short" if short else ""), lang, points=signed_places(abs(points)))


def signed_places(value: Fraction, places: int = 1) -> str:
    """A positive gap with one decimal (or ``places``), or as many more (up to six) as keep
    it above zero: a goal 0.04 points behind 序时进度 reads 0.04, never 0.0 beside 滞后."""
    while half_up(value, places) == 0 and places < 6:
        places += 1
    return f"{half_up(value, places):.{places}f}"


def change(rule: Goal, delta: Fraction, plan: Plan, lang: Lang) -> str:
    """+0.2年, −3个, +1.25 个百分点: a change from last year in the rule's terms."""
    if not delta:
        return t("no_change", lang)  # 持平, never +0人
    sign = "+" if delta >= 0 else "−"
    if rule.is_rate:
        return sign + t("points", lang, points=f"{abs(float(delta)) * 100:.2f}")
    return sign + figure(rule, abs(delta), plan, lang)


def _delimiter(delimiter: str, lang: Lang) -> str:
    """ ", 制表符分隔" for a file that is not comma-separated."""
    code = {"\t": "delimiter_tab", ";": "delimiter_semicolon"}.get(delimiter)
    return list_sep(lang) + t(code, lang) if code else ""


def setup_line(report: Report, lang: Lang) -> str:
    """目标文件:… · 应报名单:… (N 个单位), or that there is none and what that costs."""
    targets = t("report_targets", lang, path=safe(report.targets_file or "—"))
    if report.roster is None:
        return f"{targets} · {t('report_no_roster', lang)}"
    roster = t(
        "report_roster", lang, path=safe(report.roster_source or "—"), count=len(report.roster)
    )
    return f"{targets} · {roster}"


def files_line(report: Report, lang: Lang) -> str:
    """数据文件:a.csv(UTF-8,8 行)、… with last year's files marked."""
    files = list_sep(lang).join(
        t(
            "report_baseline_info" if f.baseline else "report_file_info",
            lang,
            path=safe(f.path),
            encoding=safe(f.encoding) + _delimiter(f.delimiter, lang),
            rows=f.rows,
        )
        for f in report.files
    )
    return t("report_files", lang, files=files)


def _goal(r: RuleResult) -> Fraction | None:
    """The target a figure is shown against (none for milestones and unjudged trends)."""
    return r.target if isinstance(r.target, Fraction) else None


def actual(r: RuleResult, plan: Plan, lang: Lang) -> str:
    """A rule's city figure, with enough decimals that a miss never looks met."""
    return figure(r.rule, r.actual, plan, lang, _goal(r))


def unit_figure(r: RuleResult, u: UnitResult, plan: Plan, lang: Lang) -> str:
    """A unit's figure in the rule's terms, with its working, last year and quota."""
    if u.state == "missing":
        return t("unit_missing", lang)
    if u.state == "n/a":
        return t("unit_n/a", lang)
    if r.rule.yes_no:  # a unit answers yes or no, it counts nothing
        return t("yes" if u.actual else "no", lang)
    shown = r.rule.unit_shown(u, lang, plan.metric, _goal(r))
    extras = []
    if u.baseline is not None and isinstance(u.actual, Fraction):
        base = figure(r.rule, u.baseline, plan, lang)
        delta = change(r.rule, u.actual - u.baseline, plan, lang)
        extras.append(t("baseline_change", lang, base=base, change=delta))
    if u.quota is not None:
        quota = figure(r.rule, u.quota, plan, lang)
        if u.expected is not None:
            due_now = due(r.rule, u.expected, plan, lang)
            extras.append(t("quota_expected", lang, quota=quota, expected=due_now))
        else:
            extras.append(t("quota_of", lang, quota=quota))
    elif u.expected is not None:  # an each-unit goal paced unit by unit
        extras.append(t("grammar_due_now", lang, expected=due(r.rule, u.expected, plan, lang)))
    if not extras:
        return shown
    return f"{shown}({';'.join(extras)})" if lang == "zh" else f"{shown} ({'; '.join(extras)})"
