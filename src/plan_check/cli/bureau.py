"""What ``validate`` writes for a bureau's routine besides the report: the 退回修改单 and
催报 lists (``--returns DIR``) and one unit's own file checked as it is sent
(``--submission``). The options are declared here; the work is in returns.py and
render/submission.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from plan_check.errors import PlanCheckError
    from plan_check.plan import Plan
    from plan_check.render.options import RenderOptions
    from plan_check.report import Report


class ReturnsFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


ReturnsOption = Annotated[
    Path | None,
    typer.Option(
        "--returns",
        help="把每个单位的退回修改单和催报名单写入此文件夹下按核查日期新建的子文件夹 / write a "
        "list to fix per unit and the list of units to chase into a fresh dated folder in DIR",
        metavar="DIR",
    ),
]
ReturnsFormatOption = Annotated[
    ReturnsFormat,
    typer.Option("--returns-format", help="退回修改单的格式 / the lists' format"),
]
SubmissionOption = Annotated[
    bool,
    typer.Option(
        "--submission",
        help="只核查本单位报送的文件:每格可读、须填的格都已填;退出码只看数据 / check one "
        "unit's own file: every cell readable and filled; the exit code is about the data",
    ),
]


def refuse_returns(directory: Path) -> None:
    """Before the check: --returns names a folder (made if absent), never an existing file,
    nor a path under a file."""
    from plan_check import refusals

    for place in (directory, *directory.parents):
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                raise refusals.returns_not_folder(file=str(place))
            return


def write_returns(
    report: Report, plan: Plan, directory: Path, fmt: ReturnsFormat, options: RenderOptions
) -> None:
    from rich.console import Console

    from plan_check.i18n import t
    from plan_check.render.text import safe
    from plan_check.returns import write_returns as write

    folder, count, chased = write(report, plan, directory, fmt.value, options)
    lang = options.lang
    if folder is None:  # nothing to return, nobody to chase: no folder, no empty file
        said = t("returns_none", lang)
    elif chased:
        said = t("returns_written", lang, count=count, chased=chased, path=safe(folder))
    elif report.roster is not None:  # every unit of the roster sent: no 催报 list
        said = t("returns_written_all_sent", lang, count=count, path=safe(folder))
    else:  # no roster: nobody known to chase
        said = t("returns_written_only", lang, count=count, path=safe(folder))
    Console(stderr=True, highlight=False, soft_wrap=True).print(said, markup=False)


def submission(report: Report, plan: Plan, as_json: bool, options: RenderOptions) -> int:
    """Print the check of a unit's own file; its exit code (about the data alone)."""
    from plan_check.render import submission as view

    render = view.render_json if as_json else view.render_text
    sys.stdout.write(render(report, plan, options))
    sys.stdout.flush()
    return int(view.data_exit(report, plan))


@dataclass
class NoRows:
    """The error of a file with a header and no data row (--submission), kept."""

    error: PlanCheckError | None = None


@contextmanager
def no_rows(submission_only: bool) -> Iterator[NoRows]:
    """With --submission, a file with a header and no data row is a file with nothing
    sent (exit 1, a data problem), not a check that cannot run: the error is kept."""
    from plan_check.codes import Code
    from plan_check.errors import DataFileError

    said = NoRows()
    try:
        yield said
    except DataFileError as exc:
        if not submission_only or exc.code != Code.FILE_NO_ROWS:
            raise
        said.error = exc


def nothing_sent(error: PlanCheckError, as_json: bool, options: RenderOptions) -> int:
    """Print that a unit's own file holds no unit's data; exit 1."""
    import json

    from plan_check.codes import Code
    from plan_check.errors import ExitCode
    from plan_check.i18n import t
    from plan_check.render.text import safe

    path = str(error.params.get("path", ""))
    said = t("submission_no_rows", options.lang, path=safe(path))
    if as_json:
        doc = {
            "submission": True,
            "exit_code": int(ExitCode.NOT_MET),
            "files": [path],
            "file_problems": [{"file": path, "code": Code.FILE_NO_ROWS, "message": said}],
            "units": [],
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(said + "\n")
    sys.stdout.flush()
    return int(ExitCode.NOT_MET)
