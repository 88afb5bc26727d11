"""All files of a submission as one table of records.

Across files: a unit in two files of one row per unit, or the same school twice, is a
double submission naming both places; a unit off the roster is named and not counted.
Within a row: a numerator above its own denominator is refused, and a rate a county
computed itself that disagrees with its own figures is a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from plan_check.cells import BAD, BLANK, VALUE
from plan_check.figures import Records
from plan_check.input.columns import exact, scale_of
from plan_check.input.names import look_alike, name_key
from plan_check.input.records import FileRecords

if TYPE_CHECKING:
    from plan_check.dictionary import Dictionary

RATE_TOLERANCE = 0.0005  # 0.05 percentage points: a county's own rate vs its figures


def combine(
    parsed: list[FileRecords], plan: Dictionary, expected_units: list[str] | None
) -> tuple[Records, list[str], dict[str, tuple[str, int]]]:
    """The records of every file, the expected units that sent no row, and the file and
    line of every unit's first row."""
    metrics = [m.id for m in plan.metrics if any(m.id in f.values for f in parsed)]
    index: dict[str, int] = {}  # every unit name of every file
    units = _concat(
        [
            np.array([index.setdefault(u, len(index)) for u in r.unit_names], np.intp)[r.units]
            for r in parsed
        ],
        np.intp,
    )
    names = list(index)
    schools, school_names = _school_codes(parsed)
    which = _concat(
        [np.full(len(r.units), i, dtype=np.intp) for i, r in enumerate(parsed)], np.intp
    )
    lines = _concat([r.lines for r in parsed], np.int64)
    keep = np.ones(len(units), dtype=bool)
    for i, first in _repeated_rows(units, schools):
        rec = parsed[which[i]]
        f, first_file = rec.file, parsed[which[first]].file
        first_line = int(lines[first])
        place = first_file.grid.cell(first_line, first_file.unit_col) or first_line
        unit, school = names[units[i]], school_names(int(schools[i]))
        f.problem(
            int(lines[i]),
            f.unit_col,
            unit,
            "duplicate_school" if school else "duplicate_unit",
            {"unit": unit, "school": school, "first": f"{first_file.grid.path}:{place}"},
            "accepted_one_row",
        )
        keep[i] = False
    expected = list(dict.fromkeys(expected_units)) if expected_units else None
    if expected is not None:
        keep &= _on_roster(parsed, names, units, which, lines, keep, expected)
    else:
        _same_unit_twice(parsed, names, units, which, lines)
    start = 0
    for rec in parsed:  # a numerator above its denominator, row by row
        end = start + len(rec.units)
        check_bounds(rec, plan, keep[start:end])
        cross_check_rates(rec, plan)
        start = end
    kept_units = units[keep]
    if expected is not None:  # the roster's order
        order = expected
        place_of = {u: k for k, u in enumerate(expected)}
        position = np.array([place_of.get(u, -1) for u in names], dtype=np.intp)
    else:  # the order units first appear in: codes were given in that order, and only
        # later rows (repeats) were dropped, so a unit's first row is never among them
        appearing = np.flatnonzero(np.bincount(kept_units, minlength=len(names)))
        order = [names[u] for u in appearing.tolist()]
        position = np.full(len(names), -1, dtype=np.intp)
        position[appearing] = np.arange(len(appearing))
    codes = position[kept_units] if len(kept_units) else np.zeros(0, dtype=np.intp)
    everything = bool(keep.all())

    def column(metric: str, fill: Any, dtype: Any, states: bool) -> Any:
        """One metric over all files (a file without the column did not report it); the
        files' own arrays are released as they are joined, so memory is not doubled."""
        parts = []
        for r in parsed:
            source = r.states if states else r.values
            parts.append(
                source.pop(metric) if metric in source else np.full(len(r.units), fill, dtype)
            )
        joined = parts[0] if len(parts) == 1 else _concat(parts, dtype)
        return joined if everything else joined[keep]

    by_id = {m.id: m for m in plan.metrics}
    values = {
        m: column(m, 0, np.int64 if exact(by_id[m]) else np.float64, states=False) for m in metrics
    }
    states = {m: column(m, BLANK, np.int8, states=True) for m in metrics}
    scale = {m.id: scale_of(m) for m in plan.metrics if exact(m)}
    records = Records(tuple(order), codes, values, states, scale)
    reported = np.bincount(codes, minlength=len(order)) > 0 if len(order) else np.zeros(0, bool)
    missing = [u for i, u in enumerate(order) if not reported[i]]
    first_rows: dict[str, tuple[str, int]] = {}
    if len(units):
        present, first_index = np.unique(units, return_index=True)
        for code, row in zip(present.tolist(), first_index.tolist(), strict=True):
            first_rows[names[code]] = (parsed[which[row]].file.grid.path, int(lines[row]))
    return records, missing, first_rows


