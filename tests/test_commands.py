"""The companion commands: rules, explain, template, lint, schema, --help."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT, SAMPLES, run

SEED = ROOT / "docs" / "plan-2023-items-16-28.txt"
Golden = Callable[[str, str], None]


# --- rules -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rules_table_golden(golden: Golden, lang: str) -> None:
    out = run("rules", "--lang", lang)
    assert out.exit_code == 0
    golden(f"rules.{lang}.txt", out.stdout)


def test_rules_json() -> None:
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert len(rows) == 42
    by_id = {r["id"]: r for r in rows}
    assert by_id["consolidation-rate"]["target"] == "≥ 96.50%"
    assert by_id["guopei"]["paced"] is True and by_id["dropouts-zero"]["always"] is True
    assert by_id["willing-enrolled"]["scope"] == "each_unit"


# --- explain ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "lang"),
    [
        ("consolidation-rate", "zh"),
        ("guopei", "en"),
        ("coal-alliance", "zh"),
        ("schooling-years", "zh"),
        ("dropouts-zero", "en"),
    ],
)
def test_explain_golden(golden: Golden, rule: str, lang: str) -> None:
    out = run("explain", rule, "--lang", lang)
    assert out.exit_code == 0
    golden(f"explain.{rule}.{lang}.txt", out.stdout)


def test_explain_worked_example_is_right() -> None:
    out = run("explain", "consolidation-rate").stdout
    assert "原文:“九年义务教育巩固率达96.50%以上”" in out
    # the example's own arithmetic, checked by hand: (970 + 9) / (1000 + 10) = 96.93% >= 96.50%
    assert Fraction(970 + 9, 1000 + 10) >= Fraction(965, 1000)
    assert "(970 + 9) / (1,000 + 10) = 96.93% → 达标" in out
    guopei = run("explain", "guopei").stdout
    assert "1,800 + 1,260 = 3,060 → 达标" in guopei  # 60% and 42% of 3000


def test_explain_unknown_rule_suggests_the_closest() -> None:
    out = run("explain", "guopie")
    assert out.exit_code == 2
    assert "guopie" in out.stderr and "guopei" in out.stderr


# --- template --------------------------------------------------------------------------


def mixed_sample() -> tuple[list[str], list[list[str]]]:
    with (SAMPLES / "city-2023-mixed.csv").open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


def test_csv_template_has_the_plans_columns_in_order() -> None:
    out = run("template")
    rows = list(csv.reader(io.StringIO(out.stdout.removeprefix("\ufeff"))))
    header, _ = mixed_sample()
    assert rows[0] == ["区县", "填报日期", *header[1:]]  # the sample follows the plan's order
    assert rows[1][2:4] == ["是/否", "人"]  # the units line


def test_csv_template_round_trip(tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    header, rows = mixed_sample()
    units.write_text("\n".join(r[0] for r in rows), encoding="utf-8")
    form = tmp_path / "form.csv"
    assert run("template", "--units", units, "-o", form).exit_code == 0
    lines = list(csv.reader(io.StringIO(form.read_text(encoding="utf-8-sig"))))
    assert [line[0] for line in lines[2:]] == [r[0] for r in rows]
    # a clerk fills every row with the sample's figures, column by column
    position = {h: i for i, h in enumerate(header)}
    for line, row in zip(lines[2:], rows, strict=True):
        for j, name in enumerate(lines[0]):
            if name in position and j > 0:
                line[j] = row[position[name]]
    with form.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(lines)
    filled = run("validate", form, "-f", "json").json()
    expected = run("validate", SAMPLES / "city-2023-mixed.csv", "-f", "json").json()
    assert filled["problems"] == []
    assert filled["results"] == expected["results"]


def test_xlsx_template_round_trip(tmp_path: Path) -> None:
    header, rows = mixed_sample()
    units = tmp_path / "units.txt"
    units.write_text("\n".join(r[0] for r in rows), encoding="utf-8")
    form = tmp_path / "填报表.xlsx"
    assert run("template", "--format", "xlsx", "--units", units, "-o", form).exit_code == 0
    book = load_workbook(form)
    ws = book["填报表"]
    assert ws.freeze_panes == "B3"
    assert "填报说明" in book.sheetnames
    lists = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert lists and lists[0].formula1 == '"是,否,/"'
    assert any(v.type == "whole" for v in ws.data_validations.dataValidation)
    assert ws.column_dimensions["D"].width >= 2 * len("国培计划培训人数")
    titles = [c.value for c in ws[1]]
    position = {h: i for i, h in enumerate(header)}
    for r, row in enumerate(rows, start=3):
        assert ws.cell(row=r, column=1).value == row[0]
        for c, name in enumerate(titles, start=1):
            if name in position and c > 1:
                value = row[position[str(name)]]
                try:
                    ws.cell(row=r, column=c).value = int(value)
                except ValueError:
                    ws.cell(row=r, column=c).value = value or None
    book.save(form)
    filled = run("validate", form, "-f", "json").json()
    expected = run("validate", SAMPLES / "city-2023-mixed.csv", "-f", "json").json()
    assert filled["problems"] == []
    assert filled["results"] == expected["results"]


def test_xlsx_template_needs_an_output_file() -> None:
    out = run("template", "--format", "xlsx")
    assert out.exit_code == 2 and "-o" in out.stderr


# --- lint ------------------------------------------------------------------------------


def test_lint_passes_the_shipped_targets_against_the_seed() -> None:
    out = run("lint", ROOT / "targets.yaml", "--seed", SEED)
    assert out.exit_code == 0, out


SHIPPED = (ROOT / "targets.yaml").read_text(encoding="utf-8")


def edited(old: str, new: str) -> str:
    assert SHIPPED.count(old) == 1, old
    return SHIPPED.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("edit", "at", "says"),
    [
        (
            ("    metric: guopei_trained\n", "    metric: guopei_trained\n    weight: 2\n"),
            "    weight: 2",
            "unknown key 'weight'",
        ),
        (("kind: count_yes", "kind: tally"), "kind: tally", "unknown kind 'tally'"),
        (
            ("metric: smart_campuses_built", "metric: smart_campus_built"),
            "metric: smart_campus_built",
            "metric smart_campus_built is not declared",
        ),
        (
            ("  - id: shengpei\n", "  - id: guopei\n"),
            "  - id: guopei\n    item: 16\n    quote: '",
            "rule id guopei is used twice",
        ),
        (
            ("    denominator: funds_allocated\n", "    denominator: population_15_59\n"),
            "denominator: population_15_59",
            "are in different units",
        ),
        (
            ('quote: 建设"智慧校园"12所', 'quote: 建设"智慧校园"20所'),
            '智慧校园"20所',
            "does not occur in the plan's text",
        ),
    ],
)
def test_lint_reports_each_mistake_with_its_line(
    tmp_path: Path, edit: tuple[str, str], at: str, says: str
) -> None:
    text = edited(*edit)
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    out = run("lint", path, "--seed", SEED, "--lang", "en")
    assert out.exit_code == 2, out
    first_line = at.split("\n")[0]
    line = line_of(text, first_line) if "\n" not in at else text[: text.index(at)].count("\n") + 1
    assert f"{path}:{line}:" in out.stderr, out
    assert says in out.stderr, out


def test_lint_lists_every_mistake_at_once(tmp_path: Path) -> None:
    text = (
        edited("kind: count_yes", "kind: tally")
        .replace("metric: smart_campuses_built", "metric: smart_campus_built")
        .replace('quote: 建设"数字校园"106所', 'quote: 建设"数字校园"107所')
    )
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    out = run("lint", path, "--seed", SEED, "--lang", "en")
    assert out.exit_code == 2
    # the quote not in the plan's text also says 107 where the target is 106 (issue 23)
    assert "has 4 errors and cannot be used" in out.stderr
    assert "the quote's figures are 107, not the target 106" in out.stderr
    lines = [line_of(text, n) for n in ("kind: tally", "smart_campus_built", "107所")]
    for line in lines:
        assert f"{path}:{line}:" in out.stderr


# --- schema ----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["targets.schema.json", "src/plan_check/targets.schema.json"])
def test_the_committed_schema_matches_the_models(where: str) -> None:
    generated = run("schema").stdout
    assert json.loads(generated)["title"] == "plan-check targets file"
    committed = (ROOT / where).read_text(encoding="utf-8")
    assert committed == generated, (
        "regenerate: plan-check schema > src/plan_check/targets.schema.json, and copy it to the top"
    )


def test_targets_file_points_editors_at_the_schema() -> None:
    first = SHIPPED.splitlines()[0]
    assert first == "# yaml-language-server: $schema=targets.schema.json"
    for folder in (ROOT, ROOT / "src" / "plan_check"):  # both copies, side by side
        assert (folder / "targets.yaml").is_file() and (folder / "targets.schema.json").is_file()


def test_no_symlinks_in_the_tree() -> None:
    """A checkout without symlinks (Windows' default) must work: real files only."""
    import subprocess

    listed = subprocess.run(
        ["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout
    assert not [line for line in listed.splitlines() if line.startswith("120000")]


# --- help and start-up -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "rules", "explain", "template", "lint", "schema"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    out = run(command, "--help")
    assert out.exit_code == 0
    assert f"plan-check {command}" in out.stdout and "例 / example" in out.stdout


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--version"],
        ["rules"],
        ["explain", "guopei"],
        ["lint"],
        ["schema"],
        ["template"],
    ],
)
def test_commands_that_read_no_data_never_import_pandas(argv: list[str]) -> None:
    code = (
        "import contextlib, io, sys\n"
        "from plan_check.cli import app\n"
        f"sys.argv = ['plan-check', *{argv!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        app()\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'openpyxl', 'pyarrow', 'python_calamine')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _targets_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "targets.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("day", ["2023-13-31", "2023-02-30"])
def test_an_impossible_date_is_located_for_every_command(tmp_path: Path, day: str) -> None:
    path = _targets_with(tmp_path, "    target: 3000\n", f"    target: 3000\n    deadline: {day}\n")
    commands: list[list[str | Path]] = [
        ["lint", path],
        ["validate", ROOT / "samples/city-2023-mixed.csv", "-t", path],
    ]
    for argv in commands:
        out = run(*argv)
        assert out.exit_code == 2 and f"日期 {day} 不存在" in out.stderr, out
        assert ":15" in out.stderr or "targets.yaml:" in out.stderr
        assert "--traceback" not in out.stderr


def test_lint_catches_a_deadline_before_the_plan_starts_and_sorts_by_line(tmp_path: Path) -> None:
    path = _targets_with(
        tmp_path, "    target: 500\n", "    target: 500\n    deadline: 2022-06-30\n"
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "metric: guopei_trained", "metirc: guopei_trained"
        ),
        encoding="utf-8",
    )
    out = run("lint", path)
    lines = [x for x in out.stderr.splitlines() if x.startswith("  ")]
    numbers = [int(x.split(":")[1]) for x in lines]
    assert numbers == sorted(numbers), out
    assert any("不认识的键 'metirc',是不是 metric?" in x for x in lines), out
    assert any("截止日期 2022-06-30 早于计划起始日 2023-01-01" in x for x in lines), out
    assert not any("required key is missing" in x for x in lines)  # Chinese throughout


def test_an_undeclared_metric_names_the_nearest_not_all(tmp_path: Path) -> None:
    path = _targets_with(tmp_path, "metric: shengpei_trained", "metric: shengpei_traned")
    out = run("lint", path)
    assert "相近的有:shengpei_trained" in out.stderr and "zhongzhi_new_seats" not in out.stderr


@pytest.mark.parametrize(
    ("typed", "found"),
    [("GUOPEI", "guopei:"), ("国培", "guopei:"), ("巩固率", "consolidation-rate:")],
)
def test_explain_finds_goals_by_any_case_and_by_chinese_words(typed: str, found: str) -> None:
    out = run("explain", typed)
    assert out.exit_code == 0 and out.stdout.startswith(found), out


def test_explain_by_item_number_lists_that_items_goals_only() -> None:
    out = run("explain", "28")
    assert out.exit_code == 2
    assert "digital-campus" in out.stderr and "smart-campus" in out.stderr
    assert "guopei" not in out.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--as-of", "2022-12-01"], "早于计划期"),
        (["-q", "-v"], "不能同时使用"),
    ],
)
def test_odd_options_are_usage_errors(args: list[str], says: str) -> None:
    out = run("validate", ROOT / "samples/city-2023-mixed.csv", *args)
    assert out.exit_code == 2 and says in out.stderr, out


