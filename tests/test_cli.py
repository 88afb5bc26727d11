"""The command as users meet it: exit codes, clean output, hostile text shown as text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, csv_file, no_traceback, run


@pytest.mark.slow
def test_mixed_sample_exits_1_and_all_met_sample_exits_0() -> None:
    assert run("validate", SAMPLES / "city-2023-mixed.csv").exit_code == 1
    out = run("validate", SAMPLES / "city-2023-all-met.csv")
    assert out.exit_code == 0, out


def test_a_folder_stands_for_its_csv_files(tmp_path: Path) -> None:
    csv_file(tmp_path, "区县,国培计划培训人数\n青山县,1800", "a.csv")
    csv_file(tmp_path, "区县,国培计划培训人数\n白水县,1200", "b.csv")
    (tmp_path / "notes.txt").write_text("not data", encoding="utf-8")
    out = run("validate", tmp_path, "-f", "json")
    assert [f["path"] for f in out.json()["files"]] == [
        str(tmp_path / "a.csv"),
        str(tmp_path / "b.csv"),
    ]
    assert out.result("guopei")["actual"] == 3000


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "是空的"),
        (b"\n\n  \n", "是空的"),
        ("名称,国培计划培训人数\n青山县,1\n".encode(), "找不到单位列"),
        ("区县,国培计划培训人数\n".encode(), "只有表头"),
        ("区县,国培计划培训人数\n,\n,\n".encode(), "只有表头"),
        (b"\x00\x01\x02garbage", "NUL"),
    ],
)
def test_files_that_cannot_be_checked_exit_2(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    out = run("validate", path)
    assert out.exit_code == 2, out
    assert str(path) in out.stderr and says in out.stderr, out
    no_traceback(out)


def test_missing_data_file_exits_2(tmp_path: Path) -> None:
    out = run("validate", tmp_path / "none.csv")
    assert out.exit_code == 2
    assert "找不到文件" in out.stderr and "none.csv" in out.stderr


def test_an_empty_folder_exits_2(tmp_path: Path) -> None:
    out = run("validate", tmp_path)
    assert out.exit_code == 2
    assert "没有给出数据文件" in out.stderr


@pytest.mark.parametrize("args", [["--format", "xml"], ["--lang", "fr"], ["--nonsense"], []])
def test_bad_options_exit_2(args: list[str]) -> None:
    out = run("validate", *args, SAMPLES / "city-2023-mixed.csv") if args else run("validate")
    assert out.exit_code == 2, out
    no_traceback(out)


def test_unknown_encoding_option_exits_2() -> None:
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "--encoding", "klingon")
    assert out.exit_code == 2
    assert "klingon" in out.stderr


def test_forced_encoding_that_does_not_fit_names_the_line(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,3000", encoding="gb18030")
    out = run("validate", path, "--encoding", "utf-8", "--lang", "en")
    assert out.exit_code == 2
    assert "line 1" in out.stderr and "utf-8" in out.stderr


def test_json_is_the_only_thing_on_stdout_and_keeps_chinese() -> None:
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "-f", "json")
    doc = json.loads(out.stdout)  # nothing but JSON
    assert set(doc) >= {"summary", "results", "problems"}
    assert "青山县" in out.stdout and "\\u" not in out.stdout
    assert sum(doc["summary"].values()) == len(doc["results"]) == 42
    for r in doc["results"]:
        assert set(r) >= {"id", "status", "actual", "target", "units"}
        for u in r["units"]:
            assert set(u) >= {"unit", "actual", "status"}


HOSTILE = ["[bold]x[/bold]", "\x1b[31mred\x1b[0m", "bell\x07", "[link=http://x]y[/link]"]


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_hostile_unit_names_print_literally(tmp_path: Path, fmt: str) -> None:
    rows = "\n".join(f'"{name}",1' for name in HOSTILE)
    path = tmp_path / "data.csv"
    path.write_text(f"区县,失学辍学学生数\n{rows}\n", encoding="utf-8")
    out = run("validate", path, "-f", fmt)
    assert out.exit_code == 1
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    if fmt == "table":
        assert "[bold]x[/bold]" in out.stdout
        assert "[link=http://x]y[/link]" in out.stdout
        assert "\\x1b[31mred\\x1b[0m" in out.stdout  # shown, not obeyed
    else:
        # a unit is known by its name without control characters (one identity: 青山县 and
        # 青山县 with a stray ESC or BEL are one unit); the warning quotes the cell exactly
        units = [u["unit"] for u in out.result("dropouts-zero")["units"]]
        assert units == ["[bold]x[/bold]", "[31mred[0m", "bell", "[link=http://x]y[/link]"]
        values = [p["value"] for p in out.json()["problems"]]
        assert HOSTILE[1] in values and HOSTILE[2] in values  # escaped by JSON itself


def test_piped_output_has_no_escape_codes() -> None:
    out = run("validate", SAMPLES / "city-2023-mixed.csv", env={"NO_COLOR": ""})
    assert "\x1b" not in out.stdout
    assert "✘" in out.stdout  # status symbols survive without colour


def test_colour_when_forced_and_none_with_no_color() -> None:
    coloured = run(
        "validate",
        SAMPLES / "city-2023-mixed.csv",
        env={"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"},
    )
    assert "\x1b[31" in coloured.stdout or "\x1b[1;31" in coloured.stdout  # the check can fail
    plain = run(
        "validate",
        SAMPLES / "city-2023-mixed.csv",
        env={"NO_COLOR": "1", "FORCE_COLOR": "1", "TERM": "xterm-256color"},
    )
    assert "\x1b[31" not in plain.stdout and "\x1b[1;31" not in plain.stdout


def test_english_report() -> None:
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "--lang", "en")
    assert "National training" in out.stdout
    assert "missed" in out.stdout and "未达标" not in out.stdout


def test_version() -> None:
    out = run("--version")
    assert out.exit_code == 0 and out.stdout.startswith("plan-check ")


def test_input_files_are_not_modified(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,18.5")
    before = path.read_bytes()
    run("validate", path)
    assert path.read_bytes() == before


@pytest.mark.slow
def test_installed_console_script_runs() -> None:
    """The real entry point, as a separate process: exit code and no traceback."""
    exe = Path(sys.executable).with_name("plan-check")
    if not exe.exists():
        pytest.skip("plan-check script not installed next to this Python")
    proc = subprocess.run(
        [str(exe), "validate", str(SAMPLES / "city-2023-mixed.csv"), "-f", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["summary"]["fail"] >= 1


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize("width", [60, 80, 120])
def test_narrow_terminals_keep_every_goal_and_fit(width: int) -> None:
    from rich.cells import cell_len

    out = run("validate", SAMPLES / "city-2023-mixed.csv", env={"COLUMNS": str(width)})
    lines = out.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    # a wrapped goal keeps its first characters on the row's first line
    for goal in ("“国培计划”", "九年义务教育", "控辍保学常态化"):
        assert any(goal in line for line in lines), goal


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_dated_check_at_80_columns_never_cuts_a_status(width: int, lang: str) -> None:
    from rich.cells import cell_len

    mid = SAMPLES / "city-2023-mid-year.csv"
    out = run("validate", mid, "--lang", lang, env={"COLUMNS": str(width)})
    lines = out.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    on_pace, behind, not_yet = {
        "zh": ("↗ 进度正常", "↘ 滞后", "… 尚未完成"),
        "en": ("↗ on pace", "↘ behind", "… not done yet"),
    }[lang]
    # mid-year sample: 3 goals on pace, 2 behind 序时进度, 13 with no pace not met yet (of
    # them the yes/no acts read "not done yet")
    table = out.stdout.split("\n\n未达标" if lang == "zh" else "\n\nGoals")[0]
    assert table.count(on_pace) >= 3 and table.count(not_yet) >= 1 and behind in table
    # the pace is in the table, in its short form: 国培 1520/3000 = 50.67% vs 181/365 = 49.59%
    assert ("快 1.1 个百分点" if lang == "zh" else "+1.1 pts") in out.stdout
    # and the -q line fits 80 columns too
    quiet = run("validate", mid, "-q", "--lang", lang, env={"COLUMNS": "80"}).stdout
    assert quiet.count("\n") == 1 and cell_len(quiet.strip()) <= 80


def test_expected_units_from_the_targets_file(tmp_path: Path) -> None:
    shipped = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    targets = tmp_path / "targets.yaml"
    targets.write_text(shipped + "units: [青山县, 白水县]\n", encoding="utf-8")
    data = csv_file(tmp_path, "区县,国培计划培训人数\n青山县,2999")
    out = run("validate", data, "--targets", targets, "-f", "json")
    assert out.json()["missing_units"] == ["白水县"]
    assert out.result("guopei")["status"] == "incomplete"  # 白水县's blank could decide
    # --units overrides the list in the targets file
    units = tmp_path / "units.txt"
    units.write_text("# 应报单位\n青山县\n", encoding="utf-8")
    out = run("validate", data, "--targets", targets, "--units", units, "-f", "json")
    assert out.json()["missing_units"] == [] and out.result("guopei")["status"] == "fail"
