"""What a sentence of a plan commits to in figures: the guesses ``plan-check init`` makes.

A clause that states a figure (80%以上, 3000名, 7.6万人, 2.78亿元, 2-4所, 较上年提高2个百分点,
不低于, 达到, 控制在…以内) or a change against last year (较上年提高) or a zero (清零) is a
draft goal: its kind, operator, target and unit are guessed here, and every guess is
named so that the bureau reviews it. Pure functions of the text; nothing is read here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Digits that are no target: years, cohorts, ages, dates, page numbers, 《titles》.
_NOT_TARGETS = re.compile(
    r"《[^《》\n]{0,200}》"
    r"|(?:19|20)\d\d\s*(?:[-—~～至到]\s*(?:19|20)?\d\d\s*)?(?:年度?|届|级|学年|版)"
    r"|\d+\s*[-—~～至到]\s*\d+\s*(?:周岁|岁)|\d+\s*(?:周岁|岁)"
    r"|\d+\s*月(?:\s*\d+\s*日)?|\d+\s*日|第\s*\d+|\d+\s*/\s*\d+\s*页"
    r"|[A-Za-z]+\d+|\d+[A-Za-z]+"
)
_NUMBER = r"\d+(?:\.\d+)?"
# Measure words a plan counts in; 个百分点 is a change in points, tried before 个.
_UNITS = (
    "万元|亿元|元|名|人次|人|所|个|家|项|次|学时|课时|平方米|间|班|套|台|册|场|期|门|节"
    "|天|小时|年|种|处|支|批|座|张|篇|户|辆|件|亩|公里|吨|本"
)
FIGURE = re.compile(
    rf"(?P<a>{_NUMBER})(?:\s*[-—~～至到]\s*(?P<b>{_NUMBER}))?\s*(?P<mag>万|亿)?\s*"
    rf"(?:(?P<pct>[%\uff05])|(?P<pts>个百分点)|(?P<unit>{_UNITS}))"
)
_AT_LEAST = re.compile(r"不低于|不少于|至少|达到|达|力争|确保|提高到|提升到|增加到|增长到")
_ABOVE = re.compile(r"超过|高于|多于")
_AT_MOST = re.compile(r"不高于|不超过|不多于|控制在|降至|降到|下降到|压减到|压缩到")
_BELOW = re.compile(r"低于|少于")
_AFTER_AT_LEAST = re.compile(r"^\s*(?:以上|及以上)")
_AFTER_AT_MOST = re.compile(r"^\s*(?:以下|以内|及以下)")
_ABOUT = re.compile(r"^\s*左右")
_LAST_YEAR = re.compile(r"较上年|比上年|同比|较去年|比去年")
_UP = re.compile(r"提高|提升|增长|增加|扩大|上升")
_DOWN = re.compile(r"下降|降低|减少|压减|压缩|缩小")
_ZERO = re.compile(r"清零|零辍学|零发生")
_SOFT = re.compile(r"力争|争取|努力|左右|预期")
_PER_HEAD = re.compile(r"生均|人均|每生|每人")
_ACCRUES = re.compile(r"培|建成|建设|完成|新建|改造|招聘|补充")
_LEADING_VERBS = re.compile(
    r"^(?:确保|力争|争取|努力|全面|持续|积极|进一步|继续|切实|扎实|大力|落实|完成|实现|推进|组织)+"
)
_BRACKETS = re.compile("[\"'\u201c\u201d\u2018\u2019「」『』《》]")

AMOUNT_UNITS = frozenset({"元", "万元", "亿元"})


@dataclass
class Guess:
    """A draft goal: what the clause seems to ask, and what the bureau must check."""

    kind: str  # sum, ratio or per_capita
    op: str
    target: str  # as written in a targets file: "80%", "7.6万", "3000", "0", "baseline"
    unit: str = ""  # the metric's unit of measure (人, 所, 万元…); "" for a rate
    metric_type: str = "int"
    subject: str = ""  # the words before the figure: the column a county fills in
    accrues: bool = False
    notes: list[str] = field(default_factory=list)  # message codes of what to check
    gross: bool = False  # 毛入园率, 毛入学率: each side summed over every unit reporting it
    change: str = ""  # against last year: "-0.5个百分点", "+10%", "+500"
    soft: bool = False  # 力争, 左右, 预期: yellow, not red, when missed
    per_head: bool = False  # 生均, 人均: an amount (万元 column) over a head count (人)


def mask(text: str) -> str:
    """The text with its digits that are no target (years, ages, dates, 《titles》) blanked,
    position for position, so a figure found in it is found at the same place."""
    return _NOT_TARGETS.sub(lambda m: "\x00" * len(m.group()), text)


def guess(clause: str) -> Guess | None:
    """The draft goal a clause states, or None when it states no figure."""
    masked = mask(clause)
    found = FIGURE.search(masked)
    if found is None:
        return _without_figure(clause)
    before, after = masked[: found.start()], masked[found.end() :]
    subject = _subject(clause[: found.start()])
    notes: list[str] = []
    low, high = _ascii(found["a"]), _ascii(found["b"] or "")
    figure, magnitude = low, found["mag"] or ""
    if high:  # 新增 2-4 所: a range, met inside it
        figure = f"{low}-{high}"
        notes.append("draft_note_range")
    soft = _SOFT.search(clause) is not None
    op = _op(before, after)
    up = _DOWN.search(before) is None
    if found["pts"] is not None or (found["pct"] and _LAST_YEAR.search(before)):
        # 较上年下降不低于 0.5 个百分点, 较上年提高 10%: a change against last year
        word = "个百分点" if found["pts"] is not None else "%"
        notes.append("draft_note_change")
        kind = "ratio" if found["pts"] is not None or subject.endswith("率") else "sum"
        change = f"{'+' if up else '-'}{low}{word}"
        return Guess(kind, ">=" if up else "<=", "baseline", subject=subject, notes=notes,
                     change=change, soft=soft)  # fmt: skip
    if found["pct"] is not None:
        gross = "毛入" in subject
        if gross:
            notes.append("draft_note_gross")
        target = f"{figure}%" if not high else f"{low}%-{high}%"
        return Guess("ratio", op, target, subject=subject, notes=notes, gross=gross, soft=soft)
    unit = str(found["unit"])
    if _LAST_YEAR.search(before):  # 较上年增加 500 人
        notes.append("draft_note_change")
        change = f"{'+' if up else '-'}{low}{magnitude}"
        return Guess("sum", ">=" if up else "<=", "baseline", unit=unit, subject=subject,
                     notes=notes, change=change, soft=soft)  # fmt: skip
    if unit in AMOUNT_UNITS or (magnitude and unit == "元"):
        # an amount as the plan writes it (2.78亿元), in a column of 万元
        target = f"{figure}{magnitude}{unit}"
        if _PER_HEAD.search(clause):
            notes.append("draft_note_per_head")
            per = f"{magnitude}{unit}/人"  # 720元 a pupil: a per_capita figure in 元/人
            return Guess("per_capita", op, figure, per, subject=subject, notes=notes, per_head=True)
        notes.append("draft_note_amount")
        accrues = _ACCRUES.search(clause) is not None
        return Guess("sum", op, target, "万元", "float", subject, accrues, notes, soft=soft)
    if unit == "名":
        unit = "人"
    decimal = "." in low and not magnitude
    measured = unit in ("年", "小时", "平方米", "亩", "公里", "吨")
    if re.search(r"每(?:月|周|学期|年|次|生|人|校)", clause):
        notes.append("draft_note_frequency")
    accrues = op == ">=" and _ACCRUES.search(clause) is not None
    kind_type = "float" if measured or decimal else "int"
    return Guess("sum", op, figure + magnitude, unit, kind_type, subject, accrues, notes, soft=soft)


def _ascii(figure: str) -> str:
    """A figure as a targets file writes it: １２ is 12."""
    return unicodedata.normalize("NFKC", figure)


def _without_figure(clause: str) -> Guess | None:
    """较上年提高 or 清零: a goal without digits."""
    if _ZERO.search(clause):
        return Guess("sum", "==", "0", "人", "int", _subject(clause), notes=["draft_note_zero"])
    change = _LAST_YEAR.search(clause)
    if change is None:
        return None
    tail = clause[change.end() :]
    if not (_UP.search(tail) or _DOWN.search(tail)):
        return None
    up = _DOWN.search(tail) is None
    subject = _subject(clause[: change.start()]) or _subject(clause)
    kind = "ratio" if subject.endswith("率") else "sum"
    notes = ["draft_note_change"]
    return Guess(kind, ">" if up else "<", "baseline", subject=subject, notes=notes)


def _op(before: str, after: str) -> str:
    if re.search(r"不低于|不少于", before):
        return ">="
    if _AFTER_AT_MOST.search(after) or _AT_MOST.search(before):
        return "<="
    if _AFTER_AT_LEAST.search(after) or _ABOUT.search(after):
        return ">="
    if _ABOVE.search(before):
        return ">"
    if _BELOW.search(before):
        return "<"
    return ">="  # 新增, 建设, 完成, 达: at least the figure


def _subject(text: str) -> str:
    """The words naming what is counted: the clause before its figure, without its verbs,
    its quotation marks and the comparison words at its end."""
    words = _BRACKETS.sub("", mask(text).replace("\x00", ""))
    change = _LAST_YEAR.search(words)
    if change is not None:
        words = words[: change.start()]
    words = re.sub("^[\\s,\uff0c、:\uff1a;\uff1b]+|[\\s,\uff0c、:\uff1a;\uff1b]+$", "", words)
    while (tail := _TAIL.search(words)) is not None and tail.start() > 0:
        words = words[: tail.start()]
    words = _LEADING_VERBS.sub("", words)
    return re.sub(r"\s+", "", words)[:40]


_TAIL = re.compile(
    rf"(?:{_AT_MOST.pattern}|{_AT_LEAST.pattern}|{_ABOVE.pattern}|{_BELOW.pattern}"
    rf"|{_UP.pattern}|{_DOWN.pattern}|每(?:月|周|学期|年|次))$"
)
