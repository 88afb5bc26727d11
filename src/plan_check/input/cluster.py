"""The block work on a Dask cluster (``--dask ADDRESS`` or ``--dask local[:N]``): the same
``run_task`` as here, sent to the workers; results come back in the tasks' order, so
the report is the one a single machine writes, byte for byte.

Every worker reads its blocks from the file itself: the file must be at the same path on
every worker (a shared folder). A scheduler that cannot be reached, one without workers,
a worker that dies or cannot import plan-check: a clear message, never a wait without end.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from plan_check.errors import UsageError
from plan_check.input.blocks import Failure, Task, Tick, run_task
from plan_check.input.partial import Partial

CONNECT_SECONDS = 5  # to reach a scheduler
POLL_SECONDS = 2  # how often a check waiting for blocks looks whether workers are left
WORKERS_SECONDS = 30  # for a scheduler's first worker to be there
MAX_LOCAL_WORKERS = 64


def _local_workers(address: str) -> int | None:
    """N for ``local:N`` (2 for ``local``), None for a scheduler's address."""
    if address == "local":
        return 2
    if not address.startswith("local:"):
        return None
    count = address.removeprefix("local:")
    if not count.isdigit() or not 1 <= int(count) <= MAX_LOCAL_WORKERS:
        raise UsageError("dask_bad_local", value=address, limit=MAX_LOCAL_WORKERS)
    return int(count)


class Cluster:
    """A Dask client, to a running scheduler or to a local cluster started for the check."""

    def __init__(self, address: str) -> None:
        try:
            distributed: Any = importlib.import_module("distributed")  # untyped: held as Any
        except ImportError:
            raise UsageError("dask_not_installed") from None
        self.address = address
        self._cluster: Any = None
        n = _local_workers(address)
        _quiet()
        self._scratch = tempfile.mkdtemp(prefix="plan-check-dask-")  # workers' spill space
        try:
            if n is not None:
                self._cluster = distributed.LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: 8787 may be taken
                    silence_logs=logging.CRITICAL,
                    local_directory=self._scratch,
                )
                self.client = distributed.Client(self._cluster)
            else:
                self.client = _within(
                    CONNECT_SECONDS * 2,
                    lambda: distributed.Client(address, timeout=f"{CONNECT_SECONDS}s"),
                )
        except Exception as exc:  # refused, timed out, or no Dask scheduler at all there
            self.close()
            reason = (
                _reason(exc)
                if isinstance(exc, OSError | TimeoutError)
                else "what answers there does not speak Dask's protocol"
            )
            raise UsageError("dask_unreachable", address=address, reason=reason) from None
        _quiet()
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise UsageError("dask_no_workers", address=address, reason=_reason(exc)) from None

    def run(self, tasks: Sequence[Task], tick: Tick | None) -> list[Partial | Failure]:
        distributed: Any = importlib.import_module("distributed")
        if not tasks:
            return []
        futures = self.client.map(run_task, list(tasks), pure=False)
        place = {future.key: k for k, future in enumerate(futures)}
        results: list[Partial | Failure | None] = [None] * len(tasks)
        done_lines = 0
        total = tasks[0].file.total_lines
        pending = set(futures)
        alone_since: float | None = None  # when the scheduler was last seen without workers
        try:
            while pending:
                done, pending = _wait(distributed, pending)
                for future in done:
                    k = place[future.key]
                    results[k] = _worker_side(future.result(), tasks[k])
                    if tick is not None:
                        done_lines += _span(tasks, k)
                        tick(tasks[k].file.shown, min(done_lines, total), total)
                if done:
                    alone_since = None
                elif not self.client.scheduler_info().get("workers"):
                    alone_since = alone_since or time.monotonic()
                    if time.monotonic() - alone_since > WORKERS_SECONDS:
                        raise TimeoutError(f"no worker for {WORKERS_SECONDS} s")
        except Exception as exc:  # a worker died (KilledWorker), every worker left, or
            # the scheduler stopped: nothing is waited for without end
            for future in futures:
                future.cancel()
            raise UsageError(
                "dask_task_failed", address=self.address, reason=_reason(exc)
            ) from None
        return [r for r in results if r is not None]

    def close(self) -> None:
        scratch = getattr(self, "_scratch", None)
        client = getattr(self, "client", None)
        with contextlib.suppress(Exception):
            if client is not None:
                client.close(timeout=CONNECT_SECONDS)
        with contextlib.suppress(Exception):
            if self._cluster is not None:
                self._cluster.close(timeout=CONNECT_SECONDS)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _within(seconds: float, make: Callable[[], Any]) -> Any:
    """``make()`` in a thread of its own, given ``seconds``: a port that accepts and never
    answers holds Dask's handshake past its connect timeout."""
    done: list[Any] = []
    failed: list[BaseException] = []

    def attempt() -> None:
        try:
            done.append(make())
        except BaseException as exc:  # handed to the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=attempt, daemon=True, name="plan-check-dask-connect")
    thread.start()
    thread.join(seconds)
    if failed:
        raise failed[0]
    if not done:
        raise TimeoutError(f"no Dask scheduler answered within {seconds:g} s")
    return done[0]


def _quiet() -> None:
    """Dask's own log lines off: the report and plan-check's messages speak."""
    names = [n for n in logging.root.manager.loggerDict if n.startswith("distributed")]
    for name in ["distributed", "tornado", "asyncio", *names]:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def _wait(distributed: Any, pending: set[Any]) -> tuple[set[Any], set[Any]]:
    """The futures done within POLL_SECONDS (none, if none is), and those still pending."""
    try:
        done, still = distributed.wait(
            list(pending), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED"
        )
    except (TimeoutError, distributed.TimeoutError):
        return set(), pending
    return set(done), set(still)


def _worker_side(result: Partial | Failure, task: Task) -> Partial | Failure:
    """A file a worker cannot open is said as such: the path must reach every worker."""
    if isinstance(result, Failure) and result.code in ("file_unreadable", "file_not_found"):
        reason = str(result.params.get("reason", "not found"))
        return Failure("dask_file_unreadable", {"path": task.file.shown, "reason": reason})
    return result


def _span(tasks: Sequence[Task], k: int) -> int:
    """The lines of block ``k`` (to the next block's first line, or the end)."""
    if k + 1 < len(tasks) and tasks[k + 1].file.shown == tasks[k].file.shown:
        return tasks[k + 1].block.first_line - tasks[k].block.first_line
    return tasks[k].file.total_lines - tasks[k].block.first_line + 1


def _reason(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text[:300]


@contextlib.contextmanager
def connected(address: str | None) -> Iterator[Cluster | None]:
    """A cluster for the check when ``address`` is given, closed after it."""
    if address is None:
        yield None
        return
    cluster = Cluster(address)
    try:
        yield cluster
    finally:
        cluster.close()
