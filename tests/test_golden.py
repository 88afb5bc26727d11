"""Renderings byte for byte at a fixed width with colour off (pytest --update-golden). The
JSON report has no golden file: test_report_schema.py validates it and checks its figures."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import ROOT, SAMPLES, run


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize(
    ("sample", "lang", "fmt", "golden_name"),
    [
        ("city-2023-mixed.csv", "zh", "table", "mixed.zh.txt"),
        ("city-2023-mixed.csv", "en", "table", "mixed.en.txt"),
        ("city-2023-all-met.csv", "zh", "table", "all-met.zh.txt"),
        ("city-2023-messy.csv", "zh", "table", "messy.zh.txt"),
        ("city-2023-mid-year.csv", "zh", "table", "mid-year.zh.txt"),
    ],
)
def test_rendering(
    golden: Callable[[str, str], None],
    monkeypatch: pytest.MonkeyPatch,
    sample: str,
    lang: str,
    fmt: str,
    golden_name: str,
) -> None:
    # relative paths, so the rendering does not depend on where the checkout lives
    monkeypatch.chdir(ROOT)
    out = run("validate", (SAMPLES / sample).relative_to(ROOT), "--lang", lang, "-f", fmt)
    golden(golden_name, out.stdout)
