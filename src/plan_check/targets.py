"""The targets file: found beside the data like a linter's config, read safely, validated
by the plan's models, cross-checked (declared metrics, unique ids, metric types, quotas,
the plan's own words), every problem reported at its line and column, all at once."""

from __future__ import annotations

import difflib
import os
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from plan_check.errors import Msg, TargetsError, TargetsProblem, UsageError
from plan_check.plan import DEFAULT_TARGETS, PACKAGED, Metric, NotChecked, Plan, Section
from plan_check.rules import KINDS
from plan_check.rules.base import Model, Title
from plan_check.rules.units import column_fields, grammar_problems
from plan_check.shares import QuotaEntry, check_quotas
from plan_check.targets_yaml import (
    Path_,
    Position,
    _Composer,
    _first_alias,
    _impossible_dates,
    _positions,
    _too_deep,
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
            raise UsageError("targets_not_a_file", path=str(candidate))
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
        return None, [_yaml_problem(shown, exc)]
    too_deep = _too_deep(node, shown)
    if too_deep is not None:
        return None, [too_deep]
    bad_dates = _impossible_dates(node, shown)
    if bad_dates:
        return None, bad_dates
    misread, words = yaml11_forms(node, shown)  # 0500, 1:30; yes/no/on/off become text
    if misread:
        return None, misread
    try:
        data: Any = (
            None if node is None else yaml.constructor.SafeConstructor().construct_document(node)
        )
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(shown, exc)]
    positions: dict[Path_, Position] = {}
    if node is not None:
        try:
            _positions(node, (), positions, shown)
        except TargetsError as exc:
            return None, exc.problems
    if not isinstance(data, dict):
        return None, [TargetsProblem(shown, 1, 1, None, Msg("targets_not_mapping"))]
    locate = _Locator(shown, data, positions, words)
    plan = None
    try:
        plan = Plan.model_validate(data)
        problems = []
    except ValidationError as exc:
        problems = [locate.pydantic(err) for err in exc.errors()]
    problems += _cross_check(data, locate)
    if seed is not None:
        problems += _check_quotes(data, locate, seed)
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


class _Locator:
    """Turns a path in the YAML document into a located problem."""

    def __init__(
        self,
        shown: str,
        data: dict[str, Any],
        positions: dict[Path_, Position],
        words: dict[Position, str] | None = None,
    ):
        self.shown = shown
        self.data = data
        self.positions = positions
        self.words = words or {}  # where YAML 1.1 would have read yes/no/on/off as true/false

    def line(self, path: Path_) -> int:
        return self.positions.get(path, (0, 0))[0]

    def at(self, path: Path_, text: str | Msg) -> TargetsProblem:
        # the longest prefix of the path that exists in the document (a missing key, or
        # the union's tag that pydantic inserts, is not in it)
        known = [p for p in path if isinstance(p, int) or p != "__tag__"]
        line = col = None
        for n in range(len(known), -1, -1):
            if tuple(known[:n]) in self.positions:
                line, col = self.positions[tuple(known[:n])]
                break
        return TargetsProblem(self.shown, line, col, self._rule_id(path), text)

    def _rule_id(self, path: Path_) -> str | None:
        if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
            rules = self.data.get("rules")
            if (
                isinstance(rules, list)
                and path[1] < len(rules)
                and isinstance(rules[path[1]], dict)
            ):
                rule_id = rules[path[1]].get("id")
                return str(rule_id) if rule_id is not None else f"#{path[1] + 1}"
        return None

    def pydantic(self, err: Any) -> TargetsProblem:
        loc: list[str | int] = list(err["loc"])
        # drop the discriminator tag pydantic puts after a rule's index
        if (
            len(loc) >= 3
            and loc[0] == "rules"
            and isinstance(loc[1], int)
            and loc[2] in _KIND_NAMES
        ):
            del loc[2]
        field = ".".join(str(p) for p in loc if not isinstance(p, int)) or "(top level)"
        kind = err["type"]
        text: Msg
        if kind == "extra_forbidden":
            key = str(loc[-1])
            others = [k for k in _KNOWN_KEYS if k != key]
            close = difflib.get_close_matches(key, others, n=1, cutoff=0.6)
            text = Msg("targets_unknown_key", key=repr(key))
            if close:
                text = Msg("targets_unknown_key_hint", key=repr(key), hint=close[0])
        elif kind == "missing":
            text = Msg("targets_missing_key", field=field)
        elif kind == "union_tag_invalid":
            loc.append("kind")
            got = err["input"].get("kind")
            close = difflib.get_close_matches(str(got), _KIND_NAMES, n=1, cutoff=0.5)
            text = Msg(
                "targets_unknown_kind",
                kind=repr(got),
                kinds=", ".join(_KIND_NAMES),
                hint=close[0] if close else "—",
            )
        elif kind == "union_tag_not_found":
            text = Msg("targets_no_kind", kinds=", ".join(_KIND_NAMES))
        elif kind in _NUMBER_ERRORS and self.positions.get(tuple(loc)) in self.words:
            word = self.words[self.positions[tuple(loc)]]
            text = Msg("targets_yaml11_bool", field=field, value=word)
        else:
            msg = str(err["msg"]).removeprefix("Value error, ")
            code = _PYDANTIC.get(kind, "targets_bad_value")
            text = Msg(code, field=field, got=repr(err.get("input")), detail=msg)
        return self.at(tuple(loc), text)


