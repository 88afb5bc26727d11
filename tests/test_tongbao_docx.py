"""The 通报 as a Word draft (-o tongbao.docx), opened with python-docx and compared with the
JSON report figure by figure; the targets file's report: block; printing it to PDF.

Expected figures are the JSON report's, or worked out by hand where a comment says so."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Mm

from conftest import ROOT, SAMPLES, csv_file, run
from plan_check.targets import load_plan

JUNE = SAMPLES / "city-2023-mid-year.csv"
JULY = SAMPLES / "city-2023-mid-year-07.csv"
MIXED = SAMPLES / "city-2023-mixed.csv"
ALLOCATIONS = SAMPLES / "allocations-2023.csv"
UNITS = SAMPLES / "units.txt"
PLAN = load_plan(ROOT / "targets.yaml")
IDS = [r.id for r in PLAN.rules]
Drafted = tuple[Any, dict[str, Any]]  # the docx and the JSON report of one check
SHORT = {r.title.zh: (r.short or r.title).zh for r in PLAN.rules}


# the Chinese draft writes its marks full width (，：；（）); compared here with the JSON
# report's words, in ASCII (tests/test_tongbao_review.py checks the marks themselves)
ASCII = str.maketrans("，：；（）", ",:;()")


def paragraphs(doc: Any) -> list[str]:
    return [p.text.translate(ASCII) for p in doc.paragraphs]


def tables(doc: Any) -> list[list[list[str]]]:
    return [
        [[c.text.translate(ASCII) for c in row.cells] for row in table.rows] for table in doc.tables
    ]


def everything(doc: Any) -> str:
    cells = [c for t in tables(doc) for row in t for c in row]
    return "\n".join(paragraphs(doc) + cells)


def number(cell: str) -> float:
    """The figure a cell shows: 1,840人 → 1840, 83.33% → 83.33, 0 个县 → 0."""
    found = re.search(r"-?[\d,]+(\.\d+)?", cell)
    assert found, cell
    return float(found.group(0).replace(",", ""))


def shows(cell: str, value: float) -> bool:
    """Whether a cell shows ``value`` to the decimals it has (10.3年 for 10.3015 years)."""
    shown = re.search(r"-?[\d,]+(\.(\d+))?", cell)
    assert shown, cell
    places = len(shown.group(2) or "")
    return bool(abs(number(cell) - value) <= 0.5 * 10**-places + 1e-9)


@pytest.fixture(scope="module")
def july_zh(tmp_path_factory: pytest.TempPathFactory) -> Drafted:
    """The July sample's 通报, 第 7 期, read once for the tests that only read it."""
    return july(tmp_path_factory.mktemp("july"), "--issue-number", "第 7 期")


def july(tmp_path: Path, *extra: str | Path) -> tuple[Any, dict[str, Any]]:
    """The July sample against June, as a docx and as JSON."""
    june = tmp_path / "june.json"
    run("validate", JUNE, "--allocations", ALLOCATIONS, "-o", june, "-q")
    docx = tmp_path / "tongbao.docx"
    out = run(
        "validate", JULY, "--allocations", ALLOCATIONS, "--previous", june,
        "-o", docx, "-f", "json", *extra,
    )  # fmt: skip
    assert out.exit_code == 0, out
    return Document(str(docx)), out.json()


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
def test_the_goals_table_gives_every_goal_as_the_json_report(
    july_zh: tuple[Any, dict[str, Any]],
) -> None:
    doc, report = july_zh
    [goals] = [t for t in tables(doc) if t[0][0] == "目标"]
    titles = {r["title"] for r in report["results"]}
    rows = {row[0]: row for row in goals[1:] if row[0] in titles}
    assert len(rows) == len(report["results"]) == 42
    sections = [row[0] for row in goals[1:] if row[0] not in titles]  # a band each
    assert sections[0] == "(五) 强化教师队伍建设,全面增强师资力量" and len(sections) == 5
    assert all(len(set(row)) == 1 for row in goals[1:] if row[0] in sections)  # across
    status_words = {"pass": "达标", "on_pace": "进度正常", "behind": "滞后"}
    status_words |= {"not_yet": "尚未", "skipped": "未判定"}
    for r in report["results"]:
        row = rows[r["title"]]
        actual, status = row[1], row[-1]
        assert status_words[r["status"]] in status, (r["id"], status)
        if isinstance(r["actual"], bool):
            assert actual == ("是" if r["actual"] else "否"), r["id"]
        elif r["op"] in (">=", "==", ">") and isinstance(r["target"], float) and r["target"] < 1:
            assert number(actual) == round(r["actual"] * 100, 2), r["id"]  # a rate, in %
        elif "%" in actual:
            assert number(actual) == round(r["actual"] * 100, 2), r["id"]
        else:
            assert shows(actual, r["actual"]), r["id"]
    # 国培 by hand: 1,840 of 3,000; due by now 3,000 × 212/365 = 1,742.47 → 1,743 (rounded
    # up: whole people); 快 3.3 points (1840/3000 − 212/365 = 61.33% − 58.08%); June 1,520
    guopei = rows["“国培计划”3000 名以上"]
    assert guopei[1:4] == ["1,840人", "≥ 3,000人", "1,743人\n快 3.3 个百分点"]
    assert guopei[4] == "+320人" and guopei[5].startswith("进度正常")


