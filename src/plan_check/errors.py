"""The one user-facing error base and the exit codes.

Findings about the data (a bad cell, a missed goal) are plain data in the Report; only
conditions that stop the check from running are raised, and the CLI alone turns them
into a message and exit code 2. Errors carry a message code and parameters, so the
CLI can say them in the user's language.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Literal

from plan_check.codes import Code, Said
from plan_check.i18n import Lang, t, words_now


class ExitCode(IntEnum):
    OK = 0  # every goal met, no data problem
    NOT_MET = 1  # a goal failed or is incomplete, or the data has problems
    CANNOT_RUN = 2  # bad option, unreadable file, invalid targets file


class PlanCheckError(Exception):
    """An error the user can act on: a code of the catalogue and its parameters (made by
    its constructor in refusals.py), or a targets file's mistakes (TargetsError)."""

    exit_code = ExitCode.CANNOT_RUN

    def __init__(self, code: Code, **params: Any) -> None:
        self.code = code
        self.params = params
        self.words = words_now()  # the plan's words when it was raised, kept with it
        super().__init__(t(code, "en", **params))

    def message(self, lang: Lang) -> str:
        return t(self.code, lang, **(dict(self.words[lang]) | self.params))

    def said(self) -> Said:
        """What it says, as a problem's wording takes it (a file skipped for it)."""
        return Said(self.code, dict(self.params))


LISTED = 100  # mistakes of a targets file listed at most; the rest are counted
SHOWN_CHARS = 200  # a value quoted in a message is cut to this many characters


def _short(value: Any) -> Any:
    text = str(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


Heading = Literal["targets_invalid", "allocations_invalid"]


class TargetsError(PlanCheckError):
    """The targets file cannot be used. Carries every problem found, not only the first.
    Its mistakes are wordings outside the catalogue (codes.py says why), listed under a
    heading, ``kind``; its ``code`` is that heading, as callers have always read it."""

    # the one error whose code is no catalogue Code: typed as what it is
    code: Heading  # type: ignore[assignment]

    def __init__(
        self, path: str, problems: list[TargetsProblem], kind: Heading = "targets_invalid"
    ) -> None:
        self.path = path
        self.problems = problems
        self.kind: Heading = kind  # the heading: a targets file, or an allocations file
        self.code = kind
        self.params = {"path": path, "count": len(problems)}
        self.words = words_now()
        Exception.__init__(self, t(kind, "en", **self.params))

    def message(self, lang: Lang) -> str:
        head = t(self.kind, lang, path=self.path, count=len(self.problems))
        shown = [p.render(lang) for p in self.problems[:LISTED]]
        if len(self.problems) > LISTED:
            shown.append(t("targets_more", lang, count=len(self.problems) - LISTED))
        return "\n".join([head, *shown])


class Msg:
    """A message code and its parameters, worded when the language is known."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params

    def render(self, lang: Lang) -> str:
        return t(self.code, lang, **{k: _short(v) for k, v in self.params.items()})


class TargetsProblem:
    """One mistake in a targets file, located by line and column (1-based)."""

    def __init__(
        self,
        path: str,
        line: int | None,
        column: int | None,
        rule_id: str | None,
        text: str | Msg,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.rule_id = rule_id
        self.text = text

    def render(self, lang: Lang) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        rule = t("targets_rule", lang, rule=self.rule_id) if self.rule_id else ""
        text = self.text.render(lang) if isinstance(self.text, Msg) else self.text
        return f"  {where}: {rule}{text}"


class DataFileError(PlanCheckError):
    """A data file cannot be read at all (missing, undecodable, no unit column, empty)."""


class UsageError(PlanCheckError):
    """An option value that cannot be used."""
