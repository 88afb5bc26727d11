"""A reader that stops early (``plan-check rules | head``) ends the output quietly: no
internal error, no traceback, nothing on stderr."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLES


@pytest.mark.slow
def test_a_closed_pipe_ends_the_output_quietly() -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line is written
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "plan_check",
                "validate",
                str(SAMPLES / "city-2023-mixed.csv"),
                "-f",
                "json",
            ],
            stdout=write,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "120"},
            timeout=60,
        )
    finally:
        os.close(write)
    assert done.returncode == 2
    assert done.stderr == b"", done.stderr.decode("utf-8", "replace")
