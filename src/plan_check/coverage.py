"""Which clauses of a plan's text carry a commitment, and which of them no rule and no
``not_checked`` entry quotes: ``lint --seed`` names those, so the coverage list cannot go
stale when a plan gains a sentence or a quote is shortened.

The rule is deterministic and explainable (README, "Coverage"): an item is a line that
starts with its number (``16.``) and the lines after it up to the next item or heading.
A plan that numbers no item so numbers them in words: a chapter ``一、`` and its items
``（一）`` (the item ``一(一)``, as the targets file writes it), or chapters alone (``一``);
its first sentence (up to the first 。) is the item's heading, which the sentences after
it spell out; the rest is cut into clauses at 。;, (full or half width); a clause carries
a commitment when it holds one of ``COMMITMENT_WORDS`` or states a figure to reach (达 80%,
不低于, 不少于, 以上). A clause is quoted when a quote of the same item lies within it or
it lies within a quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plan_check.plan import Plan

# The verbs a work plan commits with (落实 X, 推进 Y…); a clause with none of them is a
# frame (围绕…, 根据…的要求), a purpose (为…提供…, 促进…) or a result (形成…局面).
COMMITMENT_WORDS = (
    "落实", "实施", "推进", "推动", "开展", "组织", "召开", "评选", "建设", "新增",
    "完成", "确保", "实现", "提高", "提升", "加强", "强化", "加快", "加大", "支持",
    "扩大", "督促", "指导", "做好", "抓好", "优化", "完善", "健全", "修订", "构建",
    "组建", "推广", "鼓励", "引导", "治理", "禁止", "防止", "处置", "盘活", "补齐",
    "坚持", "深化", "统筹", "更新", "追踪", "监管", "消除", "拨付", "筹措", "发挥",
    "配合", "总结", "巩固",
)  # fmt: skip
_FIGURE = re.compile(r"达到?\d|不低于|不少于|不高于|不超过|以上|以内|清零")
_ITEM = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.*)$")
_NUMERAL = "[一二三四五六七八九十百]+"
_HEADING = re.compile(rf"^\s*[(\uff08]{_NUMERAL}[)\uff09]|^\s*{_NUMERAL}、")
_CHAPTER = re.compile(rf"^\s*({_NUMERAL})、\s*(.*)$")
_SUB = re.compile(rf"^\s*[(\uff08]({_NUMERAL})[)\uff09]\s*(.*)$")
_CUT = re.compile(r"[。;\uff1b,\uff0c]")  # full width (；，) or half


@dataclass(frozen=True)
class Clause:
    """A clause of the plan that carries a commitment, with its item number."""

    item: int | str
    text: str


def items(plan_text: str) -> dict[int | str, str]:
    """The plan's numbered items, each as one text (its lines joined)."""
    lines = plan_text.splitlines()
    if not any(_ITEM.match(line) for line in lines):
        return _items_in_words(lines)
    found: dict[int | str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        start = _ITEM.match(line)
        if start:
            current = found.setdefault(int(start.group(1)), [])
            current.append(start.group(2))
        elif _HEADING.match(line) or not line.strip():
            current = None
        elif current is not None:
            current.append(line.strip())
    return {number: "".join(body) for number, body in found.items()}


def _items_in_words(lines: list[str]) -> dict[int | str, str]:
    """Items numbered 一、 (a chapter) and （一） (an item of it: 一(一)); a chapter with no
    such item is an item itself, its heading line the item's heading."""
    found: dict[int | str, list[str]] = {}
    chapter = ""
    current: list[str] | None = None
    for line in lines:
        top, sub = _CHAPTER.match(line), _SUB.match(line)
        if top:
            chapter = top.group(1)
            current = found.setdefault(chapter, [])
            current.append(top.group(2) + "。")
        elif sub:
            found.pop(chapter, None)  # a chapter with items: its line is only a heading
            current = found.setdefault(f"{chapter}({sub.group(1)})", [])
            current.append(sub.group(2))
        elif not line.strip():
            current = None
        elif current is not None:
            current.append(line.strip())
    return {number: "".join(body) for number, body in found.items()}


def carries_commitment(clause: str) -> bool:
    return any(word in clause for word in COMMITMENT_WORDS) or bool(_FIGURE.search(clause))


def commitments(plan_text: str) -> list[Clause]:
    """Every clause of every item that carries a commitment, in the plan's order."""
    out = []
    for number, body in items(plan_text).items():
        _heading, _, rest = body.partition("。")
        for piece in _CUT.split(rest):
            clause = piece.strip()
            if clause and carries_commitment(clause):
                out.append(Clause(number, clause))
    return out


def unquoted(plan_text: str, quotes: Iterable[tuple[int | str, str]]) -> list[Clause]:
    """The commitments of the plan that no quote of their item covers."""
    by_item: dict[int | str, list[str]] = {}
    for item, quote in quotes:
        by_item.setdefault(item, []).append(quote)
    return [
        c
        for c in commitments(plan_text)
        if not any(q in c.text or c.text in q for q in by_item.get(c.item, []))
    ]


def quotes(plan: Plan) -> list[tuple[int | str, str]]:
    """Every quote of the targets file with its item: rules, words they cover, not_checked."""
    out = [(r.item, r.quote) for r in plan.rules]
    out += [(c.item, c.quote) for r in plan.rules for c in r.covers]
    return out + [(c.item, c.quote) for c in plan.not_checked]


def quote_places(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Where a raw targets document quotes the plan, and what: each rule's and each
    not_checked entry's quote, and the words a rule covers (for lint's place in the file)."""
    places: list[tuple[tuple[str | int, ...], object]] = []
    for key in ("rules", "not_checked"):
        entries = data.get(key)
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict):
                continue
            places.append(((key, i, "quote"), entry.get("quote")))
            covers = entry.get("covers") if key == "rules" else None
            for j, cover in enumerate(covers if isinstance(covers, list) else []):
                if isinstance(cover, dict):
                    places.append(((key, i, "covers", j, "quote"), cover.get("quote")))
    return [(path, quote) for path, quote in places if isinstance(quote, str)]
