"""--jobs N: the blocks of a text file read on N local processes give the report of one
process byte for byte; a bad N is refused; a worker that dies or a file that vanished ends
the check with a message, exit 2, never a traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import SAMPLES, csv_file, no_traceback, run

MIXED = SAMPLES / "city-2023-mixed.csv"


def _many_blocks(tmp_path: Path) -> Path:
    """300 schools of five counties, a note in quotes over two lines in every row, and a
    repeat of 学校7 after its first row (a file of many blocks at 500 bytes a block)."""
    body = "".join(f'县{i % 5},学校{i},{i},"备注\n第{i}行"\r\n' for i in range(300))
    body += "县2,学校7,9999,\r\n"
    return csv_file(tmp_path, "区县,学校,国培计划培训人数,备注\r\n" + body)


@pytest.mark.slow  # a process pool starts (about a second)
def test_two_processes_write_the_report_of_one_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _many_blocks(tmp_path)
    monkeypatch.setattr("plan_check.input.delimited.BLOCK_BYTES", 500)  # cut here, read there
    one = run("validate", path, "-f", "json", "--jobs", "1")
    two = run("validate", path, "-f", "json", "--jobs", "2")
    assert (two.exit_code, two.stdout) == (one.exit_code, one.stdout)
    assert one.result("guopei")["actual"] == sum(range(300))  # 0 + 1 + … + 299; the repeat not
    codes = [(p["code"], p["line"]) for p in one.json()["problems"]]
    assert codes == [("unknown_column", 1), ("duplicate_school", 602)]  # 1 + 2·300 + 1


@pytest.mark.parametrize("value", ["0", "-1", "65"])
def test_a_bad_number_of_jobs_is_refused(value: str) -> None:
    out = run("validate", MIXED, "--jobs", value, "--lang", "en")
    assert out.exit_code == 2 and f"--jobs {value} is not valid" in out.stderr, out
    assert "from 1 to 64" in out.stderr
    no_traceback(out)


def test_jobs_and_a_cluster_are_refused_together() -> None:
    out = run("validate", MIXED, "--jobs", "2", "--dask", "local:2", "--lang", "en")
    assert out.exit_code == 2 and "--jobs and --dask do not go together" in out.stderr, out


@pytest.mark.slow  # a process pool starts (about a second)
def test_a_file_a_worker_cannot_open_is_said_with_its_path(tmp_path: Path) -> None:
    from plan_check.errors import DataFileError
    from plan_check.input.blocks import Failure, Task
    from plan_check.input.cluster import Processes
    from plan_check.input.partial import Reading
    from plan_check.input.textfile import index_text

    path = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,100\n")
    indexed = index_text(path, str(path), None, 1 << 20)
    path.unlink()  # gone between the first pass and the block's read
    pool = Processes(1)
    try:
        [result] = pool.run([Task(indexed, indexed.blocks[0], Reading(()))], None)
    finally:
        pool.close()
    assert isinstance(result, Failure) and result.params["path"] == str(path)
    with pytest.raises(DataFileError) as raised:
        result.raise_it()  # as the reader does: exit 2 with this message
    assert str(path) in raised.value.message("en")


@pytest.mark.slow  # a process pool starts (about a second)
def test_a_worker_killed_ends_the_check_with_a_message(tmp_path: Path) -> None:
    from plan_check.errors import UsageError
    from plan_check.input.blocks import Task
    from plan_check.input.cluster import Processes
    from plan_check.input.partial import Reading
    from plan_check.input.textfile import index_text

    indexed = index_text(MIXED, "mixed", None, 1 << 20)
    task = Task(indexed, indexed.blocks[0], Reading(()))
    pool = Processes(1)
    try:
        pool.run([task], None)  # the worker is there
        workers = list(pool.executor._processes.values())  # type: ignore[attr-defined]
        for worker in workers:
            os.kill(worker.pid, 9)
        deadline = time.monotonic() + 10
        while any(w.is_alive() for w in workers) and time.monotonic() < deadline:
            time.sleep(0.02)
        with pytest.raises(UsageError) as raised:
            pool.run([task], None)
    finally:
        pool.close()
    assert raised.value.code == "jobs_task_failed"
    said = raised.value.message("en")
    assert "a local reading process failed" in said and "--jobs 1" in said
