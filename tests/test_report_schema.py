"""One report schema: report.schema.json is what `plan-check schema --report` prints, every
JSON report validates against it, and --previous reads reports by the same keys.

Reports are validated with the jsonschema library against the committed file, not with
the pydantic models that wrote them: the file is what a reader of our reports gets, and a
model checked against itself could not show that the published schema is wrong."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from conftest import ROOT, SAMPLES, Run, run
from plan_check import report_prior, report_schema

SCHEMA_FILE = ROOT / "report.schema.json"
MIXED = SAMPLES / "city-2023-mixed.csv"
JUNE = SAMPLES / "city-2023-mid-year.csv"
JULY = SAMPLES / "city-2023-mid-year-07.csv"
AUGUST = SAMPLES / "city-2023-mid-year-08.csv"
QUOTAS = SAMPLES / "allocations-2023.csv"


@functools.cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def assert_valid(out: Run) -> dict[str, Any]:
    """The report on stdout, checked against the committed schema and read back by the
    models to the same bytes (so no key is written that the models do not describe)."""
    doc = out.json()
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(doc)]
    assert errors == [], errors
    assert report_schema.JsonReport.model_validate(doc).dumps() == out.stdout
    return doc


@pytest.fixture(scope="module")
def mixed() -> dict[str, Any]:
    """The mixed sample's report (not to be changed: copy it first)."""
    return run("validate", MIXED, "-f", "json").json()


# --- the published schema --------------------------------------------------------------------


def test_the_committed_report_schema_is_what_the_command_prints() -> None:
    out = run("schema", "--report")
    assert out.exit_code == 0
    assert out.stdout == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "regenerate: plan-check schema --report > report.schema.json"
    )
    schema = json.loads(out.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema_version"]["const"] == 1


def test_schema_without_report_still_prints_the_targets_schema() -> None:
    out = run("schema")
    assert out.stdout == (ROOT / "targets.schema.json").read_text(encoding="utf-8")


# --- every report validates -------------------------------------------------------------------


SAMPLE_RUNS = [
    ("mixed", (MIXED,)),
    ("all-met", (SAMPLES / "city-2023-all-met.csv",)),
    ("messy", (SAMPLES / "city-2023-messy.csv",)),
    ("june", (JUNE,)),
    ("july", (JULY,)),
    ("august", (AUGUST,)),
    ("students", (SAMPLES / "students-2023.csv",)),
    ("baseline", (MIXED, "--baseline", SAMPLES / "city-2022-baseline.csv")),
    ("quotas", (JUNE, "--allocations", QUOTAS, "--units", SAMPLES / "units.txt")),
]


def _in_both_languages() -> list[Any]:
    """Every sample in both languages; the default run takes each sample in one of them,
    by turns, and leaves the other to the slow run (.ci/run)."""
    params = []
    for i, (name, args) in enumerate(SAMPLE_RUNS):
        for j, lang in enumerate(("zh", "en")):
            marks = [pytest.mark.slow] if (i + j) % 2 else []
            params.append(pytest.param(args, lang, marks=marks, id=f"{name}-{lang}"))
    return params


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize(("args", "lang"), _in_both_languages())
def test_every_sample_report_validates(args: tuple[str | Path, ...], lang: str) -> None:
    out = run("validate", *args, "--lang", lang, "-f", "json")
    assert out.exit_code in (0, 1), out
    doc = assert_valid(out)
    assert doc["schema_version"] == 1


def test_a_report_with_previous_validates(tmp_path: Path) -> None:
    june = tmp_path / "june.json"
    assert run("validate", JUNE, "--allocations", QUOTAS, "-o", june, "-q").exit_code == 0
    doc = assert_valid(
        run("validate", JULY, "--allocations", QUOTAS, "--previous", june, "-f", "json")
    )
    assert doc["previous"]["source"] == str(june)
    guopei = next(r for r in doc["results"] if r["id"] == "guopei")
    assert guopei["previous"]["actual"] == 1520  # the June figure (samples/README.md)
    # a previous report whose units differ: the same-units part of the change is written
    edited = json.loads(june.read_text(encoding="utf-8"))
    for r in edited["results"]:
        r["units"] = [u for u in r["units"] if u["unit"] != "青山县"]
    edited["units"].remove("青山县")
    june.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    out = run("validate", JULY, "--allocations", QUOTAS, "--previous", june, "-f", "json")
    doc = assert_valid(out)
    guopei = next(r for r in doc["results"] if r["id"] == "guopei")
    assert guopei["previous"]["same_units"]["count"] == 7  # eight units, 青山县 only now
    assert guopei["previous"]["units_only_now"] == ["青山县"]


@pytest.mark.slow
def test_a_report_with_history_validates(tmp_path: Path) -> None:
    history = tmp_path / "history.sqlite"
    for month in (JUNE, JULY):
        assert run("validate", month, "--history", history, "-q").exit_code == 0
    out = run("validate", AUGUST, "--history", history, "-f", "json", "--lang", "en")
    doc = assert_valid(out)
    assert doc["history"]["runs"] == ["2023-06-30", "2023-07-31", "2023-08-31"]
    assert any("pace" in g for g in doc["history"]["goals"])  # a paced goal's chart


# --- a key is written with its value, or not at all --------------------------------------------


def test_keys_of_what_was_not_asked_for_are_absent(mixed: dict[str, Any]) -> None:
    doc = mixed
    assert "history" not in doc and doc["previous"] is None and doc["roster"] is None
    for r in doc["results"]:
        assert "previous" not in r and "same_units" not in r
        for u in r["units"]:
            assert not {"previous", "quota", "baseline", "expected"} & set(u), (r["id"], u)
    quotas = run("validate", JUNE, "--allocations", QUOTAS, "-f", "json").json()
    guopei = next(r for r in quotas["results"] if r["id"] == "guopei")
    # 3,000 split over the eight units in samples/allocations-2023.csv: every unit has one
    assert all("quota" in u and "expected" in u for u in guopei["units"])


# --- the schema refuses what no report holds (the validation can fail) ----------------------


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda d: d.pop("schema_version"), "required"),
        (lambda d: d.update(schema_version=2), "1 was expected"),
        (lambda d: d.update(surprise=1), "Additional properties"),
        (lambda d: d["results"][0].update(status="great"), "is not one of"),
        (lambda d: d["results"][0]["units"][0].update(actual="1520"), "is not valid"),
        (lambda d: d["results"][0].pop("units"), "required"),
        (lambda d: d["ranking"][0].update(rank=1.5), "is not valid"),
    ],
)
def test_the_schema_refuses_what_no_report_holds(
    mixed: dict[str, Any], change: Any, why: str
) -> None:
    doc = copy.deepcopy(mixed)
    change(doc)
    errors = [e.message for e in validator().iter_errors(doc)]
    assert errors and any(why in e for e in errors), errors


