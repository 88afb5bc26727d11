"""The printed HTML report follows the 通报's rules: a title and 期数, the month in a bureau's
words (the same sentences as the Word draft), the 全市合计 row in the 一览表, a unit that
sent nothing said once, and file paths, the generation time, the packaged targets file
and goal ids only in the technical footer."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from conftest import ROOT, SAMPLES, run
from plan_check.targets import load_plan

FIXED_TIME = {"SOURCE_DATE_EPOCH": "1703980800"}
JUNE = SAMPLES / "city-2023-mid-year.csv"
JULY = SAMPLES / "city-2023-mid-year-07.csv"
ALLOCATIONS = SAMPLES / "allocations-2023.csv"
UNITS = SAMPLES / "units.txt"
IDS = [r.id for r in load_plan(ROOT / "targets.yaml").rules]


def july_page(tmp_path: Path, *extra: str | Path) -> str:
    june = tmp_path / "june.json"
    run("validate", JUNE, "--allocations", ALLOCATIONS, "-o", june, "-q")
    page = tmp_path / "july.html"
    run(
        "validate", JULY.resolve(), "--allocations", ALLOCATIONS.resolve(), "--previous", june,
        "-o", page, "-q", *extra, env=FIXED_TIME,
    )  # fmt: skip
    return page.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def july_issue(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The July page, 第 7 期, and its Word draft beside it: read by several tests."""
    folder = tmp_path_factory.mktemp("july")
    return july_page(folder, "--issue-number", "第 7 期", "-o", folder / "t.docx"), folder


def body_and_footer(page: str) -> tuple[str, str]:
    body, footer = page.split("<footer>")
    return html.unescape(body.split("<body>")[1]), html.unescape(footer)


def test_paths_time_and_ids_only_in_the_technical_footer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()  # a repository without targets.yaml: the packaged one
    monkeypatch.chdir(tmp_path)
    body, footer = body_and_footer(july_page(tmp_path))
    for word in ("<plan_check>/targets.yaml", "city-2023-mid-year-07.csv", "june.json"):
        assert word not in body and word in footer, word
    assert "生成时间" not in body and "生成时间:2023-12-31 00:00" in footer
    assert str(tmp_path) not in body
    ids = [i for i in IDS if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", body)]
    assert ids == []


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
def test_a_title_and_an_issue_number(july_issue: tuple[str, Path]) -> None:
    page, _ = july_issue
    assert '<p class="issue">第 7 期</p>' in page
    assert "<h1>市教育局 2023 年工作要点(第 16-28 条)落实情况通报</h1>" in page


def test_the_summary_is_the_word_drafts(july_issue: tuple[str, Path]) -> None:
    page, tmp_path = july_issue
    lead = page.split('<section class="lead">')[1].split("</section>")[0]
    sentences = [html.unescape(x) for x in re.findall(r"<p>(.*?)</p>", lead)]
    full_width = str.maketrans("，：；（）", ",:;()")  # the Word draft's marks, in ASCII
    words = [p.text.translate(full_width) for p in Document(str(tmp_path / "t.docx")).paragraphs]
    assert sentences and all(s in words for s in sentences)
    # 42 goals: 20 met (14, and the six new ones July meets: 准入查询, 教师工资, 舆情机制,
    # 舆情培训, 微课, 数据泄露), 3 on pace, 2 behind, 11 open, 6 skipped (5, and 暗访暗查
    # with no last year)
    assert sentences[0] == (
        "截至2023年7月31日(全年序时进度 58.08%),42 项目标中达标 20 项,进度正常 3 项,"
        "滞后 2 项,尚未达标 11 项,未判定 6 项。"
    )


def test_the_overview_has_a_total_row_with_each_goals_own_figure(
    july_issue: tuple[str, Path],
) -> None:
    page, _ = july_issue
    totals = re.findall(r'<tr class="total"><th>全市合计</th>(.*?)</tr>', page)
    assert len(totals) == 2  # one per figures table
    heads = re.findall(r"<tr>((?:<th class=\"num[^\"]*\">[^<]*</th>)+)</tr></thead>", page)
    shown: dict[str, str] = {}
    for head, total in zip(heads, totals, strict=True):
        names = re.findall(r">([^<]+)</th>", head)
        cells = re.findall(r'<td class="num[^"]*">([^<]*)', total)
        shown |= dict(zip(names, (c.strip() for c in cells), strict=True))
    # by hand: 国培 300+250+330+190+230+200+160+180 = 1,840; 数字校园 9+7+12+5+6+4+5+14 = 62;
    # 巩固率 Σ graduating / Σ entry as the goal shows it (96.89%)
    assert shown["国培(人)"] == "1,840" and shown["数字校园(所)"] == "62"
    assert shown["巩固率(%)"] == "96.89" and shown["强师试点县"] == "0 个县"


def test_a_unit_that_sent_nothing_is_said_once(tmp_path: Path) -> None:
    """Before: 松林县 缺数据 under 16 goals, two printed pages of the same line."""
    data = tmp_path / "seven.csv"
    lines = JULY.read_text(encoding="utf-8").splitlines(keepends=True)
    data.write_text("".join(x for x in lines if "松林县" not in x), encoding="utf-8")
    page = run("validate", data, "--units", UNITS, "-f", "html").stdout
    units = page.split('<section class="units">')[1].split("</section>")[0]
    assert units.count("松林县") == 1
    # 18: the 16 of before and the three every unit reports (准入查询, 教师工资, 数据泄露),
    # less 智慧校园, which the other units' 9 already keep on pace (7 due)
    assert '<p class="absent">松林县未报送数据,以下 18 项目标因此数据不全:' in units
    lead = page.split('<section class="lead">')[1].split("</section>")[0]
    assert "松林县未报送数据,各项目标均缺其数据。" in lead


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed")
def test_chromium_prints_the_report_on_a4_with_a_landscape_overview(tmp_path: Path) -> None:
    july_page(tmp_path)
    pdf = tmp_path / "july.pdf"
    subprocess.run(
        [str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", (tmp_path / "july.html").as_uri()],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    sizes = re.findall(r"size:\s+([\d.]+) x ([\d.]+)", info)
    assert 3 <= pages <= 6, pages
    assert any(float(w) > float(h) for w, h in sizes)  # the 一览表's landscape page