def _on_roster(
    parsed: list[FileRecords],
    names: list[str],
    units: npt.NDArray[np.intp],
    which: npt.NDArray[np.intp],
    lines: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    expected: list[str],
) -> npt.NDArray[np.bool_]:
    """Rows of units on the roster; the first row of every other unit is a problem."""
    on_list = np.array([u in expected for u in names], dtype=bool)
    listed = on_list[units] if names else np.zeros(0, dtype=bool)
    off_list = keep & ~listed
    if off_list.any():
        codes_off, first_rows = np.unique(units[off_list], return_index=True)
        for code, row in sorted(
            zip(codes_off.tolist(), np.flatnonzero(off_list)[first_rows].tolist(), strict=True),
            key=lambda x: x[1],
        ):
            name = names[code]
            f = parsed[which[row]].file
            missing = [u for u in expected if u not in names]
            alike = look_alike(name, missing) or look_alike(name, expected)
            f.problem(
                int(lines[row]),
                f.unit_col,
                str(name),
                "unexpected_unit_like" if alike else "unexpected_unit",
                {"unit": str(name), "like": alike or ""},
                "accepted_expected_units",
                {"units": "、".join(expected)},
            )
    return np.asarray(listed)


def _school_codes(parsed: list[FileRecords]) -> tuple[npt.NDArray[np.int64], Any]:
    """Every row's school as a code shared across files (one Arrow hash of all the school
    cells, no Python per row), and a way back from a code to the school's name."""
    if all(r.schools is None for r in parsed):
        return np.zeros(sum(len(r.units) for r in parsed), dtype=np.int64), lambda code: ""
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks: list[Any] = []
    for r in parsed:
        if r.schools is None:
            chunks.append(pa.array([""] * len(r.units), type=pa.string()))
        else:
            chunks.extend(r.schools.chunks)
    joined = pa.concat_arrays(chunks) if chunks else pa.array([], type=pa.string())
    encoded = pc.dictionary_encode(joined)
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    dictionary = encoded.dictionary
    return codes, lambda code: str(dictionary[code].as_py())


def _same_unit_twice(
    parsed: list[FileRecords],
    names: list[str],
    units: npt.NDArray[np.intp],
    which: npt.NDArray[np.intp],
    lines: npt.NDArray[np.int64],
) -> None:
    """Without a roster: two names that differ only in width, 縣/县 or an invisible
    character are one unit written two ways; the later one is pointed out."""
    seen: dict[str, str] = {}
    for code, name in enumerate(names):
        key = name_key(name)
        if key in seen:
            row = int(np.flatnonzero(units == code)[0])
            f = parsed[which[row]].file
            f.problem(
                int(lines[row]),
                f.unit_col,
                name,
                "unit_written_twice",
                {"unit": name, "like": seen[key]},
                "accepted_unit_name",
                severity="warning",
            )
        else:
            seen[key] = name


def _repeated_rows(
    units: npt.NDArray[np.intp], schools: npt.NDArray[np.int64]
) -> list[tuple[int, int]]:
    """(row, first row) for every (unit, school) pair seen before, found with one sort
    of exact integer keys."""
    if not len(units):
        return []
    key = units.astype(np.int64) * (int(schools.max()) + 1) + schools
    order = np.argsort(key, kind="stable")  # equal keys keep file order
    ordered = key[order]
    same = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
    if not len(same):
        return []
    first_of_run = np.maximum.accumulate(
        np.where(np.r_[True, ordered[1:] != ordered[:-1]], np.arange(len(ordered)), 0)
    )
    return sorted((int(order[k]), int(order[first_of_run[k]])) for k in same)