# --- --previous reads the versions it knows ----------------------------------------------------


@pytest.mark.slow
def test_a_report_written_before_schema_version_is_read_as_version_1(tmp_path: Path) -> None:
    june = tmp_path / "june.json"
    assert run("validate", JUNE, "-o", june, "-q").exit_code == 0
    now = run("validate", JULY, "--previous", june, "-f", "json").json()
    old = json.loads(june.read_text(encoding="utf-8"))
    del old["schema_version"]
    june.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    before = run("validate", JULY, "--previous", june, "-f", "json")
    assert before.exit_code == 0, before
    assert before.json()["results"] == now["results"]


@pytest.mark.parametrize(("version", "lang"), [("2", "zh"), ("true", "en"), ('"1"', "zh")])
def test_a_report_of_another_schema_version_is_refused(
    tmp_path: Path, version: str, lang: str
) -> None:
    june = tmp_path / "june.json"
    assert run("validate", JUNE, "-o", june, "-q").exit_code == 0
    text = june.read_text(encoding="utf-8")
    june.write_text(text.replace('"schema_version": 1', f'"schema_version": {version}'), "utf-8")
    out = run("validate", JULY, "--previous", june, "--lang", lang)
    assert out.exit_code == 2, out
    assert str(june) in out.stderr and "schema_version" in out.stderr
    expected = "应为1 或缺省" if lang == "zh" else "should be 1, or absent"
    assert expected in out.stderr and "Traceback" not in out.stderr


def test_previous_reads_only_keys_the_report_writes() -> None:
    """The reading models are a part of the writing ones: a key renamed in one is
    renamed in the other."""
    pairs: list[tuple[type[BaseModel], type[BaseModel]]] = [
        (report_prior.PriorDoc, report_schema.JsonReport),
        (report_prior.PriorResult, report_schema.Result),
        (report_prior.PriorUnit, report_schema.UnitResult),
        (report_prior.PriorStanding, report_schema.Standing),
    ]
    for read, written in pairs:
        assert set(read.model_fields) <= set(written.model_fields), read.__name__


# --- what the JSON goldens held, as targeted assertions -----------------------------------------


def goal(doc: dict[str, Any], goal_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in doc["results"] if r["id"] == goal_id)
    return found


