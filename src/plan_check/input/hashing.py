"""64-bit hashes of many short strings at once (row keys: a unit and its school or
student id), computed over an Arrow string array's bytes with numpy, no Python per row.

The hash only narrows the search for repeated rows: rows whose hashes agree are compared
by their text before one is called a repeat, so a collision (chance, or a file made to
collide) costs a second look, never a row.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import numpy.typing as npt

LONG = 64  # keys longer than this many bytes are hashed one by one, by hashlib
_BASE = np.uint64(0x100000001B3)  # FNV's 64-bit prime: odd, bytes spread over the word
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def hash_strings(array: Any) -> npt.NDArray[np.uint64]:
    """One hash per string: h = h·B + byte over its UTF-8 bytes modulo 2**64, one byte
    position at a time for all strings still that long (the work is the bytes), its
    length mixed in, then the SplitMix64 finaliser."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    n = len(array)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    if array.type != pa.large_string():
        array = array.cast(pa.large_string())
    _, offsets_buf, data_buf = array.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[array.offset : array.offset + n + 1]
    data = (
        np.frombuffer(data_buf, dtype=np.uint8)
        if data_buf is not None
        else np.zeros(1, dtype=np.uint8)
    )
    starts = offsets[:-1]
    lengths = np.diff(offsets)
    h = np.zeros(n, dtype=np.uint64)
    long = np.flatnonzero(lengths > LONG)
    for i in long.tolist():  # a few long keys (a school's whole address): hashed whole
        piece = data[int(starts[i]) : int(starts[i] + lengths[i])].tobytes()
        h[i] = int.from_bytes(hashlib.blake2b(piece, digest_size=8).digest(), "little")
    with np.errstate(over="ignore"):
        active = np.flatnonzero((lengths > 0) & (lengths <= LONG))
        i = 0
        while len(active):
            h[active] = h[active] * _BASE + data[starts[active] + i]
            i += 1
            active = active[lengths[active] > i]
        h ^= lengths.astype(np.uint64) * _M2
        h ^= h >> np.uint64(30)
        h *= _M1
        h ^= h >> np.uint64(27)
        h *= _M2
        h ^= h >> np.uint64(31)
    return h
