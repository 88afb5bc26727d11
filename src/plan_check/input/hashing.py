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
_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd: a word's bits spread up the hash
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def hash_strings(array: Any) -> npt.NDArray[np.uint64]:
    """One hash per string, over its UTF-8 bytes eight at a time (one 64-bit word read at
    each string's offset, the bytes past its end masked off), mixed word by word, its
    length mixed in, then the SplitMix64 finaliser: a few vector passes for all strings
    still that long."""
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
