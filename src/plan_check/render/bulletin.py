"""The 通报: what a bureau sends, in its own words, shared by the printed HTML and the Word
draft. The title and 期数 (the targets file's ``report:`` block, or --issue-number), the
written summary of the month, the 一览表's total row, and the goals that need attention
with the units holding them back, a unit that sent nothing said once, not under every goal.

No file path, goal id or generation time is in these words: those are the technical
footer's (``technical``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from plan_check.i18n import Lang, list_sep, t
from plan_check.plan import Plan
from plan_check.render import fixes, overview, since, text
from plan_check.report import Alert, Problem, Reason, Report, RuleResult, UnitResult

day = since.day  # the one date format of the 通报
ZH_NUMERALS = "一二三四五六七八九十"
# reasons that name units without a figure: a unit that sent nothing is said once instead
ABSENT_REASONS = since.ABSENT_REASONS
# reasons naming the units in one report only: said once in 与上期相比 (``since.one_report``)
ONE_REPORT_REASONS = ("reason_previous_only_before_units", "reason_previous_only_now_units")
HOLDING_BACK = ("fail", "behind", "not_yet", "missing")
LOWEST = 3  # units named as ranked lowest


@dataclass(frozen=True)
class Heading:
    issuer: str  # 发文机关, or empty
    title: str
    number: str  # 期数, or empty
    when: str  # 截至2023年7月31日, or 全年核查


def when(report: Report, lang: Lang) -> str:
    if report.as_of is None:
        return t("tongbao_final", lang)
    return t("tongbao_as_of", lang, date=day(report.as_of, lang))


def heading(report: Report, plan: Plan, lang: Lang, issue: str | None = None) -> Heading:
    info = plan.report
    title = (
        info.title.pick(lang)
        if info.title is not None
        else t("tongbao_title", lang, plan=plan.title.pick(lang))
    )
    number = issue if issue is not None else info.number or ""
    return Heading(info.issuer or "", title, text.safe(number), when(report, lang))


def zh_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (up to 99)."""
    tens, ones = divmod(n, 10)
    if not tens:
        return ZH_NUMERALS[ones - 1]
    head = "" if tens == 1 else ZH_NUMERALS[tens - 1]
    return head + "十" + (ZH_NUMERALS[ones - 1] if ones else "")


def numbered(index: int, words: str, lang: Lang) -> str:
    """一、总体情况 / 1. Overview (the bureau's own numbering of a document's parts)."""
    if lang == "zh":
        return f"{zh_number(index + 1)}、{words}"
    return f"{index + 1}. {words}"


def absent(report: Report) -> tuple[str, ...]:
    """The units that sent nothing (未报送: on the roster, not in the data, or named only
    on blank rows). They are said once, never under every goal; a unit whose cells were
    refused did send, and is named where its figures are missing (缺数据)."""
    return report.missing_units


def _reasons(r: RuleResult, without: tuple[str, ...], report: Report | None = None) -> list[Reason]:
    """A goal's reasons, the units in ``without`` taken out, and (given ``report``) the
    units in one of the two reports only left to the one sentence that says them."""
    said: set[str] = set().union(*since.one_report(report)) if report is not None else set()
    out = []
    for reason in r.reasons:
        if reason.code in ONE_REPORT_REASONS and set(reason.params.get("units", ())) <= said:
            continue
        if reason.code in ABSENT_REASONS:
            kept = [u for u in reason.params.get("units", ()) if u not in without]
            if not kept:
                continue
            reason = Reason(reason.code, {**reason.params, "units": kept, "count": len(kept)})
        out.append(reason)
    return out


def reasons(
    r: RuleResult, plan: Plan, lang: Lang, without: tuple[str, ...], report: Report | None = None
) -> list[str]:
    """A goal's notes (its gap, its pace, its reasons), the units in ``without`` taken out,
    and with ``report`` the units in one report only, said once (``_since``)."""
    notes = [text.gap(r, plan, lang), text.pace(r, lang)]
    # the 通报 says what is missing, not which option of the tool gives it
    notes += [text.reason(x, lang, plan, bureau=True) for x in _reasons(r, without, report)]
    return [n for n in notes if n]


def holding_back(r: RuleResult, without: tuple[str, ...]) -> list[UnitResult]:
    """The units holding a goal back: missed, behind (their quota's pace too), not there
    yet, or without a figure; a yes/no act answered on the city's row names nobody."""
    if r.rule.yes_no and r.rule.scope == "city_row":
        return []
    return [u for u in r.units if u.status in HOLDING_BACK and u.unit not in without]


