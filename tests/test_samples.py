"""Dogfood: the shipped targets.yaml on the shipped samples, figures checked by hand."""

from __future__ import annotations

import csv
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SAMPLES, run

F = Fraction
# The mixed sample, worked out by hand from samples/city-2023-mixed.csv (units in file order:
# 青山县 白水县 云岭市 河东区 河西区 松林县 石门县 市直).
MIXED = {
    "qiangshi-pilot": ("pass", 1),  # only 青山县 says 是 (a county: 市直 would not count)
    "guopei": ("pass", 520 + 410 + 605 + 380 + 355 + 290 + 315 + 340),  # 3215
    "shengpei": ("fail", 80 + 55 + 90 + 60 + 48 + 40 + 45 + 50),  # 468 < 500
    "mingshi-fubaixiao": ("pass", True),  # the city's own acts: 市直 answers 是
    "teacher-test": ("pass", True),
    "teaching-contest": ("pass", True),
    "demo-bases": ("fail", False),  # 市直 answered 否
    # new staff 86+64+58+72+51+40+38+120 = 529, all screened but one of 云岭市's 58
    "staff-screening": ("fail", F(529 - 1, 529)),
    "teacher-pay": (  # every unit's pay at or above its civil servants' (河西区 equal)
        "pass",
        F(
            98600 + 96300 + 101200 + 104500 + 102800 + 93400 + 94100 + 112300,
            97200 + 95800 + 99500 + 103900 + 102800 + 92100 + 93600 + 110500,
        ),
    ),
    "zhongzhi-seats": ("pass", 350 + 300 + 420 + 200 + 180 + 150 + 160 + 400),  # 2160
    "vocational-enrollment": ("fail", 9800 + 8200 + 12100 + 7600 + 6900 + 5400 + 5850 + 18500),
    "vocational-conditions": (
        "pass",
        F(3 + 3 + 4 + 2 + 2 + 1 + 2 + 8, 4 + 3 + 5 + 3 + 2 + 2 + 2 + 9),
    ),
    "zhongzhi-further-study": (
        "fail",
        F(
            1950 + 1700 + 2500 + 1500 + 1300 + 1000 + 1100 + 3800,
            3100 + 2600 + 3900 + 2400 + 2100 + 1700 + 1800 + 5600,
        ),
    ),
    "coal-alliance": ("pass", True),
    "rhine-college": ("pass", True),
    "willing-enrolled": (  # 河东区 298 of 300; 市直 not applicable
        "fail",
        F(420 + 380 + 510 + 298 + 260 + 240 + 250, 420 + 380 + 510 + 300 + 260 + 240 + 250),
    ),
    # the counties' own enrolment (市直 left out); judged only against last year's
    "county-vocational-growth": ("skipped", 9800 + 8200 + 12100 + 7600 + 6900 + 5400 + 5850),
    "provincial-zhongzhi": ("pass", True),
    "double-high": ("pass", True),
    "dual-upgrade": ("pass", 12000 + 10500 + 15800 + 9800 + 8900 + 7600 + 7900 + 14200),
    "schooling-years": (
        "skipped",
        (
            F(410000) * F("10.2")
            + F(355000) * F("9.8")
            + F(520000) * F("10.6")
            + F(300000) * F("11.1")
            + F(280000) * F("10.9")
            + F(240000) * F("9.5")
            + F(250000) * F("9.7")
        )
        / (410000 + 355000 + 520000 + 300000 + 280000 + 240000 + 250000),
    ),
    "graduate-placement": ("pass", F(17630, 21500)),  # only 市直 has colleges
    "livestream-course": ("pass", True),
    "employment-education": ("pass", True),
    "recruitment-month": ("pass", True),
    "fund-execution": (
        "skipped",
        (F("4680.45") + 3870 + 5490 + 3420 + 2975 + 2465 + 2790 + 8360)
        / (F("5200.5") + 4300 + F("6100.25") + 3800 + 3500 + 2900 + 3100 + 8800),
    ),
    "compulsory-seats": ("pass", 1350 + 900 + 1800 + 720 + 650 + 540 + 600 + 0),
    "large-classes": ("skipped", 12 + 8 + 15 + 5 + 3 + 9 + 7 + 0),
    "covert-inspections": ("skipped", 24 + 18 + 20 + 26 + 22 + 15 + 16 + 30),  # needs 2022
    "opinion-mechanism": ("pass", True),
    "opinion-training": ("pass", True),
    "double-reduction-meeting": ("pass", True),
    "songjiao-frequency": ("pass", F(36 + 28 + 40 + 18 + 15 + 22, 36 + 28 + 40 + 18 + 15 + 22)),
    "songjiao-hours": (
        "fail",
        F(720 + 560 + 792 + 360 + 300 + 440, 720 + 560 + 800 + 360 + 300 + 440),
    ),
    "songjiao-plan": ("pass", F(36 + 28 + 40 + 18 + 15 + 22, 36 + 28 + 40 + 18 + 15 + 22)),
    "disabled-enrolment": (  # 市直 "/": not applicable; judged only against last year's
        "skipped",
        F(118 + 95 + 150 + 80 + 70 + 66 + 60, 120 + 96 + 152 + 80 + 71 + 68 + 60),
    ),
    "dropouts-zero": ("fail", 1),
    "consolidation-rate": (
        "pass",
        F(
            6010 + 5230 + 7570 + 4450 + 3950 + 3380 + 3590 + 2540,
            6200 + 5400 + 7800 + 4600 + 4100 + 3500 + 3700 + 2600,
        ),
    ),
    "digital-campus": ("fail", 15 + 12 + 18 + 10 + 9 + 8 + 8 + 18),  # 98 < 106
    "smart-campus": ("pass", 2 + 1 + 3 + 1 + 1 + 1 + 1 + 3),
    "micro-lessons": ("pass", True),
    "data-leaks-zero": ("pass", 0),
}


