"""A plan's text read as the bureau wrote it, for ``plan-check init``: its title and year,
its numbered parts (一、 (一) 1. 第X条 (1)), and in each item the sentences that state a
figure (draft goals) and the other commitments.

Every quote is a slice of the text itself, so ``lint --seed`` finds it verbatim. The
reading is linear in the text: each pattern is anchored or bounded, never backtracking.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from plan_check.draft_figures import Guess, guess

# The numbering styles a plan uses; the first style met is the outermost.
_CN = "一二三四五六七八九十百零〇"
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn", re.compile(rf"[ \t\u3000]*([{_CN}]{{1,4}})[、.．][ \t\u3000]*")),
    ("paren", re.compile(rf"[ \t\u3000]*[(\uff08]([{_CN}]{{1,4}})[)\uff09][ \t\u3000]*")),
    ("article", re.compile(rf"[ \t\u3000]*第([{_CN}\d]{{1,4}})条[ \t\u3000:\uff1a,\uff0c]*")),
    ("arabic", re.compile(r"[ \t\u3000]*(\d{1,3})[.．、](?!\d)[ \t\u3000]*")),
    ("paren_arabic", re.compile(r"[ \t\u3000]*[(\uff08](\d{1,3})[)\uff09][ \t\u3000]*")),
)
# Full-width punctuation is written as escapes: ，（）：；！？ as a plan types them.
_SENTENCE_END = re.compile("[。;\uff1b!\uff01?\uff1f]")
_CLAUSE_END = re.compile("[,\uff0c:\uff1a]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_PLAN_YEAR = re.compile(
    r"((?:19|20)\d\d)\s*年(?:度)?[^\r\n,,。]{0,12}?(?:工作要点|工作计划|要点|计划)"
)
_ANY_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
QUOTE_MAX = 300  # a longer commitment is quoted by its first sentence's clause


@dataclass
class Node:
    """A numbered part of the plan: its marker, its text's place, and its parts."""

    style: str
    numeral: str
    start: int  # where its text begins (after the marker)
    end: int
    line: int = 0  # where its line begins (before the marker)
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    label: str = ""  # the item or section number as written: 16, 三, 二(三)


@dataclass
class Goal:
    quote: str
    guess: Guess


@dataclass
class Item:
    label: str
    section: Node | None
    goals: list[Goal] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)


@dataclass
class Draft:
    title: str
    year: int | None
    year_from: str  # the words the year was read from
    sections: list[tuple[str, str, list[str]]]  # number, title, item labels
    items: list[Item]


def read_plan(text: str) -> Draft:
    """The draft of a plan's text: its parts, goals and commitments, in the plan's order."""
    nodes, first_line = _outline(text)
    title = text[first_line[0] : first_line[1]].strip() if first_line else ""
    year, year_from = _year(title, text)
    items: list[Item] = []
    holders = [n for n in nodes if _holds_text(text, n)]
    if not nodes:  # no numbering at all: each paragraph is an item, numbered 1, 2, 3…
        holders = _paragraphs(text, first_line)
    _label(holders)
    section_of: dict[int, Node | None] = {}
    for node in holders:
        parent = node.parent
        section_of[id(node)] = parent
        items.append(_read_item(text, node, parent))
    sections: list[tuple[str, str, list[str]]] = []
    seen: dict[int, int] = {}
    for node, item in zip(holders, items, strict=True):
        parent = section_of[id(node)]
        key = id(parent) if parent is not None else 0
        if key not in seen:
            seen[key] = len(sections)
            number = (parent.label or _chain(parent, 5)) if parent is not None else ""
            heading = _heading(text, parent) if parent is not None else title
            sections.append((number, heading or title or number, []))
        sections[seen[key]][2].append(item.label)
    return Draft(title, year, year_from, sections, items)


def _outline(text: str) -> tuple[list[Node], tuple[int, int] | None]:
    styles: list[str] = []
    nodes: list[Node] = []
    stack: list[Node] = []
    first_line: tuple[int, int] | None = None
    for line in _LINE.finditer(text):
        start, end = line.start(), line.end()
        if start == end:
            break
        for style, pattern in _MARKERS:
            marker = pattern.match(text, start, end)
            if marker is None or not text[marker.end() : end].strip():
                continue
            if style not in styles:
                styles.append(style)
            depth = styles.index(style)
            while stack and styles.index(stack[-1].style) >= depth:
                stack.pop()
            parent = stack[-1] if stack else None
            node = Node(style, marker[1], marker.end(), end, parent=parent, line=start)
            if parent is not None:
                parent.children.append(node)
            nodes.append(node)
            stack.append(node)
            break
        else:
            if stack:  # a paragraph under the last numbered part
                for node in stack:
                    node.end = end
            elif first_line is None and text[start:end].strip():
                first_line = (start, end)
                if _SENTENCE_END.search(text, start, end):  # a sentence, not a title
                    first_line = (start, start)
    return nodes, first_line