def attention(report: Report, plan: Plan, lang: Lang) -> tuple[list[RuleResult], list[str]]:
    """The goals that need attention, each worth its own lines, and the goals incomplete
    only for the units that sent nothing (said in one sentence)."""
    gone = absent(report)
    own, only_absent = [], []
    for r in report.results:
        if not text.needs_units(r):
            continue
        if not gone or _reasons(r, gone, report) or holding_back(r, gone):
            own.append(r)
        elif r.status == "incomplete":
            only_absent.append(overview.short_title(r, lang))
        elif r.status not in ("pass", "on_pace") or (
            r.previous is not None and r.previous.same_units is not None
        ):
            own.append(r)  # a goal met whatever the absent units hold is not named again
    return own, only_absent


def absent_line(report: Report, plan: Plan, lang: Lang, goals: bool = True) -> str:
    """松林县未报送数据,以下 19 项目标因此数据不全:… (without ``goals``: 松林县未报送数据,
    各项目标均缺其数据); empty when every unit sent."""
    gone = absent(report)
    if not gone:
        return ""
    names = list_sep(lang).join(overview.clip(u) for u in gone)
    incomplete = [r for r in report.results if since.lacks(r, gone)] if goals else []
    if not incomplete:
        return t("tongbao_absent", lang, units=names)
    return t(
        "tongbao_absent_goals",
        lang,
        units=names,
        n=len(incomplete),
        goals=since.goals_list(incomplete, lang),
    )


def unit_line(r: RuleResult, u: UnitResult, plan: Plan, lang: Lang) -> str:
    """河东区 190人(任务 400人,序时 233人),滞后."""
    shown = f"{overview.clip(u.unit)} {text.unit_figure(r, u, plan, lang)}"
    if u.status in ("fail", "behind", "not_yet"):
        return shown + ("," if lang == "zh" else ", ") + t("unit_" + u.status, lang)
    return shown


def summary(report: Report, plan: Plan, lang: Lang) -> list[str]:
    """The month in a bureau's words: the counts, the goals behind, missed and incomplete,
    the units ranked lowest, what changed since the previous report, the data problems."""
    counts = report.summary
    parts = [
        t("tongbao_count", lang, label=text.status_label(code, lang), n=n)
        for code, n in counts.items()
        if n
    ]
    lead = when(report, lang)
    if report.paced and report.elapsed_share is not None:
        lead += t("tongbao_share", lang, share=text.percent(report.elapsed_share))
    out = [
        t(
            "tongbao_counts",
            lang,
            when=lead,
            total=len(report.results),
            counts=list_sep(lang).join(parts) if lang == "en" else ",".join(parts),
        )
    ]
    out += _lists(report, plan, lang)
    lowest = _lowest(report, lang)
    if lowest:
        out.append(lowest)
    line = absent_line(report, plan, lang, goals=False)  # the goals: under 需关注的目标
    if line:
        out.append(line)
    change = since.since(report, lang)
    if change:
        out.append(change)
    out.append(_problems(report, plan, lang))
    return out


def _lists(report: Report, plan: Plan, lang: Lang) -> list[str]:
    """The goals behind, missed, incomplete, not yet met and not judged: the units' goals,
    then the city row's owner's own acts (市教育局本级尚未完成的工作 7 项), in the plan's words."""
    owner = plan.words()[lang]["owner"]
    owner = owner[:1].upper() + owner[1:]  # it starts the sentence (the city bureau's …)
    out = []
    for code in ("fail", "behind", "incomplete", "not_yet", "skipped"):
        results = [r for r in report.results if r.status == code]
        acts = [r for r in results if r.rule.scope == "city_row"]
        goals = [r for r in results if r.rule.scope != "city_row"]
        for shown, key in ((goals, "tongbao_list_" + code), (acts, "tongbao_owner_list")):
            if not shown:
                continue
            listed = since.goals_list(shown, lang, pace=code == "behind")
            listed = listed.rstrip(".") if lang == "en" else listed  # Disabled enrol.: one dot
            state = t("tongbao_owner_" + code, lang)
            out.append(t(key, lang, n=len(shown), goals=listed, owner=owner, state=state))
    return out


