"""Province scale: the streaming reader gives the report of a whole-file read whatever the
blocks (and the pieces of its first pass) are, and a Dask cluster gives it byte for byte.
Student-level ledgers are summed into the county figures; a student twice is a repeat."""

from __future__ import annotations

import csv
import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, Run, csv_file, index_text, run
from plan_check.input.options import ReadOptions
from test_readers_agree import HEADER, rows

CITY_SAMPLES = sorted(p for p in SAMPLES.glob("city-*.csv"))
STUDENTS = SAMPLES / "students-2023.csv"
# (block bytes, first-pass piece bytes): a piece of 1 to 7 bytes splits every CRLF pair and
# every quoted cell between pieces; a block of 1 byte cuts at every line end it can
SIZES = [(1, 1), (2, 3), (7, 5), (64, 7), (1000, 17)]


def _json(*args: str | Path) -> tuple[int, str]:
    out = run("validate", *args, "-f", "json")
    return out.exit_code, out.stdout if out.exit_code != 2 else out.stderr


def _sized(monkeypatch: pytest.MonkeyPatch, block: int, piece: int) -> None:
    from dataclasses import replace

    import plan_check.input.options as options

    sized = replace(options.DEFAULT, bytes=block, piece=piece)
    monkeypatch.setattr(options, "DEFAULT", sized)


@pytest.mark.slow
@pytest.mark.parametrize("sample", CITY_SAMPLES, ids=lambda p: p.name)
def test_every_sample_reads_alike_in_any_block_and_piece_size(
    monkeypatch: pytest.MonkeyPatch, sample: Path
) -> None:
    whole = _json(sample, "--units", SAMPLES / "units.txt")
    for block, piece in SIZES:
        _sized(monkeypatch, block, piece)
        assert _json(sample, "--units", SAMPLES / "units.txt") == whole, (block, piece)


@pytest.mark.slow
def test_the_student_sample_reads_alike_in_small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _json(STUDENTS)
    for block, piece in [(4096, 4096), (50_000, 1000)]:
        _sized(monkeypatch, block, piece)
        assert _json(STUDENTS) == whole, (block, piece)


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("PLAN_CHECK_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rows=rows,
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    final=st.booleans(),
    repeat=st.integers(0, 11),
    literal=st.booleans(),
    block=st.integers(1, 300),
    piece=st.integers(1, 64),
)
def test_generated_files_read_alike_in_any_block_and_piece_size(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[tuple[str, ...]],
    newline: str,
    final: bool,
    repeat: int,
    literal: bool,
    block: int,
    piece: int,
) -> None:
    """Quoted cells over lines (LF, CRLF), lone CRs, a repeated row, a literal quote that
    fools the quote count (5"2 before a quoted cell): whatever the cuts, one report."""
    lines = [",".join(HEADER), *(",".join(r) for r in rows)]
    if rows:
        lines.append(lines[1 + repeat % len(rows)])  # a row twice: a repeat
    if literal and rows:
        lines.insert(1, '青山县,5"2寸,1,1,1,1,"x,\n y",2023-06-30,')
    text = newline.join(lines) + (newline if final else "")
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode("utf-8"))
    monkeypatch.undo()
    whole = _json(path)
    _sized(monkeypatch, block, piece)
    assert _json(path) == whole


def test_a_repeat_in_a_later_block_is_not_counted_and_names_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "".join(f"县{i % 3},学校{i},{i}\n" for i in range(40))
    path = csv_file(tmp_path, "区县,学校,国培计划培训人数\n" + body + "县1,学校1,1000\n")
    _sized(monkeypatch, 50, 16)  # many blocks: the first row is blocks away
    out = run("validate", path, "-f", "json")
    [problem] = out.json()["problems"]
    assert (problem["code"], problem["line"]) == ("duplicate_school", 42)  # 1 + 40 + 1
    assert problem["value"] == "县1" and f"{path}:3" in json.dumps(problem, ensure_ascii=False)
    assert out.result("guopei")["actual"] == sum(range(40))  # 1000 not counted


