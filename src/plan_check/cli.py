"""The command line: parse options, hand over to the engine, pick a renderer.

Heavy modules (pandas, the engine, renderers) are imported inside the commands, so
``--help`` and ``--version`` start fast. PlanCheckError is caught here and only here.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from plan_check import __version__
from plan_check.errors import ExitCode, PlanCheckError, UsageError
from plan_check.i18n import Lang

app = typer.Typer(
    name="plan-check",
    help="核查各县(市、区)填报数据是否达到工作要点的量化目标。"
    " Check reported figures against a work plan's measurable goals.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

T = TypeVar("T")


class Format(StrEnum):
    table = "table"
    json = "json"
    junit = "junit"
    markdown = "markdown"
    html = "html"
    csv = "csv"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class LangOption(StrEnum):
    zh = "zh"
    en = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"plan-check {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="显示版本 / show the version"
        ),
    ] = False,
) -> None:
    """plan-check: 工作要点目标核查 / work-plan target checking."""


def _inert(message: str) -> str:
    """A message made safe for a terminal, line by line: file names, sheet names and cell
    values in it are data, and their escape codes are shown, never obeyed."""
    from plan_check.render.text import safe

    return "\n".join(safe(line) for line in message.split("\n"))


def _guard(
    action: Callable[[], T], lang: Lang, traceback: bool, offers_traceback: bool = False
) -> T:
    """Run ``action``; a PlanCheckError or any unexpected error becomes a message and exit 2."""
    from rich.console import Console
    from rich.text import Text

    err = Console(stderr=True, highlight=False, soft_wrap=True)  # paths stay whole
    try:
        return action()
    except PlanCheckError as exc:
        if traceback:
            raise
        err.print(Text(_inert(exc.message(lang)), style="red"))
        raise typer.Exit(int(exc.exit_code)) from None
    except (KeyboardInterrupt, typer.Exit):
        raise
    except Exception as exc:  # a bug in plan-check: say so, without a traceback
        if traceback:
            raise
        from plan_check.i18n import t

        err.print(
            Text(
                t(
                    "internal_error" if offers_traceback else "internal_error_plain",
                    lang,
                    reason=f"{type(exc).__name__}: {exc}",
                ),
                style="red",
            )
        )
        raise typer.Exit(int(ExitCode.CANNOT_RUN)) from None


@app.command()
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="数据文件(CSV)或文件夹 / data files (CSV) or folders", show_default=False
        ),
    ],
    targets: Annotated[
        Path | None,
        typer.Option("--targets", "-t", help="目标文件,默认用内置的 targets.yaml / targets file"),
    ] = None,
    units: Annotated[
        Path | None,
        typer.Option("--units", help="应报单位名单,每行一个 / expected units, one per line"),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="输出格式 / output format")
    ] = Format.table,
    lang: Annotated[LangOption, typer.Option("--lang", help="语言 / language")] = LangOption.zh,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="强制指定文件编码,如 gb18030 / force an encoding"),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="Excel 工作表名,默认第一个 / workbook sheet (default: first)"),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="核查日期 YYYY-MM-DD,按序时进度判定;默认取文件的填报日期,都没有则按全年最终结果 / "
            "judge progress as of this date; default: the files' report date, else final",
        ),
    ] = None,
    baseline: Annotated[
        list[Path] | None,
        typer.Option(
            "--baseline",
            help="上年数据文件,用于“提高/降低”类目标,可重复 / last year's files, for trend goals",
        ),
    ] = None,
    allocations: Annotated[
        Path | None,
        typer.Option(
            "--allocations",
            help="任务分解 CSV(单位、规则、任务数) / per-unit quotas CSV (unit, rule, quota)",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="上期 JSON 报告,显示较上期变化和排名变化 / an earlier JSON report of the same "
            "targets: the change since then",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="滞后于序时进度或未判定的目标也算不通过 / behind-pace and skipped goals exit 1",
        ),
    ] = False,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="另存报告,格式随扩展名(.json .xml .md .html .csv .txt),可重复 / "
            "also write the report to FILE, format by extension; repeatable",
        ),
    ] = None,
    problems: Annotated[
        Path | None,
        typer.Option(
            "--problems",
            help="把全部数据问题另存为 CSV(每处一行,供填报单位逐条修改)/ "
            "write every data problem to FILE.csv, one per row",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="只显示汇总行 / the summary line only")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="显示每项的计算过程 / show the working")
    ] = False,
    color: Annotated[
        Color, typer.Option("--color", help="颜色 / colour (NO_COLOR is honoured)")
    ] = Color.auto,
    traceback: Annotated[
        bool, typer.Option("--traceback", help="出错时显示 Python 调用栈 / show tracebacks")
    ] = False,
) -> None:
    """核查数据文件是否达到目标 / check data files against the targets.

    例 / example: plan-check validate samples/city-2023-mixed.csv --lang en

    退出码 / exit codes: 0 全部达标 all met; 1 有目标未达标、数据不全或数据问题
    goals missed, incomplete or data problems; 2 无法核查 the check cannot run.
    """
    language: Lang = "en" if lang is LangOption.en else "zh"

    outputs = output or []

    def run() -> int:
        from plan_check.engine import Options, check
        from plan_check.input import expand, parse_date
        from plan_check.input.files import refuse_overwrite
        from plan_check.plan import load_plan
        from plan_check.render import EXTENSIONS, render
        from plan_check.render.options import RenderOptions
        from plan_check.units import read_units_file

        if quiet and verbose:
            raise UsageError("quiet_and_verbose")
        day = None
        if as_of is not None:
            day = parse_date(as_of)
            if day is None:
                raise UsageError("bad_as_of", value=as_of)
        for path in outputs:  # refuse a bad --output before any work
            if path.suffix.lower() not in EXTENSIONS:
                raise UsageError("bad_output", path=str(path), accepted=" ".join(EXTENSIONS))
        if problems is not None and problems.suffix.lower() != ".csv":
            raise UsageError("bad_problems_output", path=str(problems))
        written = [*outputs, *([problems] if problems is not None else [])]

        if encoding is not None:
            from plan_check.input.decoding import text_codec

            text_codec(encoding)  # an unknown or non-text encoding is a usage error
        submission = expand(files)
        last_year = expand(baseline) if baseline else None
        inputs = [*submission.files, *(last_year.files if last_year else ())]
        inputs += [p for p in (targets, units, allocations, previous) if p is not None]
        refuse_overwrite(written, inputs)  # before anything is read: inputs are never written
        plan = load_plan(targets)
        if day is not None:
            last = max((r.deadline for r in plan.rules), default=plan.period_start)
            if day < plan.period_start:  # after the year the check is simply final
                raise UsageError(
                    "as_of_outside",
                    value=day.isoformat(),
                    start=plan.period_start.isoformat(),
                    end=last.isoformat(),
                )
        expected = tuple(read_units_file(units)) if units is not None else None
        prior = None
        if previous is not None:
            from plan_check.previous import read_previous

            prior = read_previous(previous, [r.id for r in plan.rules])
        report = check(
            plan,
            submission,
            Options(
                encoding=encoding,
                sheet=sheet,
                expected_units=expected,
                roster_source=str(units) if units is not None else None,
                as_of=day,
                baseline=last_year,
                allocations=allocations,
                previous=prior,
                progress=_progress_bar if output_format is Format.table and not quiet else None,
            ),
        )
        options = RenderOptions(lang=language, verbose=verbose, quiet=quiet)
        # report files hold everything, whatever -q says for the terminal (a .txt file
        # is the terminal report with every unit, problem and working)
        everything = RenderOptions(lang=language, verbose=True, quiet=False)
        for path in outputs:
            kind = EXTENSIONS[path.suffix.lower()]
            _write(path, render(kind, report, plan, everything if kind == "table" else options))
        if problems is not None:  # written even when there are none: the header alone
            _write(problems, render("problems", report, plan, options))
        if output_format is Format.table:
            from rich.console import Console

            from plan_check.render import terminal

            force = {Color.always: True, Color.never: False}.get(color)
            console = Console(
                highlight=False,
                force_terminal=force,
                no_color=True if color is Color.never else None,
            )
            terminal.render(report, plan, options, console)
        else:
            sys.stdout.write(render(output_format.value, report, plan, options))
            sys.stdout.flush()
        return int(report.exit_code(strict))

    code = _guard(run, language, traceback, offers_traceback=True)
    raise typer.Exit(code)


TargetsOption = Annotated[
    Path | None,
    typer.Option("--targets", "-t", help="目标文件,默认用内置的 targets.yaml / targets file"),
]
LangArg = Annotated[LangOption, typer.Option("--lang", help="语言 / language")]


def _lang(lang: LangOption) -> Lang:
    return "en" if lang is LangOption.en else "zh"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
def rules(
    targets: TargetsOption = None,
    lang: LangArg = LangOption.zh,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="输出格式 / output format")
    ] = ListFormat.table,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help="逐条列出工作要点的每项承诺及核查它的目标,或不核查的原因 / every commitment "
            "of the plan, item by item, with the goal that checks it or why none does",
        ),
    ] = False,
) -> None:
    """列出全部目标 / list the goals.

    例 / example: plan-check rules --lang en; plan-check rules --coverage
    """
    language = _lang(lang)

    def run() -> None:
        from plan_check.plan import load_plan
        from plan_check.render import rules as rules_render

        plan = load_plan(targets)
        if coverage:
            render = rules_render.render_coverage_json
            if output_format is not ListFormat.json:
                render = rules_render.render_coverage
            sys.stdout.write(render(plan, language))
        elif output_format is ListFormat.json:
            sys.stdout.write(rules_render.render_json(plan, language))
        else:
            from rich.console import Console

            console = Console(highlight=False)
            console.print(rules_render.render_table(plan, language, console.width))

    _guard(run, language, False)


@app.command()
def explain(
    rule_id: Annotated[
        str, typer.Argument(help="目标编号,如 guopei / a goal's id", show_default=False)
    ],
    targets: TargetsOption = None,
    lang: LangArg = LangOption.zh,
) -> None:
    """解释一项目标的含义和算法 / explain how a goal is computed.

    例 / example: plan-check explain consolidation-rate
    """
    language = _lang(lang)

    def run() -> None:
        from plan_check.explain import explain as explain_rule
        from plan_check.explain import find_rule
        from plan_check.plan import load_plan

        plan = load_plan(targets)
        sys.stdout.write(explain_rule(plan, find_rule(plan, rule_id), language))

    _guard(run, language, False)


class TemplateFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


@app.command()
def template(
    output_format: Annotated[
        TemplateFormat, typer.Option("--format", "-f", help="csv 或 xlsx / csv or xlsx")
    ] = TemplateFormat.csv,
    units: Annotated[
        Path | None,
        typer.Option("--units", help="单位名单,每个单位一行 / units, one row each"),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="保存到文件 / write to FILE")
    ] = None,
    targets: TargetsOption = None,
) -> None:
    """生成空白填报表 / write a blank submission form.

    例 / example: plan-check template --format xlsx --units units.txt -o 填报表.xlsx
    """

    def run() -> None:
        from plan_check.plan import load_plan
        from plan_check.template import csv_template, xlsx_template
        from plan_check.units import read_units_file

        if output is not None:  # the form is never written over the roster or the goals
            from plan_check.input.files import refuse_overwrite

            refuse_overwrite([output], [p for p in (units, targets) if p is not None])
        plan = load_plan(targets)
        names = read_units_file(units) if units is not None else list(plan.units or [])
        if output_format is TemplateFormat.xlsx:
            if output is None:
                raise UsageError("template_needs_output")
            try:
                xlsx_template(plan, names, output)
            except OSError as exc:
                raise PlanCheckError(
                    "output_unwritable", path=str(output), reason=exc.strerror
                ) from None
            return
        text = csv_template(plan, names)
        if output is None:
            sys.stdout.write(text)
        else:
            _write(output, text)

    _guard(run, "zh", False)


@app.command()
def lint(
    targets_file: Annotated[
        Path | None,
        typer.Argument(
            help="目标文件,默认为内置的 targets.yaml / targets file", show_default=False
        ),
    ] = None,
    seed: Annotated[
        Path | None,
        typer.Option("--seed", help="工作要点原文,核对每条引文 / the plan's text, to check quotes"),
    ] = None,
    lang: LangArg = LangOption.zh,
) -> None:
    """检查目标文件,无需数据 / check a targets file without data.

    例 / example: plan-check lint targets.yaml --seed docs/plan-2023-items-16-28.txt
    """
    language = _lang(lang)

    def run() -> int:
        from plan_check.errors import TargetsError
        from plan_check.plan import check_plan, default_targets_text

        if targets_file is None:
            text, shown = default_targets_text()
        else:
            shown = str(targets_file)
            text = _read_text(targets_file)
        seed_text = _read_text(seed) if seed is not None else None
        _, problems = check_plan(text, shown, seed_text)
        if problems:
            raise TargetsError(shown, problems)
        from plan_check.i18n import t

        typer.echo(t("lint_ok", language, path=shown))
        return 0

    raise typer.Exit(_guard(run, language, False))


def _read_text(path: Path) -> str:
    from plan_check.input.files import read_side_text

    return read_side_text(path)


@app.command()
def schema() -> None:
    """输出 targets.yaml 的 JSON Schema / print the JSON Schema of targets.yaml.

    例 / example: plan-check schema > targets.schema.json
    """
    from plan_check.plan import json_schema

    sys.stdout.write(json_schema())


PROGRESS_MIN_BYTES = 50 * 2**20  # files smaller than this read too fast to need a bar


def _progress_bar(grid: Any) -> Callable[[str, int, int], None] | None:
    """A Rich progress bar on stderr for a big file, only when stderr is a terminal."""
    if grid.size < PROGRESS_MIN_BYTES or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task(str(grid.path), total=grid.total_lines)
    bar.start()

    def tick(path: str, done: int, total: int) -> None:
        bar.update(task, completed=done)
        if done >= total:
            bar.stop()

    return tick


def _write(path: Path, content: str) -> None:
    """The whole report, or nothing: encoded first, written beside the target and renamed
    over it, so a failure never leaves an old report truncated."""
    data = content.encode("utf-8", errors="backslashreplace")
    # a device or a link (-o /dev/stdout) is written in place, never replaced
    in_place = path.is_symlink() or (path.exists() and not path.is_file())
    temporary = path.with_name(f".{path.name}.plan-check-{os.getpid()}.tmp")
    try:
        if in_place:
            path.write_bytes(data)
        else:
            temporary.write_bytes(data)
            os.replace(temporary, path)
    except OSError as exc:
        if not in_place:
            temporary.unlink(missing_ok=True)
        raise PlanCheckError("output_unwritable", path=str(path), reason=exc.strerror) from None


def main() -> None:
    """The console script: typer parses, and a usage mistake (an unknown option, a value
    outside its choices) is answered in the user's language with exit 2."""
    try:
        code = app(standalone_mode=False)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # click's usage errors carry format_message and exit_code
        if not (hasattr(exc, "format_message") and hasattr(exc, "exit_code")):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":  # plain `plan-check`: the help
            sys.stdout.write(str(exc.format_message()) + "\n")
            sys.exit(int(exc.exit_code))
        from plan_check.i18n import t

        lang: Lang = "en" if _wants_english(sys.argv) else "zh"
        sys.stderr.write(t("usage_error", lang, reason=_usage_reason(exc, lang)) + "\n")
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _wants_english(argv: list[str]) -> bool:
    pairs = itertools.pairwise(argv)
    return "--lang=en" in argv or any(a == "--lang" and b == "en" for a, b in pairs)


def _usage_reason(exc: Any, lang: Lang) -> str:
    """click's English sentence, reworded for the common mistakes."""
    import re

    from plan_check.i18n import list_sep, t

    message = str(exc.format_message()).replace("Value error, ", "")
    choice = re.match(
        r"Invalid value for '([^']+)'(?: / '[^']+')?: '(.*)' is not one of (.*)\.$", message
    )
    if choice:
        accepted = list_sep(lang).join(re.findall(r"'([^']*)'", choice[3]))
        return t("usage_bad_choice", lang, option=choice[1], value=choice[2], accepted=accepted)
    unknown = re.match(r"No such option: (\S+)", message)
    if unknown:
        return t("usage_no_option", lang, option=unknown[1])
    missing = re.match(r"Missing argument '([^']+)'", message)
    if missing:
        return t("usage_missing_argument", lang, argument=missing[1])
    needs = re.match(r"Option '([^']+)' requires an argument", message)
    if needs:
        return t("usage_needs_value", lang, option=needs[1])
    return message