def _lowest(report: Report, lang: Lang) -> str:
    """排名靠后的单位:河东区(达标 8/10 项)、…, a unit ranked last by 一票否决 said so."""
    lowest = [s for s in report.ranking if s.rank is not None and s.met < s.judged]
    lowest = sorted(lowest, key=lambda s: -(s.rank or 0))[:LOWEST]
    if not lowest:
        return ""
    titles = {r.rule.id: overview.short_title(r, lang) for r in report.results}
    units = []
    for s in lowest:
        code = "tongbao_unit_vetoed" if s.vetoed else "tongbao_unit_met"
        vetoed = list_sep(lang).join(titles.get(g, g) for g in s.vetoed)
        shown = overview.clip(s.unit)
        units.append(t(code, lang, unit=shown, met=s.met, judged=s.judged, goals=vetoed))
    return t("tongbao_lowest", lang, units=list_sep(lang).join(units))


def _problems(report: Report, plan: Plan, lang: Lang) -> str:
    """数据问题 1 处,应填未填 2 格: the problems and the blank cells a unit had to fill
    (report.blanks, apart from the problems), the annex listing both."""
    blanks = len(fixes.required_blanks(report, plan))
    if blanks:
        return t("tongbao_problems_blanks", lang, n=f"{report.error_count:,}", blanks=blanks)
    if report.error_count or report.warning_count:
        return t(
            "tongbao_problems_warnings" if report.warning_count else "tongbao_problems",
            lang,
            n=f"{report.error_count:,}",
            warnings=f"{report.warning_count:,}",
        )
    return t("tongbao_no_problems", lang)


def total_label(plan: Plan, lang: Lang) -> str:
    total = plan.report.total
    if total is not None:
        return total.pick(lang)
    words = t("tongbao_total", lang)
    return words[:1].upper() + words[1:]  # City total / 全市合计


def total_cell(column: overview.Column, plan: Plan, lang: Lang) -> tuple[str, Alert | None]:
    """The goal's own figure under its units' column (全市合计), its unit left to the column
    head, with the goal's alert."""
    r = column.result
    if r.actual is None:
        return "—", r.alert
    shown = text.actual(r, plan, lang)
    if column.unit:
        shown = shown.removesuffix(column.unit).strip()
    return shown, r.alert


def annexed(report: Report, plan: Plan) -> list[Problem]:
    """The annex's lines: every data problem and every blank cell a unit had to fill."""
    return fixes.with_blanks(report, plan)


def annex_heading(report: Report, plan: Plan, lang: Lang) -> str:
    """数据问题(1 处),应填未填 2 格: the annex's count, as the summary says it."""
    shown = text.problems_heading(report, lang)
    blanks = len(fixes.required_blanks(report, plan))
    return t("tongbao_annex_blanks", lang, heading=shown, blanks=blanks) if blanks else shown


def file_name(problem: Problem) -> str:
    """A problem's file by its name, never its folders (the 通报 names no path)."""
    path = text.safe(problem.file)
    return PureWindowsPath(PurePosixPath(path).name).name if path else ""


def technical(report: Report, lang: Lang, generated: str) -> list[str]:
    """The technical footer: the files, the targets file and roster, where the as-of date
    came from, the previous report, the generation time."""
    lines = [text.files_line(report, lang), text.setup_line(report, lang)]
    source = text.as_of_from(report, lang).removeprefix(";").removeprefix("; ")
    if source:
        lines.append(source)
    if report.previous is not None:
        lines.append(overview.previous_line(report, lang))
    lines.append(t("report_generated", lang, time=generated))
    return lines


def cells_wide(value: str) -> float:
    """Width in cells of a proportional font: a Chinese character two, a Latin one about
    0.7 (measured on the printed page)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0.7 for ch in value)


def tables(
    report: Report,
    plan: Plan,
    lang: Lang,
    budget: float,
    measure: Callable[[str], float] = cells_wide,
) -> list[list[overview.Block]]:
    """The 一览表's figures in tables of whole plan sections that fit ``budget`` cells across
    (as ``measure`` counts them; a section wider than that is split into blocks of whole
    columns), so that no table is wider than the page."""

    def width(column: overview.Column) -> float:
        shown = [overview.head(column, lang), total_cell(column, plan, lang)[0] + " ●"]
        shown += [v + " ●" for v, _ in overview.cells(column, report, lang)]
        return max(measure(x) for x in shown) + 3  # and the padding

    out: list[list[overview.Block]] = [[]]
    used = 0.0
    for block in overview.blocks(report, plan, lang):
        parts: list[list[overview.Column]] = [[]]
        across = 0.0
        for col in block.columns:
            need = width(col)
            if parts[-1] and across + need > budget:
                parts.append([])
                across = 0.0
            parts[-1].append(col)
            across += need
        for part in parts:
            need = sum(width(c) for c in part)
            if out[-1] and used + need > budget:
                out.append([])
                used = 0.0
            out[-1].append(overview.Block(block.section, tuple(part)))
            used += need
    return [group for group in out if group]
