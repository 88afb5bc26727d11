"""The problem catalogue: every problem plan-check reports about the data and every error
that stops a check is one Code with one constructor, whose parameters are the
placeholders of both its wordings, so a missing or misspelt parameter is mypy's to catch
and a wording never shows a brace to the user."""

from __future__ import annotations

import ast
import inspect
import string
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_type_hints

from conftest import csv_file, run
from plan_check import problems, refusals
from plan_check.codes import Code, Said
from plan_check.errors import PlanCheckError
from plan_check.i18n import MESSAGES, NEUTRAL_WORDS, Lang
from plan_check.render.text import problem_message
from plan_check.report import Problem

LANGS: tuple[Lang, ...] = ("zh", "en")
WORDS = set(NEUTRAL_WORDS["zh"])  # the plan's words: t() fills them in unless given
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
INNER = Said(Code.FILE_EMPTY, {"path": "‹inner›"})  # an error inside a problem's wording


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def constructors() -> dict[str, Callable[..., Any]]:
    return {
        name: fn
        for module in (problems, refusals)
        for name, fn in vars(module).items()
        if inspect.isfunction(fn) and fn.__module__ == module.__name__
    }


def example(fn: Callable[..., Any]) -> dict[str, Any]:
    """A value of its type for each parameter, each one its own, to be found in the wording."""
    hints = get_type_hints(fn)
    return {
        name: INNER if hints[name] is Said else 9001 + i if hints[name] is int else f"‹{name}›"
        for i, name in enumerate(inspect.signature(fn).parameters)
    }


def shows(text: str, value: Any) -> bool:
    if isinstance(value, Said):  # an error inside a problem: its own wording is shown
        return all(str(v) in text for v in value.params.values())
    return str(value) in text or (isinstance(value, int) and f"{value:,}" in text)


def worded(made: Said | PlanCheckError, lang: Lang) -> str:
    """What the user reads: a problem as the report words it, an error as the CLI does."""
    if isinstance(made, PlanCheckError):
        return made.message(lang)
    return problem_message(Problem.at(made, "a.csv"), lang)


def test_each_code_has_one_constructor_taking_the_placeholders_of_both_its_wordings() -> None:
    made = constructors()
    assert len(Code.__members__) == len(list(Code))  # no two members share a code
    assert sorted(made) == sorted(code.value for code in Code)  # one each, none spare
    wrong = []
    for code in Code:
        if code not in MESSAGES:
            wrong.append(f"{code}: no message")
            continue
        fn = made[code]
        params = inspect.signature(fn).parameters.values()
        names = {p.name for p in params}
        if any(p.kind is not p.KEYWORD_ONLY for p in params):
            wrong.append(f"{code}: parameters not keyword-only")
        for lang, text in zip(LANGS, MESSAGES[code], strict=True):
            wanted = placeholders(text)
            # every placeholder is a parameter, bar the plan's words that t() fills in
            if names - WORDS != wanted - WORDS or not names & WORDS <= wanted:
                wrong.append(f"{code} ({lang}): takes {sorted(names)}, says {sorted(wanted)}")
        # made with every parameter, it is of its code and every wording shows them all
        args = example(fn)
        result = fn(**args)
        if result.code is not code:
            wrong.append(f"{code}: makes {result.code}")
        for lang in LANGS:
            shown = worded(result, lang)
            hidden = [n for n, v in args.items() if not shows(shown, v)]
            if "{" in shown or "}" in shown or hidden:
                wrong.append(f"{code} ({lang}): {shown!r}")
    assert wrong == []


def test_an_error_is_raised_as_the_class_its_code_belongs_to() -> None:
    # what the CLI does with it (exit 2) and what callers catch (DataFileError) follow
    made = constructors()
    for code in Code:
        result = made[code](**example(made[code]))
        assert isinstance(result, Said | PlanCheckError), code
        assert (made[code].__module__ == refusals.__name__) == isinstance(result, PlanCheckError)
        # exactly the class the constructor declares (DataFileError, UsageError…), which
        # mypy holds every raise to
        declared = typing.get_type_hints(made[code])["return"]
        assert type(result) is declared, (code, type(result), declared)


def test_every_problem_a_report_holds_is_in_the_catalogue(tmp_path: Path) -> None:
    # the samples' problems, and a file with a row too long, a total row and a bad date
    data = csv_file(
        tmp_path,
        "单位,学校,填报日期,国培计划培训人数\n"
        "青山县,一中,2023-07-31,120\n"
        "青山县,二中,2023-07-31,80,9\n"  # one cell more than the header
        "合计,,2023-07-31,200\n"
        "河东区,一中,2023-13-01,壹佰\n",
    )
    files = [SAMPLES / "city-2023-messy.csv", SAMPLES / "city-2023-mixed.csv", data]
    doc = run("validate", *files, "--format", "json").json()
    found = {p["code"] for p in doc["problems"]} | {p.get("of") for p in doc["problems"]}
    assert {"row_too_long", "total_row", "bad_date", "cell_not_number"} <= found
    assert found - {None} <= set(Code)


CATALOGUE = ("codes.py", "problems.py", "refusals.py", "i18n.py")
CONSTRUCTORS = {"problems", "catalogue", "refusals"}  # the names the modules are imported as


def code_sites(root: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """The constructors referred to (``problems.total_row``), and every string constant
    that is a code, by file, in the modules under ``root`` outside the catalogue."""
    codes = {code.value for code in Code}
    made: set[str] = set()
    quoted: set[tuple[str, str]] = set()
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name in CATALOGUE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in CONSTRUCTORS
            ):
                made.add(node.attr)
            elif isinstance(node, ast.Constant) and node.value in codes:
                quoted.add((name, node.value))
    return made, quoted


def test_every_code_is_made_by_its_constructor_and_never_written_as_a_string() -> None:
    # a code no one makes is a promise nothing keeps; a code written as a string is one
    # mypy cannot hold to its parameters, nor a rename to its wordings
    made, quoted = code_sites(Path(problems.__file__).parent)
    assert [code for code in Code if code.value not in made] == []
    assert sorted(quoted) == []
