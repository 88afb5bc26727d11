"""The draft targets file ``plan-check init`` writes, and the review marks ``lint`` lists.

Every text from the plan is written as a double-quoted scalar (JSON's escaping, which
YAML reads back as it was), so no word of the plan becomes a key, a number, an alias or
a yes/no; every draft goal carries ``review:``, the guesses to check, until the bureau
deletes it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from plan_check.drafting import Draft, Goal
from plan_check.i18n import Lang, t

# the draft kinds whose figure is one column over another (the guess is text, not a rule)
_TWO_COLUMNS = frozenset({"ratio", "per_capita"})
_OPS_SHOWN = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


@dataclass(frozen=True)
class Counts:
    goals: int
    commitments: int


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _item(label: str) -> str:
    return label if label.isdigit() and not label.startswith("0") else _q(label)


def _target(target: str) -> str:
    return target if target.isdigit() or target == "baseline" else _q(target)


def render(draft: Draft, plan_path: str, lang: Lang) -> tuple[str, Counts]:
    """The draft targets file, and how many goals and commitments it holds."""
    goals = [(item.label, goal) for item in draft.items for goal in item.goals]
    commitments = [(item.label, c) for item in draft.items for c in item.commitments]
    out = [
        "# "
        + t(
            "init_head",
            lang,
            path=plan_path,
            goals=len(goals),
            commitments=len(commitments),
        ),
        "# " + t("init_head_review", lang, path=plan_path),
    ]
    title = draft.title or t("init_untitled", lang)
    out += ["title:", f"  zh: {_q(title)}"]
    if draft.year is not None:
        out.append(
            f"period_start: {draft.year}-01-01  # " + t("init_year", lang, words=draft.year_from)
        )
    else:
        out.append("# " + t("init_no_year", lang))
    out.append("")
    out.append("sections:")
    for n, (number, heading, labels) in enumerate(draft.sections, 1):
        items = ", ".join(_item(label) for label in labels)
        out.append(f"  - id: s{n}")
        out.append(f"    number: {_q(number or str(n))}")
        out.append(f"    items: [{items}]")
        heading = heading or title
        out.append(f"    title: {{zh: {_q(heading)}}}")
    out += ["", "# " + t("init_metrics", lang), "metrics:"]
    headers: set[str] = set()
    for n, (label, goal) in enumerate(goals, 1):
        out += _metrics(n, label, goal, headers)
    out += ["", "rules:"]
    for n, (label, goal) in enumerate(goals, 1):
        out += _rule(n, label, goal, lang)
    if commitments:
        out += ["", "# " + t("init_not_checked", lang), "not_checked:"]
        for label, quote in commitments:
            out.append(f"  - {{item: {_item(label)}, why: qualitative, quote: {_q(quote)}}}")
    return "\n".join(out) + "\n", Counts(len(goals), len(commitments))


def _unique(header: str, headers: set[str]) -> str:
    shown, k = header, 2
    while shown in headers:
        shown, k = f"{header}({k})", k + 1
    headers.add(shown)
    return shown


def _metrics(n: int, label: str, goal: Goal, headers: set[str]) -> list[str]:
    g = goal.guess
    subject = g.subject or goal.quote[:30]
    item = _item(label)
    if g.kind == "per_capita":  # 生均公用经费: the amount in 万元 over the pupils
        amount = _unique(subject.replace("生均", "").replace("人均", "") or subject, headers)
        heads = _unique(f"{subject}(人数)", headers)
        return [
            f"  - {{id: goal{n:02d}_num, header: {_q(amount)}, type: float, unit: 万元, "
            f"item: {item}}}",
            f"  - {{id: goal{n:02d}_den, header: {_q(heads)}, type: int, unit: 人, item: {item}}}",
        ]
    if g.kind == "ratio":
        rows = []
        for suffix, word in (("num", "分子"), ("den", "分母")):
            header = _unique(f"{subject}({word})", headers)
            rows.append(
                f"  - {{id: goal{n:02d}_{suffix}, header: {_q(header)}, type: int, item: {item}}}"
            )
        return rows
    noun = "人数" if g.unit == "人" else "数" if g.metric_type == "int" else ""
    header = _unique(subject if subject.endswith(("数", "额", "率")) else subject + noun, headers)
    unit = f", unit: {_q(g.unit)}" if g.unit else ""
    return [
        f"  - {{id: goal{n:02d}, header: {_q(header)}, type: {g.metric_type}{unit}, item: {item}}}"
    ]


def _rule(n: int, label: str, goal: Goal, lang: Lang) -> list[str]:
    g = goal.guess
    shown_target = g.target if g.target != "baseline" else t("init_last_year", lang) + g.change
    unit = g.unit if g.kind != "ratio" and not g.target.endswith(("元", "%")) else ""
    notes = [t(code, lang) for code in g.notes]
    if g.soft:
        notes.append(t("draft_note_soft", lang))
    review = t(
        "init_review", lang, kind=g.kind, op=_OPS_SHOWN[g.op], target=shown_target, unit=unit
    )
    review = ("; " if lang == "en" else ";").join([review.strip(), *notes])
    rows = [
        f"  - id: goal-{n:02d}",
        f"    item: {_item(label)}",
        f"    quote: {_q(goal.quote)}",
        f"    title: {{zh: {_q(goal.quote)}}}",
        f"    review: {_q(review)}",
        f"    kind: {g.kind}",
    ]
    if g.kind in _TWO_COLUMNS:
        rows += [f"    numerator: goal{n:02d}_num", f"    denominator: goal{n:02d}_den"]
        if g.kind == "per_capita":
            rows.append(f"    unit: {_q(g.unit)}")
        if g.gross:
            rows.append("    gross: true")
    else:
        rows.append(f"    metric: goal{n:02d}")
    rows += [f'    op: "{g.op}"', f"    target: {_target(g.target)}"]
    if g.change:
        rows.append(f"    change: {_q(g.change)}")
    if g.soft:
        rows.append("    soft: true")
    if g.accrues:
        rows.append("    accrues: true")
    return rows


def review_marks(text: str) -> list[tuple[int, str, str]]:
    """The draft goals still marked for review in a targets file: (line, rule id, note).
    Called on a file that has passed lint, so its YAML is known to be safe to compose."""
    import yaml

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return []
    marks = []
    for key, value in root.value:
        if key.value != "rules" or not isinstance(value, yaml.SequenceNode):
            continue
        for rule in value.value:
            if not isinstance(rule, yaml.MappingNode):
                continue
            fields = {k.value: v for k, v in rule.value}
            note = fields.get("review")
            if isinstance(note, yaml.ScalarNode) and note.value.strip():
                rid = fields.get("id")
                shown = rid.value if isinstance(rid, yaml.ScalarNode) else "?"
                marks.append((note.start_mark.line + 1, shown, re.sub(r"\s+", " ", note.value)))
    return marks
