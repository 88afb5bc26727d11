"""64-bit hashes of many short strings at once (row keys: a unit and its school or
student id), computed over an Arrow string array's bytes with numpy, no Python per row.

The hash only narrows the search for repeated rows: rows whose hashes agree are compared
by their text before one is called a repeat, so a collision (chance, or a file made to
collide) costs a second look, never a row.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

_BASE = np.uint64(0x9E3779B97F4A7C15 | 1)  # odd: invertible modulo 2**64
_INVERSE = np.uint64(pow(int(_BASE), -1, 2**64))
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def hash_strings(array: Any) -> npt.NDArray[np.uint64]:
    """One hash per string: a polynomial over the UTF-8 bytes modulo 2**64 (prefix sums
    and inverse powers), its length mixed in, then the SplitMix64 finaliser."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    n = len(array)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    array = array.cast(pa.large_string()) if array.type != pa.large_string() else array
    _, offsets_buf, data_buf = array.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[array.offset : array.offset + n + 1]
    data = (
        np.frombuffer(data_buf, dtype=np.uint8)
        if data_buf is not None
        else np.zeros(0, dtype=np.uint8)
    )
    start, stop = int(offsets[0]), int(offsets[-1])
    data = data[start:stop]
    offsets = offsets - start
    with np.errstate(over="ignore"):
        powers = np.full(len(data), _BASE, dtype=np.uint64)
        if len(powers):
            powers[0] = 1
        powers = np.cumprod(powers, dtype=np.uint64)
        inverse = np.full(len(data) + 1, _INVERSE, dtype=np.uint64)
        inverse[0] = 1
        inverse = np.cumprod(inverse, dtype=np.uint64)
        prefix = np.zeros(len(data) + 1, dtype=np.uint64)
        np.cumsum(data.astype(np.uint64) * powers, dtype=np.uint64, out=prefix[1:])
        h = (prefix[offsets[1:]] - prefix[offsets[:-1]]) * inverse[offsets[:-1]]
        h ^= np.diff(offsets).astype(np.uint64) * _M2
        h ^= h >> np.uint64(30)
        h *= _M1
        h ^= h >> np.uint64(27)
        h *= _M2
        h ^= h >> np.uint64(31)
    return h
