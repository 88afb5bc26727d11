"""plan-check lint: check a targets file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from plan_check.cli.common import (
    LangArg,
    LangOption,
    _guard,
    _lang,
    _read_text,
)


def lint(
    targets_file: Annotated[
        Path | None,
        typer.Argument(
            help="目标文件,默认为当前或上级文件夹的 targets.yaml,都没有则用内置的 / "
            "targets file (default: ./targets.yaml or the nearest parent's, else the packaged one)",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        Path | None,
        typer.Option("--seed", help="工作要点原文,核对每条引文 / the plan's text, to check quotes"),
    ] = None,
    lang: LangArg = LangOption.zh,
) -> None:
    """检查目标文件,无需数据 / check a targets file without data.

    With --seed, every clause of the plan that carries a commitment must be quoted by a
    rule or a not_checked entry: exit 1 names those that are not.

    例 / example: plan-check lint targets.yaml --seed 工作要点.txt
    """
    language = _lang(lang)

    def run() -> int:
        from plan_check.errors import TargetsError
        from plan_check.targets import check_plan, default_targets_text

        if targets_file is None:
            text, shown = default_targets_text()
        else:
            shown = str(targets_file)
            text = _read_text(targets_file)
        seed_text = _read_text(seed) if seed is not None else None
        plan, problems = check_plan(text, shown, seed_text)
        if problems or plan is None:
            raise TargetsError(shown, problems)
        from plan_check.i18n import safe, t

        if seed_text is not None:
            from plan_check.coverage import items, quotes, unquoted
            from plan_check.models import item_words

            gaps = unquoted(seed_text, quotes(plan))
            if not items(seed_text):  # its quotes are checked; its coverage cannot be
                typer.echo(t("lint_no_items", language, seed=safe(seed)), err=True)
            for gap in gaps:
                item = item_words(gap.item, language, capital=True)
                line = t("lint_unquoted", language, item=item, clause=safe(gap.text))
                typer.echo(line, err=True)
            if gaps:
                stale = t("lint_coverage_stale", language, path=shown, count=len(gaps))
                typer.echo(stale, err=True)
                return 1
        typer.echo(t("lint_ok", language, path=shown))
        from plan_check.draft_yaml import review_marks

        marks = review_marks(text)  # a draft's goals still to check (plan-check init)
        if marks:
            typer.echo(t("lint_review_head", language, count=len(marks)))
        for at, rule_id, note in marks:
            typer.echo(
                t("lint_review_line", language, path=shown, line=at, rule=rule_id, note=note)
            )
        return 0

    raise typer.Exit(_guard(run, language, False))