def _holds_text(text: str, node: Node) -> bool:
    """A part is an item when it says something beyond a heading: sentences of its own,
    or no numbered parts under it."""
    if not node.children:
        return True
    own = text[node.start : node.children[0].line].strip()
    ends = [m.end() for m in _SENTENCE_END.finditer(own)]
    if any(end < len(own) for end in ends):  # a heading, then sentences
        return True
    return any(guess(own[a:b]) for a, b in _spans(own, 0, len(own), _CLAUSE_END))


def _paragraphs(text: str, first_line: tuple[int, int] | None) -> list[Node]:
    nodes: list[Node] = []
    for line in _LINE.finditer(text):
        if line.start() == line.end():
            break
        if first_line is not None and first_line[1] > first_line[0] == line.start():
            continue
        if text[line.start() : line.end()].strip():
            nodes.append(Node("arabic", str(len(nodes) + 1), line.start(), line.end()))
    return nodes


def _label(items: list[Node]) -> None:
    """Item numbers as the plan writes them (16, (三)); where one repeats (each 一、 has its
    own (一)), the parents' numbers qualify them all: 二(三)."""
    for depth in range(6):
        for node in items:
            node.label = _chain(node, depth)
        if len({node.label for node in items}) == len(items):
            break
    holders = {id(node) for node in items}
    for node in items:
        parent = node.parent
        if parent is not None and id(parent) not in holders:
            top = parent.parent is None  # (五) heads its items as 五; deeper as 二(一)
            parent.label = parent.numeral if top else _chain(parent, 5)


def _chain(node: Node, depth: int) -> str:
    """The node's number after those of ``depth`` ancestors: 二(三)."""
    parts: list[str] = []
    at: Node | None = node
    for _ in range(depth + 1):
        if at is None:
            break
        written = _written(at)
        # a number after another reads apart from it: 一.1, not 一1; 二(三) needs no mark
        joined = parts and not parts[-1].startswith("(") and not written.endswith(")")
        parts.append(written + ("." if joined else ""))
        at = at.parent
    return "".join(reversed(parts))


def _written(node: Node) -> str:
    """A number as the plan writes it: (三), 第三条, 16, 二."""
    if node.style.startswith("paren"):
        return f"({node.numeral})"
    return f"第{node.numeral}条" if node.style == "article" else node.numeral


def _heading(text: str, node: Node) -> str:
    end = node.children[0].line if node.children else node.end
    own = text[node.start : end].strip()
    first = _SENTENCE_END.split(own, maxsplit=1)[0]
    return first.strip()[:100]


def _read_item(text: str, node: Node, parent: Node | None) -> Item:
    item = Item(node.label, parent)
    end = node.children[0].line if node.children else node.end
    seen: set[tuple[str, str, str]] = set()
    for start, stop in _spans(text, node.start, end, _SENTENCE_END):
        run: tuple[int, int] | None = None  # clauses without a figure, quoted together
        for c_start, c_stop in _spans(text, start, stop, _CLAUSE_END):
            clause = text[c_start:c_stop]
            found = guess(clause)
            if found is None:
                run = (run[0] if run else c_start, c_stop)
                continue
            if run is not None:
                item.commitments.append(_quote(text, *run))
                run = None
            key = (found.op, found.target, found.unit)
            if key in seen:  # the plan repeats a target (完成…8.58万人 … 力争完成…8.58万人任务)
                continue
            seen.add(key)
            item.goals.append(Goal(_quote(text, c_start, c_stop), found))
        if run is not None:
            item.commitments.append(_quote(text, *run))
    return item


def _spans(text: str, start: int, end: int, cut: re.Pattern[str]) -> list[tuple[int, int]]:
    """The stripped pieces of text[start:end] between the cut marks."""
    spans = []
    at = start
    for mark in cut.finditer(text, start, end):
        spans.append((at, mark.start()))
        at = mark.end()
    spans.append((at, end))
    out = []
    for a, b in spans:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if b - trail - (a + lead) >= 2:
            out.append((a + lead, b - trail))
    return out


def _quote(text: str, start: int, end: int) -> str:
    return text[start : min(end, start + QUOTE_MAX)]


def _year(title: str, text: str) -> tuple[int | None, str]:
    for source in (title, text):
        found = _PLAN_YEAR.search(source)
        if found is not None:
            return int(found[1]), found.group()
    years = Counter(m[1] for m in _ANY_YEAR.finditer(text[:200000]))
    if years:
        year, _ = max(years.items(), key=lambda kv: (kv[1], kv[0]))
        return int(year), f"{year}年"
    return None, ""
