"""With a history: the HTML report's charts (inline SVG, text kept as text, no script,
shapes and dashes for greyscale), the table without matplotlib, the terminal sparkline,
and a start-up that stays light."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES, run
from test_architecture import _run

MONTHS = [SAMPLES / f"city-2023-mid-year{m}.csv" for m in ("", "-07", "-08")]
QUOTAS = SAMPLES / "allocations-2023.csv"


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("charts") / "history.sqlite"
    for month in MONTHS:
        assert (
            run("validate", month, "--allocations", QUOTAS, "--history", path, "-q").exit_code == 0
        )
    return path


def august_html(history: Path, tmp_path: Path, lang: str = "zh") -> str:
    out = tmp_path / "august.html"
    done = run(
        "validate",
        MONTHS[2],
        "--allocations",
        QUOTAS,
        "--history",
        history,
        "-o",
        out,
        "-q",
        "--lang",
        lang,
    )
    assert done.exit_code == 0, done
    return out.read_text(encoding="utf-8")


def figures(html: str) -> list[str]:
    return re.findall(r"<figure>.*?</figure>", html, flags=re.S)


@pytest.mark.slow
def test_each_paced_goal_is_charted_with_its_points_as_text(history: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    html = august_html(history, tmp_path)
    charts = figures(html)
    # five paced goals (国培, 省培, 双提升, 数字校园, 智慧校园) and the overview's trend
    assert len(charts) == 6
    assert "<script" not in html.lower() and "<image" not in html
    guopei = charts[0]
    assert "国培计划" in guopei
    # the three points are labelled with their figures, as text the reader's fonts print:
    # 1,520 (June), 1,840 (July), 2,100 (August)
    labels = re.findall(r"<text[^>]*>\s*([^<]+?)\s*</text>", guopei)
    assert {"1,520", "1,840", "2,100"} <= set(labels)
    assert {"1月", "7月", "11月"} <= set(labels)  # the months, in Chinese, as text
    assert "<path" in guopei and "stroke-dasharray" in guopei  # 序时进度: a dashed line
    trend = charts[-1]
    assert "预警走势" in trend
    # three alert lines: solid, dashed and dotted, so greyscale keeps them apart
    assert len(set(re.findall(r"stroke-dasharray: ([\d.,\s]+)", trend))) == 2


@pytest.mark.slow
def test_the_charts_are_reproducible_and_in_english_too(history: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    first = august_html(history, tmp_path, "en")
    assert first == august_html(history, tmp_path, "en")  # ids salted, no date inside
    labels = set(re.findall(r"<text[^>]*>\s*([^<]+?)\s*</text>", first))
    assert {"Jan", "Jul"} <= labels and "Progress over the year" in first


def test_without_matplotlib_the_series_are_a_table(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib fails
    html = august_html(history, tmp_path)
    assert "<svg" not in html
    assert "pip install &#x27;plan-check[charts]&#x27;" in html  # quotes escaped
    charts = html[html.index('<section class="charts">') :]
    row = next(r for r in charts.split("<tr>") if "国培计划" in r)
    # 国培 in June, July and August, each with its alert's shape (● on pace)
    assert re.findall(r"([\d,]+人) ●", row) == ["1,520人", "1,840人", "2,100人"]


def test_a_report_without_history_has_no_charts(tmp_path: Path) -> None:
    out = tmp_path / "june.html"
    run("validate", MONTHS[0], "-o", out, "-q")
    html = out.read_text(encoding="utf-8")
    assert 'class="charts"' not in html and "section.charts" not in html


def test_the_terminal_shows_a_sparkline_beside_each_goal(history: Path) -> None:
    out = run(
        "validate",
        MONTHS[2],
        "--allocations",
        QUOTAS,
        "--history",
        history,
        env={"COLUMNS": "200"},
    )
    assert "趋势" in out.stdout
    line = next(x for x in out.stdout.splitlines() if "国培计划" in x)
    # 0 to the target 3,000: 1520/3000 × 7 = 3.5 → ▄, 1840 → 4.3 → ▅, 2100 → 4.9 → ▅
    assert "▄▅▅" in line
    demo = next(x for x in out.stdout.splitlines() if "评选市级" in x)
    assert "▁██" in demo  # 否, 是, 是


@pytest.mark.slow
def test_start_up_stays_light() -> None:
    for argv in (["--help"], ["rules"]):
        loaded = _run(argv)
        assert not {m for m in loaded if m.split(".")[0] in ("matplotlib", "sqlite3")}
        assert "plan_check.history.sqlite" not in loaded
    loaded = _run(["validate", str(MONTHS[0]), "-q"])
    assert "matplotlib" not in loaded and "sqlite3" not in loaded
