"""One block of a file (or a whole sheet) to per-unit partial sums, chunk by chunk through
two stages: CELLS (``_Block.cells``, of ``columns``: the chunk's text cells → a typed
Arrow batch of the rows to sum, every problem located: file, line or workbook cell,
column, the value as typed) and TOTALS (``totals.totals``: the batch summed per unit by
Arrow's group_by, added to the block's ``Partial``), with the row keys that finding
repeated rows needs. No row is kept.

A row is a unit, one school of a unit (the ``school`` column), or one student (the
student-id column). Blank rows are skipped; a row without a unit name, a 合计 row or a
unit name too long to be a unit is reported and not counted; nothing is dropped in
silence. Sums are exact: counts and amounts (in millionths) as Python integers, and the
rates a county computed in millionths, so blocks add up alike in any order.

A row's keys (``columns.Rows``, ``_Block._keys``): its unit and its second key (the
school, or the student id), each folded to one identity (``identity.key``) and hashed to
64 bits, and what else a key tells: a 小计 row in the school column, a row without a figure
(a blank row of a returned template), a unit's own row or one of its schools' rows. Each
decision is the row's own, so a file reads alike however its blocks are cut. The hash
only narrows the search for repeated rows (``repeats``): rows whose hashes agree are
compared by their text before one is called a repeat, so a collision (chance, or a file
made to collide) costs a second look, never a row.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from plan_check import problems
from plan_check.cells import BLANK
from plan_check.codes import Code
from plan_check.identity import clean_name, fold_column, is_total_row, total_rows
from plan_check.identity import key as header_key
from plan_check.input.columns import (
    MAX_UNIT_CHARS,
    ROW_ACCEPTED,
    Column,
    FileReader,
    Rows,
    check_bounds,
    check_weights,
    collect_dates,
    cross_check_rates,
    disagree,
    header_again,
    is_units_line,
    key_problems,
    mask_of,
    masked,
    read_column,
    unit_problems,
)
from plan_check.input.grid import Chunk, Grid, column_letter
from plan_check.input.partial import (
    KEY_SEPARATOR,
    STUDENT_SEPARATOR,
    Expect,
    Numbers,
    Partial,
    ProblemList,
    ReadSpec,
    merge_side,
)
from plan_check.input.totals import (
    BLANK_SHOWN,
    LINE,
    OWN,
    UNIT,
    column_of,
    note_blank_cells,
    sum_columns,
    totals,
    typed_batch,
    with_conditions,
)

if TYPE_CHECKING:
    import pyarrow as pa

NATIONAL_ID = r"^[gjl][0-9]{17}[0-9x]$"  # 全国学籍号, as folded (lower case)

Progress = Callable[[str, int, int], None]  # (file, lines read, lines in all), as in input


def read_partial(
    grid: Grid,
    reading: ReadSpec,
    *,
    first: bool,
    drop: Numbers = (),
    want: Numbers = (),
    expect: Expect | None = None,
    tick: Progress | None = None,
) -> Partial:
    """Read a block, each chunk through CELLS and TOTALS before the next: memory follows
    one chunk and the units. ``drop``: lines of repeated rows, not summed; ``want``: rows
    (numbered among the block's kept rows, ascending) whose line and key text to hand
    back, or with ``expect`` their line and whether their key is the text expected (the
    text only where it is not)."""
    f = _Block(grid, reading, drop, want, expect)
    if not first:  # the header's own problems are said once, by the first block
        f.listing = ProblemList(reading.options.max_problems)
    part = f.part
    not_read = list(grid.above)  # rows not handed on, in line order
    workers = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2))
    try:
        for chunk in grid.chunks:
            not_read += chunk.problems
            if chunk.problems and not len(chunk):
                continue  # a chunk of problems alone: no row to read
            f.add(totals(f.cells(chunk, first, workers)))  # CELLS, then TOTALS
            first = False
            if tick is not None and len(chunk.lines):
                tick(grid.path, int(chunk.lines[-1]), grid.total_lines)
    finally:
        workers.shutdown(wait=True)
    for rp in not_read:  # each one's unit incomplete; one whose unit cannot be told, any goal
        name = clean_name(rp.row[f.unit_col]) if f.unit_col < len(rp.row) else ""
        unplaced = not name or len(name) > MAX_UNIT_CHARS or "\n" in name
        unplaced &= any(c.strip() for c in rp.row)  # a row of figures, its unit untold
        said = rp.said.with_context(row_metrics=("*",)) if unplaced else rp.said
        f.listing.problem(grid, rp.line, None, rp.value or None, said, ROW_ACCEPTED[rp.code])
        f.unread(name, rp.line)
    f.in_line_order()
    part.seen_rows |= bool(not_read)
    part.problems = f.listing.listed()
    part.unlisted = f.listing.unlisted
    part.keys = np.concatenate(f.keys) if f.keys else np.zeros(0, np.uint64)
    return part


class _Block(FileReader):
    """A block while it is read: its file's columns and problems (``FileReader``), its
    units' sums (``part``) and its rows' keys."""

    def __init__(
        self, grid: Grid, reading: ReadSpec, drop: Numbers, want: Numbers, expect: Expect | None
    ) -> None:
        super().__init__(grid, reading)
        self.reading, self.expect = reading, expect
        self.drop = np.sort(np.asarray(drop, dtype=np.int64))
        self.want = np.sort(np.asarray(want, dtype=np.int64))
        self.unit_index: dict[str, int] = {}
        self.keys: list[npt.NDArray[np.uint64]] = []
        self.kept = 0  # kept rows before this chunk
        self.roster = None if reading.roster is None else frozenset(reading.roster)
        self.roster_keys = sorted(header_key(u) for u in self.roster or ())
        self.city_keys = [header_key(u) for u in reading.city_units]
        self.part = part = Partial(grid.path, unit_col=self.unit_col, date_col=self.date_col)
        part.in_file = with_conditions(set(self.metric_cols), reading.metrics)
        part.sums = {name: [] for name in sum_columns(reading)}

    def cells(self, chunk: Chunk, first: bool, workers: ThreadPoolExecutor) -> pa.Table:
        """CELLS: every metric column read, every row checked (its unit, its key, bounds,
        rates, weights), and the rows to sum as a typed batch (``totals.typed_batch``)."""
        import pyarrow as pa

        part = self.part
        lines = chunk.lines
        ids = list(self.metric_cols)

        def one(m: str) -> Column:
            column = read_column(chunk.columns[self.metric_cols[m]], self.by_id[m])
            for j in self.twin_cols.get(m, ()):  # the same metric again: where it differs
                twin = chunk.columns[j]
                disagree(column, read_column(twin, self.by_id[m]), twin, j)
            return column

        # the unit, school or student columns are read in a worker beside the metric
        # columns (Arrow kernels release the GIL): the identity policy costs no wall time
        keyed = workers.submit(Rows, self, chunk)
        read = dict(zip(ids, workers.map(one, ids), strict=True))
        at = keyed.result()
        at.read, codes, names = read, at.codes, at.names
        figures = np.zeros(len(chunk), dtype=bool)  # a figure, a "/" or a refused one
        for column in read.values():
            figures |= column.states != BLANK
        # rows holding any text (blank rows are skipped); header-less columns holding data
        filled = figures | _present(pa.array(at.raw_names, pa.string()))[codes]  # per name
        for j in set(range(len(self.grid.header))) - {self.unit_col, *self.metric_cols.values()}:
            has_text = at.present if j == at.col else _present(chunk.columns[j])
            filled |= has_text
            if j in self.headless and has_text.any():
                part.headless.add(j)
        if first and len(chunk) and filled[0] and is_units_line(chunk, self):
            filled[0] = False
        filled &= ~header_again(self, at, filled)
        part.seen_rows = part.seen_rows or bool(filled.any())
        keep = filled & ~unit_problems(self, at, filled)
        # a unit's row without a figure (a template's rows left blank): no submission; a
        # school's or student's row left blank is one, with every figure missing
        blank = keep & ~figures & ~at.given
        note_blank(part, at, blank)
        keep &= ~blank
        subtotals, empty_keys = key_problems(self, at, keep)
        keep &= ~(subtotals | empty_keys)
        differ = self._twin_keys(at, filled & ~blank)  # a key column twice, naming two
        keep &= ~differ
        empty_keys |= differ
        for metric_id, column in read.items():
            metric = self.by_id[metric_id]
            for row, err in column.refused:
                if keep[row]:
                    said = err.said().with_context(row_unit=names[codes[row]], row_metric=metric_id)
                    twice = err.code is Code.DUPLICATE_COLUMN_DIFFERS
                    accepted = "accepted_once" if twice else f"accepted_{metric.type}"
                    j, params = self.metric_cols[metric_id], {"unit": metric.unit}
                    self.at_row(chunk, row, j, said, accepted, params)
        if self.date_col is not None:
            collect_dates(self, at, keep, part.dates)
        local = self._units(at, keep)
        for i in np.flatnonzero(empty_keys).tolist():  # its figures are not counted
            self.unread(names[codes[i]], int(lines[i]))
        self._keys(at, keep)
        summed = keep.copy()
        if self.roster is not None:
            on = np.array([u in self.roster for u in names] or [False], dtype=bool)
            summed &= on[codes]
        if len(self.drop):
            summed &= ~np.isin(lines, self.drop)
        check_bounds(self, at, summed)
        cross_check_rates(self, at, keep)
        check_weights(self, at, self.reading.products, summed)
        note_blank_cells(part, self, at, summed)
        rows: Any = slice(None) if summed.all() else np.flatnonzero(summed)
        keys = {"unit": local[rows], "own": ~at.given[rows], "line": lines[rows]}
        return typed_batch(read, rows, keys, self.reading, self.by_id)

    def add(self, result: pa.Table) -> None:
        """TOTALS of a chunk (``totals.totals``: per unit and kind of row) added to the
        block's, unit by unit, as Python integers; the first line of each unit's own rows
        and of its schools' (or students'), and the figures each side gives."""
        part, given = self.part, set(result.column_names)
        units, own = result[UNIT].to_pylist(), result[OWN].to_pylist()
        for name, acc in part.sums.items():
            if name in given:  # else no column in this file: the rows miss the figure
                for u, value in zip(units, column_of(result, name), strict=True):
                    acc[u] += value
        counts = [column_of(result, f"{m}_count") for m in self.metric_cols]
        for g, (u, line) in enumerate(zip(units, column_of(result, f"{LINE}_min"), strict=True)):
            metrics = {m for m, n in zip(self.metric_cols, counts, strict=True) if n[g]}
            merge_side(part.sides, (part.units[u], own[g]), line, metrics)

    def unread(self, name: str, line: int) -> None:
        """A row that could not be read (too wide, a quote never closed): its unit's every
        figure is incomplete, so no goal of that unit passes on the rows that were read."""
        if not name or len(name) > MAX_UNIT_CHARS or "\n" in name or is_total_row(name):
            return  # no unit to charge it to: the row's own problem says so
        if self.roster is not None and name not in self.roster:
            return
        u = self._unit(name, line)  # its first line, whether the block begins at this row
        self.part.rows[u] += 1  # or at a later one; and none of its figures given
        for name, acc in self.part.sums.items():
            if name.endswith(":missing_count"):
                acc[u] += 1

    def in_line_order(self) -> None:
        """Units in the order of their first line (a unit is added when a chunk or a row
        not read first names it, though an earlier line may name it later)."""
        part = self.part
        order = sorted(range(len(part.units)), key=lambda u: part.first_lines[u])
        if order == list(range(len(order))):
            return
        part.units = [part.units[u] for u in order]
        part.first_lines = [part.first_lines[u] for u in order]
        for acc in part.sums.values():
            acc[:] = [acc[u] for u in order]

    def _unit(self, name: str, line: int) -> int:
        """A unit's index among the block's, added if new; its first line the earliest."""
        part = self.part
        u = self.unit_index.setdefault(name, len(part.units))
        if u == len(part.units):
            part.units.append(name)
            part.first_lines.append(line)
            for acc in part.sums.values():
                acc.append(0)
        part.first_lines[u] = min(part.first_lines[u], line)
        return u

    def _twin_keys(self, at: Rows, rows: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        """Of ``rows`` (every row holding a figure, whatever its first key cell holds: a
        合计, a blank, a name too long), those whose unit, school or student id, given
        twice under one name (学校 and 學校, 区县 and 縣區), names another one the second
        time, or one only there: whose row it is cannot be told, so it is said at the
        first cell and not counted, and each unit it names is incomplete. A school cell
        naming no school ("/", the unit's own name) names none in either column; two
        total words (合计, 总计) agree."""
        import pyarrow as pa
        import pyarrow.compute as pc

        chunk, out = at.chunk, np.zeros(len(at.chunk), dtype=bool)
        for first, j in self.key_twins:
            a, b = (at.folded if c == at.col else  # the school or id column: folded once
                    fold_column(pc.utf8_trim_whitespace(pc.fill_null(chunk.columns[c], "")))
                    for c in (first, j))  # fmt: skip
            if first == self.school_col:  # "/" and 青山县 under 学校: the unit's own row
                a, b = (pc.if_else(at.no_school(x), "", x) for x in (a, b))
            totals = total_rows(a) & total_rows(b)
            named = rows & ~totals & mask_of(pc.not_equal(b, ""))
            differ = named & mask_of(pc.not_equal(a, b))
            spelt = header_key(self.grid.header[first]) != header_key(self.grid.header[j])
            units = pa.concat_arrays([a, pa.array(self.roster_keys, pa.string())])
            twin = b.filter(differ)  # the names where the two differ
            a_unit = pc.any(pc.is_in(twin, units)).as_py()  # of the file or the roster
            if first == self.unit_col:  # or a county's name (白水县 where no roster says so)
                a_unit = a_unit or pc.any(pc.match_substring_regex(twin, "[县市区旗]$")).as_py()
            counties = named & ~mask_of(pc.is_in(a, pa.array(self.city_keys, pa.string())))
            if spelt and differ[counties].all() and not a_unit:  # 县区 beside 区县 naming others
                continue  # on every row, none a unit (Qingshan, 青山, a code): another kind
            for i in np.flatnonzero(differ).tolist():
                other = chunk.cell(i, j).strip()
                said = problems.key_column_differs(
                    other=j + 1, letter=column_letter(j + 1), value=other
                )
                self.at_row(chunk, i, first, said, "accepted_one_key_column")
                if first == self.unit_col:
                    self.unread(clean_name(other), int(chunk.lines[i]))
            out |= differ
        return out

    def _units(self, rows: Rows, keep: npt.NDArray[np.bool_]) -> npt.NDArray[np.intp]:
        """Each row's unit as an index into the block's units (-1 for rows not kept),
        each unit with the line of its first kept row."""
        kept = np.flatnonzero(keep)
        present, first = np.unique(rows.codes[kept], return_index=True)
        index = np.full(len(rows.names), -1, dtype=np.intp)
        for code, row in zip(present.tolist(), kept[first].tolist(), strict=True):
            index[code] = self._unit(rows.names[code], int(rows.lines[row]))
        return np.where(keep, index[rows.codes], -1)

    def _keys(self, rows: Rows, keep: npt.NDArray[np.bool_]) -> None:
        """Every kept row's key (unit; unit and school; unit and student id, folded) as a
        64-bit hash with its line: a repeated row is found across blocks and files by the
        hash, and confirmed by the keys' text (``want``), handed back with the cell as
        typed."""
        import pyarrow as pa
        import pyarrow.compute as pc

        kept_lines, head = rows.lines[keep], rows.codes[keep]
        heads = pa.array([*rows.names, ""], type=pa.string())  # "": a national id's unit
        tail: Any = None  # the second key, where given
        shown: Any = None
        separator = STUDENT_SEPARATOR if self.student_col is not None else KEY_SEPARATOR
        if rows.folded is not None:
            mask, given = pa.array(keep), rows.given[keep]  # not given: the unit's own row
            cells, shown = pc.filter(rows.folded, mask), pc.filter(rows.raw, mask)
            tail = masked(cells, pa.array(given))
            if self.student_col is not None:  # a national 学籍号 (G + an id number) is one
                # student wherever written: no unit in its key, another county repeats it
                national = pc.match_substring_regex(tail, NATIONAL_ID)
                head = np.where(mask_of(national), len(rows.names), head)
        keys = hash_strings(heads)[head]  # each unit's name hashed once
        if tail is not None:
            keys = np.where(given, _pair(keys, hash_strings(tail), separator), keys)
        self.keys.append(keys)
        if len(self.want):
            text = pc.take(heads, pa.array(head))  # the keys as text: unit, separator, cell
            if tail is not None:
                text = pc.binary_join_element_wise(text, tail, separator, null_handling="skip")
            self._wanted(text, kept_lines, shown)
        self.kept += len(kept_lines)

    def _wanted(self, text: Any, kept_lines: npt.NDArray[np.int64], shown: Any) -> None:
        """The wanted rows of this chunk (``repeats``): their lines, key texts and cells
        as typed noted on the block's part (dictionary-encoded); the rows guessed to repeat
        (a text its group's first here, the group's first row of all elsewhere) dropped,
        not summed."""
        import pyarrow as pa
        import pyarrow.compute as pc

        part, want, kept = self.part, self.want, self.kept
        lo = int(np.searchsorted(want, kept))
        hi = int(np.searchsorted(want, kept + len(kept_lines)))
        if self.expect is None or lo == hi:
            return
        block_first, first_of_all = self.expect
        if len(part.want_lines) != len(want):  # the block's first chunk with a wanted row
            part.want_lines = np.zeros(len(want), dtype=np.int64)
            part.want_text = np.zeros(len(want), dtype=np.int32)
            part.want_cell = np.zeros(len(want), dtype=np.int32)
        local = pa.array(want[lo:hi] - kept)
        lines = kept_lines[want[lo:hi] - kept]
        cells = pa.nulls(hi - lo, pa.string()) if shown is None else pc.take(shown, local)
        for values, known, codes in (
            (pc.take(text, local), part.want_texts, part.want_text),
            (pc.fill_null(cells, ""), part.want_cells, part.want_cell),
        ):
            encoded = pc.dictionary_encode(values)
            ids = [known.setdefault(str(t), len(known)) for t in encoded.dictionary.to_pylist()]
            codes[lo:hi] = np.asarray(ids, dtype=np.int32)[encoded.indices.to_numpy()]
        part.want_lines[lo:hi] = lines
        if hi == len(want):  # every wanted row met: the texts packed, as Arrow holds them
            part.want_texts = pa.array(list(part.want_texts), pa.string())
            part.want_cells = pa.array(list(part.want_cells), pa.string())
        same = part.want_text[lo:hi] == part.want_text[block_first[lo:hi]]
        guessed = np.asarray(lines[same & ~first_of_all[lo:hi]], dtype=np.int64)
        self.drop = np.concatenate((self.drop, guessed))  # the rows taken for repeats


def _present(column: Any) -> npt.NDArray[np.bool_]:
    """Cells holding any text besides spaces."""
    import pyarrow.compute as pc

    length = pc.utf8_length(pc.utf8_trim_whitespace(column))
    return np.asarray(pc.fill_null(pc.greater(length, 0), False).to_numpy(zero_copy_only=False))


def note_blank(part: Partial, at: Rows, blank: npt.NDArray[np.bool_]) -> None:
    """Rows that name a unit but hold no figure: counted, the first few kept by line."""
    lines, names, codes = at.lines, at.names, at.codes
    rows = np.flatnonzero(blank)
    if not len(rows):
        return
    part.blank_rows += len(rows)
    present, first = np.unique(codes[rows], return_index=True)
    for code, i in zip(present.tolist(), rows[first].tolist(), strict=True):
        name, line = names[code], int(lines[i])
        part.blank_units[name] = min(part.blank_units.get(name, line), line)
    shown = [(int(lines[i]), names[codes[i]]) for i in rows[:BLANK_SHOWN].tolist()]
    part.blank_first = sorted(part.blank_first + shown)[:BLANK_SHOWN]


# ---- 64-bit hashes of the keys -----------------------------------------------------------


LONG = 64  # keys longer than this many bytes are hashed one by one, by hashlib
_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd: a word's bits spread up the hash
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def hash_strings(array: Any) -> npt.NDArray[np.uint64]:
    """One hash per string, over its UTF-8 bytes eight at a time (one 64-bit word read at
    each string's offset, the bytes past its end masked off), mixed word by word, its
    length mixed in, then the SplitMix64 finaliser: a few vector passes for all strings
    still that long."""
    import pyarrow as pa

    n = len(array)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    if array.type != pa.large_string():
        array = array.cast(pa.large_string())
    _, offsets_buf, data_buf = array.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[array.offset : array.offset + n + 1]
    raw = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    starts = offsets[:-1]
    lengths = np.diff(offsets)
    h = np.zeros(n, dtype=np.uint64)
    long = np.flatnonzero(lengths > LONG)
    for i in long.tolist():  # a few long keys (a school's whole address): hashed whole
        piece = raw[int(starts[i]) : int(starts[i] + lengths[i])].tobytes()
        h[i] = int.from_bytes(hashlib.blake2b(piece, digest_size=8).digest(), "little")
    # a word at every byte offset: the bytes padded with eight zeros past the end
    padded = np.zeros(len(raw) + 8, dtype=np.uint8)
    padded[: len(raw)] = raw
    words = np.ndarray((len(raw) + 1,), dtype="<u8", buffer=padded, strides=(1,))
    with np.errstate(over="ignore"):
        active = np.flatnonzero((lengths > 0) & (lengths <= LONG))
        k = 0
        while len(active):
            left = lengths[active] - k
            word = words[starts[active] + k]
            short = left < 8
            if short.any():  # the string's last bytes: the rest of the word masked off
                bits = (left[short] * 8).astype(np.uint64)
                word[short] &= (np.uint64(1) << bits) - np.uint64(1)
            mixed = (h[active] ^ word) * _BASE
            h[active] = mixed ^ (mixed >> np.uint64(29))
            k += 8
            active = active[left > 8]
        h ^= lengths.astype(np.uint64) * _M2
        h ^= h >> np.uint64(30)
        h *= _M1
        h ^= h >> np.uint64(27)
        h *= _M2
        h ^= h >> np.uint64(31)
    return h


def _pair(first: Any, second: Any, separator: str) -> npt.NDArray[np.uint64]:
    """The hash of a key of two parts (a unit's name, then a school or student id) from
    theirs: equal keys, equal hashes (no name or folded id holds a separator)."""
    with np.errstate(over="ignore"):
        h = (first ^ np.uint64(ord(separator))) * _BASE ^ second
        h ^= h >> np.uint64(31)
        h *= _M1
        out: npt.NDArray[np.uint64] = h ^ (h >> np.uint64(29))
    return out
