"""The command line: a thin typer app; each command is a module of this package.

Heavy modules (pandas, the engine, renderers) are imported inside the commands, so
``--help`` and ``--version`` start fast. PlanCheckError is caught in ``common._guard``
and only there; a usage mistake typer finds is answered here, in ``main``.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from plan_check import __version__
from plan_check.cli import explain, history, init, lint, rules, schema, template, validate
from plan_check.cli.common import collector_paused
from plan_check.i18n import Lang


def _version(value: bool) -> None:
    if value:
        typer.echo(f"plan-check {__version__}")
        raise typer.Exit()


def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="显示版本 / show the version"
        ),
    ] = False,
) -> None:
    """plan-check: 工作要点目标核查 / work-plan target checking."""


COMMANDS = (
    validate.validate,
    rules.rules,
    explain.explain,
    template.template,
    init.init,
    lint.lint,
    schema.schema,
    history.history,
)


def _app(commands: Sequence[Callable[..., None]]) -> typer.Typer:
    built = typer.Typer(
        name="plan-check",
        help="核查各单位填报数据是否达到工作要点的量化目标。"
        " Check reported figures against a work plan's measurable goals.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(root)
    for command in commands:
        built.command()(command)
    return built


app = _app(COMMANDS)


def main() -> None:
    """The console script: typer parses, and a usage mistake (an unknown option, a value
    outside its choices) is answered in the user's language with exit 2."""
    _spare_the_exit()
    with collector_paused():
        _main()


def _main() -> None:
    # typer turns every command it holds into a click command on each run: a run that
    # names its command (plan-check rules …) is given an app of that one, which parses,
    # helps and refuses alike (the group's own help and a mistyped name need them all)
    named = [c for c in COMMANDS if sys.argv[1:2] == [c.__name__]]
    try:
        code = (_app(named) if named else app)(standalone_mode=False)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # click's usage errors carry format_message and exit_code
        if not (hasattr(exc, "format_message") and hasattr(exc, "exit_code")):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":  # plain `plan-check`: the help
            sys.stdout.write(str(exc.format_message()) + "\n")
            sys.exit(int(exc.exit_code))
        from plan_check.i18n import t

        lang: Lang = "en" if _wants_english(sys.argv) else "zh"
        sys.stderr.write(t("usage_error", lang, reason=_usage_reason(exc, lang)) + "\n")
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _spare_the_exit() -> None:
    """The command is done and the process ends: what it built (modules, classes, the
    plan's validators: tens of thousands of objects) is left to the operating system
    rather than to the interpreter's last garbage collections, which would visit each
    one (a fifth of `plan-check rules`). stdout and stderr are still flushed and exit
    handlers (atexit, weakref.finalize) still run: registered first, the freeze runs last,
    and only when the process ends (a caller of ``main`` that goes on finds nothing of it
    frozen: ``common.collector_paused`` undoes its own freeze when the command is done)."""
    import atexit
    import gc

    atexit.register(gc.freeze)


def _wants_english(argv: list[str]) -> bool:
    pairs = itertools.pairwise(argv)
    return "--lang=en" in argv or any(a == "--lang" and b == "en" for a, b in pairs)


def _usage_reason(exc: Any, lang: Lang) -> str:
    """click's English sentence, reworded for the common mistakes."""
    import re

    from plan_check.i18n import list_sep, t

    message = str(exc.format_message()).replace("Value error, ", "")
    choice = re.match(
        r"Invalid value for '([^']+)'(?: / '[^']+')?: '(.*)' is not one of (.*)\.$", message
    )
    if choice:
        accepted = list_sep(lang).join(re.findall(r"'([^']*)'", choice[3]))
        return t("usage_bad_choice", lang, option=choice[1], value=choice[2], accepted=accepted)
    unknown = re.match(r"No such option: (\S+)", message)
    if unknown:
        return t("usage_no_option", lang, option=unknown[1])
    missing = re.match(r"Missing argument '([^']+)'", message)
    if missing:
        return t("usage_missing_argument", lang, argument=missing[1])
    needs = re.match(r"Option '([^']+)' requires an argument", message)
    if needs:
        return t("usage_needs_value", lang, option=needs[1])
    return message
