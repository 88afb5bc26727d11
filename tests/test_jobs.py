"""--jobs N: the blocks of a text file read on N local processes give the report of one
process byte for byte; a bad N is refused; a worker that dies or a file that vanished ends
the check with a message, exit 2, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import SAMPLES, csv_file, index_text, no_traceback, run
from plan_check.input.options import ReadOptions
from plan_check.input.partial import Partial
from plan_check.input.text import Failure, Task, run_task

MIXED = SAMPLES / "city-2023-mixed.csv"


def _many_blocks(tmp_path: Path, encoding: str = "utf-8") -> Path:
    """300 schools of five counties, a note in quotes over two lines in every row, and a
    repeat of 学校7 after its first row (a file of many blocks at 500 bytes a block)."""
    body = "".join(f'县{i % 5},学校{i},{i},"备注\n第{i}行"\r\n' for i in range(300))
    body += "县2,学校7,9999,\r\n"
    return csv_file(tmp_path, "区县,学校,国培计划培训人数,备注\r\n" + body, encoding=encoding)


@pytest.mark.slow  # a process pool starts (about a second)
@pytest.mark.parametrize("encoding", [None, "gb18030"])
def test_two_processes_write_the_report_of_one_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str | None
) -> None:
    """Blocks cut here and read there, as the client asked (--encoding included), come
    back in the file's order whichever process ends first."""
    path = _many_blocks(tmp_path, encoding or "utf-8")
    forced = ["--encoding", encoding] if encoding else []
    monkeypatch.setattr(
        "plan_check.input.options.DEFAULT", ReadOptions(bytes=500)
    )  # cut here, read there
    one = run("validate", path, "-f", "json", "--jobs", "1", *forced)
    two = run("validate", path, "-f", "json", "--jobs", "2", *forced)
    assert (two.exit_code, two.stdout) == (one.exit_code, one.stdout)
    assert one.result("guopei")["actual"] == sum(range(300))  # 0 + 1 + … + 299; the repeat not
    codes = [(p["code"], p["line"]) for p in one.json()["problems"]]
    assert codes == [("unknown_column", 1), ("duplicate_school", 602)]  # 1 + 2·300 + 1


def _die(task: object) -> None:
    """A block task that kills its worker."""
    os._exit(9)


def _vanish(task: Task) -> Partial | Failure:
    """A block task whose file is deleted just before the block is read."""
    Path(task.block.path).unlink(missing_ok=True)
    return run_task(task)


@pytest.mark.slow  # a process pool starts (about a second)
@pytest.mark.parametrize(
    ("work", "says"),
    [(_die, "a local reading process failed"), (_vanish, "is no longer the file the check")],
    ids=["a worker killed", "a file vanished"],
)
def test_a_worker_that_fails_ends_the_check_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, work: object, says: str
) -> None:
    path = _many_blocks(tmp_path)
    monkeypatch.setattr("plan_check.input.options.DEFAULT", ReadOptions(bytes=500))
    monkeypatch.setattr("plan_check.input.cluster.run_task", work)
    out = run("validate", path, "--jobs", "2", "--lang", "en")
    assert out.exit_code == 2 and says in out.stderr and out.stdout == "", out
    no_traceback(out)


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
    from plan_check.input.cluster import Processes
    from plan_check.input.partial import ReadSpec
    from plan_check.input.text import Failure, Task

    path = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,100\n")
    indexed = index_text(path, str(path))
    path.unlink()  # gone between the first pass and the block's read
    pool = Processes(1)
    try:
        [result] = pool.run([Task(indexed, indexed.blocks[0], ReadSpec(()))], None)
    finally:
        pool.close()
    assert isinstance(result, Failure) and result.params["path"] == str(path)
    with pytest.raises(DataFileError) as raised:
        result.raise_it()  # as the reader does: exit 2 with this message
    assert str(path) in raised.value.message("en")
