"""Every output format from the one Report: golden files, and what each reader needs."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, csv_file, run

FIXED_TIME = {"SOURCE_DATE_EPOCH": "1703980800"}  # 2023-12-31 00:00 UTC
MIXED = SAMPLES / "city-2023-mixed.csv"


@pytest.mark.parametrize(
    ("fmt", "golden_name"),
    [
        ("junit", "mixed.junit.xml"),
        ("markdown", "mixed.md"),
        ("html", "mixed.html"),
        ("csv", "mixed.csv"),
    ],
)
def test_golden(
    golden: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch, fmt: str, golden_name: str
) -> None:
    monkeypatch.chdir(ROOT)
    out = run("validate", MIXED.relative_to(ROOT), "-f", fmt, env=FIXED_TIME)
    golden(golden_name, out.stdout)


# --- JUnit -----------------------------------------------------------------------------

# The shape Jenkins' JUnit schema (junit-10.xsd) allows, written out from its structure.
JUNIT_SHAPE = {
    "testsuites": (
        {"name", "time", "tests", "failures", "disabled", "errors", "skipped"},
        {"testsuite"},
    ),
    "testsuite": (
        {
            "name",
            "tests",
            "failures",
            "errors",
            "time",
            "disabled",
            "skipped",
            "timestamp",
            "hostname",
            "id",
            "package",
            "file",
            "log",
            "url",
            "version",
            "group",
        },
        {"properties", "testcase", "system-out", "system-err"},
    ),
    "testcase": (
        {"name", "assertions", "time", "classname", "status", "group", "file", "line"},
        {"skipped", "error", "failure", "system-out", "system-err"},
    ),
    "failure": ({"message", "type"}, set()),
    "skipped": ({"message"}, set()),
    "system-out": (set(), set()),
}
REQUIRED = {"testsuite": {"name", "tests"}, "testcase": {"name"}}


def check_shape(element: ET.Element) -> None:
    attributes, children = JUNIT_SHAPE[element.tag]
    assert set(element.attrib) <= attributes, (element.tag, set(element.attrib) - attributes)
    assert REQUIRED.get(element.tag, set()) <= set(element.attrib), element.tag
    for child in element:
        assert child.tag in children, (element.tag, child.tag)
        check_shape(child)


def test_junit_has_the_jenkins_shape_and_counts_match_the_json_summary() -> None:
    xml = run("validate", MIXED, "-f", "junit").stdout
    root = ET.fromstring(xml)
    check_shape(root)
    summary = run("validate", MIXED, "-f", "json").json()["summary"]
    suites = [s for s in root if not s.findall("testcase[@classname='plan-check.data']")]
    cases = [c for s in suites for c in s.findall("testcase")]
    assert len(cases) == sum(summary.values()) == int(root.get("tests", ""))
    failed = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert len(failed) == summary["fail"] + summary["incomplete"]
    assert len(skipped) == summary["skipped"]
    for suite in suites:  # each suite's own counts add up
        own = suite.findall("testcase")
        assert int(suite.get("tests", "")) == len(own)
        assert int(suite.get("failures", "")) == sum(c.find("failure") is not None for c in own)
        assert int(suite.get("skipped", "")) == sum(c.find("skipped") is not None for c in own)
    shengpei = next(c for c in cases if c.get("name", "").startswith("shengpei:"))
    failure = shengpei.find("failure")
    assert failure is not None and "差 32人" in failure.get("message", "")  # 500 - 468


def test_junit_lists_data_problems_as_failures(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,18.5")
    root = ET.fromstring(run("validate", data, "-f", "junit").stdout)
    check_shape(root)
    data_cases = root.findall(".//testcase[@classname='plan-check.data']")
    assert len(data_cases) == 1
    assert data_cases[0].get("name") == f"{data}:2"
    # The failure's type is the problem's stable code, so CI can group by kind.
    failure = data_cases[0].find("failure")
    assert failure is not None and failure.get("type") == "cell_not_whole"


# --- Markdown --------------------------------------------------------------------------


def test_markdown_escapes_pipes_and_backticks_from_data(tmp_path: Path) -> None:
    data = csv_file(tmp_path, '区县,失学辍学学生数\n"a|b`c",1')
    out = run("validate", data, "-f", "markdown").stdout
    assert "a\\|b\\`c" in out
    assert "a|b" not in out
    table_rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == table_rows[0].count(" | ") for line in table_rows[:7])


# --- HTML ------------------------------------------------------------------------------


class Tags(HTMLParser):
    """Every tag and attribute of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
            self._in_style = False


