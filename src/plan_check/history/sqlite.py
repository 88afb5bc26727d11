"""The history in one SQLite file (the standard library's sqlite3): a file a bureau can
copy and back up.

Every write is one ``BEGIN IMMEDIATE`` transaction, so two runs on one file take turns
(each waits up to ``timeout`` seconds for the other) and a run is kept whole or not at
all. The file says what it is: ``PRAGMA application_id`` marks a plan-check history and
``PRAGMA user_version`` its format; a file of a newer format, another application's
database, a file that is not SQLite, a folder or a FIFO is refused with a message (exit 2)
and left as it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.request import pathname2url

from plan_check import refusals
from plan_check.errors import PlanCheckError
from plan_check.history.rows import FINAL, exact, of_plan, of_run
from plan_check.history.rows import figure as figure  # figures as text and back
from plan_check.history.store import GoalFigure, GoalInfo, PlanKey, Run, UnitFigure

APPLICATION_ID = 0x706C6368  # "plch"
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 30.0  # seconds a run waits for another run writing the same file
GOAL_CHARS = 1000  # a goal's id: a short name in the targets file

SCHEMA = """
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL
);
CREATE TABLE plan_goals (
    plan INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    goal TEXT NOT NULL,
    item INTEGER NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    is_rate INTEGER NOT NULL,
    yes_no INTEGER NOT NULL,
    accrues INTEGER NOT NULL,
    PRIMARY KEY (plan, goal)
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    plan INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    as_of TEXT NOT NULL,
    recorded TEXT NOT NULL,
    UNIQUE (plan, as_of)
);
CREATE TABLE run_units (
    run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    unit TEXT NOT NULL,
    rank INTEGER,
    ranked INTEGER NOT NULL,
    PRIMARY KEY (run, position)
);
CREATE TABLE goals (
    run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    goal TEXT NOT NULL,
    actual TEXT,
    status TEXT NOT NULL,
    alert TEXT,
    target TEXT,
    expected TEXT,
    ranked INTEGER NOT NULL,
    PRIMARY KEY (run, goal)
);
CREATE TABLE units (
    run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    goal TEXT NOT NULL,
    position INTEGER NOT NULL,
    unit TEXT NOT NULL,
    actual TEXT,
    status TEXT,
    alert TEXT,
    state TEXT NOT NULL,
    numerator TEXT,
    denominator TEXT,
    PRIMARY KEY (run, goal, unit)
);
"""
TABLES = {"plans", "plan_goals", "runs", "run_units", "goals", "units"}


class SQLiteHistory:
    """A history file; ``create``: make it when it does not exist (``validate``), else
    refuse a missing file (the ``history`` command only reads)."""

    def __init__(self, path: Path, create: bool = True, timeout: float | None = None) -> None:
        self.source = str(path)
        self.timeout = BUSY_TIMEOUT if timeout is None else timeout
        timeout = self.timeout
        exists = _regular_or_absent(path)
        if not exists and not create:
            raise refusals.history_missing(path=self.source)
        try:
            if create:
                self._db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            else:  # read only: never creates nor changes the file
                url = f"file:{pathname2url(os.path.abspath(path))}?mode=ro"
                self._db = sqlite3.connect(url, uri=True, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise refusals.history_unusable(path=self.source, reason=str(exc)) from None
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._open(create)
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SQLiteHistory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        """One transaction, rolled back on any failure; SQLite's errors become messages."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.OperationalError as exc:
            raise self._error(exc) from None
        except sqlite3.DatabaseError as exc:
            raise refusals.history_not_sqlite(path=self.source, reason=str(exc)) from None
        try:
            yield db
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._error(exc) from None
            raise

    def _error(self, exc: sqlite3.Error) -> PlanCheckError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return refusals.history_busy(path=self.source, seconds=f"{self.timeout:g}")
        if isinstance(exc, sqlite3.DatabaseError) and "not a database" in text:
            return refusals.history_not_sqlite(path=self.source, reason=text)
        return refusals.history_unusable(path=self.source, reason=text)

    def _open(self, create: bool) -> None:
        with self._transaction(write=False) as db:
            kind = self._kind(db)
        if kind == "ours":
            return
        if kind == "empty" and create:
            with self._transaction(write=True) as db:
                if self._kind(db) == "empty":  # another run may have made it meanwhile
                    for statement in SCHEMA.split(";"):
                        db.execute(statement)
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return
        if kind == "empty":
            raise refusals.history_not_ours(path=self.source)

    def _kind(self, db: sqlite3.Connection) -> str:
        """ours, or empty (a new file); anything else is refused here."""
        try:
            app = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            kinds = db.execute("SELECT type, name FROM sqlite_master").fetchall()
        except sqlite3.DatabaseError as exc:
            raise refusals.history_not_sqlite(path=self.source, reason=str(exc)) from None
        tables = {name for kind, name in kinds if kind == "table"}
        if app == 0 and version == 0 and not kinds:
            return "empty"
        if app != APPLICATION_ID:
            raise refusals.history_not_ours(path=self.source)
        if version > SCHEMA_VERSION:
            raise refusals.history_newer(path=self.source, found=version, supported=SCHEMA_VERSION)
        if version < 1:  # plan-check writes format 1 and up, never 0 or below
            raise refusals.history_not_ours(path=self.source)
        if not tables >= TABLES:
            raise refusals.history_not_ours(path=self.source)
        if any(what in ("view", "trigger") for what, _ in kinds):  # none of ours: obeyed
            raise refusals.history_damaged(path=self.source)
        return "ours"

    def record(self, plan: PlanKey, goals: Sequence[GoalInfo], run: Run) -> bool:
        key = run.as_of.isoformat() if run.as_of else FINAL
        with self._transaction(write=True) as db:
            plan_id = self._plan(db, plan, goals)
            old = db.execute(
                "SELECT id FROM runs WHERE plan = ? AND as_of = ?", (plan_id, key)
            ).fetchone()
            if old is not None:
                db.execute("DELETE FROM runs WHERE id = ?", (old[0],))
            run_id = db.execute(
                "INSERT INTO runs (plan, as_of, recorded) VALUES (?, ?, ?)",
                (plan_id, key, run.recorded),
            ).lastrowid
            ranks = dict(run.ranks)
            db.executemany(
                "INSERT INTO run_units VALUES (?, ?, ?, ?, ?)",
                [
                    (run_id, i, u, ranks.get(u), int(u in ranks))
                    for i, u in enumerate(dict.fromkeys([*run.units, *ranks]))
                ],
            )
            db.executemany(
                "INSERT INTO goals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        *(run_id, i, g.goal, exact(g.actual), g.status, g.alert),
                        *(exact(g.target), exact(g.expected), int(g.ranked)),
                    )
                    for i, g in enumerate(run.goals)
                ],
            )
            db.executemany(
                "INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        *(run_id, g.goal, j, u.unit, exact(u.actual), u.status, u.alert, u.state),
                        *(exact(u.numerator), exact(u.denominator)),
                    )
                    for g in run.goals
                    for j, u in enumerate(g.units)
                ],
            )
        return old is not None

    def _plan(self, db: sqlite3.Connection, plan: PlanKey, goals: Sequence[GoalInfo]) -> int:
        row = db.execute("SELECT id FROM plans WHERE fingerprint = ?", (plan.fingerprint,))
        found = row.fetchone()
        if found is not None:
            return int(found[0])
        plan_id = db.execute(
            "INSERT INTO plans (fingerprint, title_zh, title_en) VALUES (?, ?, ?)",
            (plan.fingerprint, plan.title_zh, plan.title_en),
        ).lastrowid
        db.executemany(
            "INSERT INTO plan_goals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    *(plan_id, i, g.id, g.item, g.title_zh, g.title_en),
                    *(int(g.is_rate), int(g.yes_no), int(g.accrues)),
                )
                for i, g in enumerate(goals)
            ],
        )
        assert plan_id is not None
        return plan_id

    def runs(self, plan: PlanKey, units_of: str | None = None) -> list[Run]:
        with self._transaction(write=False) as db:
            row = db.execute("SELECT id FROM plans WHERE fingerprint = ?", (plan.fingerprint,))
            found = row.fetchone()
            if found is None:
                return []
            runs = db.execute(
                "SELECT id, as_of, recorded FROM runs WHERE plan = ? ORDER BY as_of", (found[0],)
            ).fetchall()
            return [self._run(db, i, key, at, units_of) for i, key, at in runs]

    def _run(
        self,
        db: sqlite3.Connection,
        run_id: int,
        key: object,
        recorded: object,
        units_of: str | None = None,
    ) -> Run:
        """One run read back, every value checked (rows.py): a damaged file is refused."""
        source = self.source
        check = of_run(source, "runs", run_id)
        as_of, recorded = check.as_of(key), check.text("recorded", recorded, limit=64)
        check = of_run(source, "units", run_id)
        units: dict[str, list[UnitFigure]] = {}
        which = "" if units_of is None else " AND goal = ?"
        for goal, unit, actual, status, alert, state, num, den in db.execute(
            "SELECT goal, unit, actual, status, alert, state, numerator, denominator "
            f"FROM units WHERE run = ?{which} ORDER BY goal, position",
            (run_id,) if units_of is None else (run_id, units_of),
        ):
            fig = UnitFigure(
                check.text("unit", unit),
                check.figure("actual", actual),
                check.unit_status(status),
                check.alert(alert),
                check.state(state),
                check.fraction("numerator", num),
                check.fraction("denominator", den),
            )
            units.setdefault(check.text("goal", goal, GOAL_CHARS), []).append(fig)
        check = of_run(source, "goals", run_id)
        goals = tuple(
            GoalFigure(
                check.text("goal", g, GOAL_CHARS),
                check.figure("actual", a),
                check.status(s),
                check.alert(al),
                check.figure("target", tg),
                check.fraction("expected", ex),
                tuple(units.get(g, ())),
                check.flag("ranked", ranked),
            )
            for g, a, s, al, tg, ex, ranked in db.execute(
                "SELECT goal, actual, status, alert, target, expected, ranked FROM goals "
                "WHERE run = ? ORDER BY position",
                (run_id,),
            )
        )
        check = of_run(source, "run_units", run_id)
        listed = [
            (check.text("unit", u), check.rank(rank), check.flag("ranked", ranked))
            for u, rank, ranked in db.execute(
                "SELECT unit, rank, ranked FROM run_units WHERE run = ? ORDER BY position",
                (run_id,),
            )
        ]
        return Run(
            as_of,
            recorded,
            goals,
            tuple((u, rank) for u, rank, ranked in listed if ranked),
            tuple(u for u, _, _ in listed),
        )

    def plans(self) -> list[tuple[PlanKey, list[GoalInfo]]]:
        with self._transaction(write=False) as db:
            found = []
            for plan_id, fingerprint, zh, en in db.execute(
                "SELECT id, fingerprint, title_zh, title_en FROM plans WHERE id IN "
                "(SELECT plan FROM runs) ORDER BY id"
            ).fetchall():
                check = of_plan(self.source, "plan_goals", plan_id)
                goals = [
                    GoalInfo(
                        *(check.text("goal", g, GOAL_CHARS), check.item(item)),
                        *(check.text("title_zh", tzh), check.text("title_en", ten)),
                        *(check.flag("is_rate", r), check.flag("yes_no", y)),
                        check.flag("accrues", a),
                    )
                    for g, item, tzh, ten, r, y, a in db.execute(
                        "SELECT goal, item, title_zh, title_en, is_rate, yes_no, accrues "
                        "FROM plan_goals WHERE plan = ? ORDER BY position",
                        (plan_id,),
                    )
                ]
                check = of_plan(self.source, "plans", plan_id)
                key = PlanKey(
                    check.text("fingerprint", fingerprint, 64),
                    check.text("title_zh", zh),
                    check.text("title_en", en),
                )
                found.append((key, goals))
            return found


def _regular_or_absent(path: Path) -> bool:
    """True when ``path`` is a regular file (through a link), False when there is nothing
    there; a folder, a FIFO or a device is refused before SQLite touches it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise refusals.history_unusable(path=str(path), reason=exc.strerror) from None
    if not stat.S_ISREG(info.st_mode):
        raise refusals.history_not_file(path=str(path))
    return True
