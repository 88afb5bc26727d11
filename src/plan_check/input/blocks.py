"""The block work: one block of a text file to a ``Partial``, the same function here or on
a cluster worker, and the runner that does the work here, in this process.

A task carries everything its block needs (what the file is, which bytes, what the plan
asks), so a worker needs only the file and plan-check itself.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, Protocol, TypeVar

from plan_check import refusals
from plan_check.codes import Code
from plan_check.errors import DataFileError
from plan_check.input.partial import Expect, Numbers, Partial, ReadSpec
from plan_check.input.textfile import Block, Cut, TextFile

Tick = Callable[[str, int, int], None]  # (file, bytes read, bytes in all)
T = TypeVar("T")


@dataclass(frozen=True)
class Task:
    file: TextFile  # what the pass learnt (its block list left out)
    block: Block
    reading: ReadSpec
    drop: Numbers = ()  # lines of repeated rows, not summed
    want: Numbers = ()  # rows (among the kept) whose line and key to hand back
    expect: Expect | None = None  # the key texts expected of the wanted rows


@dataclass(frozen=True)
class Failure:
    """A block that could not be read: the error, as data (it crosses processes)."""

    code: Code
    params: dict[str, Any]

    def raise_it(self) -> NoReturn:
        raise DataFileError(self.code, **self.params)


def run_task(task: Task, tick: Tick | None = None, cut: Cut | None = None) -> Partial | Failure:
    """Read one block (from its bytes the pass handed on, ``cut``, or from the file).
    Never raises for the data: a refusal comes back as a ``Failure``, a block cut inside
    a record as a ``Partial`` with ``restart``."""
    from plan_check.input.csvrows import _SpansLines
    from plan_check.input.delimited import Restart, block_grid
    from plan_check.input.layout import FileReader
    from plan_check.input.records import read_partial

    try:
        grid = block_grid(task.file, task.block, task.reading.options, cut)
        return read_partial(
            FileReader(grid),
            task.reading,
            first=task.block.first,
            drop=task.drop,
            want=task.want,
            expect=task.expect,
            tick=tick,
        )
    except (Restart, _SpansLines):
        return Partial(task.file.shown, restart=True)
    except DataFileError as exc:
        return Failure(exc.code, dict(exc.params))
    except OSError as exc:
        error = refusals.file_unreadable(path=task.file.shown, reason=str(exc))
        return Failure(error.code, dict(error.params))


class Runner(Protocol):
    """Runs block tasks and hands back their results in the tasks' order."""

    def run(self, tasks: Sequence[Task], tick: Tick | None) -> Iterable[Partial | Failure]: ...


class Here:
    """Every block in this process, one after another (pandas reads in this thread)."""

    def run(self, tasks: Sequence[Task], tick: Tick | None) -> Iterator[Partial | Failure]:
        """Lazily: the caller folds each block's problems in before the next is read."""
        for task in tasks:
            result = run_task(task)
            if tick is not None:  # the bar counts bytes: a text file's lines are counted
                # by the pass that cuts it, as it goes
                tick(task.file.shown, task.block.reach, task.file.size)
            yield result


def ahead(items: Iterator[T], depth: int) -> Generator[T, None, None]:
    """The items, made in a thread of their own up to ``depth`` ahead of the caller (the
    pass cuts the next blocks while this one is read: its reads, numpy scans, CRC-32 and
    UTF-8 check release the GIL). What the thread raises is raised here, in its turn."""
    import contextlib
    import queue
    import threading

    waiting: queue.Queue[tuple[bool, T | BaseException | None]] = queue.Queue(depth)
    done = threading.Event()

    def make() -> None:
        try:
            for item in items:
                waiting.put((True, item))
                if done.is_set():
                    return
        except BaseException as exc:  # handed to the caller's thread
            waiting.put((False, exc))
            return
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()
        waiting.put((False, None))

    thread = threading.Thread(target=make, daemon=True, name="plan-check-cut")
    thread.start()
    try:
        while True:
            ok, item = waiting.get()
            if not ok:
                if item is not None:
                    assert isinstance(item, BaseException)
                    raise item
                return
            yield item  # type: ignore[misc]
    finally:
        done.set()
        while thread.is_alive():  # a thread blocked on a full queue is let go
            with contextlib.suppress(queue.Empty):
                waiting.get(timeout=0.05)
        thread.join()
