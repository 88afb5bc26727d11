"""``plan-check rules``: the goals of a targets file as a table or JSON."""

from __future__ import annotations

import json
from typing import Any

from plan_check.i18n import Lang, t
from plan_check.plan import Plan
from plan_check.render import text


def rows(plan: Plan, lang: Lang) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "item": r.item,
            "section": plan.section_of(r.item).id,
            "title": text.title(r, lang),
            "kind": r.kind,
            "target": text.target_of(r, plan, lang),
            "scope": r.scope,
            "paced": r.accrues,
            "always": r.always,
            "deadline": r.deadline.isoformat(),
        }
        for r in plan.rules
    ]


def render_json(plan: Plan, lang: Lang) -> str:
    return json.dumps(rows(plan, lang), ensure_ascii=False, indent=2) + "\n"


def render_table(plan: Plan, lang: Lang) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for code in (
        "col_id",
        "col_item",
        "col_goal",
        "col_target",
        "col_scope",
        "col_paced",
        "col_deadline",
    ):
        table.add_column(t(code, lang), overflow="fold")
    for row in rows(plan, lang):
        table.add_row(
            Text(row["id"]),
            Text(str(row["item"])),
            Text(row["title"]),
            Text(row["target"]),
            Text(t("scope_" + row["scope"], lang)),
            Text(
                t("paced", lang) if row["paced"] else (t("always", lang) if row["always"] else "")
            ),
            Text(row["deadline"]),
        )
    return table