def test_colliding_hashes_cost_a_second_look_never_a_row(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every key hashed alike (as a file made to collide would): rows are compared by
    their text, so nothing is called a repeat that is not one."""
    import numpy as np

    import plan_check.input.records as records

    path = csv_file(
        tmp_path,
        "区县,学校,国培计划培训人数\n青山县,一中,1\n青山县,二中,2\n白水县,一中,4\n青山县,一中,8\n",
    )
    honest = run("validate", path, "-f", "json").json()
    monkeypatch.setattr(records, "hash_strings", lambda a: np.zeros(len(a), dtype=np.uint64))
    colliding = run("validate", path, "-f", "json").json()
    assert colliding == honest
    assert [p["line"] for p in honest["problems"]] == [5]  # 青山县 一中 again
    assert honest["results"][1]["actual"] == 1 + 2 + 4


# ---- student-level ledgers ---------------------------------------------------------------


def _student_sums() -> dict[str, Counter[str]]:
    """The ledger's columns summed per unit with the csv module: an independent count."""
    sums: dict[str, Counter[str]] = {}
    with STUDENTS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            unit = row.pop("区县")
            row.pop("学校")
            row.pop("学籍号")
            for header, cell in row.items():
                sums.setdefault(header, Counter())[unit] += int(cell)
    return sums


def _unit(out: Run, rule: str, unit: str) -> dict[str, Any]:
    return next(u for u in out.result(rule)["units"] if u["unit"] == unit)


def test_a_student_ledger_sums_to_the_county_figures() -> None:
    out = run("validate", STUDENTS, "--units", SAMPLES / "units.txt", "-f", "json")
    sums = _student_sums()
    assert out.json()["files"][0]["rows"] == 3000
    dropouts = sums["失学辍学学生数"]
    assert dropouts["河东区"] == 1 and sum(dropouts.values()) == 1
    assert out.result("dropouts-zero")["status"] == "fail"
    assert _unit(out, "dropouts-zero", "河东区")["actual"] == 1
    entry, graduating = sums["该届学生入学时人数"], sums["初中毕业班学生数"]
    rate = out.result("consolidation-rate")
    assert rate["numerator"] == sum(graduating.values())
    assert rate["denominator"] == sum(entry.values())
    for unit in ("青山县", "云岭市"):
        row = _unit(out, "consolidation-rate", unit)
        assert (row["numerator"], row["denominator"]) == (graduating[unit], entry[unit])


def test_a_student_twice_in_a_unit_is_a_repeat_not_in_another_unit(tmp_path: Path) -> None:
    text = (
        "区县,学校,学籍号,失学辍学学生数,该届学生入学时人数\n"
        "青山县,一中,G001,0,1\n"
        "青山县,二中,G001,1,1\n"  # the same student in the same unit: counted once
        "白水县,一中,G001,0,1\n"  # the same id in another unit: another student
    )
    out = run("validate", csv_file(tmp_path, text), "-f", "json")
    [problem] = out.json()["problems"]
    assert (problem["code"], problem["line"]) == ("duplicate_student", 3)
    assert "G001" in problem["message"] and ":2" in problem["message"]
    assert _unit(out, "dropouts-zero", "青山县")["actual"] == 0


# ---- the same check on a Dask cluster ----------------------------------------------------


def _dask_ready() -> None:
    pytest.importorskip("distributed")


@pytest.mark.slow
@pytest.mark.parametrize(
    "sample",
    [SAMPLES / "city-2023-mixed.csv", SAMPLES / "city-2023-messy.csv", STUDENTS],
    ids=lambda p: p.name,
)
def test_a_local_dask_cluster_writes_the_same_report(sample: Path) -> None:
    _dask_ready()
    here = run("validate", sample, "--units", SAMPLES / "units.txt", "-f", "json")
    there = run(
        "validate", sample, "--units", SAMPLES / "units.txt", "-f", "json", "--dask", "local:2"
    )
    assert (there.exit_code, there.stdout) == (here.exit_code, here.stdout)


@pytest.mark.slow
def test_a_running_scheduler_reads_a_many_block_file_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The address path: a scheduler and two worker processes started apart, a file of
    many blocks (cut here, read there) with a quoted cell over lines and a repeat."""
    distributed: Any = pytest.importorskip("distributed")
    body = "".join(f'县{i % 5},学校{i},{i},"备注\n第{i}行"\r\n' for i in range(300))
    body += "县2,学校7,9999,\r\n"  # a repeat, blocks after its first row
    path = csv_file(tmp_path, "区县,学校,国培计划培训人数,备注\r\n" + body)
    monkeypatch.setattr("plan_check.input.options.DEFAULT", ReadOptions(bytes=500))
    here = run("validate", path, "-f", "json")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        there = run("validate", path, "-f", "json", "--dask", cluster.scheduler_address)
    assert (there.exit_code, there.stdout) == (here.exit_code, here.stdout)
    codes = [(p["code"], p["line"]) for p in here.json()["problems"]]
    assert codes == [("unknown_column", 1), ("duplicate_school", 602)]  # 1 + 2·300 + 1
    assert here.result("guopei")["actual"] == sum(range(300))


@pytest.mark.slow
def test_an_unreachable_scheduler_exits_2_within_seconds() -> None:
    _dask_ready()
    started = time.monotonic()
    out = run(
        "validate", SAMPLES / "city-2023-mixed.csv", "--dask", "tcp://127.0.0.1:9", "--lang", "en"
    )
    assert out.exit_code == 2
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in out.stderr
    assert "Traceback" not in out.stderr and time.monotonic() - started < 30


@pytest.mark.parametrize("value", ["local:0", "local:x", "local:999"])
def test_a_bad_local_cluster_size_is_refused(value: str) -> None:
    _dask_ready()
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "--dask", value, "--lang", "en")
    assert out.exit_code == 2 and f"--dask {value} is not valid" in out.stderr


@pytest.mark.slow
def test_a_file_a_worker_cannot_open_is_said_with_its_path(tmp_path: Path) -> None:
    _dask_ready()
    from plan_check.input.cluster import Cluster
    from plan_check.input.grid import Block, Grid
    from plan_check.input.partial import ReadSpec
    from plan_check.input.text import Failure, Task

    gone = str(tmp_path / "only-on-the-client.csv")
    meta = Grid(gone, "UTF-8", ["区县"], 1, iter(()), size=10, total_lines=3, usual=1)
    task = Task(meta, Block(gone, 0, -1, 2, "utf-8", False, True, True), ReadSpec(()))
    cluster = Cluster("local:1")
    try:
        [result] = cluster.run([task], None)
    finally:
        cluster.close()
    assert isinstance(result, Failure) and result.code == "dask_file_unreadable"
    assert result.params["path"] == gone


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
def test_the_problems_listed_past_the_limit_do_not_depend_on_the_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first problems in file order are listed, the rest counted by column and kind,
    whether the file is one block or many (later blocks are only counted)."""
    from dataclasses import replace

    import plan_check.input.options as options

    monkeypatch.setattr(options, "DEFAULT", replace(options.DEFAULT, max_problems=10))
    rows = "".join(f"县{i % 5},学校{i},坏{i},x\n" for i in range(60))
    path = csv_file(tmp_path, "区县,学校,国培计划培训人数,省培计划培训人数\n" + rows)
    whole = run("validate", path, "-f", "json").json()["problems"]
    _sized(monkeypatch, 40, 9)
    assert run("validate", path, "-f", "json").json()["problems"] == whole
    listed = [(p["line"], p["column"]) for p in whole if p["code"] != "more_problems_unlisted"]
    assert listed == [
        (2 + i // 2, ("国培计划培训人数", "省培计划培训人数")[i % 2]) for i in range(10)
    ]
    counted = {p["column"]: p["message"] for p in whole if p["code"] == "more_problems_unlisted"}
    assert "55 " in counted["国培计划培训人数"] and "55 " in counted["省培计划培训人数"]  # 60 - 5


def test_a_cut_after_a_quote_the_count_misses_is_found_not_read_as_two_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """x","1 holds two quotes, so the count allows a cut after it; the csv module opens a
    quote there that closes on the next line. Cut there, the engine would read two clean
    rows (青山县 +1 and a unit 河东区" of 500); the record is one row, too long, not read."""
    rows = "".join(f"白水县,s{i},1\n" for i in range(3))
    text = "区县,学校,国培计划培训人数\n" + rows + '青山县,x","1\n河东区",s1,500\n' + "白水县,t,1\n"
    path = csv_file(tmp_path, text)
    whole = run("validate", path, "-f", "json")
    cut = len((rows + '青山县,x","1\n').encode())  # the body's bytes up to the cut
    _sized(monkeypatch, cut, 7)  # the first block ends right after x","1
    assert run("validate", path, "-f", "json").stdout == whole.stdout
    assert [(p["line"], p["code"]) for p in whole.json()["problems"]] == [(5, "row_too_long")]
    assert whole.result("guopei")["actual"] == 4  # the four 白水县 rows, nothing else


@pytest.mark.parametrize(
    "spoil",
    [
        lambda row: row + ",多出的一格",  # too wide: the row is not read
        lambda row: row.replace(",", ',"', 1),  # a quote never closed: not read either
    ],
    ids=["too wide", "unclosed quote"],
)
def test_a_row_not_read_leaves_its_unit_incomplete_never_met(tmp_path: Path, spoil: Any) -> None:
    """白水县 reports a dropout on a row that cannot be read: its goals must not pass on
    the rows that were read (zero dropouts in every unit would read 0 for it)."""
    header = "区县,学校,失学辍学学生数,国培计划培训人数"
    rows = ["青山县,一中,0,10", "白水县,一中,0,20", "白水县,二中,1,30"]
    rows[2] = spoil(rows[2])
    out = run("validate", csv_file(tmp_path, "\n".join([header, *rows]) + "\n"), "-f", "json")
    dropouts = out.result("dropouts-zero")
    assert dropouts["status"] == "incomplete"
    assert _unit(out, "dropouts-zero", "白水县")["status"] == "missing"  # a figure missing
    assert _unit(out, "dropouts-zero", "青山县")["status"] == "pass"
    assert out.result("guopei")["status"] == "incomplete"  # 白水县's 国培 is unknown too


@pytest.mark.slow
@pytest.mark.parametrize("answer", ["nothing", "http"])
def test_a_port_that_is_no_dask_scheduler_exits_2_within_seconds(answer: str) -> None:
    """A port that accepts and never answers (Dask's connect timeout does not cover its
    handshake), or a web server: a message and exit 2, never a hang or a crash."""
    _dask_ready()
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)
            if answer == "http":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" * 100)

    threading.Thread(target=serve, daemon=True).start()
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    started = time.monotonic()
    try:
        out = run("validate", SAMPLES / "city-2023-mixed.csv", "--dask", address, "--lang", "en")
    finally:
        server.close()
        for conn in held:
            conn.close()
    assert out.exit_code == 2 and f"cannot reach the Dask scheduler {address}" in out.stderr
    assert time.monotonic() - started < 30


def test_long_keys_are_compared_whole(tmp_path: Path) -> None:
    """Keys past 64 bytes are hashed another way; equal ones still meet, others do not."""
    long = "某某" * 100
    text = (
        "区县,学校,国培计划培训人数\n"
        f"青山县,{long}一中,1\n青山县,{long}二中,2\n青山县,{long}一中,4\n"
    )
    out = run("validate", csv_file(tmp_path, text), "-f", "json")
    assert [(p["line"], p["code"]) for p in out.json()["problems"]] == [(4, "duplicate_school")]
    assert out.result("guopei")["actual"] == 3


def test_a_file_of_a_school_per_unit_cell_is_refused_before_it_is_read(tmp_path: Path) -> None:
    body = "".join(f"学校{i},1\n" for i in range(25_000))
    out = run("validate", csv_file(tmp_path, "区县,国培计划培训人数\n" + body), "--lang", "en")
    assert out.exit_code == 2 and "5,000" in out.stderr


@pytest.mark.slow
def test_sigterm_leaves_no_temporary_copy_behind(tmp_path: Path) -> None:
    """A UTF-16 file is converted to a temporary UTF-8 copy; a CI job cancelled midway
    (SIGTERM) removes it on the way out, as Ctrl-C does."""
    import signal
    import subprocess
    import sys

    rows = "".join(f"县{i % 7},学校{i},{i}\r\n" for i in range(600_000))
    path = tmp_path / "utf16.csv"
    path.write_bytes(("区县,学校,国培计划培训人数\r\n" + rows).encode("utf-16"))
    temp = tmp_path / "tmp"
    temp.mkdir()
    exe = Path(sys.executable).with_name("plan-check")
    proc = subprocess.Popen(
        [str(exe), "validate", str(path), "-q"],
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while not list(temp.glob("plan-check-*/*")) and time.monotonic() < deadline:
        time.sleep(0.02)  # until the copy is being written
    assert list(temp.glob("plan-check-*/*")), "the conversion was not seen"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode != 0 and b"Traceback" not in err
    assert list(temp.iterdir()) == []


# ---- files named by fsspec URLs ----------------------------------------------------------


@pytest.mark.slow
def test_a_file_named_by_url_reads_like_its_path_here_and_on_a_cluster() -> None:
    pytest.importorskip("fsspec")
    sample = SAMPLES / "city-2023-mixed.csv"
    url = sample.resolve().as_uri()  # file:///…: the filesystem fsspec always has
    by_path = run("validate", sample, "-f", "json")
    by_url = run("validate", url, "-f", "json")
    assert by_url.json()["results"] == by_path.json()["results"]
    assert by_url.json()["files"][0]["path"] == url
    _dask_ready()
    there = run("validate", url, "-f", "json", "--dask", "local:2")
    assert (there.exit_code, there.stdout) == (by_url.exit_code, by_url.stdout)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("file:///no/such/folder/2023.csv", "file not found: file:///no/such"),
        ("file:///no/such/folder/2023.xlsx", "a workbook is read from a local path only"),
        ("nosuchscheme://bucket/2023.csv", "cannot read nosuchscheme://bucket/2023.csv"),
    ],
)
def test_a_url_that_cannot_be_read_exits_2_with_its_reason(url: str, says: str) -> None:
    pytest.importorskip("fsspec")
    out = run("validate", url, "--lang", "en")
    assert out.exit_code == 2 and says in out.stderr and "Traceback" not in out.stderr


