"""The supervisor's 通报: 三色预警, the ranking (排名), the overview and the change since the
previous report (--previous), in every format.

Expected figures are worked out by hand from the samples (the comments show the sums),
or by an independent formula over the report's own per-unit figures, never pasted from
the program's ranking."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, run

FIXED_TIME = {"SOURCE_DATE_EPOCH": "1703980800"}
MIXED = SAMPLES / "city-2023-mixed.csv"
JUNE = SAMPLES / "city-2023-mid-year.csv"
JULY = SAMPLES / "city-2023-mid-year-07.csv"
ALLOCATIONS = SAMPLES / "allocations-2023.csv"
# the shipped plan without its ranking block, so that a test can append its own
SHIPPED = (
    (ROOT / "targets.yaml")
    .read_text(encoding="utf-8")
    .replace("ranking:\n  veto: [dropouts-zero]\n", "")
)
assert "\nranking:" not in SHIPPED


def ranking(out: object) -> list[tuple[str, int | None]]:
    return [(s["unit"], s["rank"]) for s in out.json()["ranking"]]  # type: ignore[attr-defined]


def unit_of(result: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(u for u in result["units"] if u["unit"] == name)


# --- 三色预警 ------------------------------------------------------------------------------


def test_every_result_and_unit_carries_an_alert() -> None:
    out = run("validate", JUNE, "--allocations", ALLOCATIONS, "-f", "json")
    for r in out.json()["results"]:
        expected = {
            "pass": "green",
            "on_pace": "green",
            "fail": "red",
            "incomplete": "red",
            "skipped": "yellow",
        }.get(r["status"])
        if expected:
            assert r["alert"] == expected, r["id"]
        else:  # behind: by points behind pace, yellow by default up to 30 points
            assert r["alert"] in ("yellow", "red"), r["id"]
        for u in r["units"]:
            assert u["alert"] in ("green", "yellow", "red", None)
            if u["status"] in (None, "n/a"):
                assert u["alert"] is None  # a unit not judged on this goal has no colour
    # 河东区, 国培 at 2023-06-30: 180 of its 400 = 45.00% against 181/365 = 49.59% of the
    # year: 4.59 points behind its own pace, yellow under the default thresholds
    guopei = out.result("guopei")
    assert unit_of(guopei, "河东区")["status"] == "behind"
    assert unit_of(guopei, "河东区")["alert"] == "yellow"
    assert unit_of(guopei, "青山县")["alert"] == "green"  # 260 of 450 = 57.8%, ahead


@pytest.mark.parametrize(
    ("alerts", "expected"),
    [
        ("alerts: {yellow_behind: 5}\n", "green"),  # 4.59 points behind: within 5
        ("alerts: {yellow_behind: 4, red_behind: 4.5}\n", "red"),  # beyond 4.5
        ("alerts: {yellow_behind: 4.5, red_behind: 30}\n", "yellow"),
    ],
)
def test_alert_thresholds_come_from_the_targets_file(
    tmp_path: Path, alerts: str, expected: str
) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text(SHIPPED + alerts, encoding="utf-8")
    out = run("validate", JUNE, "--allocations", ALLOCATIONS, "--targets", targets, "-f", "json")
    assert unit_of(out.result("guopei"), "河东区")["alert"] == expected
    # 省培 240 of 500 = 48.0% against 49.59%: 1.59 points behind the city's pace
    shengpei = {"green": "green", "red": "yellow", "yellow": "yellow"}[expected]
    if "yellow_behind: 5" in alerts:
        assert out.result("shengpei")["alert"] == shengpei


def test_alert_thresholds_out_of_order_are_refused(tmp_path: Path) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text(SHIPPED + "alerts: {yellow_behind: 20, red_behind: 10}\n", "utf-8")
    out = run("validate", JUNE, "--targets", targets)
    assert out.exit_code == 2
    assert "alerts 的 red_behind(10,未写时为 30)须不小于 yellow_behind(20)" in out.stderr
    assert f"{targets}:" in out.stderr


# --- 排名 ----------------------------------------------------------------------------------


def test_ranking_of_the_mixed_sample_by_hand() -> None:
    # The goals that bind every unit: staff screening, teacher pay, willing-enrolled,
    # dropouts-zero, the three home teaching rates and data leaks: 8. 石门县 has no
    # home-taught students (three n/a): 5 judged, 5 met. 云岭市 misses the class hours and
    # screened 57 of 58 new staff (6 of 8); 河东区 misses willing-enrolled (298/300) and
    # dropouts (1): 6 of 8. No paced goal binds a unit without quotas, so ties share.
    out = run("validate", MIXED, "-f", "json")
    assert ranking(out) == [
        ("青山县", 1),
        ("白水县", 1),
        ("河西区", 1),
        ("松林县", 1),
        ("石门县", 1),
        ("云岭市", 6),
        ("河东区", 7),
        ("市直", None),  # the city's own row is listed, not ranked
    ]
    lines = {s["unit"]: s for s in out.json()["ranking"]}
    assert (lines["石门县"]["met"], lines["石门县"]["judged"]) == (5, 5)
    assert (lines["河东区"]["met"], lines["河东区"]["judged"]) == (6, 8)
    assert lines["河东区"]["score"] == 0.75 and lines["河东区"]["alert"] == "red"
    assert lines["市直"]["city"] is True


def test_ties_are_broken_by_the_mean_completion_of_paced_quotas() -> None:
    out = run("validate", JUNE, "--allocations", ALLOCATIONS, "-f", "json")
    doc = out.json()
    # independent formula: met / judged over units with a status on an each-unit goal or a
    # quota; ties by the mean of min(actual / quota, 1) over the paced goals with quotas
    paced = {r["id"] for r in doc["results"] if r["elapsed_share"] is not None}
    score: dict[str, list[int]] = {}
    done: dict[str, list[Fraction]] = {}
    for r in doc["results"]:
        for u in r["units"]:
            bound = r["scope"] == "each_unit" or "quota" in u
            if not bound or u["status"] in (None, "n/a"):
                continue
            met = u["status"] in ("pass", "on_pace")
            score.setdefault(u["unit"], []).append(int(met))
            if r["id"] in paced and "quota" in u:
                share = Fraction(u["actual"]) / Fraction(u["quota"])
                done.setdefault(u["unit"], []).append(min(share, Fraction(1)))
    counties = [u for u in score if u != "市直"]
    key = {
        u: (Fraction(sum(score[u]), len(score[u])), sum(done[u]) / len(done[u])) for u in counties
    }
    expected = sorted(counties, key=lambda u: key[u], reverse=True)
    assert [u for u, _ in ranking(out)][: len(expected)] == expected
    # by hand: 云岭市 (290/550 + 10/18)/2 = 54.14% > 青山县 (260/450 + 8/16)/2 = 53.89%
    # > 石门县 (140/250 + 4/8)/2 = 53.00%, all with every goal met
    assert expected[:3] == ["云岭市", "青山县", "石门县"]
    assert [r for _, r in ranking(out)] == [1, 2, 3, 4, 5, 6, 7, None]


def test_ranking_policy_is_set_in_the_targets_file(tmp_path: Path) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text(SHIPPED + "ranking: {ties: shared, include_city: true}\n", "utf-8")
    out = run("validate", MIXED, "--targets", targets, "-f", "json")
    # 市直 now ranks with the counties: it is judged on the four each-unit goals it has
    # figures for (screening, pay, dropouts, data leaks) and on the bureau's 15 own acts,
    # and it answered 否 to one of them (示范校): 18 of 19 = 94.7%, below the five counties
    # that met every judged goal and above 云岭市 (6 of 8 = 75%)
    assert ranking(out)[:7] == [
        ("青山县", 1),
        ("白水县", 1),
        ("河西区", 1),
        ("松林县", 1),
        ("石门县", 1),
        ("市直", 6),
        ("云岭市", 7),
    ]
    targets.write_text(SHIPPED + "ranking: {score: completion}\n", "utf-8")
    out = run("validate", JUNE, "--allocations", ALLOCATIONS, "--targets", targets, "-f", "json")
    lines = {s["unit"]: s for s in out.json()["ranking"]}
    # a completion is a share of an "at least" target: of the each-unit goals only teacher
    # pay is one (≥ 100%: 104,500 / 103,900, capped at 1); the others are "= 100%" and
    # "= 0". So 河东区's score is the mean of its two quotas, 国培 180 of 400 and digital
    # campuses 5 of 12, and its pay: (0.45 + 0.41667 + 1) / 3
    assert lines["河东区"]["score"] == pytest.approx((180 / 400 + 5 / 12 + 1) / 3)
    bad = SHIPPED + "ranking: {score: average}\n"
    targets.write_text(bad, "utf-8")
    refused = run("validate", MIXED, "--targets", targets)
    assert refused.exit_code == 2
    assert f"{targets}:{bad.count(chr(10))}:" in refused.stderr
    assert "met_share" in refused.stderr and "completion" in refused.stderr


# --- --previous ----------------------------------------------------------------------------


@pytest.fixture
def june_report(tmp_path: Path) -> Path:
    path = tmp_path / "june.json"
    out = run("validate", JUNE, "--allocations", ALLOCATIONS, "-o", path, "-q")
    assert out.exit_code == 0 and path.is_file()
    return path


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
def test_change_since_the_previous_report(june_report: Path) -> None:
    out = run(
        "validate", JULY, "--allocations", ALLOCATIONS, "--previous", june_report, "-f", "json"
    )
    doc = out.json()
    assert doc["previous"]["as_of"] == "2023-06-30"
    assert doc["previous"]["units_only_now"] == [] and doc["previous"]["goals_only_now"] == []
    # 国培: July 300+250+330+190+230+200+160+180 = 1,840; June 1,520: +320
    guopei = out.result("guopei")
    assert guopei["previous"] == {"actual": 1520, "status": "on_pace", "change": 320}
    assert unit_of(guopei, "河西区")["previous"]["change"] == 60  # 230 - 170
    # 示范校: the 市直 row said 否 in June, 是 in July
    assert out.result("demo-bases")["previous"]["status"] == "not_yet"  # an act: no pace
    assert out.result("demo-bases")["status"] == "pass"
    # a rate that did not move shows no change at all, not a float's dust
    assert out.result("consolidation-rate")["previous"]["change"] == 0
    # ranks: June 云岭市 1, 青山县 2, 石门县 3 (see the tie-break test); in July 青山县 is
    # behind its digital-campus pace (9 of 16 < 58.08%) and falls to 4
    lines = {s["unit"]: s for s in doc["ranking"]}
    assert (lines["青山县"]["rank"], lines["青山县"]["previous_rank"]) == (4, 2)
    assert (lines["云岭市"]["rank"], lines["云岭市"]["previous_rank"]) == (1, 1)
    table = run(
        "validate",
        JULY,
        "--allocations",
        ALLOCATIONS,
        "--previous",
        june_report,
        env={"COLUMNS": "120"},
    ).stdout
    # 青山县's mean completion 0.6145833… shows 61.46%: rounded half up (never cut), with
    # the two decimals that tell 云岭市 (0.6333…) from 石门县 (0.6325), ranked apart by it
    # 9/10: its 7 goals of June plus staff screening, teacher pay and data leaks, all met
    assert re.search(r"4\s+青山县\s+9/10\s+90\.0%\s+61\.46%\s+↓2\s+▲ 黄", table)
    assert "+320人" in table and "否→是" in table
    assert f"较上期:{june_report}(核查日期 2023-06-30)" in table


@pytest.mark.slow
def test_goals_and_units_in_one_report_only_are_named(tmp_path: Path, june_report: Path) -> None:
    doc = json.loads(june_report.read_text(encoding="utf-8"))
    doc["results"][1]["id"] = "guopei-old"  # a goal the targets no longer have
    doc["units"].append("青山具")  # a unit that did not report this time
    doc["units"].remove("市直")
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = run("validate", JULY, "--previous", edited, "-f", "json")
    previous = out.json()["previous"]
    assert previous["goals_only_now"] == ["guopei"]
    assert previous["goals_only_before"] == ["guopei-old"]
    assert previous["units_only_now"] == ["市直"] and previous["units_only_before"] == ["青山具"]
    assert "previous" not in out.result("guopei")
    table = run("validate", JULY, "--previous", edited).stdout
    assert "上期没有的目标 1 项:guopei" in table
    assert "上期有、本期未报送的单位 1 个:青山具" in table
    # and in the spreadsheet and the CI report
    rows = run("validate", JULY, "--previous", edited, "-f", "csv").stdout.splitlines()
    assert "previous,,上期有、本期未报送的单位 1 个,青山具" + "," * 20 in rows
    assert "previous,,上期没有的目标 1 项,guopei" + "," * 20 in rows
    junit = run("validate", JULY, "--previous", edited, "-f", "junit").stdout
    # June was judged with quotas, this July without: the ranks are not compared (the note
    # closes the line; test_ranking_comparable.py has the rest)
    assert "上期有、本期未报送的单位 1 个:青山具;排名所依据的目标与上期不同" in junit
    assert "名次变化不可比,不列出</system-out>\n  </testsuite>" in junit


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not json", "不是可读的 JSON 文件"),
        (b"\xff\xfe", "不是可读的 JSON 文件"),
        (b'{"results": 3}', "results 应为列表"),
        (b'{"results": [{"id": "guopei", "actual": "1520"}]}', "results[0].actual 应为数值"),
        (b'{"results": [{"id": "guopei", "actual": 1e999999999}]}', "results[0].actual"),
        (b'{"results": [{"id": "guopei", "status": "great"}]}', "results[0].status 应为状态"),
        (b'{"results": [{"id": "x"}], "ranking": [{"unit": "a", "rank": 1.5}]}', "ranking[0]"),
        (b'{"results": [{"id": "guopei"}], "as_of": "2023-13-01"}', "as_of 应为日期"),
        (b'{"results": [{"id": "no-such-goal"}]}', "没有一个相同的目标编号"),
        (b"[" * 100_000 + b"]" * 100_000, "不是可读的 JSON 文件(嵌套过深)"),
        (b'{"results": [' + b"9" * 5000 + b"]}", "results[0] 应为对象"),
        (
            b'{"results": [{"id": "guopei", "actual": ' + b"1" + b"0" * 309 + b"}]}",
            "actual 应为数值",
        ),
        (b'{"results": [{"id": "guopei"}, {"id": "guopei"}]}', "results[1].id 应为不重复的名称"),
        (
            b'{"results": [{"id": "guopei"}], "ranking": [{"unit": "a", "rank": -5}]}',
            "ranking[0].rank",
        ),
        (
            b'{"results": [{"id": "guopei"}], "ranking": [{"unit": "a", "rank": 2}]}',
            "ranking[0].rank",
        ),
        (b'{"results": [{"id": "guopei"}], "units": ["\\ud800"]}', "units[0] 应为非空文本"),
        (b'{"results": [{"id": "guopei"}], "as_of": "20230630"}', "as_of 应为日期"),
        (b'{"results": [{"id": "guopei"}], "units": ["' + b"x" * 1001 + b'"]}', "units[0]"),
    ],
)
def test_a_bad_previous_report_is_refused_with_its_place(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = tmp_path / "prev.json"
    bad.write_bytes(content)
    out = run("validate", JULY, "--previous", bad)
    assert out.exit_code == 2
    assert str(bad) in out.stderr and expected in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_as_previous_report_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "prev.json"
    os.mkfifo(fifo)
    out = run("validate", JULY, "--previous", fifo)
    assert out.exit_code == 2 and str(fifo) in out.stderr


def test_the_previous_report_is_never_overwritten(june_report: Path) -> None:
    before = june_report.read_bytes()
    out = run("validate", JULY, "--previous", june_report, "-o", june_report)
    assert out.exit_code == 2 and june_report.read_bytes() == before


# --- every format, byte for byte -------------------------------------------------------------


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
@pytest.mark.parametrize(
    ("fmt", "golden_name"),
    [
        ("table", "july.zh.txt"),
        ("markdown", "july.md"),
        ("html", "july.html"),
        ("csv", "july.csv"),
        ("junit", "july.junit.xml"),
    ],
)
def test_overview_ranking_alerts_and_previous_in_every_format(
    golden: Callable[[str, str], None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fmt: str,
    golden_name: str,
) -> None:
    # relative paths in a folder of its own, so the rendering names the same files anywhere
    for name in (JUNE, JULY, ALLOCATIONS):
        (tmp_path / "samples").mkdir(exist_ok=True)
        shutil.copy(name, tmp_path / "samples" / name.name)
    shutil.copy(ROOT / "targets.yaml", tmp_path / "targets.yaml")
    monkeypatch.chdir(tmp_path)
    june = run(
        "validate",
        "samples/" + JUNE.name,
        "--allocations",
        "samples/" + ALLOCATIONS.name,
        "-o",
        "june.json",
        "-q",
    )
    assert june.exit_code == 0
    out = run(
        "validate",
        "samples/" + JULY.name,
        "--allocations",
        "samples/" + ALLOCATIONS.name,
        "--previous",
        "june.json",
        "-f",
        fmt,
        env={**FIXED_TIME, "COLUMNS": "100"},
    )
    assert out.exit_code == 0  # behind the pace is a warning; --strict makes it 1
    golden(golden_name, out.stdout)


def test_overview_at_80_columns_keeps_figures_and_ids_whole(june_report: Path) -> None:
    from rich.cells import cell_len

    out = run(
        "validate",
        JULY,
        "--allocations",
        ALLOCATIONS,
        "--previous",
        june_report,
        env={"COLUMNS": "80"},
    ).stdout
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    # every figure of every goal title is on one line (3000, 8.58, 15-59, 96.50%)
    from plan_check.targets import load_plan

    for rule in load_plan(None).rules:
        for figure in re.findall(r"\d[\d.,%-]*\d%?|\d", rule.title.zh):
            assert any(figure in line for line in lines), (rule.id, figure)
    # the overview is folded into blocks: each one fits and has every unit on its own row
    assert out.count("云岭市") >= 8
    assert all("云岭" not in line or "云岭市" in line for line in lines)


# --- hostile settings and previous reports -----------------------------------------------


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("alerts: {red_behind: 1e999999999}\n", "为 0 到 100 的百分点(至多 4 位小数)"),
        ("alerts: {yellow_behind: 1e-999999999}\n", "为 0 到 100 的百分点(至多 4 位小数)"),
        ("alerts: {red_behind: 150}\n", "alerts.red_behind 须不大于 100,收到 150"),
        ("alerts: {red_behind: " + "9" * 5000 + "}\n", "超过 30 位"),
    ],
)
def test_absurd_alert_thresholds_are_refused_at_once(
    tmp_path: Path, setting: str, says: str
) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text(SHIPPED + setting, "utf-8")
    out = run("validate", JUNE, "--targets", targets, "-q")
    assert out.exit_code == 2
    assert f"{targets}:{SHIPPED.count(chr(10)) + 1}:" in out.stderr and says in out.stderr


@pytest.mark.slow  # over 0.6 s: the default run stays under a minute
def test_a_long_list_of_units_in_one_report_only_is_counted(
    tmp_path: Path, june_report: Path
) -> None:
    doc = json.loads(june_report.read_text(encoding="utf-8"))
    doc["units"] += [f"旧单位{i:04d}" for i in range(4_000)]
    edited = tmp_path / "many.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = run("validate", JULY, "--previous", edited, env={"COLUMNS": "100"})
    flat = re.sub(r"\s+", "", out.stdout)  # lines wrap anywhere: compare without spaces
    assert "上期有、本期未报送的单位4,000个:旧单位0000、" in flat
    assert "旧单位0019、等另3,980个" in flat and "旧单位0020" not in flat
    # every name is still in the JSON report
    doc = run("validate", JULY, "--previous", edited, "-f", "json").json()
    assert len(doc["previous"]["units_only_before"]) == 4_000


def test_a_previous_report_not_earlier_is_a_warning(june_report: Path) -> None:
    out = run("validate", JUNE, "--previous", june_report, "-f", "json")
    assert out.exit_code == 0
    warning = next(p for p in out.json()["problems"] if p["code"] == "previous_not_earlier")
    assert warning["severity"] == "warning" and "2023-06-30" in warning["message"]


def test_the_change_is_listed_when_the_terminal_has_no_room_for_its_column(
    june_report: Path,
) -> None:
    out = run(
        "validate",
        JULY,
        "--allocations",
        ALLOCATIONS,
        "--previous",
        june_report,
        env={"COLUMNS": "80"},
    ).stdout
    block = out.split("较上期:\n")[1].split("需关注")[0]
    # by hand from the two samples: 国培 1,520 → 1,840; 示范校 否 → 是; 意愿就读 2,958/2,960
    # → 2,960/2,960 (滞后 → 达标); unchanged goals are not listed
    assert "“国培计划”3000 名以上: +320人" in block
    assert "评选市级教师专业发展示范校和教师培养培训基地: 否→是" in block
    assert "有就读意愿的初中毕业生全部就读中职: +0.08 个百分点(尚未达标→达标)" in block
    assert "九年义务教育巩固率" not in block


def test_markdown_shows_an_entity_from_data_as_written(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("区县,失学辍学学生数\n&lt;b&gt;x&amp;,1\n", encoding="utf-8")
    out = run("validate", data, "-f", "markdown").stdout
    assert "&amp;lt;b&amp;gt;x&amp;amp;" in out and "&lt;b&gt;" not in out