def as_json_number(value: object) -> object:
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def test_every_rule_of_the_mixed_sample_by_hand() -> None:
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "-f", "json")
    got = {r["id"]: (r["status"], r["actual"]) for r in out.json()["results"]}
    expected = {k: (s, as_json_number(v)) for k, (s, v) in MIXED.items()}
    assert got == expected
    assert out.json()["summary"] == {
        "pass": 27,
        "on_pace": 0,
        "behind": 0,
        "not_yet": 0,
        "fail": 9,
        "incomplete": 0,
        "skipped": 6,
    }


def test_failing_units_of_the_mixed_sample() -> None:
    out = run("validate", SAMPLES / "city-2023-mixed.csv", "-f", "json")
    failing = {
        r["id"]: [u["unit"] for u in r["units"] if u["status"] == "fail"]
        for r in out.json()["results"]
        if r["scope"] == "each_unit"
    }
    assert failing == {
        "staff-screening": ["云岭市"],
        "teacher-pay": [],
        "willing-enrolled": ["河东区"],
        "songjiao-frequency": [],
        "songjiao-hours": ["云岭市"],
        "songjiao-plan": [],
        "dropouts-zero": ["河东区"],
        "data-leaks-zero": [],
    }


def _column_sums(path: Path) -> dict[str, Decimal]:
    """Σ of every column, read with the csv module, independently of plan-check's loader."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    sums: dict[str, Decimal] = {}
    for header in rows[0]:
        cells = [r[header] for r in rows if r[header] not in ("", "/")]
        try:
            sums[header] = sum((Decimal(c) for c in cells), Decimal(0))
        except ArithmeticError:
            continue
    return sums


@pytest.mark.parametrize("sample", ["city-2023-mixed.csv", "city-2023-all-met.csv"])
def test_sum_and_ratio_figures_match_an_independent_reading(sample: str) -> None:
    targets = yaml.safe_load((ROOT / "targets.yaml").read_text(encoding="utf-8"))
    header = {m["id"]: m["header"] for m in targets["metrics"]}
    sums = _column_sums(SAMPLES / sample)
    results = {
        r["id"]: r for r in run("validate", SAMPLES / sample, "-f", "json").json()["results"]
    }
    for rule in targets["rules"]:
        if rule["kind"] == "sum" and rule.get("scope", "city") == "city":
            assert results[rule["id"]]["actual"] == sums[header[rule["metric"]]], rule["id"]
        elif rule["kind"] == "ratio" and rule.get("scope", "city") == "city":
            expected = Fraction(sums[header[rule["numerator"]]]) / Fraction(
                sums[header[rule["denominator"]]]
            )
            assert results[rule["id"]]["actual"] == float(expected), rule["id"]


def test_all_met_sample_meets_every_judged_goal() -> None:
    out = run("validate", SAMPLES / "city-2023-all-met.csv", "-f", "json")
    statuses = {r["id"]: r["status"] for r in out.json()["results"]}
    baseline_goals = {
        "schooling-years",
        "county-vocational-growth",
        "fund-execution",
        "large-classes",
        "disabled-enrolment",
        "covert-inspections",
    }
    assert {k for k, s in statuses.items() if s != "pass"} == baseline_goals
    assert {statuses[k] for k in baseline_goals} == {"skipped"}
    # 106 digital campuses is exactly the plan's figure: met
    digital = next(r for r in out.json()["results"] if r["id"] == "digital-campus")
    assert digital["actual"] == 106 == digital["target"]
    assert out.exit_code == 0


def test_every_quote_occurs_in_the_seed_text() -> None:
    seed = (ROOT / "docs" / "plan-2023-items-16-28.txt").read_text(encoding="utf-8")
    targets = yaml.safe_load((ROOT / "targets.yaml").read_text(encoding="utf-8"))
    missing = [r["id"] for r in targets["rules"] if r["quote"] not in seed]
    assert missing == []
    for rule in targets["rules"]:  # and the item the quote is under is the rule's item
        start = seed.index(f"{rule['item']}.")
        end = seed.find(f"{rule['item'] + 1}.", start)
        assert rule["quote"] in seed[start : end if end > 0 else None], rule["id"]


def test_the_seed_copy_matches_shared_seeds_when_present() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("no shared/seeds beside this checkout")
    [seed] = shared.glob("*.txt")
    assert (ROOT / "docs" / "plan-2023-items-16-28.txt").read_bytes() == seed.read_bytes()


def test_the_packaged_targets_file_is_the_top_level_one() -> None:
    packaged = resources.files("plan_check").joinpath("targets.yaml").read_bytes()
    assert packaged == (ROOT / "targets.yaml").read_bytes()


def test_the_shipped_targets_cover_the_rule_table() -> None:
    targets = yaml.safe_load((ROOT / "targets.yaml").read_text(encoding="utf-8"))
    assert [r["id"] for r in targets["rules"]] == list(MIXED)
    accrues = {r["id"] for r in targets["rules"] if r.get("accrues")}
    # new vocational seats open with the autumn enrolment: not paced by days
    assert accrues == {
        "guopei",
        "shengpei",
        "dual-upgrade",
        "digital-campus",
        "smart-campus",
    }


def test_messy_sample_gives_exactly_the_clean_results() -> None:
    """GB18030, a title line, a units line, CRLF, 万, commas, full-width digits, unit
    words, √ ✓ Y for yes, — for not applicable, blank tail rows: same figures."""
    clean = run("validate", SAMPLES / "city-2023-mixed.csv", "-f", "json").json()
    messy_run = run("validate", SAMPLES / "city-2023-messy.csv", "-f", "json")
    messy = messy_run.json()
    assert messy["files"][0]["encoding"] == "GB18030"
    assert messy["files"][0]["rows"] == 8
    assert messy["problems"] == []
    assert messy["results"] == clean["results"]
    assert messy_run.exit_code == 1


def test_the_readme_documents_every_column_and_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = yaml.safe_load((ROOT / "targets.yaml").read_text(encoding="utf-8"))
    for metric in targets["metrics"]:
        assert f"| `{metric['id']}` | {metric['header']} |" in readme, metric["id"]
    for rule in targets["rules"]:
        assert f"| `{rule['id']}` | {rule['item']} |" in readme, rule["id"]