def test_the_overview_and_its_total_row_agree_with_the_json_report(
    july_zh: tuple[Any, dict[str, Any]],
) -> None:
    doc, report = july_zh
    results = {r["id"]: r for r in report["results"]}
    heads = {(r.short or r.title).zh: r.id for r in PLAN.rules}
    figures = [t for t in tables(doc) if t[1][0] == "单位"]
    assert figures, "no 一览表"
    compared = 0
    for table in figures:
        head, body, total = table[1], table[2:-1], table[-1]
        assert total[0] == "全市合计"
        for i, shown in enumerate(head[1:], start=1):
            r = results[heads[shown.split("(")[0]]]
            units = {u["unit"]: u for u in r["units"]}
            rate = shown.endswith("(%)")
            for row in body:
                cell = row[i].rstrip(" ●▲■")
                if row[0] not in units:  # 市直 under a goal of the counties
                    assert cell == "", (r["id"], row[0], cell)
                    continue
                u = units[row[0]]
                if u["actual"] is None:
                    assert cell in ("/", "缺数据", ""), (r["id"], row[0], cell)
                elif isinstance(u["actual"], bool):
                    assert cell == ("是" if u["actual"] else "否")
                else:
                    assert shows(cell, u["actual"] * 100 if rate else u["actual"])
                    compared += 1
            assert shows(total[i], r["actual"] * 100 if rate else r["actual"]), total[i]
    assert compared > 100
    # 国培 by hand: the units' cells add up to the total row, 1,840 (300 + 250 + 330 + 190
    # + 230 + 200 + 160 + 180)
    [table] = [t for t in figures if "国培(人)" in t[1]]
    col = table[1].index("国培(人)")
    assert sum(number(row[col]) for row in table[2:-1]) == 1840 == number(table[-1][col])


def test_the_ranking_agrees_with_the_json_report(july_zh: Drafted) -> None:
    doc, report = july_zh
    [ranking] = [t for t in tables(doc) if t[0][0] == "排名"]
    shown = [(row[1], row[0], row[2]) for row in ranking[1:]]
    want = [
        (s["unit"], str(s["rank"]) if s["rank"] else "不排名", f"{s['met']}/{s['judged']}")
        for s in report["ranking"]
    ]
    assert shown == want
    # 青山县 fell from 2nd to 4th (README's sample table): said in the summary too
    assert "排名下降:青山县(第 2 名→第 4 名)" in "\n".join(paragraphs(doc))