def test_the_mixed_report_by_hand(mixed: dict[str, Any]) -> None:
    """samples/README.md: 27 goals met, 9 missed, 6 skipped; the figures are the columns'
    sums over the eight units."""
    assert mixed["summary"] == {
        **dict.fromkeys(["on_pace", "behind", "not_yet", "incomplete"], 0),
        "pass": 27,
        "fail": 9,
        "skipped": 6,
    }
    assert mixed["as_of"] is None and mixed["elapsed_share"] is None
    # 国培: 520 + 410 + 605 + 380 + 355 + 290 + 315 + 340 = 3215 >= 3000
    guopei = goal(mixed, "guopei")
    assert (guopei["actual"], guopei["target"], guopei["status"]) == (3215, 3000, "pass")
    assert guopei["title"] == "“国培计划”3000 名以上"
    assert [u["unit"] for u in guopei["units"]][:2] == ["青山县", "白水县"]
    assert guopei["units"][0]["actual"] == 520
    # 省培: 80 + 55 + 90 + 60 + 48 + 40 + 45 + 50 = 468 < 500
    shengpei = goal(mixed, "shengpei")
    assert (shengpei["actual"], shengpei["status"]) == (468, "fail")
    # 升学率: (1950 + 1700 + 2500 + 1500 + 1300 + 1000 + 1100 + 3800) / (3100 + 2600 + 3900
    # + 2400 + 2100 + 1700 + 1800 + 5600) = 14850 / 23200 = 64.01% < 65%
    rate = goal(mixed, "zhongzhi-further-study")
    assert (rate["numerator"], rate["denominator"]) == (14850, 23200)
    assert rate["actual"] == 14850 / 23200 and rate["target"] == 0.65
    assert rate["status"] == "fail"
    # 示范校: only 市直 answers, and it answered 否
    demo = goal(mixed, "demo-bases")
    assert (demo["actual"], demo["target"], demo["status"]) == (False, True, "fail")
    # one file of the eight units' rows, read as UTF-8 with commas
    [info] = mixed["files"]
    assert (info["encoding"], info["delimiter"], info["rows"]) == ("UTF-8", ",", 8)
    assert mixed["units"][-1] == "市直" and mixed["missing_units"] == []


def test_the_report_is_indented_utf8_text_with_chinese_as_is() -> None:
    out = run("validate", MIXED, "-f", "json")
    assert out.stdout.startswith('{\n  "schema_version": 1,\n  "targets": ')
    assert '"unit": "青山县"' in out.stdout and "\\u" not in out.stdout
    assert out.stdout.endswith("\n}\n")


def test_the_mid_year_report_in_english_by_hand() -> None:
    doc = run("validate", JUNE, "--lang", "en", "-f", "json").json()
    # 2023-06-30: 181 of the year's 365 days
    assert doc["as_of"] == "2023-06-30" and doc["elapsed_share"] == 181 / 365
    assert doc["as_of_from"] == {"source": "report_date", "agree": 1, "set_aside": []}
    # 国培: 260 + 200 + 290 + 180 + 170 + 130 + 140 + 150 = 1520, due 3000 × 181/365 = 1487.67
    guopei = goal(doc, "guopei")
    assert guopei["title"] == "National training programme ≥ 3000 teachers"
    assert (guopei["actual"], guopei["status"]) == (1520, "on_pace")
    assert guopei["expected"] == 3000 * 181 / 365 and guopei["elapsed_share"] == 181 / 365
    # 省培: 40 + 30 + 45 + 30 + 25 + 20 + 25 + 25 = 240, due 500 × 181/365 = 247.95
    shengpei = goal(doc, "shengpei")
    assert (shengpei["actual"], shengpei["status"]) == (240, "behind")
    # a goal not met before its deadline is never a fail
    assert doc["summary"]["fail"] == 0 and goal(doc, "demo-bases")["status"] == "not_yet"


def test_july_against_june_by_hand(tmp_path: Path) -> None:
    june = tmp_path / "june.json"
    assert run("validate", JUNE, "--allocations", QUOTAS, "-o", june, "-q").exit_code == 0
    doc = run("validate", JULY, "--allocations", QUOTAS, "--previous", june, "-f", "json").json()
    assert doc["previous"]["as_of"] == "2023-06-30" and doc["as_of"] == "2023-07-31"
    # 国培 in July: 300 + 250 + 330 + 190 + 230 + 200 + 160 + 180 = 1840, June's 1520: +320
    guopei = goal(doc, "guopei")
    assert guopei["actual"] == 1840
    assert guopei["previous"] == {"actual": 1520, "status": "on_pace", "change": 320}
    # 青山县: 300 now, 260 in June
    qingshan = guopei["units"][0]
    assert qingshan["unit"] == "青山县" and qingshan["previous"]["change"] == 40
    # 示范校: 否 in June, 是 now (samples/README.md)
    demo = goal(doc, "demo-bases")
    assert demo["actual"] is True and demo["previous"]["actual"] is False
    # 青山县 falls from 2nd to 4th (samples/README.md)
    [standing] = [s for s in doc["ranking"] if s["unit"] == "青山县"]
    assert (standing["rank"], standing["previous_rank"]) == (4, 2)