# ---- a file that changes, a cluster that loses its workers -------------------------------


@pytest.mark.slow
def test_a_block_of_a_file_changed_since_the_first_pass_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bytes a block reads are checked against the first pass (size and CRC-32): a
    file rewritten during the check, or another file at the same path on a worker."""
    from plan_check.input.partial import ReadSpec
    from plan_check.input.text import Failure, Task, run_task
    from plan_check.targets import load_plan

    monkeypatch.chdir(tmp_path)
    csv_file(tmp_path, "区县,国培计划培训人数\n青山县,100\n白水县,200\n", name="s.csv")
    indexed = index_text(Path("s.csv"), "s.csv")
    [block] = indexed.blocks
    assert block.path == str(tmp_path / "s.csv")  # absolute: a worker elsewhere finds it
    reading = ReadSpec(tuple(load_plan(None).metrics))
    assert not isinstance(run_task(Task(indexed, block, reading)), Failure)
    csv_file(tmp_path, "区县,国培计划培训人数\n青山县,900\n白水县,200\n", name="s.csv")
    changed = run_task(Task(indexed, block, reading))
    assert isinstance(changed, Failure) and changed.code == "file_changed"


@pytest.mark.slow
def test_a_cluster_whose_workers_are_gone_ends_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scheduler without workers, at the start or once they have left: exit 2 after a
    while (30 s; 1 s here), never a wait without end."""
    distributed: Any = pytest.importorskip("distributed")
    import plan_check.input.cluster as cluster

    monkeypatch.setattr(cluster, "WORKERS_SECONDS", 1)
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as empty:
        address = empty.scheduler_address
        out = run("validate", SAMPLES / "city-2023-mixed.csv", "--dask", address, "--lang", "en")
        assert out.exit_code == 2 and f"the Dask scheduler {address} has no workers" in out.stderr
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as one:
        connected = cluster.Cluster(one.scheduler_address)
        try:
            one.scale(0)
            deadline = time.monotonic() + 20
            while connected.client.scheduler_info()["workers"] and time.monotonic() < deadline:
                time.sleep(0.1)
            from plan_check.errors import UsageError
            from plan_check.input.partial import ReadSpec
            from plan_check.input.text import Task

            indexed = index_text(SAMPLES / "city-2023-mixed.csv", "mixed")
            task = Task(indexed, indexed.blocks[0], ReadSpec(()))
            with pytest.raises(UsageError) as raised:
                connected.run([task], None)
            assert raised.value.code == "dask_task_failed"
        finally:
            connected.close()