def test_the_summary_says_the_month_in_a_bureaus_words(july_zh: Drafted) -> None:
    doc, report = july_zh
    text = paragraphs(doc)
    s = report["summary"]
    assert text[0] == "第 7 期"
    assert text[2] == "市教育局 2023 年工作要点(第 16-28 条)落实情况通报"
    assert text[3] == "(截至2023年7月31日)"
    # 212 of 365 days: 58.08%
    lead = (
        f"截至2023年7月31日(全年序时进度 58.08%),42 项目标中达标 {s['pass']} 项,"
        f"进度正常 {s['on_pace']} 项,滞后 {s['behind']} 项,尚未达标 {s['not_yet']} 项,"
        f"未判定 {s['skipped']} 项。"
    )
    assert lead in text
    # 省培 290 of 500: 58.00% against 58.08% due, 0.1 behind; 双提升 47,000 of 85,800
    assert "滞后于序时进度的 2 项:省培(慢 0.1 个百分点)、双提升(慢 3.3 个百分点)。" in text
    # each unit is also judged on the three goals every unit reports (准入查询, 教师工资,
    # 数据泄露), which all meet in July: 5/7 + 3 = 8/10, 6/7 + 3 = 9/10
    lowest = "排名靠后的单位:河东区(达标 8/10 项)、松林县(达标 9/10 项)、白水县(达标 9/10 项)。"
    assert lowest in text
    # 示范校 否→是, 意愿就读 298/300 → 300/300, and 市直 revised the opinion mechanism
    assert any(p.startswith("与上期(2023年6月30日)相比:好转 3 项") for p in text)