_KIND_NAMES = tuple(KINDS)
# Every key a targets file may use, for "did you mean" on a misspelt one.
_MODELS: tuple[type[Model], ...] = (Plan, Metric, Section, NotChecked, Title, *KINDS.values())
_KNOWN_KEYS = sorted({name for model in _MODELS for name in model.model_fields})
# pydantic's error types, worded in the user's language (its own text is kept as detail)
_PYDANTIC = {
    "int_parsing": "targets_want_int",
    "int_type": "targets_want_int",
    "bool_parsing": "targets_want_bool",
    "bool_type": "targets_want_bool",
    "string_type": "targets_want_text",
    "string_too_short": "targets_want_text",
    "date_from_datetime_parsing": "targets_want_date",
    "date_parsing": "targets_want_date",
    "date_type": "targets_want_date",
    "literal_error": "targets_want_choice",
    "string_pattern_mismatch": "targets_want_pattern",
    "list_type": "targets_want_list",
    "dict_type": "targets_want_mapping",
    "model_type": "targets_want_mapping",
    "too_short": "targets_want_list",
    "greater_than_equal": "targets_want_larger",
}


# a number was expected: where a yes/no/on/off stands, YAML 1.1 readers see true/false there
_NUMBER_ERRORS = frozenset(
    {"int_parsing", "int_type", "decimal_parsing", "decimal_type", "float_parsing"}
    | {"float_type", "value_error"}
)


def _dicts(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings under a list key, with their index; anything else is pydantic's to report."""
    items = data.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _cross_check(data: dict[str, Any], locate: _Locator) -> list[TargetsProblem]:
    """What the schema cannot see: references between metrics, rules and sections, and
    duplicate ids. Works on the raw document, so it reports alongside schema errors."""
    problems: list[TargetsProblem] = []
    metrics: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, m in _dicts(data, "metrics"):
        mid = m.get("id")
        if not isinstance(mid, str):
            continue
        if mid in metrics:
            first = locate.line(("metrics", metrics[mid][0]))
            problems.append(
                locate.at(
                    ("metrics", i, "id"), Msg("targets_duplicate_metric", id=mid, first=first)
                )
            )
        metrics.setdefault(mid, (i, m))
    for i, m in _dicts(data, "metrics"):
        refs = [("not_above", m.get("not_above"))]
        refs += [("ratio_of", other) for other in (m.get("ratio_of") or [])]
        for field, other in refs:
            if isinstance(other, str) and other not in metrics:
                problems.append(
                    locate.at(("metrics", i, field), Msg("targets_bad_bound", metric=other))
                )
    items = {
        item
        for _, sec in _dicts(data, "sections")
        for item in sec.get("items") or []
        if isinstance(item, int)
    }
    seen: dict[str, int] = {}
    for i, rule in _dicts(data, "rules"):
        rid = rule.get("id")
        if isinstance(rid, str):
            if rid in seen:
                first = locate.line(("rules", seen[rid]))
                problems.append(
                    locate.at(("rules", i, "id"), Msg("targets_duplicate_id", id=rid, first=first))
                )
            seen.setdefault(rid, i)
        deadline, start = rule.get("deadline"), data.get("period_start", date(2023, 1, 1))
        if isinstance(deadline, date) and isinstance(start, date) and deadline < start:
            problems.append(
                locate.at(
                    ("rules", i, "deadline"),
                    Msg("targets_deadline_early", deadline=deadline, start=start),
                )
            )
        item = rule.get("item")
        if isinstance(item, int) and items and item not in items:
            problems.append(locate.at(("rules", i, "item"), Msg("targets_no_section", item=item)))
        kind = KINDS.get(str(rule.get("kind")))
        if kind is None:
            continue
        units: dict[str, str] = {}
        for field, types, metric_id in column_fields(kind.metric_fields, rule):
            if metric_id not in metrics:
                close = difflib.get_close_matches(metric_id, list(metrics), n=3, cutoff=0.5)
                problems.append(
                    locate.at(
                        ("rules", i, field),
                        Msg(
                            "targets_undeclared_metric",
                            metric=metric_id,
                            known=", ".join(close) or "—",
                        ),
                    )
                )
                continue
            declared = metrics[metric_id][1]
            if declared.get("type") not in types:
                problems.append(
                    locate.at(
                        ("rules", i, field),
                        Msg(
                            "targets_metric_type",
                            field=field,
                            expected="/".join(types),
                            metric=metric_id,
                            actual=declared.get("type"),
                        ),
                    )
                )
            units[field] = str(declared.get("unit") or "")
        if kind.is_rate and len(set(units.values())) > 1:
            problems.append(
                locate.at(
                    ("rules", i, "denominator"),
                    Msg(
                        "targets_unit_mismatch",
                        numerator=rule.get("numerator"),
                        num_unit=units.get("numerator") or "—",
                        denominator=rule.get("denominator"),
                        den_unit=units.get("denominator") or "—",
                    ),
                )
            )
        for field, msg in grammar_problems(data, rule, units):
            problems.append(locate.at(("rules", i, field), msg))
    ranking = data.get("ranking")
    for j, rid in enumerate(ranking.get("veto") or [] if isinstance(ranking, dict) else []):
        if isinstance(rid, str) and rid not in seen:
            at = ("ranking", "veto", j)
            problems.append(locate.at(at, Msg("targets_unknown_veto", id=rid, known=len(seen))))
    return problems


def _check_quotes(data: dict[str, Any], locate: _Locator, seed: str) -> list[TargetsProblem]:
    """Every quote, of a rule or of a commitment left unchecked, must be the plan's own words."""
    return [
        locate.at((key, i, "quote"), Msg("targets_quote_not_in_seed", quote=entry["quote"]))
        for key in ("rules", "not_checked")
        for i, entry in _dicts(data, key)
        if isinstance(entry.get("quote"), str) and entry["quote"] not in seed
    ]
