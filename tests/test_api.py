"""The Python API: ``plan_check.check`` gives the report ``plan-check validate`` renders,
raises a PlanCheckError where the command exits 2, and importing the package stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, csv_file, run
from plan_check import Options, PlanCheckError, check, render
from plan_check.errors import DataFileError, UsageError

MIXED = SAMPLES / "city-2023-mixed.csv"
UNITS = SAMPLES / "units.txt"


def test_check_gives_the_figures_the_json_report_gives() -> None:
    report = check(MIXED, options=Options(units=UNITS))
    results = {r.rule.id: r for r in report.results}
    # 国培计划培训人数 of the eight units: 520 + 410 + 605 + 380 + 355 + 290 + 315 + 340
    assert results["guopei"].actual == 3215 and results["guopei"].status == "pass"
    # 省培计划培训人数: 80 + 55 + 90 + 60 + 48 + 40 + 45 + 50 = 468, short of 500
    assert results["shengpei"].actual == 468 and results["shengpei"].status == "fail"
    assert report.roster is not None and len(report.roster) == 8
    shown = run("validate", MIXED, "--units", UNITS, "-f", "json")
    assert shown.result("guopei")["actual"] == 3215 and shown.result("shengpei")["actual"] == 468
    assert int(report.exit_code()) == shown.exit_code == 1  # goals missed
    for goal in shown.json()["results"]:
        assert results[goal["id"]].status == goal["status"], goal["id"]


def test_a_rate_is_summed_numerators_over_summed_denominators(tmp_path: Path) -> None:
    """The API judges as the command does: 新入职 screened over hired, summed first."""
    data = csv_file(
        tmp_path,
        """
        区县,新入职教职员工数,已准入查询的新入职人数
        青山县,10,10
        白水县,30,27
        """,
    )
    report = check(data)
    [screened] = [r for r in report.results if r.rule.id == "staff-screening"]
    assert screened.actual == Fraction(37, 40)  # (10 + 27) / (10 + 30), not mean(1, 0.9)
    assert (
        screened.status == run("validate", data, "-f", "json").result("staff-screening")["status"]
    )


def test_the_options_reach_the_check(tmp_path: Path) -> None:
    report = check([str(MIXED)], options=Options(as_of="2023-06-30", units=str(UNITS)))
    assert report.as_of == date(2023, 6, 30) and report.roster_source == str(UNITS)
    assert check(MIXED, options=Options(as_of=date(2023, 6, 30))).as_of == date(2023, 6, 30)


def test_a_missing_file_raises_a_data_file_error(tmp_path: Path) -> None:
    gone = tmp_path / "no-such.csv"
    with pytest.raises(DataFileError) as raised:
        check(gone)
    assert raised.value.code == "file_not_found" and str(gone) in raised.value.message("en")
    assert isinstance(raised.value, PlanCheckError)


@pytest.mark.parametrize(
    ("options", "code"),
    [
        (Options(as_of="the day after"), "bad_as_of"),
        (Options(jobs=0), "jobs_bad"),
        (Options(jobs=-2), "jobs_bad"),
        (Options(jobs=2, dask="local:2"), "jobs_and_dask"),
        (Options(encoding="no-such-codec"), "unknown_encoding"),
        (Options(history="h.sqlite", previous="june.json"), "history_and_previous"),
    ],
)
def test_options_that_cannot_be_used_raise_a_usage_error(options: Options, code: str) -> None:
    with pytest.raises(UsageError) as raised:
        check(MIXED, options=options)
    assert raised.value.code == code


def test_check_neither_prints_nor_exits(capsys: pytest.CaptureFixture[str]) -> None:
    check(MIXED)
    with pytest.raises(PlanCheckError):
        check(SAMPLES / "no-such.csv")
    assert capsys.readouterr() == ("", "")


@pytest.mark.slow  # renders the HTML page (about a second)
def test_the_report_renders_as_the_command_writes_it(tmp_path: Path) -> None:
    written = tmp_path / "r.json"
    run("validate", MIXED, "-f", "json", "-o", written, "--lang", "en")
    shown = render(check(MIXED), "json", lang="en")
    assert isinstance(shown, str)
    expected, got = json.loads(written.read_text("utf-8")), json.loads(shown)
    expected.pop("generated", None), got.pop("generated", None)
    assert got == expected
    page = render(check(MIXED), "html")
    assert isinstance(page, str) and page.startswith("<!DOCTYPE html>")


def test_importing_the_package_imports_neither_pandas_nor_the_terminal() -> None:
    code = (
        "import sys, plan_check\n"
        "from plan_check import check, Options\n"
        "print(' '.join(m for m in ('pandas', 'pyarrow', 'rich', 'typer') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.slow
def test_the_readme_example_runs_as_written() -> None:
    """The README's Python API example, run as a script from a checkout."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API") :]
    (code,) = re.findall(r"```python\n(.*?)```", section[: section.index("\n## ", 5)], re.S)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert "guopei" in out.stdout  # the loop over report.results printed the goals


