"""The block work elsewhere than in this thread: on a ``concurrent.futures.Executor``, a
local process pool (``--jobs N``) or a Dask cluster (``--dask ADDRESS`` or ``--dask
local[:N]``, through ``client.get_executor()``). The same ``run_task`` as here runs there;
results come back in the tasks' order, so the report is the one a single process writes,
byte for byte.

A task carries everything its block needs, so a worker reads exactly as the client asked.
On a cluster, every worker reads its blocks from the file itself: the file must be at the
same path on every worker (a shared folder). A scheduler that cannot be reached, one without
workers, a worker that dies or cannot import plan-check: a clear message, never a wait
without end.
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
from concurrent.futures import FIRST_COMPLETED, Executor, Future
from concurrent.futures import wait as wait_for
from typing import Any

from plan_check import refusals
from plan_check.codes import Code
from plan_check.errors import UsageError
from plan_check.input.partial import Partial
from plan_check.input.text import Failure, Task, Tick, run_task

CONNECT_SECONDS = 5  # to reach a scheduler
POLL_SECONDS = 2  # how often a check waiting for blocks looks whether workers are left
WORKERS_SECONDS = 30  # for a scheduler's first worker to be there
MAX_LOCAL_WORKERS = 64  # for --dask local:N and --jobs N
# what --jobs's server process imports once, before it forks a worker: the reader and the
# libraries it imports when it first reads (a name not found is skipped)
PRELOAD = [
    *("plan_check.input.text", "plan_check.input.records"),
    *("pandas", "pyarrow.csv", "pyarrow.compute", "opencc"),
]


def _local_workers(address: str) -> int | None:
    """N for ``local:N`` (2 for ``local``), None for a scheduler's address."""
    if address == "local":
        return 2
    if not address.startswith("local:"):
        return None
    count = address.removeprefix("local:")
    if not count.isdigit() or not 1 <= int(count) <= MAX_LOCAL_WORKERS:
        raise refusals.dask_bad_local(value=address, limit=MAX_LOCAL_WORKERS)
    return int(count)


class Pool:
    """Block tasks run on an Executor, handed back in the tasks' order. A worker that
    dies, or an executor that cannot run them, ends the check with ``_failed``'s error."""

    executor: Executor

    def run(self, tasks: Sequence[Task], tick: Tick | None) -> list[Partial | Failure]:
        futures: list[Future[Partial | Failure]] = []
        done_bytes = 0
        total = tasks[0].file.size if tasks else 0
        alone_since: float | None = None  # when the executor was last seen without workers
        try:
            futures = [self.executor.submit(run_task, task) for task in tasks]
            task_of = dict(zip(futures, tasks, strict=True))
            pending = set(futures)
            while pending:
                done, pending = wait_for(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                for future in done:
                    task = task_of[future]
                    future.result()  # a task whose worker died raises here
                    if tick is not None:
                        done_bytes += task.block.reach - task.block.start
                        tick(task.file.path, min(done_bytes, total), total)
                if done:
                    alone_since = None
                elif self._idle():
                    alone_since = alone_since or time.monotonic()
                    if time.monotonic() - alone_since > WORKERS_SECONDS:
                        raise TimeoutError(f"no worker for {WORKERS_SECONDS} s")
            return [self._worker_side(f.result(), t) for f, t in zip(futures, tasks, strict=True)]
        except Exception as exc:  # a worker died (KilledWorker, BrokenProcessPool), every
            # worker left, or the scheduler stopped: nothing is waited for without end
            for future in futures:
                future.cancel()
            raise self._failed(exc) from None

    def _idle(self) -> bool:
        """No worker is left to run the tasks (a pool replaces its own: never)."""
        return False

    def _failed(self, exc: BaseException) -> UsageError:
        raise NotImplementedError

    def _worker_side(self, result: Partial | Failure, task: Task) -> Partial | Failure:
        return result


class Processes(Pool):
    """``--jobs N``: the blocks on N local processes. Each worker starts from a clean
    interpreter (forked from a server that imported the reader, never from this process):
    it knows only what its task carries, as a cluster's worker does."""

    def __init__(self, jobs: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if not 1 <= jobs <= MAX_LOCAL_WORKERS:
            raise refusals.jobs_bad(value=jobs, limit=MAX_LOCAL_WORKERS)
        self.jobs = jobs
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload(PRELOAD)
        self.executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context)

    def _failed(self, exc: BaseException) -> UsageError:
        return refusals.jobs_task_failed(jobs=self.jobs, reason=_reason(exc))

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


class Cluster(Pool):
    """A Dask client, to a running scheduler or to a local cluster started for the check."""

    def __init__(self, address: str) -> None:
        try:
            distributed: Any = importlib.import_module("distributed")  # untyped: held as Any
        except ImportError:
            raise refusals.dask_not_installed() from None
        self.address = address
        n = _local_workers(address)
        _quiet()
        self._scratch = tempfile.mkdtemp(prefix="plan-check-dask-")  # workers' spill space
        try:
            if n is not None:  # a local cluster of the client's own, closed with it
                self.client = distributed.Client(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: 8787 may be taken
                    silence_logs=logging.CRITICAL,
                    local_directory=self._scratch,
                )
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
            raise refusals.dask_unreachable(address=address, reason=reason) from None
        _quiet()
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise refusals.dask_no_workers(address=address, reason=_reason(exc)) from None
        self.executor = self.client.get_executor(pure=False)  # a task per block, never cached

    def _idle(self) -> bool:
        """The scheduler has no worker left to run the tasks."""
        return not self.client.scheduler_info().get("workers")

    def _failed(self, exc: BaseException) -> UsageError:
        return refusals.dask_task_failed(address=self.address, reason=_reason(exc))

    def _worker_side(self, result: Partial | Failure, task: Task) -> Partial | Failure:
        """A file a worker cannot open is said as such: the path must reach every worker."""
        if isinstance(result, Failure) and result.code in (
            Code.FILE_UNREADABLE,
            Code.FILE_NOT_FOUND,
        ):
            reason = str(result.params.get("reason", "not found"))
            error = refusals.dask_file_unreadable(path=task.file.path, reason=reason)
            return Failure(error.code, dict(error.params))
        return result

    def close(self) -> None:
        client = getattr(self, "client", None)
        with contextlib.suppress(Exception):
            if client is not None:
                client.close(timeout=CONNECT_SECONDS)  # and a local cluster it started
        shutil.rmtree(self._scratch, ignore_errors=True)


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


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".strip()[:300]


@contextlib.contextmanager
def connected(address: str | None, jobs: int | None = None) -> Iterator[Pool | None]:
    """Where the blocks are read, closed after the check: a cluster when ``address`` is
    given, a pool of ``jobs`` local processes past one, else None (here, in this thread)."""
    pool: Cluster | Processes
    if address is not None:
        pool = Cluster(address)
    elif jobs is not None and jobs != 1:
        pool = Processes(jobs)
    else:
        yield None
        return
    try:
        yield pool
    finally:
        pool.close()