def check_bounds(rec: FileRecords, plan: Dictionary, keep: npt.NDArray[np.bool_]) -> None:
    """A numerator above its own denominator (301 enrolled of 300 willing) on one row."""
    f = rec.file
    for metric in plan.metrics:
        bound = metric.not_above
        if bound is None or metric.id not in rec.values or bound not in rec.values:
            continue
        bound_metric = next(m for m in plan.metrics if m.id == bound)
        num_scale, den_scale = scale_of(metric), scale_of(bound_metric)
        numerators, denominators = rec.values[metric.id], rec.values[bound]
        if num_scale != den_scale:  # compare num/s1 > den/s2 as whole numbers, exactly
            numerators = numerators.astype(object) * den_scale
            denominators = denominators.astype(object) * num_scale
        over = (
            keep
            & (rec.states[metric.id] == VALUE)
            & (rec.states[bound] == VALUE)
            & np.asarray(numerators > denominators, dtype=bool)
        )
        num_header = f.grid.header[f.metric_cols[metric.id]].strip()
        den_header = f.grid.header[f.metric_cols[bound]].strip()
        for i in np.flatnonzero(over):
            school = "" if rec.schools is None else str(rec.schools[int(i)].as_py())
            unit = rec.unit_names[rec.units[i]] + (f" {school}" if school else "")
            value = _plain(rec.values[metric.id][i], num_scale)
            f.problem(
                int(rec.lines[i]),
                f.metric_cols[metric.id],
                value,
                "numerator_above_denominator",
                {
                    "unit": unit,
                    "numerator": num_header,
                    "denominator": den_header,
                    "num_value": value,
                    "den_value": _plain(rec.values[bound][i], den_scale),
                },
                "accepted_not_above",
                {"numerator": num_header, "denominator": den_header},
            )
            rec.states[metric.id][i] = BAD


def cross_check_rates(rec: FileRecords, plan: Dictionary) -> None:
    """A rate the county computed itself that disagrees with its own figures: a warning."""
    for metric in plan.metrics:
        if metric.ratio_of is None or metric.id not in rec.values:
            continue
        num_id, den_id = metric.ratio_of
        if num_id not in rec.values or den_id not in rec.values:
            continue
        by_id = {m.id: m for m in plan.metrics}
        num, den, rate = (
            rec.values[m].astype(np.float64) / scale_of(by_id[m])
            for m in (num_id, den_id, metric.id)
        )
        ok = (
            (rec.states[metric.id] == VALUE)
            & (rec.states[num_id] == VALUE)
            & (rec.states[den_id] == VALUE)
            & (den > 0)
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            off = ok & (np.abs(rate - num / den) > RATE_TOLERANCE)
        headers = rec.file.grid.header
        for i in np.flatnonzero(off):
            rec.file.problem(
                int(rec.lines[i]),
                rec.file.metric_cols[metric.id],
                str(rec.typed[metric.id][int(i)].as_py())
                if metric.id in rec.typed
                else f"{rate[i]:g}",
                "rate_disagrees",
                {
                    "unit": rec.unit_names[rec.units[i]],
                    "rate": f"{rate[i] * 100:.2f}%",
                    "computed": f"{num[i] / den[i] * 100:.2f}%",
                    "numerator": headers[rec.file.metric_cols[num_id]].strip(),
                    "denominator": headers[rec.file.metric_cols[den_id]].strip(),
                },
                "accepted_rate_agrees",
                severity="warning",
            )


def _plain(value: Any, scale: int = 1) -> str:
    """A stored figure as typed: 301, 5200.5 (amounts are kept in millionths)."""
    if isinstance(value, np.integer | int):
        whole, part = divmod(int(value), scale)
        if not part:
            return str(whole)
        return f"{whole}.{part:0{len(str(scale)) - 1}d}".rstrip("0")
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def _concat(parts: list[Any], dtype: Any) -> Any:
    return np.concatenate(parts) if parts else np.array([], dtype=dtype)
