"""A wrong targets file is refused with the file, the line and the rule: exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import csv_file, no_traceback, run

VALID = """\
title: {zh: 测试, en: test}
period_start: 2023-01-01
sections:
  - {id: s, number: 一, items: [16], title: {zh: 甲, en: A}}
metrics:
  - {id: guopei_trained, header: 国培计划培训人数, name_en: Trained, type: int, unit: 人, item: 16}
  - {id: done, header: 已完成, name_en: Done, type: bool, item: 16}
rules:
  - id: guopei
    item: 16
    quote: 落实"国培计划"3000名以上
    title: {zh: 国培, en: National}
    kind: sum
    metric: guopei_trained
    target: 3000
"""


def targets(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return csv_file(
        tmp_path,
        """
        区县,国培计划培训人数
        青山县,3000
    """,
    )


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing needle, found independently of plan-check."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_valid_file_works(tmp_path: Path, data: Path) -> None:
    out = run("validate", data, "--targets", targets(tmp_path, VALID))
    assert out.exit_code == 0, out


@pytest.mark.parametrize(
    ("name", "edit", "at", "says"),
    [
        (
            "unknown key",
            ("    target: 3000", "    target: 3000\n    colour: red"),
            "colour:",
            "unknown key 'colour'",
        ),
        (
            "unknown kind",
            ("kind: sum", "kind: average"),
            "kind: average",
            "valid kinds: sum, ratio, weighted_mean, count_yes, milestone",
        ),
        (
            "ratio without denominator",
            ("kind: sum\n    metric: guopei_trained", "kind: ratio\n    numerator: guopei_trained"),
            "- id: guopei",
            "denominator: required key is missing",
        ),
        (
            "undeclared metric",
            ("metric: guopei_trained", "metric: guopei"),
            "metric: guopei",
            "metric guopei is not declared",
        ),
        (
            "wrong metric type",
            ("metric: guopei_trained", "metric: done"),
            "metric: done",
            "needs a metric of type int/float",
        ),
        ("bad target", ("target: 3000", "target: lots"), "target: lots", "cannot read target"),
        ("bad op", ("target: 3000", "target: 3000\n    op: '=>'"), "op: '=>'", "op:"),
        (
            "item in no section",
            ("    item: 16\n    quote", "    item: 99\n    quote"),
            "item: 99",
            "item 99 belongs to no section",
        ),
        ("yaml syntax", ("kind: sum", "kind: [sum"), "metric: guopei_trained", "YAML"),
        (
            "duplicate key",
            ("    target: 3000", "    target: 3000\n    target: 2000"),
            "target: 2000",
            "key target appears twice",
        ),
    ],
)
def test_mistakes_are_located(
    tmp_path: Path, data: Path, name: str, edit: tuple[str, str], at: str, says: str
) -> None:
    text = VALID.replace(*edit)
    assert text != VALID, name
    path = targets(tmp_path, text)
    out = run("validate", data, "--targets", path, "--lang", "en")
    assert out.exit_code == 2, out
    assert f"{path}:{line_of(text, at)}" in out.stderr, out
    assert says in out.stderr, out
    no_traceback(out)


def test_duplicate_rule_ids_name_both_lines(tmp_path: Path, data: Path) -> None:
    rule = VALID[VALID.index("  - id: guopei") :]
    text = VALID + rule
    path = targets(tmp_path, text)
    out = run("validate", data, "--targets", path, "--lang", "en")
    assert out.exit_code == 2
    second = [i for i, line in enumerate(text.splitlines(), 1) if "- id: guopei" in line][1]
    assert f"{path}:{second}" in out.stderr
    assert "rule id guopei is used twice (first on line" in out.stderr


def test_every_mistake_is_listed_not_only_the_first(tmp_path: Path, data: Path) -> None:
    text = VALID.replace("kind: sum", "kind: sum\n    colour: red").replace(
        "target: 3000", "target: lots"
    )
    out = run("validate", data, "--targets", targets(tmp_path, text), "--lang", "en")
    assert out.exit_code == 2
    assert "has 2 errors and cannot be used" in out.stderr
    assert "colour" in out.stderr and "lots" in out.stderr


def test_yaml_tags_are_refused_and_never_executed(tmp_path: Path, data: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'!!python/object/apply:os.system ["touch {marker}"]\n'
    out = run("validate", data, "--targets", targets(tmp_path, text), "--lang", "en")
    assert out.exit_code == 2, out
    assert "YAML tag" in out.stderr and "python/object/apply:os.system" in out.stderr
    assert not marker.exists()
    no_traceback(out)


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text\n"])
def test_a_file_that_is_not_a_mapping(tmp_path: Path, data: Path, text: str) -> None:
    out = run("validate", data, "--targets", targets(tmp_path, text), "--lang", "en")
    assert out.exit_code == 2
    assert "top level must be a mapping" in out.stderr


def test_missing_targets_file(tmp_path: Path, data: Path) -> None:
    out = run("validate", data, "--targets", tmp_path / "nope.yaml")
    assert out.exit_code == 2
    assert "nope.yaml" in out.stderr and "找不到文件" in out.stderr


def test_messages_are_chinese_by_default(tmp_path: Path, data: Path) -> None:
    text = VALID.replace("metric: guopei_trained", "metric: guopei")
    out = run("validate", data, "--targets", targets(tmp_path, text))
    assert "目标文件" in out.stderr and "未在 metrics: 中声明" in out.stderr
    assert "规则 guopei" in out.stderr


def test_the_targets_file_is_not_modified(tmp_path: Path, data: Path) -> None:
    path = targets(tmp_path, VALID)
    before = path.read_bytes()
    run("validate", data, "--targets", path)
    assert path.read_bytes() == before
