"""plan-check validate: check data files against the targets."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from plan_check import refusals
from plan_check.cli.bureau import (
    ReturnsFormat,
    ReturnsFormatOption,
    ReturnsOption,
    SubmissionOption,
    no_rows,
)
from plan_check.cli.common import (
    Color,
    Format,
    JobsOption,
    LangArg,
    LangOption,
    TargetsOption,
    _guard,
    _lang,
    _progress_bar,
    _write,
)
from plan_check.i18n import Lang


def validate(
    files: Annotated[
        list[str],  # a path, or an fsspec URL (s3://…), which a Path would mangle
        typer.Argument(
            help="数据文件(CSV、xlsx)、文件夹或 fsspec URL(s3://…,CSV)/ data files (CSV, xlsx), "
            "folders, or fsspec URLs of CSV files (s3://…)",
            show_default=False,
        ),
    ],
    targets: TargetsOption = None,
    units: Annotated[
        Path | None,
        typer.Option("--units", help="应报单位名单,每行一个 / expected units, one per line"),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="输出格式 / output format")
    ] = Format.table,
    lang: LangArg = LangOption.zh,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="强制指定文件编码,如 gb18030 / force an encoding"),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="只读这个 Excel 工作表;默认读每个含单位列的工作表 / read only this workbook "
            "sheet (default: every sheet with a unit column)",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="核查日期 YYYY-MM-DD,按序时进度判定;默认取多数文件的填报日期(票数相同取最晚),"
            "都没有则按全年最终结果 / judge progress as of this date; default: the report date "
            "most files carry (a tie: the latest), else final",
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
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help="历史文件(SQLite,不存在则新建):记录每次核查,较上期取自上一次,HTML 报告画出"
            "逐月进度 / an SQLite history file (made if absent): every run recorded, the change "
            "since its last earlier run, the months charted",
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
            help="另存报告,格式随扩展名(.json .xml .md .html .csv .txt .xlsx .docx),可重复 / "
            "also write the report to FILE, format by extension; repeatable",
        ),
    ] = None,
    issue_number: Annotated[
        str | None,
        typer.Option(
            "--issue-number",
            help="通报期数,如 “第 7 期”,优先于目标文件 report: 中的 number / the 通报's issue "
            "number, over the targets file's report: number",
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
    returns: ReturnsOption = None,
    returns_format: ReturnsFormatOption = ReturnsFormat.xlsx,
    submission_only: SubmissionOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="只显示汇总行 / the summary line only")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="显示每项的计算过程 / show the working")
    ] = False,
    color: Annotated[
        Color, typer.Option("--color", help="颜色 / colour (NO_COLOR is honoured)")
    ] = Color.auto,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="在 Dask 集群上分块读取:调度器地址 tcp://主机:8786,或 local[:N] 在本机起 N 个 "
            "worker;需 pip install 'plan-check[dask]' / read the blocks on a Dask cluster: "
            "a scheduler address, or local[:N] for N local workers",
            metavar="ADDRESS",
        ),
    ] = None,
    jobs: JobsOption = 1,
    traceback: Annotated[
        bool, typer.Option("--traceback", help="出错时显示 Python 调用栈 / show tracebacks")
    ] = False,
) -> None:
    """核查数据文件是否达到目标 / check data files against the targets.

    例 / example: plan-check validate 填报表.xlsx --as-of 2024-06-30

    退出码 / exit codes: 0 全部达标 all met; 1 有目标未达标、数据不全或数据问题
    goals missed, incomplete or data problems; 2 无法核查 the check cannot run.
    """
    language: Lang = _lang(lang)

    outputs = output or []

    def run() -> int:
        with ExitStack() as stack:
            return checked(stack)

    def checked(stack: ExitStack) -> int:
        from plan_check.api import Options, Validation
        from plan_check.input.files import refuse_outputs
        from plan_check.render import EXTENSIONS, render, render_file
        from plan_check.render.options import RenderOptions

        if quiet and verbose:
            raise refusals.quiet_and_verbose()
        for path in outputs:  # refuse a bad --output before any work
            if path.suffix.lower() not in EXTENSIONS:
                raise refusals.bad_output(path=str(path), accepted=" ".join(EXTENSIONS))
        if problems is not None and problems.suffix.lower() != ".csv":
            raise refusals.bad_problems_output(path=str(problems))
        if submission_only and output_format not in (Format.table, Format.json):
            raise refusals.submission_format()
        written = [("-o", p) for p in outputs]
        written += [("--problems", problems)] if problems is not None else []
        written += [("--history", history)] if history is not None else []
        asked = Options(
            units=units,
            as_of=as_of,
            encoding=encoding,
            sheet=sheet,
            baseline=tuple(baseline or ()),
            allocations=allocations,
            previous=previous,
            history=history,
            jobs=jobs,
            dask=dask,
        )
        bar = _progress_bar if output_format is Format.table and not quiet else None
        validation = Validation(files, targets, asked, progress=bar)
        refuse_outputs(written, validation.inputs)  # before anything is read
        if returns is not None:
            from plan_check.cli.bureau import refuse_returns

            refuse_returns(returns)
        options = RenderOptions(lang=language, verbose=verbose, quiet=quiet, issue=issue_number)
        with no_rows(submission_only) as said:
            done = validation.run(stack)
        if said.error is not None:  # --submission: a header alone is a file with nothing sent
            from plan_check.cli.bureau import nothing_sent

            return nothing_sent(said.error, output_format is Format.json, options)
        report, plan = done.report, done.plan
        # report files hold everything, whatever -q says for the terminal (a .txt file
        # is the terminal report with every unit, problem and working)
        everything = RenderOptions(lang=language, verbose=True, quiet=False, issue=issue_number)
        for path in outputs:
            kind = EXTENSIONS[path.suffix.lower()]
            _write(
                path, render_file(kind, report, plan, everything if kind == "table" else options)
            )
        if problems is not None:  # written even when there are none: the header alone
            _write(problems, render("problems", report, plan, options))
        if returns is not None:
            from plan_check.cli.bureau import write_returns

            write_returns(report, plan, returns, returns_format, options)
        shown = None
        if not submission_only and output_format is not Format.table:
            shown = render(output_format.value, report, plan, options)
        if done.record is not None:
            done.record()  # nothing left that can fail on the stored runs: recorded
        if submission_only:
            from plan_check.cli.bureau import submission as own_file

            return own_file(report, plan, output_format is Format.json, options)
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
            assert shown is not None
            sys.stdout.write(shown)
            sys.stdout.flush()
        return int(report.exit_code(strict))

    code = _guard(run, language, traceback, offers_traceback=True)
    raise typer.Exit(code)
