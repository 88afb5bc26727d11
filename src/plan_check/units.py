"""The list of units that must report (``--units FILE``): one name per line."""

from __future__ import annotations

from pathlib import Path

from plan_check.encoding import decode
from plan_check.errors import DataFileError


def read_units_file(path: Path) -> list[str]:
    """Expected units, one name per line; blank lines and # comments are skipped."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError("file_not_found", path=str(path)) from None
    except OSError as exc:
        raise DataFileError("file_unreadable", path=str(path), reason=exc.strerror) from None
    names = [line.strip() for line in decode(str(path), data, None)[0].splitlines()]
    units = [n for n in names if n and not n.startswith("#")]
    if not units:
        raise DataFileError("units_file_empty", path=str(path))
    return units
