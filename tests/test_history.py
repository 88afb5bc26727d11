"""--history FILE: every run kept in an SQLite file, the change since the last earlier run
made as --previous makes it, `plan-check history`, and the store's failure cases."""

from __future__ import annotations

import os
import sqlite3
import threading
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, SAMPLES, Run, run

JUNE = SAMPLES / "city-2023-mid-year.csv"
JULY = SAMPLES / "city-2023-mid-year-07.csv"
AUGUST = SAMPLES / "city-2023-mid-year-08.csv"
QUOTAS = SAMPLES / "allocations-2023.csv"


def check(data: Path, history: Path, *more: str | Path) -> Run:
    return run("validate", data, "--allocations", QUOTAS, "--history", history, *more)


@pytest.fixture(scope="module")
def three_months(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """June, July and August recorded in one history; August's JSON report."""
    history = tmp_path_factory.mktemp("history") / "history.sqlite"
    for month in (JUNE, JULY):
        assert check(month, history, "-q").exit_code == 0
    august = check(AUGUST, history, "-f", "json")
    assert august.exit_code == 0, august
    return history, august.json()


def points(doc: dict[str, Any], goal: str) -> list[dict[str, Any]]:
    [found] = [g for g in doc["history"]["goals"] if g["id"] == goal]
    return list(found["points"])


def test_three_months_every_series_point_and_change_by_hand(
    three_months: tuple[Path, dict[str, Any]],
) -> None:
    _, doc = three_months
    assert doc["history"]["runs"] == ["2023-06-30", "2023-07-31", "2023-08-31"]
    # 国培: June 260+200+290+180+170+130+140+150 = 1,520; July 300+250+330+190+230+200+160
    # +180 = 1,840; August 340+280+370+230+260+230+190+200 = 2,100. Due by then: 3,000 ×
    # 181/365, × 212/365, × 243/365 (days from 1 January through the as-of date)
    guopei = points(doc, "guopei")
    assert [p["actual"] for p in guopei] == [1520, 1840, 2100]
    assert [p["change"] for p in guopei] == [None, 320, 260]
    assert [p["expected"] for p in guopei] == [
        float(Fraction(3000 * 181, 365)),
        float(Fraction(3000 * 212, 365)),
        float(Fraction(3000 * 243, 365)),
    ]
    assert [p["status"] for p in guopei] == ["on_pace"] * 3  # 1,520 ≥ 1,487.7 and so on
    assert [p["alert"] for p in guopei] == ["green"] * 3
    # 省培: 40+30+45+30+25+20+25+25 = 240 < 500 × 181/365 = 247.9; July 290 < 290.4;
    # August 55+40+60+35+40+30+35+35 = 330 < 332.9: behind every month, by less than 30
    # points, so yellow
    shengpei = points(doc, "shengpei")
    assert [p["actual"] for p in shengpei] == [240, 290, 330]
    assert [p["change"] for p in shengpei] == [None, 50, 40]
    assert [(p["status"], p["alert"]) for p in shengpei] == [("behind", "yellow")] * 3
    # 双提升: 39,000, 47,000 and 7,600+6,800+9,200+6,300+6,000+5,200+5,400+8,500 = 55,000
    # of 85,800, due 42,547 / 49,835 / 57,121: behind each month
    dual = points(doc, "dual-upgrade")
    assert [p["actual"] for p in dual] == [39000, 47000, 55000]
    assert [p["change"] for p in dual] == [None, 8000, 8000]
    assert [p["status"] for p in dual] == ["behind"] * 3
    # 数字校园: 8+6+10+5+5+4+4+12 = 54, 62, 11+9+14+7+7+6+6+16 = 76 of 106, due 52.6 /
    # 61.6 / 70.6: on pace; 智慧校园 7, 9, 1+2+3+1+1+0+0+3 = 11 of 12, due 6.0 / 7.0 / 8.0
    assert [p["actual"] for p in points(doc, "digital-campus")] == [54, 62, 76]
    assert [p["change"] for p in points(doc, "digital-campus")] == [None, 8, 14]
    assert [p["actual"] for p in points(doc, "smart-campus")] == [7, 9, 11]
    assert {p["status"] for p in points(doc, "smart-campus")} == {"on_pace"}
    # 示范校: 市直 answered 否 in June, 是 from July; a yes/no has no change figure
    demo = points(doc, "demo-bases")
    assert [(p["actual"], p["status"], p["change"]) for p in demo] == [
        (False, "not_yet", None),
        (True, "pass", None),
        (True, "pass", None),
    ]
    # 新增中职学位 (not paced): 1,100, 1,340, 240+200+280+150+140+130+120+260 = 1,520
    assert [p["actual"] for p in points(doc, "zhongzhi-seats")] == [1100, 1340, 1520]


def test_chart_data_by_hand(three_months: tuple[Path, dict[str, Any]]) -> None:
    """The goals the charts draw carry the 序时进度 line: 0 the day before the year's first
    day, the target on the deadline; the others carry none."""
    _, doc = three_months
    paced = {g["id"]: g["pace"] for g in doc["history"]["goals"] if "pace" in g}
    assert set(paced) == {"guopei", "shengpei", "dual-upgrade", "digital-campus", "smart-campus"}
    assert paced["guopei"] == [
        {"as_of": "2022-12-31", "value": 0},
        {"as_of": "2023-12-31", "value": 3000},
    ]
    assert paced["dual-upgrade"][1] == {"as_of": "2023-12-31", "value": 85800}  # 8.58万
    # the overview's trend: each run's goals by alert. June: 17 met (12, and the five
    # new goals 市直 or every unit already meets: 准入查询 100%, 教师工资, 舆情培训 是, 微课 是,
    # 数据泄露 0) + 3 on pace green; 2 behind (under 30 points) + 14 not yet (13, and 舆情处置
    # 机制 否 before its deadline) + 6 not judged (5, and 暗访暗查 with no last year) yellow;
    # no red. July and August: 市直 revised the mechanism (否→是), so 20 + 3 green and
    # 2 + 11 + 6 yellow
    assert doc["history"]["trend"] == [
        {"as_of": "2023-06-30", "green": 20, "yellow": 22, "red": 0},
        {"as_of": "2023-07-31", "green": 23, "yellow": 19, "red": 0},
        {"as_of": "2023-08-31", "green": 23, "yellow": 19, "red": 0},
    ]


def test_the_change_is_made_as_previous_makes_it(tmp_path: Path) -> None:
    """July with a history holding June says exactly what July with --previous june.json
    says: the same figures, changes, rank changes and warnings."""
    history = tmp_path / "h.sqlite"
    june = tmp_path / "june.json"
    assert check(JUNE, history, "-o", june, "-q").exit_code == 0
    with_history = check(JULY, history, "-f", "json").json()
    with_file = run("validate", JULY, "--allocations", QUOTAS, "--previous", june, "-f", "json")
    by_file = with_file.json()
    assert with_history["previous"]["source"] == str(history)
    for doc in (with_history, by_file):
        del doc["previous"]["source"]
    del with_history["history"]
    assert with_history == by_file
    guopei = next(r for r in by_file["results"] if r["id"] == "guopei")
    assert guopei["previous"]["change"] == 320  # 1,840 − 1,520


@pytest.mark.slow
def test_the_last_earlier_run_is_the_previous_whatever_the_order(tmp_path: Path) -> None:
    """August recorded first, then June, then July: July compares with June (the last run
    dated before it), not with the run recorded last."""
    history = tmp_path / "h.sqlite"
    for month in (AUGUST, JUNE):
        assert check(month, history, "-q").exit_code == 0
    july = check(JULY, history, "-f", "json").json()
    assert july["previous"]["as_of"] == "2023-06-30"
    assert july["history"]["runs"] == ["2023-06-30", "2023-07-31"]  # the year up to July
    first = check(JUNE, history, "-f", "json").json()
    assert first["previous"] is None  # nothing before June


def test_a_run_of_a_date_already_kept_replaces_it_saying_so(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    assert check(JUNE, history, "-q").exit_code == 0
    again = check(JUNE, history, "-f", "json")
    assert again.exit_code == 0  # a warning, not a problem of the data
    [note] = [p for p in again.json()["problems"] if p["code"] == "history_replaced"]
    assert "2023-06-30" in note["message"] and note["severity"] == "warning"
    listed = run("history", history, "-f", "json").json()
    assert [r["as_of"] for r in listed["plans"][0]["runs"]] == ["2023-06-30"]


def test_history_command_lists_runs_and_series(three_months: tuple[Path, dict[str, Any]]) -> None:
    history, _ = three_months
    out = run("history", history, "-f", "json")
    assert out.exit_code == 0, out
    [plan] = out.json()["plans"]
    assert plan["title"] == "市教育局 2023 年工作要点(第 16-28 条)"
    assert [r["as_of"] for r in plan["runs"]] == ["2023-06-30", "2023-07-31", "2023-08-31"]
    # June's summary as its report gave it: 17 met, 3 on pace, 2 behind, 14 not yet, 6
    # skipped (42 goals; the alerts by status in test_chart_data_by_hand)
    assert plan["runs"][0]["summary"] == {
        "pass": 17,
        "on_pace": 3,
        "behind": 2,
        "not_yet": 14,
        "fail": 0,
        "incomplete": 0,
        "skipped": 6,
    }
    guopei = next(g for g in plan["goals"] if g["id"] == "guopei")
    assert [p["actual"] for p in guopei["series"]] == [1520, 1840, 2100]
    table = run("history", history, env={"COLUMNS": "200"})
    assert table.exit_code == 0
    line = next(x for x in table.stdout.splitlines() if " guopei " in x)
    # 1,520 / 1,840 / 2,100 on pace, +260 since July; the sparkline from 0 to the highest
    # (2,100): 1520/2100 × 7 = 5.07 → ▆, 1840/2100 × 7 = 6.13 → ▇, 2100 → █
    assert "1,520人 ↗" in line and "2,100人 ↗" in line and "+260人" in line and "▆▇█" in line


def test_history_goal_by_unit(three_months: tuple[Path, dict[str, Any]]) -> None:
    history, _ = three_months
    doc = run("history", history, "--goal", "guopei", "-f", "json").json()
    [plan] = doc["plans"]
    units = {u["unit"]: u["series"] for u in plan["units"]}
    assert len(units) == 8
    # 青山县: 260 in June, 300 in July, 340 in August (the samples' 国培 column)
    assert [p["actual"] for p in units["青山县"]] == [260, 300, 340]
    assert [p["change"] for p in units["青山县"]] == [None, 40, 40]
    assert [p["status"] for p in units["青山县"]] == ["on_pace"] * 3  # quota 450: due 223/261/300
    wrong = run("history", history, "--goal", "guopie")
    assert wrong.exit_code == 2 and "guopei" in wrong.stderr


def test_two_plans_never_mix(tmp_path: Path) -> None:
    """A targets file with another 国培 target is another plan: its runs are not compared
    with the shipped plan's, and the history lists the two apart."""
    history = tmp_path / "h.sqlite"
    assert check(JUNE, history, "-q").exit_code == 0
    other = tmp_path / "targets.yaml"
    text = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    other.write_text(text.replace("target: 3000", "target: 4000"), encoding="utf-8")
    july = run("validate", JULY, "-t", other, "--history", history, "-f", "json").json()
    assert july["previous"] is None
    assert july["history"]["runs"] == ["2023-07-31"]
    plans = run("history", history, "-f", "json").json()["plans"]
    assert len(plans) == 2 and plans[0]["fingerprint"] != plans[1]["fingerprint"]


def test_figures_are_stored_exactly_as_text(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    assert check(JUNE, history, "-q").exit_code == 0
    with sqlite3.connect(history) as db:
        figures = dict(
            db.execute(
                "SELECT goal, actual FROM goals WHERE goal IN ('guopei', 'vocational-conditions')"
            )
        )
        spent = db.execute(
            "SELECT numerator FROM units WHERE goal = 'fund-execution' AND unit = '青山县'"
        ).fetchone()[0]
    # 国培 1,520; 办学条件 (3+3+4+2+2+1+2+8)/(4+3+5+3+2+2+2+9) = 25/30 = 5/6, no rounding
    assert figures == {"guopei": "1520", "vocational-conditions": "5/6"}
    assert spent == "4680.45"  # 青山县's 项目资金支出数 as the clerk wrote it


def test_history_with_previous_is_refused(tmp_path: Path) -> None:
    june = tmp_path / "june.json"
    run("validate", JUNE, "-o", june, "-q")
    out = check(JULY, tmp_path / "h.sqlite", "--previous", june)
    assert out.exit_code == 2 and "--previous" in out.stderr
    assert not (tmp_path / "h.sqlite").exists()


def test_history_naming_an_input_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_bytes(JUNE.read_bytes())
    out = check(data, data)
    assert out.exit_code == 2
    assert data.read_bytes() == JUNE.read_bytes()


# --- the store's failure cases: a clear message, exit 2, the file as it was ---


def refused(history: Path, words: str) -> None:
    before = history.read_bytes() if history.is_file() else None
    out = check(JUNE, history, "-q")
    assert out.exit_code == 2, out
    assert words in out.stderr, out
    assert "Traceback" not in out.stderr
    if before is not None:
        assert history.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    history = tmp_path / "notes.sqlite"
    history.write_text("区县,国培\n青山县,1\n" * 50, encoding="utf-8")
    refused(history, "不是 SQLite 数据库")


def test_another_applications_database_is_refused_untouched(tmp_path: Path) -> None:
    history = tmp_path / "other.sqlite"
    with sqlite3.connect(history) as db:
        db.execute("CREATE TABLE runs (x)")
    refused(history, "不是 plan-check 的历史文件")


def test_a_history_of_a_newer_format_is_refused_untouched(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    assert check(JUNE, history, "-q").exit_code == 0
    db = sqlite3.connect(history)
    db.execute("PRAGMA user_version = 7")
    db.close()
    refused(history, "更新版本的 plan-check")
    out = run("history", history, "--lang", "en")
    assert out.exit_code == 2 and "newer plan-check (format 7" in out.stderr


@pytest.mark.parametrize("version", [0, -1])
def test_a_history_of_no_format_plan_check_writes_is_refused_untouched(
    tmp_path: Path, version: int
) -> None:
    history = tmp_path / "h.sqlite"
    assert check(JUNE, history, "-q").exit_code == 0
    db = sqlite3.connect(history)
    db.execute(f"PRAGMA user_version = {version}")
    db.close()
    refused(history, "不是 plan-check 的历史文件")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    refused(tmp_path, "不是普通文件")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "h.sqlite"
    os.mkfifo(fifo)
    refused(fifo, "不是普通文件")


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
def test_a_busy_history_ends_in_a_message_and_keeps_what_it_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run holding the write lock past the wait: this run is not recorded, the
    file keeps June, and it is intact."""
    from plan_check.history import sqlite as store

    history = tmp_path / "h.sqlite"
    assert check(JUNE, history, "-q").exit_code == 0
    monkeypatch.setattr(store, "BUSY_TIMEOUT", 0.2)
    other = sqlite3.connect(history, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        out = check(JULY, history, "-q")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert out.exit_code == 2 and "正被另一次核查写入" in out.stderr, out
    with sqlite3.connect(history) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [r[0] for r in db.execute("SELECT as_of FROM runs")] == ["2023-06-30"]


def test_concurrent_runs_on_one_file_take_turns(tmp_path: Path) -> None:
    """Two stores writing one new file at once: both runs are kept, the schema made once."""
    from plan_check.history.runs import goal_infos, plan_key
    from plan_check.history.sqlite import SQLiteHistory
    from plan_check.history.store import GoalFigure, Run
    from plan_check.targets import load_plan

    plan = load_plan(None)
    history = tmp_path / "h.sqlite"
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def record(day: date) -> None:
        try:
            start.wait()
            store = SQLiteHistory(history, timeout=20)
            goals = tuple(GoalFigure(f"g{i}", Fraction(i), "pass", "green") for i in range(200))
            store.record(plan_key(plan), goal_infos(plan), Run(day, "now", goals))
            store.close()
        except BaseException as exc:  # pragma: no cover - shown by the assertion
            errors.append(exc)

    days = [date(2023, m, 28) for m in (3, 4, 5, 6)]
    threads = [threading.Thread(target=record, args=(d,)) for d in days]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    store = SQLiteHistory(history, create=False)
    assert [r.as_of for r in store.runs(plan_key(plan))] == days
    assert all(len(r.goals) == 200 for r in store.runs(plan_key(plan)))
    store.close()


def test_a_failure_while_recording_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plan_check.history import sqlite as store
    from plan_check.history.rows import exact as real

    history = tmp_path / "h.sqlite"
    assert check(JUNE, history, "-q").exit_code == 0
    calls = {"n": 0}

    def failing(value: Any) -> str | None:
        calls["n"] += 1
        if calls["n"] > 40:  # part of July's goals written, then the disk "fails"
            raise sqlite3.OperationalError("disk I/O error")
        return real(value)

    monkeypatch.setattr(store, "exact", failing)
    out = check(JULY, history, "-q")
    assert out.exit_code == 2 and "disk I/O error" in out.stderr
    with sqlite3.connect(history) as db:
        assert [r[0] for r in db.execute("SELECT as_of FROM runs")] == ["2023-06-30"]
        assert db.execute("SELECT count(*) FROM goals").fetchone()[0] == 42  # June's goals


def test_history_command_on_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    history = tmp_path / "none.sqlite"
    out = run("history", history)
    assert out.exit_code == 2 and "不存在" in out.stderr
    assert not history.exists()


def test_history_command_refuses_what_validate_refuses(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00\x01 not a database" * 100)
    out = run("history", junk)
    assert out.exit_code == 2 and "不是 SQLite 数据库" in out.stderr
    assert run("history", tmp_path).exit_code == 2


def test_exact_text_of_figures() -> None:
    from plan_check.history.rows import exact, figure

    cases = {
        Fraction(1520): "1520",
        Fraction(93645, 20): "4682.25",
        Fraction(5, 6): "5/6",
        Fraction(-1, 8): "-0.125",
        Fraction(193, 200): "0.965",
    }
    for value, shown in cases.items():
        assert exact(value) == shown
        assert figure(shown) == value
    assert exact(True) == "true" and figure("false") is False and exact(None) is None


def test_the_august_sample_is_documented() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    assert "city-2023-mid-year-08.csv" in readme


def test_ci_recipes_keep_the_history_and_install_from_the_repository() -> None:
    import yaml

    github = yaml.safe_load((ROOT / "examples/ci/github-actions.yml").read_text("utf-8"))
    job = github["jobs"]["check"]
    assert ".whl" not in job["env"]["PLAN_CHECK_SOURCE"]  # no wheel nothing builds
    assert (
        "git+" in job["env"]["PLAN_CHECK_SOURCE"] and "[charts]" in job["env"]["PLAN_CHECK_SOURCE"]
    )
    runs = [s.get("run", "") for s in job["steps"]]
    assert any("gh run download" in r and "plan-check-history" in r for r in runs)
    assert any("--history history.sqlite" in r for r in runs)
    kept = {s["with"]["name"]: s for s in job["steps"] if "upload-artifact" in s.get("uses", "")}
    assert kept["plan-check-history"]["with"]["path"] == "history.sqlite"
    assert kept["plan-check-history"]["if"] == "always()"  # kept when goals are missed too
    assert "report.html" in kept["plan-check-report"]["with"]["path"]
    assert github["concurrency"]["cancel-in-progress"] is False
    gitlab = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text("utf-8"))["plan-check"]
    assert ".whl" not in gitlab["variables"]["PLAN_CHECK_SOURCE"]
    assert gitlab["cache"]["paths"] == ["history.sqlite"] and gitlab["cache"]["when"] == "always"
    assert {"report.html", "history.sqlite"} <= set(gitlab["artifacts"]["paths"])
    assert any("--history history.sqlite" in line for line in gitlab["script"])


def test_a_run_that_cannot_check_records_nothing(tmp_path: Path) -> None:
    """A check that cannot run (no unit column: exit 2) leaves a history with no run, and
    `history` says so."""
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    history = tmp_path / "h.sqlite"
    assert run("validate", bad, "--history", history).exit_code == 2
    out = run("history", history)
    assert out.exit_code == 0 and "还没有核查记录" in out.stdout
    assert run("history", history, "-f", "json").json()["plans"] == []


def test_the_fingerprint_is_of_the_plan_not_of_its_layout(tmp_path: Path) -> None:
    """Comments and layout do not make another plan; a changed target does."""
    from plan_check.history.runs import plan_key
    from plan_check.targets import load_plan

    text = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    commented = tmp_path / "commented.yaml"
    commented.write_text(text + "\n# reviewed in July\n\n", encoding="utf-8")
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace("target: 3000", "target: 3100"), encoding="utf-8")
    shipped = plan_key(load_plan(ROOT / "targets.yaml"))
    assert plan_key(load_plan(commented)) == shipped
    assert plan_key(load_plan(changed)).fingerprint != shipped.fingerprint
