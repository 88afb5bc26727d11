"""Dates belong to the plan (issue 21): a 填报日期 outside the plan's year is a problem of
its file and never paces the check; files and sheets that disagree on 填报日期 are checked
as of the date most of them carry (a tie: the latest), the others named and set aside
unread (never summed, never taken as repeats); every report says where its date came from."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import csv_file, run

HEADER = ["填报日期", "区县", "国培计划培训人数"]
COUNTIES = ["青山县", "白水县", "云岭市", "河东区", "河西区", "松林县", "石门县", "市直"]
DUPLICATES = {"duplicate_unit", "duplicate_school", "duplicate_student"}


def dated_csv(tmp_path: Path, name: str, day: str | None, rows: list[tuple[str, int]]) -> Path:
    """A file of 国培 figures, one row per unit, dated ``day`` (no date column: None)."""
    head = HEADER if day is not None else HEADER[1:]
    lines = [",".join(head)]
    lines += [",".join(([day] if day is not None else []) + [u, str(n)]) for u, n in rows]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def workbook(tmp_path: Path, sheets: list[tuple[str, str, list[tuple[str, int]]]]) -> Path:
    """A workbook of one sheet per (name, 填报日期, rows), in that order."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, day, rows in sheets:
        ws = book.create_sheet(name)
        ws.append(HEADER)
        for unit, n in rows:
            ws.append([day, unit, n])
    path = tmp_path / "book.xlsx"
    book.save(path)
    return path


def problems(out: object, code: str | None = None) -> list[dict[str, object]]:
    found: list[dict[str, object]] = out.json()["problems"]  # type: ignore[attr-defined]
    return [p for p in found if code is None or p["code"] == code]


# --- a date outside the plan's year ------------------------------------------------------


def test_last_years_form_is_a_problem_of_its_file_and_not_paced(tmp_path: Path) -> None:
    data = dated_csv(tmp_path, "a.csv", "2022-12-31", [("青山县", 1520)])
    undated = dated_csv(tmp_path, "b.csv", None, [("白水县", 0)])  # (issue 23: not all dated)
    out = run("validate", data, undated, "-f", "json")
    # before: judged as of 2022-12-31, a share of the year of 0, so 国培 was on pace (green)
    assert out.json()["as_of"] is None and out.json()["as_of_from"] is None  # final
    g = out.result("guopei")
    assert (g["status"], g["actual"], g["elapsed_share"]) == ("fail", 1520, None)  # < 3000
    [p] = problems(out)
    place = (p["file"], p["line"], p["column"], p["value"])
    assert place == (str(data), 2, "填报日期", "2022-12-31")
    assert p["code"] == "report_date_outside_plan" and p["severity"] == "error"
    assert "2023-01-01" in str(p["accepted"]) and "2023-12-31" in str(p["accepted"])
    assert out.exit_code == 1


def test_a_date_after_the_plans_year_is_a_problem_too(tmp_path: Path) -> None:
    data = dated_csv(tmp_path, "a.csv", "2024/1/15", [("青山县", 1520)])
    undated = dated_csv(tmp_path, "b.csv", None, [("白水县", 0)])  # (issue 23: not all dated)
    out = run("validate", data, undated, "-f", "json", "--lang", "en")
    [p] = problems(out)
    assert (p["code"], p["value"], p["line"]) == ("report_date_outside_plan", "2024-01-15", 2)
    assert "2023-01-01 to 2023-12-31" in str(p["accepted"])
    assert out.json()["as_of"] is None and out.exit_code == 1


def test_a_file_outside_the_year_is_read_and_the_others_date_the_check(tmp_path: Path) -> None:
    a = dated_csv(tmp_path, "a.csv", "2023-08-31", [("青山县", 1000)])
    b = dated_csv(tmp_path, "b.csv", "2022-08-31", [("白水县", 800)])
    c = dated_csv(tmp_path, "c.csv", "2022-08-31", [("云岭市", 600)])
    out = run("validate", a, b, c, "-f", "json")
    # two files of last year outvote nothing: a date outside the year is no vote
    assert out.json()["as_of"] == "2023-08-31"
    assert out.json()["as_of_from"] == {"source": "report_date", "agree": 1, "set_aside": []}
    assert out.result("guopei")["actual"] == 1000 + 800 + 600  # every file's rows read
    assert [p["file"] for p in problems(out, "report_date_outside_plan")] == [str(b), str(c)]


