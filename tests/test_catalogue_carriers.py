"""The catalogue's carriers: every problem the reader lists carries a ``Code`` made by its
constructor (problems.py), the JSON report the plain string, and a report read back
(--previous) does not depend on the problem codes it holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import csv_file, no_traceback, run
from plan_check import check
from plan_check.codes import Code
from plan_check.errors import TargetsError

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_every_problem_the_reader_lists_carries_a_catalogue_code(tmp_path: Path) -> None:
    data = csv_file(
        tmp_path,
        "单位,学校,填报日期,国培计划培训人数\n"
        "青山县,一中,2023-07-31,120\n"
        "青山县,二中,2023-07-31,80,9\n"  # 5 cells under a header of 4: row_too_long
        "合计,,2023-07-31,200\n"  # a total row
        "河东区,一中,2023-13-01,壹佰\n"  # a bad date, a cell that is no number
        "青山县,一中,2023-07-31,120\n",  # 青山县 一中 again: a repeated row
    )
    header_only = csv_file(tmp_path, "单位,国培计划培训人数\n", name="empty.csv")
    report = check([data, header_only, SAMPLES / "city-2023-messy.csv"])
    found = [*report.problems, *report.blanks]
    assert [p for p in found if type(p.code) is not Code] == []
    by_code = {p.code: p for p in found}
    assert {
        Code.ROW_TOO_LONG,
        Code.TOTAL_ROW,
        Code.BAD_DATE,
        Code.CELL_NOT_NUMBER,
        Code.DUPLICATE_SCHOOL,
        Code.FILE_UNREADABLE_SKIPPED,
    } <= set(by_code)
    # its constructor's parameters: 5 cells where the header has 4 columns
    assert by_code[Code.ROW_TOO_LONG].params == {"cells": 5, "width": 4}
    # the 退回修改单's context beside the wording's parameters
    refused = by_code[Code.CELL_NOT_NUMBER].params
    assert (refused["row_unit"], refused["row_metric"]) == ("河东区", "guopei_trained")
    repeated = by_code[Code.DUPLICATE_SCHOOL].params
    assert (repeated["unit"], repeated["school"]) == ("青山县", "一中")
    assert repeated["first"] == f"{data}:2"
    # the file with a header alone is skipped for its own reason, kept as a code
    skipped = by_code[Code.FILE_UNREADABLE_SKIPPED].params
    assert type(skipped["error_code"]) is Code and skipped["error_code"] is Code.FILE_NO_ROWS


def test_the_json_report_carries_each_code_as_its_plain_string(tmp_path: Path) -> None:
    data = csv_file(tmp_path, "单位,国培计划培训人数\n青山县,12,9\n")  # a row too long
    doc = run("validate", data, "--format", "json").json()
    assert [p["code"] for p in doc["problems"]] == ["row_too_long"]
    # as the file holds it: a string of the catalogue, not an enum's repr
    assert '"code": "row_too_long"' in json.dumps(doc, ensure_ascii=False)


def test_a_previous_report_with_a_problem_code_unknown_here_is_still_read(
    tmp_path: Path,
) -> None:
    # a report written by another version may list problems this one has no code for:
    # --previous reads goals, units and ranks, never the problems, so it is compared
    data = csv_file(tmp_path, "单位,国培计划培训人数\n青山县,12\n河东区,壹佰\n")
    first = run("validate", data, "--format", "json")
    doc = first.json()
    assert doc["problems"], "the sample has problems to rename"
    for p in doc["problems"]:
        p["code"] = "a_code_from_elsewhere"
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    again = run("validate", data, "--previous", earlier, "--format", "json")
    no_traceback(again)
    assert again.exit_code == first.exit_code
    assert again.json()["previous"] is not None


def test_a_targets_file_s_mistakes_keep_their_heading_as_the_error_s_code(
    tmp_path: Path,
) -> None:
    # the one error outside the catalogue (codes.py says why): callers read exc.code
    data = csv_file(tmp_path, "单位,国培计划培训人数\n青山县,12\n")
    targets = tmp_path / "targets.yaml"
    targets.write_text("rules: 5\n", encoding="utf-8")
    with pytest.raises(TargetsError) as raised:
        check([data], targets)
    assert raised.value.code == raised.value.kind == "targets_invalid"
    assert str(targets) in raised.value.message("en")
