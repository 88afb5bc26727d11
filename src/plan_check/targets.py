"""The targets file: found beside the data like a linter's config, read safely, validated
by the plan's models, cross-checked (declared metrics, unique ids, metric types, quotas,
the plan's own words), every problem reported at its line and column, all at once."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from plan_check import refusals
from plan_check.errors import Msg, TargetsError, TargetsProblem
from plan_check.i18n import use_words
from plan_check.plan import DEFAULT_TARGETS, PACKAGED, Plan
from plan_check.shares import QuotaEntry, check_quotas
from plan_check.targets_check import check_quotes, cross_check
from plan_check.targets_locate import Locator
from plan_check.targets_slips import check_quote_figures, check_slips
from plan_check.targets_yaml import (
    Path_,
    Position,
    _Composer,
    _first_alias,
    _impossible_dates,
    _positions,
    _scalars,
    _yaml_problem,
    yaml11_forms,
)


def find_targets(start: Path | None = None) -> Path | None:
    """The targets.yaml users keep with their data, found as linters find their config: in
    the current folder or the nearest parent, stopping at a repository's root (.git)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / DEFAULT_TARGETS
        if candidate.is_file():
            return candidate
        if os.path.lexists(candidate):  # a folder, a FIFO, a broken link: said, not skipped
            raise refusals.targets_not_a_file(path=str(candidate))
        if (folder / ".git").exists():
            return None
    return None


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def default_targets_text() -> tuple[str, str]:
    """The targets file to use when none is named: a targets.yaml found from the current
    folder up, else the one shipped inside the package; and the name to show for it."""
    found = find_targets()
    if found is not None:
        from plan_check.input.files import read_side_text

        return read_side_text(found), _shown(found)
    text = resources.files("plan_check").joinpath(DEFAULT_TARGETS).read_text("utf-8")
    return text, PACKAGED


def load_plan(path: Path | None) -> Plan:
    if path is None:
        text, shown = default_targets_text()
    else:
        from plan_check.input.files import read_side_text

        shown = str(path)
        text = read_side_text(path)
    plan = parse_plan(text, shown)
    object.__setattr__(plan, "_source", shown)
    use_words(plan.words())  # every message of this command in the plan's words
    return plan


def parse_plan(text: str, shown: str) -> Plan:
    plan, problems = check_plan(text, shown)
    if problems or plan is None:
        raise TargetsError(shown, problems)
    return plan


def check_plan(
    text: str, shown: str, seed: str | None = None
) -> tuple[Plan | None, list[TargetsProblem]]:
    """The plan and every problem of its file: YAML, schema, references, and (given the
    plan's text) quotes that do not occur in it. Nothing in the file is executed."""
    alias = _first_alias(text, shown)
    if alias is not None:
        return None, [alias]
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(shown, exc, text)]
    too_deep, scalars = _scalars(node, shown)
    if too_deep is not None:
        return None, [too_deep]
    bad_dates = _impossible_dates(scalars, shown)
    if bad_dates:
        return None, bad_dates
    misread, words = yaml11_forms(scalars, shown)  # 0500, 1:30; yes/no/on/off become text
    if misread:
        return None, misread
    try:
        data: Any = (
            None if node is None else yaml.constructor.SafeConstructor().construct_document(node)
        )
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(shown, exc, text)]
    positions: dict[Path_, Position] = {}
    if node is not None:
        try:
            _positions(node, (), positions, shown)
        except TargetsError as exc:
            return None, exc.problems
    if not isinstance(data, dict):
        return None, [TargetsProblem(shown, 1, 1, None, Msg("targets_not_mapping"))]
    locate = Locator(shown, data, positions, words)
    plan = None
    try:
        plan = Plan.model_validate(data)
        problems = []
    except ValidationError as exc:
        problems = [locate.pydantic(err) for err in exc.errors()]
    problems += cross_check(data, locate) + check_slips(data, locate)
    if seed is not None:
        problems += check_quotes(data, locate, seed) + check_quote_figures(data, locate)
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    if plan is not None and not problems and plan.quotas:
        entries = []
        for rule_id, shares in plan.quotas.items():
            for unit, value in shares.items():
                line, col = positions.get(("quotas", rule_id, unit), (None, None))
                entries.append(QuotaEntry(rule_id, unit, value, line, col))
        try:
            check_quotas(plan.rules, entries, plan.units, shown)
        except TargetsError as exc:
            problems += exc.problems
    return (plan if not problems else None), problems