def test_last_years_files_are_dated_in_last_year(tmp_path: Path) -> None:
    now = dated_csv(tmp_path, "now.csv", "2023-06-30", [("青山县", 3)])
    before = tmp_path / "before"
    before.mkdir()
    good = dated_csv(before, "a.csv", "2022-06-30", [("青山县", 5)])
    out = run("validate", now, "--baseline", good.parent, "-f", "json")
    assert problems(out, "report_date_outside_plan") == []
    wrong = dated_csv(before, "a.csv", "2023-06-30", [("青山县", 5)])  # this year's, as last
    [p] = problems(run("validate", now, "--baseline", wrong.parent, "-f", "json"))
    assert (p["file"], p["code"]) == (str(wrong), "report_date_outside_plan")
    assert "2022-01-01" in str(p["accepted"]) and "2022-12-31" in str(p["accepted"])


# --- last month's sheet kept beside this month's -----------------------------------------

AUGUST = [(u, 100 * (k + 1)) for k, u in enumerate(COUNTIES)]  # 100 + 200 + … + 800 = 3600
JULY = [(u, 90 * (k + 1)) for k, u in enumerate(COUNTIES)]  # 90 + … + 720 = 3240


@pytest.mark.parametrize("july_first", [False, True])
def test_last_months_sheet_is_named_stale_not_repeats(tmp_path: Path, july_first: bool) -> None:
    sheets = [("8月", "2023-08-31", AUGUST), ("7月", "2023-07-31", JULY)]
    book = workbook(tmp_path, sheets[::-1] if july_first else sheets)
    out = run("validate", book, "-f", "json")
    # before: no as-of date (a year-end check, goals red) and eight 重复填报
    assert out.json()["as_of"] == "2023-08-31"
    assert out.json()["as_of_from"] == {
        "source": "report_date",
        "agree": 1,
        "set_aside": [f"{book}[7月]"],
    }
    assert [p for p in problems(out) if p["code"] in DUPLICATES] == []
    [stale] = problems(out)  # every unit is on the August sheet too: none goes missing
    assert (stale["file"], stale["cell"], stale["column"], stale["value"]) == (
        f"{book}[7月]",
        "A2",
        "填报日期",
        "2023-07-31",
    )
    assert stale["code"] == "report_date_stale" and stale["severity"] == "error"
    assert "8 行未计入" in str(stale["message"]) and "2023-08-31" in str(stale["accepted"])
    g = out.result("guopei")
    # August only: 100·(1+2+…+8) = 3600 against 3000·243/365 (Jan 1 – Aug 31 is 243 days)
    assert g["actual"] == 3600 and g["status"] == "pass"
    assert out.json()["files"] == [{"path": f"{book}[8月]", "encoding": "xlsx:8月",
                                    "delimiter": None, "rows": 8}]  # fmt: skip
    assert out.exit_code == 1  # a sheet set aside is a data problem


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_every_report_says_where_its_date_came_from_at_the_top(tmp_path: Path, fmt: str) -> None:
    book = workbook(tmp_path, [("8月", "2023-08-31", AUGUST), ("7月", "2023-07-31", JULY)])
    shown = run("validate", book, "-f", fmt, env={"COLUMNS": "200"}).stdout
    line = "核查日期:2023-08-31,全年序时进度 66.58%(243/365 天)"  # 243/365 = 66.575…%
    source = ";日期取自 1 个文件或工作表的填报日期;填报日期不同、未计入:"
    [at] = [row for row in shown.splitlines() if line in row]
    assert line + source in at and "book.xlsx" in at and "7月" in at  # Markdown: \[7月\]
    assert shown.index(line) < shown.index("国培")  # above the goals


def test_the_as_of_line_in_english(tmp_path: Path) -> None:
    book = workbook(tmp_path, [("8月", "2023-08-31", AUGUST), ("7月", "2023-07-31", JULY)])
    shown = run("validate", book, "--lang", "en", env={"COLUMNS": "300"}).stdout
    assert (
        "as of 2023-08-31: 66.58% of the year gone (243/365 days); the report date of 1 file "
        f"or sheet; dated otherwise and not read: {book}[7月]"
    ) in shown


