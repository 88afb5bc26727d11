"""The input stage: the submitted files to per-unit totals, and every problem in them.

files (regular files only, folders, never an input overwritten) → text (one read of
bounded memory: encoding, header, blocks cut at line ends outside quotes, each block's
rows as a Grid as it is cut, each row's place) / workbook → columns (cells to figures: Arrow
kernels, the clerk's-habit parser) → records (a block summed per unit, its problems
located, its row keys hashed) → dates (the as-of date most files and sheets carry; those
dated otherwise set aside) → combine (the blocks in order, repeated rows across all of
them, one submission). No row is kept: memory follows a block, the units and the keys.
Blocks are read here (``text.Here``) or on a Dask cluster (``cluster``), alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from plan_check import problems as catalogue
from plan_check import refusals
from plan_check.codes import Code, Said
from plan_check.errors import DataFileError
from plan_check.input.dates import parse_date
from plan_check.input.files import Submission, Url, expand

if TYPE_CHECKING:  # the package itself stays light: rosters and dates need no numpy
    from plan_check.dictionary import Dictionary
    from plan_check.figures import Records
    from plan_check.input.grid import Grid
    from plan_check.input.options import ReadOptions
    from plan_check.input.partial import Partial, ReadSpec, Source
    from plan_check.input.repeats import Job, Read
    from plan_check.input.text import Runner
    from plan_check.input.workbook import Workbooks
    from plan_check.report import FileInfo, Problem

Progress = Callable[[str, int, int], None]  # (file, lines read, lines in all)

__all__ = ["Loaded", "Progress", "Submission", "expand", "load", "parse_date"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
# Errors that stop the whole check even when other files could be read: a path that does
# not exist, or is no file, is a mistake in the command, not in a county's submission.
STOPS_THE_CHECK = frozenset({Code.FILE_NOT_FOUND, Code.FILE_NOT_REGULAR})


@dataclass
class Loaded:
    records: Records
    problems: list[Problem]
    files: list[FileInfo]
    missing_units: list[str] = field(default_factory=list)
    report_dates: dict[str, date] = field(default_factory=dict)  # file -> its 填报日期
    first_rows: dict[str, tuple[str, int]] = field(default_factory=dict)  # unit -> file, line
    as_of: date | None = None  # the 填报日期 the files and sheets agree on
    set_aside: list[str] = field(default_factory=list)  # files or sheets dated otherwise
    blanks: list[Problem] = field(default_factory=list)  # blank cells of the rows summed


def load(
    submission: Submission | list[Path],
    plan: Dictionary,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    expected_units: list[str] | None = None,
    progress: Callable[[Grid], Progress | None] | None = None,
    runner: Runner | None = None,
    year: tuple[date, date] | None = None,
    blocks: ReadOptions | None = None,
) -> Loaded:
    """Read every file block by block (here, or on a cluster with ``runner``; text cut
    into ``blocks``), set aside the files and sheets dated otherwise than the rest
    (``year``: the dates accepted), find the repeated rows across the others, and merge
    their blocks in order."""
    import tempfile

    from plan_check.input import columns, options

    columns.forget()  # the parser's answers of an earlier check (a notebook) not kept on
    from plan_check.input.dates import by_date
    from plan_check.input.partial import ReadSpec
    from plan_check.input.repeats import candidates, repeats
    from plan_check.input.text import Here
    from plan_check.input.totals import blank_cells, combine
    from plan_check.report import FileInfo, Problem

    if not isinstance(submission, Submission):
        submission = Submission(tuple(submission))
    reading = ReadSpec(
        (*plan.metrics, *plan.conditions),
        tuple(plan.products),
        tuple(expected_units) if expected_units else None,
        tuple(plan.city_units),
        blocks if blocks is not None else options.DEFAULT,
    )
    reader = _Reader(reading, runner or Here(), encoding, sheet, progress)
    problems: list[Problem] = [
        Problem.at(catalogue.own_report_skipped(), str(p), severity="warning")
        for p in submission.own_reports
    ]
    unreadable: list[DataFileError] = []
    with tempfile.TemporaryDirectory(prefix="plan-check-") as workdir:
        reader.workdir = workdir
        for path in submission.files:
            # one file that cannot be read is a problem of that file: the others are
            # judged, and its units are missing (named, with a roster); nothing readable
            # at all stops
            try:
                skipped = reader.read(path)
            except DataFileError as exc:
                if exc.code in STOPS_THE_CHECK or len(submission.files) == 1:
                    raise
                unreadable.append(exc)
                line = exc.params.get("line")
                said = catalogue.file_unreadable_skipped(message=exc.said())  # its own reason kept
                problems.append(
                    Problem.at(said, str(path), line if isinstance(line, int) else None)
                )
                continue
            for name, why in skipped:  # a sheet without a unit column is said, not ignored
                severity: Literal["error", "warning"] = (
                    "error" if why.code is Code.SHEET_ROWS_NO_UNIT_COLUMN else "warning"
                )
                problems.append(Problem.at(why, str(path), value=name, severity=severity))
        every = reader.sources
        if not every and unreadable:
            raise unreadable[0]
        dated = by_date(every, year)  # before repeats: a stale copy repeats nothing
        problems.extend(dated.problems)
        sources = reader.sources = [every[s] for s in dated.kept]
        # the blocks holding rows whose hashes met: read again once, and summed without
        # the rows that repeat; once more only after a hash collision
        found_repeats = repeats(candidates(sources), reader.reread)
    records, read_problems, missing, first_rows, dates = combine(sources, reading, found_repeats)
    problems.extend(read_problems)
    files = [
        FileInfo(
            src.path,
            src.encoding,
            sum(len(p.keys) for p in src.partials),  # rows read and kept
            delimiter=src.delimiter,
        )
        for src in sources
    ]
    _in_file_order(problems, every)
    dates = {path: day for path, day in dates.items() if day == dated.as_of}
    return Loaded(
        records, problems, files, missing, dates, first_rows, dated.as_of, dated.set_aside,
        blank_cells(sources),
    )  # fmt: skip


class _Reader:
    """The files of a submission read into sources, and read again where the repeated
    rows ask for it."""

    def __init__(
        self,
        reading: ReadSpec,
        runner: Runner,
        encoding: str | None,
        sheet: str | None,
        progress: Callable[[Grid], Progress | None] | None,
    ) -> None:
        self.reading, self.runner = reading, runner
        self.encoding, self.sheet, self.progress = encoding, sheet, progress
        self.sources: list[Source] = []
        self.books: Workbooks | None = None  # each sheet parsed once, kept for a re-read
        self.workdir: str | None = None

    def read(self, path: Path | Url) -> list[tuple[str, Said]]:
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            if isinstance(path, Url):  # calamine opens paths only
                raise refusals.workbook_url(path=str(path))
            return self._workbook(path)
        self._text(path)
        return []

    def _workbook(self, path: Path) -> list[tuple[str, Said]]:
        from plan_check.input.partial import Source
        from plan_check.input.records import read_partial
        from plan_check.input.workbook import Workbooks

        self.books = self.books or Workbooks()
        sheets = self.books.read(path, str(path), self.sheet)
        added = []
        for k, grid in enumerate(sheets.grids):
            tick = self.progress(grid) if self.progress is not None else None
            part = read_partial(grid, self.reading, first=True, tick=tick)
            if tick is not None:
                tick(grid.path, grid.total_lines, grid.total_lines)
            src = Source(grid.path, grid.encoding, grid.header, grid.header_line, "", True, [None])
            src.partials, src.sheet = [part], (path, k)
            added.append(src)
        self.sources.extend(added)
        return sheets.skipped

    def _text(self, path: Path | Url) -> None:
        from plan_check.input.text import Careful

        bar: list[Progress | None] = []  # one progress bar for the file, read again or not
        try:
            self._text_read(path, False, bar)
        except Careful:  # not UTF-8 after all, or refused: the careful way says why
            self._text_read(path, True, bar)

    def _text_read(self, path: Path | Url, careful: bool, bar: list[Progress | None]) -> None:
        """One pass over a text file: here, each block read from its bytes as it is cut (the
        next one cut meanwhile); on ``--jobs`` or a cluster, from its byte range by a task."""
        from collections import deque
        from dataclasses import replace

        from plan_check.input.grid import Grid
        from plan_check.input.partial import Source
        from plan_check.input.text import Failure, Here, Task, ahead, scan_text

        shown, options, here = str(path), self.reading.options, isinstance(self.runner, Here)
        tf, cuts = scan_text(path, shown, self.encoding, options, self.workdir, keep=here,
                             careful=careful)  # fmt: skip
        grid = Grid(shown, tf.encoding, tf.header, tf.header_line, iter(()), size=tf.size)
        grid.total_lines, grid.delimiter = tf.size, tf.delimiter  # the bar counts bytes
        if not bar:  # made once, before the file's first read
            bar.append(self.progress(grid) if self.progress is not None else None)
        tick, made = bar[0], ahead(cuts, 1)  # the pass, in a thread of its own
        runner: Runner = Here() if here or tf.local_only else self.runner
        partials: list[Partial] = []
        stopped: Partial | Failure | None = None  # a block that failed, or asks to restart
        try:
            if here:
                results = Here().run((Task(tf, c.block, self.reading, cut=c) for c in made), tick)
            else:
                deque(made, maxlen=0)
                results = iter(runner.run([Task(replace(tf, blocks=[]), b, self.reading)
                                           for b in tf.blocks], tick))  # fmt: skip
            for result in results:
                if isinstance(result, Failure) or result.restart:
                    stopped = result
                    break
                partials.append(result)
                _bounded(partials, options.max_problems)
            # the pass goes on to the end: what it refuses is said first, as when it ran
            deque(made, maxlen=0)  # before any block was read
        finally:
            made.close()
        meta, blocks = replace(tf, blocks=[]), list(tf.blocks)
        if isinstance(stopped, Failure):
            stopped.raise_it()
        if stopped is not None:  # cut inside a record: from this block on, record by record
            at = len(partials)
            blocks[at:] = [replace(blocks[at], stop=-1, tail=True, last=True, crc=None)]
            [result] = runner.run([Task(meta, blocks[at], self.reading)], None)
            if isinstance(result, Failure):
                result.raise_it()
            partials.append(result)
        if tick is not None:
            tick(shown, tf.size, tf.size)
        src = Source(shown, tf.encoding, tf.header, tf.header_line, tf.delimiter, False,
                     list(blocks), partials, text=meta)  # fmt: skip
        _bounded(src.partials, options.max_problems)
        self.sources.append(src)

    def reread(self, jobs: Mapping[tuple[int, int], Job]) -> Read:
        """Blocks read again, each with (drop, want, expect), in the place of their first
        reading: summed without the lines dropped, saying of the rows wanted their line
        and key (``records.read_partial``)."""
        from plan_check.input.records import read_partial
        from plan_check.input.text import Failure, Here, Task

        out: Read = {}
        tasks: dict[bool, list[tuple[tuple[int, int], Task]]] = {False: [], True: []}
        for (s, k), (drop, want, expect) in jobs.items():
            src, block = self.sources[s], self.sources[s].blocks[k]
            if src.text is not None and block is not None:  # a block of a text file
                # a source read from a temporary copy (UTF-16) is read again here, never remotely
                task = Task(src.text, block, self.reading, drop, want, expect)
                tasks[src.text.local_only].append(((s, k), task))
            elif src.sheet is not None and self.books is not None:  # a sheet, parsed once
                path, n = src.sheet
                grid = self.books.again(path, str(path), self.sheet, n)
                out[(s, k)] = read_partial(
                    grid, self.reading, first=True, drop=drop, want=want, expect=expect
                )
        for batch, runner in ((tasks[False], self.runner), (tasks[True], Here())):
            results = runner.run([task for _, task in batch], None)
            for (key, _), result in zip(batch, results, strict=True):
                if isinstance(result, Failure):
                    result.raise_it()
                out[key] = result
        for (s, k), part in out.items():
            self.sources[s].partials[k] = part
        for s in {s for s, _ in out}:
            _bounded(self.sources[s].partials, self.reading.options.max_problems)
        return out


def _bounded(partials: list[Partial], limit: int) -> None:
    """A file lists at most ``limit`` problems, in file order: once its earlier blocks
    list that many, a later block's problems are only counted. Done as blocks arrive, so
    a huge file of bad cells holds one block's problems at a time, not every block's."""
    from plan_check.input.partial import tally

    listed = 0
    for part in partials:
        if listed + len(part.problems) > limit:
            keep = max(0, limit - listed)
            for p in part.problems[keep:]:
                tally(part.unlisted, (p.column, p.code, p.severity), 1, p.line)
            part.problems = part.problems[:keep]
        listed += len(part.problems)


def _in_file_order(problems: list[Problem], sources: list[Source]) -> None:
    """Problems file by file, top to bottom and left to right, as a clerk fixes them."""
    file_no = {src.path: n for n, src in enumerate(sources)}
    column_no = {
        (src.path, header.strip()): j
        for src in sources
        for j, header in reversed(list(enumerate(src.header)))
    }
    problems.sort(
        key=lambda p: (
            file_no.get(p.file, -1),
            p.line or 0,
            column_no.get((p.file, p.column or ""), -1),
        )
    )
