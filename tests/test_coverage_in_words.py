"""Coverage of a plan that numbers its items in words (一、 chapters, （一） items), as the
second plan in the repository does, and whose text is typed with full-width punctuation:
`lint --seed` names every commitment no list covers, item by item as the plan numbers it,
and a text with no numbering it knows says its coverage was not checked."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, run
from plan_check.coverage import commitments

PLAN = ROOT / "samples" / "plans" / "qinghe-2025"
TARGETS = PLAN / "targets.yaml"
SEED = PLAN / "plan.txt"

MADE_UP = """\
某县教育局2026年工作要点
一、学前教育
（一）扩大资源。新增幼儿园3所，毛入园率达到90%；围绕需求，形成合力。
（二）提升质量。开展评估活动。
二、安全稳定
全年确保零事故，校园安全隐患动态清零。
"""


def test_chapters_and_items_in_words_are_the_items_and_full_width_marks_cut_clauses() -> None:
    found = [(c.item, c.text) for c in commitments(MADE_UP)]
    # (一)'s heading 扩大资源 is spelled out by what follows; ， and ； (full width) cut
    # clauses; 围绕需求 and 形成合力 carry no commitment; chapter 二 has no （一） item, so
    # it is an item itself, its heading line 安全稳定 its heading
    assert found == [
        ("一(一)", "新增幼儿园3所"),
        ("一(一)", "毛入园率达到90%"),
        ("一(二)", "开展评估活动"),
        ("二", "全年确保零事故"),
        ("二", "校园安全隐患动态清零"),
    ]


def test_the_second_plan_is_covered_clause_by_clause() -> None:
    out = run("lint", TARGETS, "--seed", SEED)
    assert out.exit_code == 0, out
    items = {c.item for c in commitments(SEED.read_text(encoding="utf-8"))}
    # the plan's items 一(一)…五(二) (二 has three, 三 three, the others two)
    assert items == {
        "一(一)", "一(二)", "二(一)", "二(二)", "二(三)", "三(一)", "三(二)", "三(三)",
        "四(一)", "四(二)", "五(一)", "五(二)",
    }  # fmt: skip


def test_a_commitment_of_an_item_in_words_left_out_is_named_as_the_plan_numbers_it(
    tmp_path: Path,
) -> None:
    text = TARGETS.read_text(encoding="utf-8")
    gone = [line for line in text.splitlines() if "推进幼儿园与小学科学衔接" in line]
    assert len(gone) == 1
    path = tmp_path / "targets.yaml"
    path.write_text(text.replace(gone[0] + "\n", ""), encoding="utf-8")
    out = run("lint", path, "--seed", SEED)
    assert out.exit_code == 1, out
    assert "一(一)“推进幼儿园与小学科学衔接”是一项承诺,既没有目标引用" in out.stderr
    assert "第 一(一) 条" not in out.stderr
    en = run("lint", path, "--seed", SEED, "--lang", "en")
    assert 'Item 一(一): "推进幼儿园与小学科学衔接" is a commitment' in en.stderr
    assert "1 commitment of the plan in no list" in en.stderr


def test_a_plan_text_with_no_numbering_known_says_its_coverage_was_not_checked(
    tmp_path: Path,
) -> None:
    # the same words, every quote still in them, but no 一、 and no （一）: the quotes are
    # checked against them, the coverage cannot be, and lint says so
    lines = SEED.read_text(encoding="utf-8").splitlines()
    bare = [line.split("、", 1)[1] if line[:1] in "一二三四五" else line for line in lines]
    bare = [line[3:] if line.startswith("（") else line for line in bare]
    seed = tmp_path / "plan.txt"
    seed.write_text("\n".join(bare), encoding="utf-8")
    out = run("lint", TARGETS, "--seed", seed)
    assert out.exit_code == 0, out
    assert f"提示:{seed} 中没有找到编号的条目,引文已核对,覆盖未检查" in out.stderr
    en = run("lint", TARGETS, "--seed", seed, "--lang", "en")
    assert "its quotes were checked, its coverage was not" in en.stderr