def test_no_path_id_or_generation_time_in_the_document(july_zh: Drafted) -> None:
    doc, _ = july_zh
    shown = everything(doc)
    for word in ("samples", ".csv", "june.json", "targets.yaml", "<plan_check>", "生成时间"):
        assert word not in shown, word
    assert not [i for i in IDS if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", shown)]


def test_a4_portrait_and_the_overview_on_landscape_pages(
    july_zh: tuple[Any, dict[str, Any]],
) -> None:
    doc, _ = july_zh
    # to the millimetre (Word stores twips)
    sizes = [(round(s.page_width.mm), round(s.page_height.mm)) for s in doc.sections]
    assert sizes == [(210, 297), (297, 210), (210, 297)]
    for section in doc.sections:  # no table wider than its page's text block
        room = section.page_width - section.left_margin - section.right_margin
        assert room > 0
    for table in doc.tables:
        assert sum(c.width for c in table.columns) <= Mm(297 - 30)
    style = doc.styles["Normal"].element.rPr.rFonts
    assert (
        style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋"
    )


def test_a_unit_that_sent_nothing_is_said_once(tmp_path: Path) -> None:
    """松林县 sent nothing: one sentence says so and names the goals left incomplete, never
    a line under each of them (before: 松林县 缺数据 under 16 goals)."""
    data = tmp_path / "seven.csv"
    lines = JULY.read_text(encoding="utf-8").splitlines(keepends=True)
    data.write_text("".join(x for x in lines if "松林县" not in x), encoding="utf-8")
    docx = tmp_path / "t.docx"
    out = run("validate", data, "--units", UNITS, "-o", docx, "-f", "json")
    incomplete = [r["title"] for r in out.json()["results"] if r["status"] == "incomplete"]
    # the 16 goals of 2023's first 35 松林县 reports to, and three every unit reports:
    # 准入查询, 教师工资, 数据泄露; less 智慧校园, which the others' 9 keep on pace (7 due)
    assert len(incomplete) == 18
    text = paragraphs(Document(str(docx)))
    # once in the summary, once (with the goals it leaves incomplete) under 需关注的目标
    said = [p for p in text if "松林县" in p]
    assert said == [
        "松林县未报送数据,各项目标均缺其数据。",
        "松林县未报送数据,以下 18 项目标因此数据不全:"
        + "、".join(SHORT[t] for t in incomplete)
        + "。",
    ]


@pytest.mark.slow
def test_the_report_block_names_issuer_title_number_and_total(tmp_path: Path) -> None:
    shipped = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    targets = tmp_path / "targets.yaml"
    targets.write_text(
        shipped + "\nreport:\n  issuer: 云州市教育局\n  number: 第 9 期\n"
        "  title: {zh: 2023年教育工作要点推进情况通报, en: Work plan progress}\n"
        "  total: {zh: 全市总计, en: All units}\n",
        encoding="utf-8",
    )
    docx, html = tmp_path / "t.docx", tmp_path / "t.html"
    run("validate", MIXED, "-t", targets, "-o", docx, "-o", html, "-q")
    text = paragraphs(Document(str(docx)))
    assert text[:4] == ["云州市教育局", "第 9 期", "", "2023年教育工作要点推进情况通报"]
    assert any(t[-1][0] == "全市总计" for t in tables(Document(str(docx))))
    page = html.read_text(encoding="utf-8")
    assert (
        '<p class="issuer">云州市教育局</p>' in page
        and "<h1>2023年教育工作要点推进情况通报" in page
    )
    assert "<th>全市总计</th>" in page
    # --issue-number wins over the file's number
    run("validate", MIXED, "-t", targets, "-o", docx, "-q", "--issue-number", "第 10 期")
    assert paragraphs(Document(str(docx)))[1] == "第 10 期"
    bad = tmp_path / "bad.yaml"
    bad.write_text(shipped + "\nreport:\n  issue: 9\n", encoding="utf-8")
    refused = run("validate", MIXED, "-t", bad, "-q")
    assert refused.exit_code == 2 and "issue" in refused.stderr


def test_english_with_lang_en(tmp_path: Path) -> None:
    docx = tmp_path / "t.docx"
    run("validate", JULY, "-o", docx, "-q", "--lang", "en")
    doc = Document(str(docx))
    text = paragraphs(doc)
    assert "City Education Bureau 2023 work plan (items 16-28): progress report" in text
    assert "As of 31 July 2023" in text
    assert any(
        p.startswith("As of 31 July 2023 (58.08% of the year gone), of 42 goals") for p in text
    )
    assert any(t[-1][0] == "City total" for t in tables(doc))


def test_the_data_problems_are_an_annex_naming_files_not_folders(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    data = csv_file(folder, "区县,国培计划培训人数\n青山县,18.5\n白水县,=1+2\n", name="qs.csv")
    docx = tmp_path / "t.docx"
    out = run("validate", data, "-o", docx, "-f", "json")
    problems = out.json()["problems"]
    doc = Document(str(docx))
    [annex] = [t for t in tables(doc) if t[0][0] == "文件"]
    assert len(annex) - 1 == len(problems) >= 2
    for row, p in zip(annex[1:], problems, strict=True):
        assert row[0] == "qs.csv" and row[3] == (p["value"] or "")
        assert row[4].endswith(p["message"])
    assert "18.5" in [row[3] for row in annex] and "=1+2" in [row[3] for row in annex]
    assert str(folder) not in everything(doc)
    assert "附件" in paragraphs(doc)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_docx_on_a4(tmp_path: Path) -> None:
    july(tmp_path)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(tmp_path / "tongbao.docx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(tmp_path / "tongbao.pdf")],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    sizes = re.findall(r"size:\s+([\d.]+) x ([\d.]+)", info)
    assert 4 <= pages <= 9, pages
    wide = [i for i, (w, h) in enumerate(sizes) if float(w) > float(h)]
    assert wide and all(abs(float(w) - 841.89) < 1 for w, _ in (sizes[i] for i in wide))


def test_a_unit_whose_cells_were_refused_did_send(tmp_path: Path) -> None:
    """白水县's only figure is refused (=1+2): it sent its file, so it is never 未报送; its
    missing figure is named under the goal (缺数据)."""
    data = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,3000\n白水县,=1+2\n")
    docx = tmp_path / "t.docx"
    run("validate", data, "-o", docx, "-q")
    text = paragraphs(Document(str(docx)))
    assert not [p for p in text if "未报送数据" in p]  # (the ranking's rule names the word)
    assert "涉及单位:白水县 缺数据。" in text  # under 国培, met whatever it holds


def test_text_from_data_is_inert_text_in_the_document(tmp_path: Path) -> None:
    """An escape code and the characters XML cannot hold (U+FFFF) are shown, never obeyed
    nor a crash; a cell that looks like a formula is text."""
    data = tmp_path / "d.csv"
    data.write_text(
        "区县,国培计划培训人数\n青山县,30\uffff0\n白水县,=HYPERLINK(1)\x1b[2J\n", "utf-8"
    )
    docx = tmp_path / "t.docx"
    out = run("validate", data, "-o", docx, "-q")
    assert out.exit_code == 1, out
    shown = everything(Document(str(docx)))
    assert "30\\uffff0" in shown and "=HYPERLINK(1)\\x1b[2J" in shown
    assert "\x1b" not in shown and "\uffff" not in shown