def test_as_of_option_is_said_and_the_stale_sheet_still_set_aside(tmp_path: Path) -> None:
    book = workbook(tmp_path, [("8月", "2023-08-31", AUGUST), ("7月", "2023-07-31", JULY)])
    out = run("validate", book, "--as-of", "2023-09-30", "-f", "json")
    assert out.json()["as_of"] == "2023-09-30"
    assert out.json()["as_of_from"] == {
        "source": "option",
        "agree": 1,
        "set_aside": [f"{book}[7月]"],
    }
    assert {p["code"] for p in problems(out)} == {"report_date_stale", "as_of_differs"}
    assert out.result("guopei")["actual"] == 3600
    shown = run("validate", book, "--as-of", "2023-09-30", env={"COLUMNS": "200"}).stdout
    assert "(273/365 天);日期由 --as-of 指定;填报日期不同、未计入" in shown  # 243 + 30 days


# --- files that disagree -------------------------------------------------------------------


def test_the_odd_file_is_set_aside_and_its_own_units_named(tmp_path: Path) -> None:
    a = dated_csv(tmp_path, "a.csv", "2023-08-31", [("青山县", 1000)])
    b = dated_csv(tmp_path, "b.csv", "2023-08-31", [("白水县", 800)])
    c = dated_csv(tmp_path, "c.csv", "2023-07-31", [("云岭市", 600), ("青山县", 900)])
    roster = tmp_path / "units.txt"
    roster.write_text("青山县\n白水县\n云岭市\n", encoding="utf-8")
    out = run("validate", a, b, c, "--units", roster, "-f", "json")
    assert out.json()["as_of"] == "2023-08-31"  # two files to one
    assert out.json()["as_of_from"]["set_aside"] == [str(c)]
    stale, own = problems(out)
    assert (stale["file"], stale["line"], stale["code"]) == (str(c), 2, "report_date_stale")
    assert "2 行未计入" in str(stale["message"])
    assert own["code"] == "report_date_stale_units" and "云岭市" in str(own["message"])
    assert "青山县" not in str(own["message"])  # sent in a.csv
    assert out.json()["missing_units"] == ["云岭市"]
    assert out.result("guopei")["actual"] == 1000 + 800  # c.csv not summed, 青山县 once
    assert out.result("guopei")["status"] == "incomplete"  # 云岭市 sent nothing current


def test_real_repeats_among_the_files_kept_are_still_found(tmp_path: Path) -> None:
    a = dated_csv(tmp_path, "a.csv", "2023-07-31", [("青山县", 5)])
    b = dated_csv(tmp_path, "b.csv", "2023-08-31", [("青山县", 1000), ("白水县", 800)])
    c = dated_csv(tmp_path, "c.csv", "2023-08-31", [("云岭市", 600), ("青山县", 1000)])
    out = run("validate", a, b, c, "-f", "json")
    [repeat] = [p for p in problems(out) if p["code"] in DUPLICATES]
    assert (repeat["file"], repeat["line"], repeat["value"]) == (str(c), 3, "青山县")
    assert f"{b}:2" in str(repeat["message"])  # the first row, in b.csv (a.csv is not read)
    assert out.result("guopei")["actual"] == 1000 + 800 + 600  # the repeat counted once


def test_a_file_dated_after_the_others_is_set_aside_too(tmp_path: Path) -> None:
    a = dated_csv(tmp_path, "a.csv", "2023-07-31", [("青山县", 1000)])
    b = dated_csv(tmp_path, "b.csv", "2023-07-31", [("白水县", 800)])
    c = dated_csv(tmp_path, "c.csv", "2023-08-31", [("云岭市", 600)])
    out = run("validate", a, b, c, "-f", "json")
    assert out.json()["as_of"] == "2023-07-31"
    assert [p["code"] for p in problems(out)] == ["report_date_ahead", "report_date_stale_units"]
    assert out.json()["units"] == ["青山县", "白水县"]


def test_a_tie_goes_to_the_latest_date(tmp_path: Path) -> None:
    files = [
        dated_csv(tmp_path, "a.csv", "2023-07-31", [("青山县", 1)]),
        dated_csv(tmp_path, "b.csv", "2023-08-31", [("白水县", 2)]),
        dated_csv(tmp_path, "c.csv", "2023-07-31", [("云岭市", 4)]),
        dated_csv(tmp_path, "d.csv", "2023-08-31", [("河东区", 8)]),
        dated_csv(tmp_path, "e.csv", "2023-06-30", [("河西区", 16)]),
    ]
    out = run("validate", *files, "-f", "json")
    assert out.json()["as_of"] == "2023-08-31"  # two to two to one: the later of the two
    assert out.result("guopei")["actual"] == 2 + 8
    assert out.json()["as_of_from"]["set_aside"] == [str(files[k]) for k in (0, 2, 4)]


