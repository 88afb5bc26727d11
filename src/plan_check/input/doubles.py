"""One row per thing, across the whole submission: a unit's own row (no school) beside its
schools' rows for the same figures, in one file or in two, is that unit reported twice;
two city rows (市直 and 市本级) are the city reported twice. Neither is summed as if it
were one submission: the figures concerned are incomplete until the clerk removes one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from plan_check import problems
from plan_check.identity import key

if TYPE_CHECKING:
    from plan_check.codes import Said
    from plan_check.input.partial import ReadSpec, Source

Place = tuple[int, int]  # source, line
# (source, line, unit, what is wrong) of a problem to list
Say = Callable[[int, int, str, "Said"], None]


def double_submissions(
    sources: list[Source], reading: ReadSpec, counted: Iterable[str], say: Say
) -> dict[str, set[str]]:
    """Every unit reported twice over, said at the later place naming the earlier one;
    returns, per unit, the metrics whose figures are therefore incomplete."""
    spoiled: dict[str, set[str]] = {}
    counted = set(counted)
    whole, parts = _places(sources)
    for unit in sorted(set(whole) & set(parts) & counted, key=lambda u: min(whole[u])):
        pairs = [
            (w, p, w_metrics & p_metrics)
            for w, w_metrics in sorted(whole[unit].items())
            for p, p_metrics in sorted(parts[unit].items())
            if w_metrics & p_metrics
        ]
        if not pairs:  # the unit's own row and its schools report different figures: said,
            # so that a figure left blank on either side is seen to be why it is missing
            w, p = min(whole[unit]), min(parts[unit])
            later, earlier = max(w, p), min(w, p)
            said = problems.unit_and_school_rows_apart(unit=unit, **_where(sources, w, p))
            say(*later, unit, said.with_context(first=_place(sources, earlier)))
            continue
        w, p, _ = pairs[0]
        later, earlier = max(w, p), min(w, p)
        said = problems.unit_and_school_rows(unit=unit, **_where(sources, w, p))
        say(*later, unit, said.with_context(first=_place(sources, earlier)))
        spoiled[unit] = set().union(*(shared for _, _, shared in pairs))
    city = {key(u) for u in reading.city_units}
    firsts: dict[str, Place] = {}
    for s, src in enumerate(sources):
        for part in src.partials:
            for unit, line, rows in zip(part.units, part.first_lines, part.rows, strict=True):
                if rows and unit in counted and key(unit) in city:
                    firsts[unit] = min(firsts.get(unit, (s, line)), (s, line))
    if len(firsts) > 1:
        ordered = sorted(firsts, key=lambda u: firsts[u])
        first = ordered[0]
        s, line = firsts[first]
        for unit in ordered[1:]:
            said = problems.city_rows_twice(unit=unit, like=first, first=_place(sources, (s, line)))
            say(*firsts[unit], unit, said)
        every = {m.id for m in reading.metrics}
        for unit in ordered:
            spoiled.setdefault(unit, set()).update(every)
    return spoiled


def _places(
    sources: list[Source],
) -> tuple[dict[str, dict[Place, set[str]]], dict[str, dict[Place, set[str]]]]:
    """Per unit and file: the first own row (and the metrics it and the unit's other own
    rows of that file give), and the first school row (and the metrics they give)."""
    whole: dict[str, dict[Place, set[str]]] = {}
    parts: dict[str, dict[Place, set[str]]] = {}
    for s, src in enumerate(sources):
        mine: dict[str, tuple[int, set[str]]] = {}
        theirs: dict[str, tuple[int, set[str]]] = {}
        for part in src.partials:
            index = {u: k for k, u in enumerate(part.units)}
            for unit, line in part.whole_first.items():
                figures = part.whole_figures.get(unit, {})
                _merge(mine, unit, line, {m for m, n in figures.items() if n})
            for unit, line in part.parts_first.items():
                k, figures = index[unit], part.whole_figures.get(unit, {})
                given = {m for m, n in part.n_value.items() if n[k] > figures.get(m, 0)}
                _merge(theirs, unit, line, given)
        for found, out in ((mine, whole), (theirs, parts)):
            for unit, (line, metrics) in found.items():
                out.setdefault(unit, {})[(s, line)] = metrics
    return whole, parts


def _merge(into: dict[str, tuple[int, set[str]]], unit: str, line: int, metrics: set[str]) -> None:
    had_line, had = into.get(unit, (line, set()))
    into[unit] = (min(had_line, line), had | metrics)


def _place(sources: list[Source], place: Place) -> str:
    src = sources[place[0]]
    return f"{src.path}:{src.place(place[1], src.unit_col())}"


def _where(sources: list[Source], whole: Place, parts: Place) -> dict[str, str]:
    return {"whole": _place(sources, whole), "parts": _place(sources, parts)}