# --- what a notebook gets wrong: a UsageError naming the option, never a bare TypeError ----


@pytest.mark.parametrize(
    ("make", "option"),
    [
        (lambda: Options(jobs="2"), "jobs"),  # type: ignore[arg-type]
        (lambda: Options(jobs=2.0), "jobs"),  # type: ignore[arg-type]
        (lambda: Options(as_of=20230630), "as_of"),  # type: ignore[arg-type]
        (lambda: Options(units=["units.txt"]), "units"),  # type: ignore[arg-type]
        (lambda: Options(encoding=8), "encoding"),  # type: ignore[arg-type]
        (lambda: Options(dask=2), "dask"),  # type: ignore[arg-type]
        (lambda: Options(baseline=(1,)), "baseline"),  # type: ignore[arg-type]
        (lambda: check(MIXED, targets=5), "targets"),  # type: ignore[arg-type]
        (lambda: check(None), "files"),  # type: ignore[arg-type]
        (lambda: check([b"a.csv"]), "files"),  # type: ignore[list-item]
        (lambda: check(""), "files"),  # not "every CSV of the current folder"
        (lambda: check({"files": MIXED}), "files"),
        (lambda: check(MIXED, options={"jobs": 2}), "options"),  # type: ignore[arg-type]
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_its_option(
    make: Callable[[], object], option: str
) -> None:
    with pytest.raises(UsageError) as raised:
        make()
    assert raised.value.code == "option_type"
    assert raised.value.message("en").startswith(f"{option} cannot take ")


def test_one_baseline_file_and_a_datetime_are_taken_as_meant() -> None:
    from datetime import datetime

    one = Options(baseline=SAMPLES / "city-2022-baseline.csv", as_of=datetime(2023, 6, 30, 9))
    assert one.baseline == (str(SAMPLES / "city-2022-baseline.csv"),)
    assert one.as_of == date(2023, 6, 30)


def test_a_report_renders_against_the_plan_it_was_checked_with() -> None:
    # the second plan's report, rendered without naming its targets again
    qinghe = ROOT / "samples" / "plans" / "qinghe-2025"
    report = check(qinghe / "mid-year-2025-06.csv", targets=qinghe / "targets.yaml")
    doc = json.loads(render(report, "json"))
    assert [r["id"] for r in doc["results"]] == [r.rule.id for r in report.results]
    with pytest.raises(UsageError) as other:  # the city plan's goals are not this report's
        render(report, "json", targets=ROOT / "targets.yaml")
    assert other.value.code == "render_other_plan"
    with pytest.raises(UsageError) as unknown:
        render(report, "pdf")  # type: ignore[call-overload]
    assert unknown.value.code == "render_format" and "markdown" in unknown.value.message("en")


def test_one_plans_words_do_not_leak_into_the_callers_context_or_a_kept_error() -> None:
    from plan_check.i18n import words_now

    qinghe = ROOT / "samples" / "plans" / "qinghe-2025"
    before = words_now()
    check(qinghe / "mid-year-2025-06.csv", targets=qinghe / "targets.yaml")
    assert words_now() is before  # 县直 and 全县 stayed inside the check
    with pytest.raises(UsageError) as raised:
        check(MIXED, targets=ROOT / "targets.yaml", options=Options(as_of="2019-01-01"))
    kept = raised.value.message("zh")
    check(qinghe / "mid-year-2025-06.csv", targets=qinghe / "targets.yaml")
    assert raised.value.message("zh") == kept


def test_a_name_the_system_refuses_is_a_file_that_cannot_be_read() -> None:
    # 300 characters: longer than a file name may be (ENAMETOOLONG), in the API and the CLI
    name = "x" * 300 + ".csv"
    with pytest.raises(DataFileError) as raised:
        check(name, targets=ROOT / "targets.yaml")
    assert raised.value.code == "file_unreadable"
    out = run("validate", name, "-t", ROOT / "targets.yaml", "--lang", "en")
    assert out.exit_code == 2 and "cannot read xxx" in out.stderr
    assert "internal error" not in out.stderr and "Traceback" not in out.stderr


def test_the_callers_decimal_context_neither_changes_a_figure_nor_is_changed() -> None:
    """A notebook that traps inexact arithmetic, or works at 6 digits, gets the same report
    as the command, and finds its decimal context as it left it."""
    import decimal

    messy = SAMPLES / "city-2023-messy.csv"  # 8.58万, 3,000 and 96.5% cells: Decimal work
    expected = {r.rule.id: (r.actual, r.status) for r in check(messy).results}
    with decimal.localcontext() as mine:
        mine.prec = 6
        mine.traps[decimal.Inexact] = mine.traps[decimal.Rounded] = True
        mine.clear_flags()
        got = {r.rule.id: (r.actual, r.status) for r in check(messy).results}
        assert not any(mine.flags.values())  # no flag raised in the caller's context
        assert mine.prec == 6 and mine.traps[decimal.Inexact]
    assert got == expected