@pytest.mark.parametrize("width", ["80", "100"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rules_never_breaks_an_id_a_figure_or_a_column(width: str, lang: str) -> None:
    from rich.cells import cell_len

    from plan_check.targets import load_plan

    out = run("rules", "--lang", lang, env={"COLUMNS": width})
    rules = load_plan(None).rules
    lines = out.stdout.splitlines()
    assert all(any(line.startswith(r.id + " ") for line in lines) for r in rules), out
    assert max(cell_len(line) for line in lines) <= int(width)
    # every target whole on its row, and every figure of a title on one line (3000, 7.6万)
    targets = ["≥ 3,000人", "≥ 96.50%"] if lang == "zh" else ["≥ 3,000 teachers", "≥ 96.50%"]
    assert all(any(x in line for line in lines) for x in targets)
    for r in rules:
        title = r.title.pick(lang)
        for figure in re.findall(r"\d[\d.,%-]*\d%?|\d", title):
            assert any(figure in line for line in lines), (r.id, figure)


def test_the_quiet_line_is_one_line_when_piped() -> None:
    out = run("validate", ROOT / "samples/city-2023-mid-year.csv", "-q", env={"COLUMNS": "60"})
    assert out.stdout.count("\n") == 1 and "数据问题 0" in out.stdout


def test_rules_at_80_columns_says_which_columns_it_left_out() -> None:
    narrow = run("rules", env={"COLUMNS": "80"}).stdout
    wide = run("rules", env={"COLUMNS": "160"}).stdout
    # at 160 columns every column fits; at 80 the deadline and then the timing give way
    assert "截止" in wide.splitlines()[0] and "未显示" not in wide
    assert "截止" not in narrow.splitlines()[0] and "进度" not in narrow.splitlines()[0]
    assert "终端较窄,未显示:进度、截止(加宽终端,或用 --format json 查看全部)" in narrow
    en = run("rules", "--lang", "en", env={"COLUMNS": "80"}).stdout
    assert "not shown at this width: Timing, Deadline" in " ".join(en.split())