def test_files_without_a_date_neither_vote_nor_are_set_aside(tmp_path: Path) -> None:
    a = dated_csv(tmp_path, "a.csv", None, [("青山县", 1000)])
    b = dated_csv(tmp_path, "b.csv", "2023-08-31", [("白水县", 800)])
    out = run("validate", a, b, "-f", "json")
    assert out.json()["as_of"] == "2023-08-31" and problems(out) == []
    assert out.result("guopei")["actual"] == 1800  # both files read


def test_one_file_of_two_dates_is_still_its_own_problem(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path, "填报日期,区县,国培计划培训人数\n2023-06-30,青山县,1\n2023-07-31,白水县,2"
    )
    out = run("validate", data, "-f", "json")
    assert [p["code"] for p in problems(out)] == ["dates_differ_in_file"]
    assert out.json()["as_of"] is None and out.result("guopei")["actual"] == 3


# --- files and sheets of mixed dates, generated ---------------------------------------------

IN_YEAR = ["2023-06-30", "2023-07-31", "2023-08-31"]
OUTSIDE = ["2022-12-31", "2024-01-31"]


def expected_as_of(days: list[str]) -> str | None:
    """The rule, by hand: the date most files carry; a tie, the latest of those tied."""
    votes = Counter(days)
    if not votes:
        return None
    top = max(votes.values())
    return max(day for day, n in votes.items() if n == top)


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("PLAN_CHECK_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    days=st.lists(st.sampled_from([*IN_YEAR, *OUTSIDE, None]), min_size=1, max_size=6),
    figures=st.lists(st.integers(0, 999), min_size=6, max_size=6),
    as_sheets=st.booleans(),
)
def test_mixed_dates(
    tmp_path_factory: pytest.TempPathFactory,
    days: list[str | None],
    figures: list[int],
    as_sheets: bool,
) -> None:
    tmp = tmp_path_factory.mktemp("mixed")
    # the files always read (no date, a date outside the year) each have a unit of their
    # own; the files of one in-year date have one unit each, the k-th file of every date
    # the same unit, so a stale copy repeats the units of the current files
    alone = iter(COUNTIES[:4])
    nth: Counter[str] = Counter()
    files: list[tuple[str | None, str, int]] = []  # date, unit, 国培
    for k, day in enumerate(days):
        if day in IN_YEAR:
            unit = f"{['东', '西', '南', '北', '中', '新'][nth[day]]}山县"
            nth[day] += 1
        else:
            unit = next(alone, f"单位{k}")
        files.append((day, unit, figures[k]))
    if as_sheets:  # one workbook, one sheet per file (an undated sheet: a blank date)
        from openpyxl import Workbook

        book = Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        for k, (day, unit, n) in enumerate(files):
            ws = book.create_sheet(f"表{k}")
            ws.append(HEADER)
            ws.append([day, unit, n])
        path = tmp / "book.xlsx"
        book.save(path)
        names, inputs = [f"{path}[表{k}]" for k in range(len(files))], [path]
    else:
        inputs = [dated_csv(tmp, f"f{k}.csv", d, [(u, n)]) for k, (d, u, n) in enumerate(files)]
        names = [str(p) for p in inputs]
    out = run("validate", *inputs, "-f", "json")
    if all(d in OUTSIDE for d in days):  # no file of the plan's year (issue 23): refused
        assert out.exit_code == 2 and "不在计划期(2023-01-01 至 2023-12-31" in out.stderr
        return
    doc = out.json()

    as_of = expected_as_of([d for d in days if d in IN_YEAR])
    kept = [k for k, d in enumerate(days) if d not in IN_YEAR or d == as_of]
    odd = [k for k, d in enumerate(days) if d in IN_YEAR and d != as_of]
    assert doc["as_of"] == as_of
    if as_of is None:
        assert doc["as_of_from"] is None
    else:
        agree = sum(d == as_of for d in days)
        assert doc["as_of_from"] == {
            "source": "report_date",
            "agree": agree,
            "set_aside": [names[k] for k in odd],
        }
    codes = Counter(str(p["code"]) for p in doc["problems"])
    assert not DUPLICATES & set(codes)  # a stale copy is never a repeat
    assert codes["report_date_outside_plan"] == sum(d in OUTSIDE for d in days)
    stale = codes["report_date_stale"] + codes["report_date_ahead"]
    assert stale == len(odd)
    assert doc["units"] == list(dict.fromkeys(files[k][1] for k in kept))
    assert out.result("guopei")["actual"] == sum(files[k][2] for k in kept)
    if odd or any(d in OUTSIDE for d in days):
        assert out.exit_code == 1
