"""How files are read: every size and limit of the reader in one object (``ReadOptions``),
carried in each block's task, so a cluster worker reads exactly as the client asked.

The report is the same for any size: tests sweep the sizes down to a byte and a line, by
setting ``DEFAULT`` (what a check uses when it is given no options) or by passing their
own options to ``load``.
"""

from __future__ import annotations

from dataclasses import dataclass

BLOCK_BYTES = 8 << 20  # a block: bytes handed to the Arrow engine (or a worker) at a time
# a block's lines at most: its line tables take 48 bytes a line (a file of blank lines is
# all lines)
MAX_BLOCK_LINES = 1 << 19
PIECE = 16 << 20  # bytes read at a time when a file is streamed
SCAN_BYTES = 16 << 20  # bytes of a block scanned at a time for line ends
MAX_PROBLEMS = 20_000  # problems of one file listed one by one; the rest are counted


@dataclass(frozen=True)
class ReadOptions:
    """Where a text file's body is cut into blocks (at the first line end outside quotes
    past ``bytes`` bytes or ``lines`` lines; None: the defaults), how much is read and
    scanned at a time, whether regular blocks go to Arrow's CSV reader (False: every
    block through the csv module), and how many problems a file lists."""

    bytes: int | None = None
    lines: int | None = None
    piece: int = PIECE
    scan: int = SCAN_BYTES
    arrow: bool = True
    max_problems: int = MAX_PROBLEMS

    @property
    def block_bytes(self) -> int:
        return max(self.bytes or BLOCK_BYTES, 1)

    @property
    def block_lines(self) -> int:
        return max(MAX_BLOCK_LINES if self.lines is None else self.lines, 1)


DEFAULT = ReadOptions()
