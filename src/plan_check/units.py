"""The list of units that must report (``--units FILE``): one name per line."""

from __future__ import annotations

from pathlib import Path

from plan_check import refusals
from plan_check.input.decoding import decode
from plan_check.input.files import SIDE_FILE_LIMIT, read_bytes


def read_units_file(path: Path) -> list[str]:
    """Expected units, one name per line; blank lines and # comments are skipped."""
    from plan_check.identity import clean_name

    data = read_bytes(path, limit=SIDE_FILE_LIMIT)
    names = [line.strip() for line in decode(str(path), data)[0].splitlines()]
    for number, name in enumerate(names, start=1):
        if name and not clean_name(name):  # a zero-width space or DEL alone: no unit
            raise refusals.units_file_blank_name(path=str(path), line=number)
    units = [n for n in names if n and not n.startswith("#")]
    if not units:
        raise refusals.units_file_empty(path=str(path))
    return units
