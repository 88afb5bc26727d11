"""``plan-check rules``: the goals of a targets file as a table or JSON."""

from __future__ import annotations

from typing import Any

from plan_check.i18n import Lang, list_sep, t
from plan_check.models import item_words
from plan_check.plan import NotChecked, Plan


def rows(plan: Plan, lang: Lang) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "item": r.item,
            "section": plan.section_of(r.item).id,
            "title": r.title.pick(lang),
            "kind": r.kind,
            "target": r.show_target(lang, plan.metric),
            "scope": r.scope,
            "paced": r.accrues,
            "always": r.always,
            "deadline": r.deadline.isoformat(),
        }
        for r in plan.rules
    ]


def render_json(plan: Plan, lang: Lang) -> str:
    import json

    return json.dumps(rows(plan, lang), ensure_ascii=False, indent=2) + "\n"


def coverage(plan: Plan, lang: Lang) -> list[dict[str, Any]]:
    """Every commitment of the plan, item by item: the rule that checks it, or why none does."""
    entries: list[dict[str, Any]] = [
        {"item": r.item, "quote": r.quote, "rule": r.id, "title": r.title.pick(lang), "why": None}
        for r in plan.rules
    ]
    entries += [
        {"item": c.item, "quote": c.quote, "rule": r.id, "title": r.title.pick(lang), "why": None}
        for r in plan.rules
        for c in r.covers
    ]
    entries += [
        {
            "item": c.item,
            "quote": c.quote,
            "rule": None,
            "title": None,
            "why": c.code() or c.reason().pick(lang),
            "reason": why(c, lang),
        }
        for c in plan.not_checked
    ]
    # in the plan's order of items; stable: rules first within an item
    return sorted(entries, key=lambda e: plan.item_order(e["item"]))


def why(c: NotChecked, lang: Lang) -> str:
    """未核查:the reason, a code's sentence or the bureau's own words."""
    code = c.code()
    if code is not None:
        return t("coverage_" + code, lang)
    return t("coverage_reason", lang, reason=c.reason().pick(lang))


def render_coverage_json(plan: Plan, lang: Lang) -> str:
    import json

    return json.dumps(coverage(plan, lang), ensure_ascii=False, indent=2) + "\n"


def render_coverage(plan: Plan, lang: Lang) -> str:
    """第 16 条 / ✔ quote → rule id / – quote → 未核查:reason; counts at the end."""
    lines: list[str] = []
    item = None
    entries = coverage(plan, lang)
    for e in entries:
        if e["item"] != item:
            item = e["item"]
            lines += ["" if lines else None, item_words(item, lang, capital=True)]  # type: ignore[list-item]
        if e["rule"] is not None:
            lines.append(f"  ✔ {e['quote']} → {e['rule']}")
        else:
            lines.append(f"  – {e['quote']} → {e['reason']}")
    checked = sum(1 for e in entries if e["rule"] is not None)
    lines += ["", t("coverage_total", lang, checked=checked, unchecked=len(entries) - checked)]
    return "\n".join(line for line in lines if line is not None) + "\n"


GOAL_ROOM = 20  # cells the titles keep before a column is dropped


def render_table(plan: Plan, lang: Lang, width: int = 120) -> Any:
    """The goals as a table. The goal is the one column that wraps (between characters,
    never inside a number; Rich crops every column once two wrapping ones are equally
    wide), so the deadline (the year's end for all but a few) and then the timing give
    their room to the titles when the terminal is narrow; an id is never broken."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from plan_check.render.wrap import Prose

    codes = ["col_id", "col_item", "col_goal", "col_target", "col_scope", "col_paced"]
    codes.append("col_deadline")
    data = []
    for row in rows(plan, lang):
        timing = t("paced", lang) if row["paced"] else (t("always", lang) if row["always"] else "")
        scope = t("scope_" + row["scope"], lang)
        data.append(
            [
                row["id"],
                str(row["item"]),
                row["title"],
                row["target"],
                scope,
                timing,
                row["deadline"],
            ]
        )

    def needed(shown: list[int]) -> int:
        cols = [i for i in shown if codes[i] != "col_goal"]
        widths = [
            max(cell_len(x) for x in [t(codes[i], lang), *(r[i] for r in data)]) for i in cols
        ]
        return sum(widths) + 3 * len(shown) - 3 + GOAL_ROOM

    shown = list(range(7))
    for drop in ("col_deadline", "col_paced"):  # what a narrow terminal gives up first
        if needed(shown) <= width:
            break
        shown.remove(codes.index(drop))
    hidden = [t(codes[i], lang) for i in range(7) if i not in shown]
    caption = t("rules_columns_hidden", lang, columns=list_sep(lang).join(hidden))
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        caption=caption if hidden else None,
        caption_justify="left",
    )
    for i in shown:
        goal = codes[i] == "col_goal"
        table.add_column(
            t(codes[i], lang), overflow="fold", no_wrap=not goal, ratio=1 if goal else None
        )
    for r in data:
        table.add_row(*(Prose(r[i]) if codes[i] == "col_goal" else Text(r[i]) for i in shown))
    return table
