"""plan-check init: draft a targets file from a plan's text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from plan_check.cli.common import LangArg, LangOption, _guard, _lang, _write


def init(
    plan_text: Annotated[
        Path,
        typer.Argument(
            help="工作要点原文(纯文本)/ the plan's text (plain text)", show_default=False
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="保存到文件 / write to FILE")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有的文件 / overwrite an existing FILE")
    ] = False,
    lang: LangArg = LangOption.zh,
) -> None:
    """由工作要点原文起草目标文件 / draft a targets file from a plan's text.

    例 / example: plan-check init 工作要点.txt -o targets.yaml
    """
    language = _lang(lang)

    def run() -> None:
        from plan_check import refusals
        from plan_check.draft_yaml import render
        from plan_check.drafting import read_plan
        from plan_check.i18n import t
        from plan_check.input.files import refuse_outputs

        if output is not None:
            refuse_outputs([("-o", output)], [("PLAN", plan_text)])
            if output.exists() and not force:
                raise refusals.init_exists(path=str(output))
        text, encoding = _plan_text(plan_text)
        if encoding is not None:
            typer.echo(t("init_read_as", language, path=plan_text, encoding=encoding), err=True)
        content, counts = render(read_plan(text), str(plan_text), language)
        if output is None:
            _to_stdout(content)
        else:
            _write(output, content)
        shown = str(output) if output is not None else "stdout"
        done = t(
            "init_done", language, goals=counts.goals, commitments=counts.commitments, path=shown
        )
        typer.echo(done, err=True)
        if counts.goals == 0:
            typer.echo(t("init_no_goal", language, path=plan_text), err=True)

    _guard(run, language, False)


def _plan_text(path: Path) -> tuple[str, str | None]:
    """The plan's text, and the encoding it was read in when that is not UTF-8. A file that
    is no text (a binary, a picture) is refused with the first control character's place."""
    import re

    from plan_check import refusals
    from plan_check.errors import DataFileError
    from plan_check.input.decoding import decode
    from plan_check.input.files import TARGETS_LIMIT, read_bytes

    data = read_bytes(path, limit=TARGETS_LIMIT)
    try:
        text, encoding = decode(str(path), data)
    except DataFileError as exc:  # its words speak of CSV files and --encoding: not here
        line = exc.params.get("line", 1)
        raise refusals.init_undecodable(path=str(path), line=line) from None
    control = re.search("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]", text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        value = f"U+{ord(control.group()):04X}"
        raise refusals.init_not_text(path=str(path), line=line, value=value)
    return text, (None if encoding.startswith("UTF-8") else encoding)


def _to_stdout(content: str) -> None:
    """The draft on stdout; a reader that stops early (``| head``) ends the output quietly."""
    import os

    try:
        sys.stdout.write(content)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
