"""What the commands share: the options declared once, the one place a PlanCheckError
becomes a message and an exit code, writing a report, the progress bar."""

from __future__ import annotations

import errno
import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from plan_check import refusals
from plan_check.errors import ExitCode, PlanCheckError
from plan_check.i18n import Lang

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


TargetsOption = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        "-t",
        help="目标文件,默认为当前或上级文件夹的 targets.yaml,都没有则用内置的 / "
        "targets file (default: ./targets.yaml or the nearest parent's, else the packaged one)",
    ),
]
LangArg = Annotated[LangOption, typer.Option("--lang", help="语言 / language")]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        help="用 N 个本机进程分块读取文本文件;默认 1,在本进程内读取 / read the blocks of text "
        "files on N local processes (default 1: in this process)",
        metavar="N",
    ),
]


def _lang(lang: LangOption) -> Lang:
    return "en" if lang is LangOption.en else "zh"


def _inert(message: str) -> str:
    """A message made safe for a terminal, line by line: file names, sheet names and cell
    values in it are data, and their escape codes are shown, never obeyed."""
    from plan_check.render.text import safe

    return "\n".join(safe(line) for line in message.split("\n"))


def _terminate_cleanly() -> None:
    """SIGTERM (a CI job cancelled, ``kill``) ends the command as Ctrl-C does: temporary
    copies and a local Dask cluster are removed on the way out, not left behind."""
    import signal
    import threading

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


_paused = False  # the cyclic garbage collector, by ``collector_paused``


@contextmanager
def collector_paused() -> Iterator[None]:
    """The console script's run with Python's cyclic garbage collector paused while the
    command starts: typer's parse, the plan's models and what a command that reads no
    data builds (tens of thousands of objects, bounded by the targets file) are not
    visited again and again (a twentieth of `plan-check rules`). ``_guard`` resumes it
    before a command reads data; it runs again once the command is done."""
    global _paused
    if not gc.isenabled():  # the caller's choice, left alone
        yield
        return
    gc.disable()
    _paused = True
    frozen = gc.get_freeze_count()
    try:
        yield
    finally:
        _resume_collector()
        if not frozen and gc.get_freeze_count():  # a caller that goes on (a test, a
            gc.unfreeze()  # service) keeps nothing frozen: its cycles are collected again


def _resume_collector() -> None:
    """The collector runs again. What was built while it was paused is frozen first
    (gc.freeze: modules, classes, the plan, alive to the end; never visited by the
    collector while the command runs), else its first collection would visit every one
    of those objects (a tenth of `plan-check rules`). ``collector_paused`` unfreezes them
    when the command is done."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def _guard(
    action: Callable[[], T],
    lang: Lang,
    traceback: bool,
    offers_traceback: bool = False,
    reads_data: bool = True,
) -> T:
    """Run ``action``; a PlanCheckError or any unexpected error becomes a message and exit 2.
    A command that reads no data file (``reads_data=False``: only the targets file and
    the plan's text, each at most 1 MiB) runs with the collector still paused."""
    from rich.console import Console
    from rich.text import Text

    if reads_data:
        _resume_collector()
    err = Console(stderr=True, highlight=False, soft_wrap=True)  # paths stay whole
    _terminate_cleanly()
    try:
        return action()
    except PlanCheckError as exc:
        if traceback:
            raise
        err.print(Text(_inert(exc.message(lang)), style="red"))
        raise typer.Exit(int(exc.exit_code)) from None
    except (KeyboardInterrupt, typer.Exit):
        raise
    except BrokenPipeError:  # a reader that stopped early (| head): no message, no traceback
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(int(ExitCode.CANNOT_RUN)) from None
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


def _read_text(path: Path) -> str:
    from plan_check.input.files import read_side_text

    return read_side_text(path)


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


def _write(path: Path, content: str | bytes) -> None:
    """The whole report, or nothing: encoded first, written beside the target and renamed
    over it, so a failure never leaves an old report truncated."""
    if isinstance(content, bytes):  # a workbook
        data = content
    else:
        data = content.encode("utf-8", errors="backslashreplace")
    # a link to a file is written through, never replaced (anything but a regular file
    # was refused before the check began)
    in_place = path.is_symlink()
    temporary = path.with_name(f".{path.name}.plan-check-{os.getpid()}.tmp")
    try:
        if in_place:
            _write_through(path, data)
        else:
            temporary.write_bytes(data)
            os.replace(temporary, path)
    except OSError as exc:
        if not in_place:
            temporary.unlink(missing_ok=True)
        raise refusals.output_unwritable(path=str(path), reason=exc.strerror) from None


def _write_through(path: Path, data: bytes) -> None:
    """Write the file a link names, never waiting: should it have become a FIFO since the
    check began, open() returns at once (or fails) and nothing is written to it."""
    import stat

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NONBLOCK", 0), 0o666)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        os.ftruncate(fd, 0)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