def test_html_is_self_contained_and_escapes_data(tmp_path: Path) -> None:
    data = csv_file(tmp_path, '区县,失学辍学学生数\n"<script>alert(1)</script>",1\n"<img src=x>",0')
    page = run("validate", data, "-f", "html").stdout
    parsed = Tags()
    parsed.feed(page)
    names = {tag for tag, _ in parsed.tags}
    assert not names & {"script", "img", "link", "iframe", "object", "embed"}
    assert not [a for _, attrs in parsed.tags for a in attrs if a in ("src", "href", "srcset")]
    assert not re.search(r"url\(|@import|https?://", "".join(parsed.styles), re.IGNORECASE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and "@media print" in "".join(parsed.styles)


def test_html_shows_the_summary_and_the_units_behind(tmp_path: Path) -> None:
    page = run("validate", MIXED, "-f", "html", env=FIXED_TIME).stdout
    assert "生成时间:2023-12-31 00:00" in page
    assert "河东区" in page and "298 / 300 = 99.33%" in page  # 298 / 300, by hand


# --- CSV -------------------------------------------------------------------------------


def test_csv_neutralises_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    data = csv_file(tmp_path, '区县,失学辍学学生数\n"=HYPERLINK(""http://x"")",1\n"+1",0\n青山县,0')
    raw = run("validate", data, "-f", "csv").stdout
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"))))
    units = [r[3] for r in rows if r[0] == "dropouts-zero" and r[3]]
    assert units == ['\'=HYPERLINK("http://x")', "'+1", "青山县"]
    city = next(r for r in rows if r[0] == "dropouts-zero" and not r[3])
    assert city[rows[0].index("实际")] == "1"  # a number, written plain
    assert city[rows[0].index("预警")] == "■ 红"


# --- options ---------------------------------------------------------------------------


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
def test_one_run_prints_the_table_and_writes_several_files(tmp_path: Path) -> None:
    outputs = [tmp_path / n for n in ("r.json", "r.xml", "r.md", "r.html", "r.csv", "r.txt")]
    args: list[str | Path] = ["validate", MIXED]
    for path in outputs:
        args += ["--output", path]
    out = run(*args)
    assert out.exit_code == 1 and "达标" in out.stdout
    assert json.loads(outputs[0].read_text(encoding="utf-8"))["summary"]["fail"] == 9
    ET.fromstring(outputs[1].read_text(encoding="utf-8"))
    assert outputs[2].read_text(encoding="utf-8").startswith("# ")
    assert outputs[3].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert outputs[4].read_bytes().startswith(b"\xef\xbb\xbf")
    assert "共 42 项目标" in outputs[5].read_text(encoding="utf-8")


def test_a_text_report_holds_every_problem_without_padding_even_with_q(tmp_path: Path) -> None:
    # 150 cells with a fraction in a count column: the terminal lists the first 100 and
    # -q none, the file all 150; a table padded to 100 columns leaves no trailing blanks.
    rows = "".join(f"青山县,学校{i},{i}.5\n" for i in range(150))
    data = csv_file(tmp_path, "区县,学校,国培计划培训人数\n" + rows)
    report = tmp_path / "report.txt"
    out = run("validate", data, "-q", "--output", report)
    assert out.exit_code == 1 and out.stdout.count("\n") == 1
    written = report.read_text(encoding="utf-8")
    assert all(f"{i}.5" in written for i in range(150))
    assert "数据问题(150 处)" in written
    assert not [line for line in written.splitlines() if line != line.rstrip()]


def test_an_output_with_an_unknown_extension_exits_2(tmp_path: Path) -> None:
    out = run("validate", MIXED, "--output", tmp_path / "report.pdf")
    assert out.exit_code == 2 and "report.pdf" in out.stderr
    assert not (tmp_path / "report.pdf").exists()


def test_quiet_prints_the_summary_line_only() -> None:
    out = run("validate", MIXED, "--quiet")
    assert out.stdout.strip().splitlines() == [
        "共 42 项目标:达标 27 · 未达标 9 · 未判定 6 · 数据问题 0"
    ]


def test_verbose_shows_the_working_of_every_figure() -> None:
    out = run("validate", MIXED, "--verbose", env={"COLUMNS": "300"}).stdout
    # hand-written from the sample: 市直 alone has colleges, so the sum is its own figure
    assert (
        "Σ 初次毕业去向落实人数 / Σ 2023届高校毕业生数 = (17,630) / (21,500)"
        " = 17,630 / 21,500 = 82.00%" in out
    )
    assert "Σ 国培计划培训人数 = 520 + 410 + 605 + 380 + 355 + 290 + 315 + 340 = 3,215人" in out


@pytest.mark.parametrize(("color", "escapes"), [("always", True), ("never", False)])
def test_color_option(color: str, escapes: bool) -> None:
    out = run("validate", MIXED, "--color", color, env={"NO_COLOR": "", "TERM": "xterm"})
    assert ("\x1b[" in out.stdout) is escapes


@pytest.mark.slow
def test_a_long_problem_list_is_cut_and_counted_in_the_terminal(tmp_path: Path) -> None:
    rows = [f"县{i},abc,{'x' if i < 30 else 5}" for i in range(150)]
    data = csv_file(tmp_path, "区县,国培计划培训人数,省培计划培训人数\n" + "\n".join(rows))
    out = run("validate", data, env={"COLUMNS": "200"})
    assert out.exit_code == 1
    # 150 + 30 problems: too many to list one by one, so counted by column and problem
    assert "数据问题(180 处) 按文件、列和问题汇总:" in out.stdout
    kinds = re.findall(
        r"(国培计划培训人数|省培计划培训人数)\s+无法识别的数字\s+(\d+)\s+第 (\d+) 行", out.stdout
    )
    assert kinds == [("国培计划培训人数", "150", "2"), ("省培计划培训人数", "30", "2")]
    assert "-o report.html" in out.stdout
    everything = run("validate", data, "-v", env={"COLUMNS": "200"})
    assert "另有" not in everything.stdout
    assert everything.stdout.count("无法识别的数字") == 180


def test_a_long_unit_list_is_cut_in_the_terminal(tmp_path: Path) -> None:
    # 县0 reports 国培 and the 44 others leave it blank: 44 units hold the goal back
    rows = [f"县{i},{'' if i else 10},0" for i in range(45)]
    data = csv_file(tmp_path, "区县,国培计划培训人数,失学辍学学生数\n" + "\n".join(rows))
    out = run("validate", data, "--lang", "en", env={"COLUMNS": "200"})
    goals, overview = out.stdout.split("Units at a glance")
    assert "… 14 more units (-v lists all)" in goals  # 44 units, 30 shown
    assert "县30 " in goals and "县31 " not in goals and "县0 " not in goals
    # the overview keeps who leads and who trails: the first 15 and the last 15
    ranking = overview.split("Score =")[0]
    assert "… 15 more units (-v lists all)" in ranking
    # every unit met its one binding goal (zero dropouts): all share rank 1, files' order
    shown = re.findall(r"县(\d+) ", ranking)
    assert shown == [str(n) for n in [*range(15), *range(30, 45)]]
    everything = run("validate", data, "--lang", "en", "-v", env={"COLUMNS": "200"})
    assert "more units" not in everything.stdout


# --- warnings counted alike everywhere ---------------------------------------------------


def test_warnings_are_counted_in_the_summary_and_marked_in_every_format(tmp_path: Path) -> None:
    # An ignored column and a skipped 合计 row are warnings, not data problems: every
    # format must say there are 2 of them, and mark each as 提示, so no count reads 0
    # beside a table that lists two rows.
    data = csv_file(tmp_path, "区县,国培计划培训人数,备注栏\n青山县,100,x\n合计,100,\n")
    quiet = run("validate", data, "-q").stdout
    assert quiet.strip().endswith("数据问题 0 · 提示 2")
    assert "0 data problems · 2 warnings" in run("validate", data, "-q", "--lang", "en").stdout
    for fmt in ("markdown", "html"):
        out = run("validate", data, "-f", fmt).stdout
        assert "数据问题(0 处)· 提示(2 处)" in out, fmt
        assert out.count("提示: ") == 2, fmt
        assert "提示 2" in out, fmt  # the summary line (HTML footer, Markdown head)


def test_mid_year_markdown_and_html_show_what_is_due_and_the_pace(tmp_path: Path) -> None:
    # 181 of 365 days gone by 2023-06-30: 国培 3000 × 181/365 = 1487.67, due 1,488 (rounded
    # up); 1520/3000 = 50.67% done vs 49.59% of the year = 1.1 points ahead of pace.
    mid = str(Path(MIXED).with_name("city-2023-mid-year.csv"))
    for fmt in ("markdown", "html"):
        out = run("validate", mid, "--as-of", "2023-06-30", "-f", fmt).stdout
        assert "核查日期:2023-06-30" in out, fmt
        assert "序时进度" in out and "1,488人" in out, fmt
        assert "快于序时进度 1.1 个百分点" in out, fmt
    # a final (undated) report keeps its narrower table
    assert "快于序时进度" not in run("validate", MIXED, "-f", "markdown").stdout


# --- --problems FILE.csv ------------------------------------------------------------------


def test_problems_csv_lists_every_problem_with_its_code_excel_safe(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path, "区县,国培计划培训人数,备注栏\n青山县,=1+2,x\n白水县,18.5,\n合计,100,\n"
    )
    problems = tmp_path / "out" / "problems.csv"
    problems.parent.mkdir()
    out = run("validate", data, "-q", "--problems", problems)
    assert out.exit_code == 1
    raw = problems.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcode,severity,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    # file order: the ignored column (line 1), two bad cells, the skipped 合计 row
    assert [(r["code"], r["severity"], r["行"]) for r in rows] == [
        ("unknown_column", "warning", "1"),
        ("cell_not_number", "error", "2"),
        ("cell_not_whole", "error", "3"),
        ("total_row", "warning", "4"),
    ]
    assert rows[1]["原值"] == "'=1+2"  # a formula from the data is never run by Excel
    assert rows[2]["列"] == "国培计划培训人数" and rows[2]["原值"] == "18.5"
    # the JSON report gives the same codes, in the same order
    codes = [p["code"] for p in run("validate", data, "-f", "json").json()["problems"]]
    assert codes == [r["code"] for r in rows]


def test_a_problems_csv_in_the_data_folder_is_not_read_as_data(tmp_path: Path) -> None:
    csv_file(tmp_path, "区县,国培计划培训人数\n青山县,3000\n")
    run("validate", tmp_path, "--problems", tmp_path / "problems.csv")
    again = run("validate", tmp_path, "-f", "json").json()
    assert [f["path"] for f in again["files"]] == [str(tmp_path / "data.csv")]


def test_problems_must_be_csv_and_never_an_input(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,3000\n")
    before = data.read_bytes()
    out = run("validate", data, "--problems", tmp_path / "problems.txt")
    assert out.exit_code == 2 and ".csv" in out.stderr
    assert not (tmp_path / "problems.txt").exists()
    out = run("validate", data, "--problems", data)
    assert out.exit_code == 2 and data.read_bytes() == before


def test_junit_notes_units_below_their_share_under_a_met_goal() -> None:
    # 国培 is met by the city (3,215 ≥ 3,000) but 河东区 trained 380 of its 400 and
    # 松林县 290 of its 300 (samples/allocations-2023.csv): a passing testcase says so.
    allocations = str(Path(MIXED).with_name("allocations-2023.csv"))
    xml = run("validate", MIXED, "--allocations", allocations, "-f", "junit").stdout
    root = ET.fromstring(xml)
    cases = {c.get("name", "").split(":")[0]: c for c in root.iter("testcase")}
    guopei = cases["guopei"]
    assert guopei.find("failure") is None
    out = guopei.find("system-out")
    assert out is not None and out.text is not None
    assert "河东区" in out.text and "松林县" in out.text


@pytest.mark.slow
def test_a_school_level_file_with_96000_bad_cells_prints_one_page(tmp_path: Path) -> None:
    # 24,000 school rows whose clerk typed text into four numeric or yes/no columns: the
    # reader lists the first cells and counts the rest, and every count is the true one
    header = (
        "学校,区县,国培计划培训人数,名师扶百校帮扶工程已实施,新增中职学位数,煤炭产教融合联盟已组建"
    )
    counties = ["青山县", "白水县", "云岭市", "河东区", "河西区", "松林县", "石门县", "市直"]
    rows = [f"学校{n:05d},{counties[n % 8]},abc,多,12个半,x1" for n in range(24_000)]
    data = tmp_path / "schools.csv"
    data.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = run("validate", data, env={"COLUMNS": "100"})
    assert out.exit_code == 1
    assert len(out.stdout.splitlines()) < 200
    assert "数据问题(96,000 处) 按文件、列和问题汇总:" in out.stdout
    kinds = re.findall(r"(\S+)\s+(无法识别的\S+)\s+([\d,]+)\s+第 2 行", out.stdout)
    assert sorted(kinds) == sorted(
        [
            ("国培计划培训人数", "无法识别的数字", "24,000"),
            ("名师扶百校帮扶工程已实施", "无法识别的是/否", "24,000"),
            ("新增中职学位数", "无法识别的数字", "24,000"),
            ("煤炭产教融合联盟已组建", "无法识别的是/否", "24,000"),
        ]
    )
    assert out.stdout.rstrip().endswith("数据问题 96,000")
    # JSON lists what was recorded; a line for the cells not listed one by one says their
    # problem code ("of") and how many it stands for
    doc = run("validate", data, "-f", "json").json()
    total = sum(p.get("count", 1) for p in doc["problems"])
    assert total == 96_000
    codes = {p.get("of", p["code"]) for p in doc["problems"]}
    assert codes == {"cell_not_number", "cell_not_bool"}


def test_the_html_page_carries_its_stylesheet_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The golden pages leave the stylesheet out (conftest.without_stylesheet); the page
    itself carries it whole, inline, with its A4 print rules, and nothing fetched."""
    from plan_check.render.html_style import CSS

    monkeypatch.chdir(ROOT)
    page = run("validate", MIXED.relative_to(ROOT), "-f", "html", env=FIXED_TIME).stdout
    (style,) = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    assert style.startswith(CSS)
    assert "@page" in style and "A4" in style
    assert "<link" not in page and "@import" not in page and "<script" not in page
