"""A mistake of a targets file at its line and column, in the user's language: a path in
the YAML document located, and pydantic's errors worded as ours (by the error's type and
place), never pydantic's own English."""

from __future__ import annotations

import difflib
import re
from typing import Any

from plan_check.errors import Msg, TargetsProblem
from plan_check.i18n import MESSAGES
from plan_check.plan import Metric, NotChecked, Plan, Section
from plan_check.rules import KINDS
from plan_check.rules.base import Model, Title
from plan_check.targets_yaml import Path_, Position


class Locator:
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
        elif kind == "missing" and loc == ["period_start"]:
            text = Msg("targets_no_period_start")
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
            text = _worded(kind, loc, field, err)
        return self.at(tuple(loc), text)


def _worded(kind: str, loc: list[str | int], field: str, err: Any) -> Msg:
    """pydantic's error in our words, by its type and place; its own English never shown
    (our validators' English is shown in English only)."""
    got = _shown_value(err.get("input"))
    ctx = err.get("ctx") or {}
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "value_error":
        detail = str(ctx.get("error", ""))
        if detail in MESSAGES:  # our validators raise a message code
            return Msg(detail, field=field, got=got)
        given = err.get("input")
        if loc == ["alerts"] and isinstance(given, dict):  # the thresholds out of order
            red, yellow = given.get("red_behind", 30), given.get("yellow_behind", 0)
            return Msg("targets_alerts_order", red=red, yellow=yellow)
        code = _VALUE_ERRORS.get(str(loc[0]) if loc[0] in _VALUE_ERRORS else last)
        if code is not None:
            return Msg(code, field=field, got=got)
        return Msg("targets_bad_value", field=field, got=got)
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return Msg("targets_want_choice", field=field, got=got, choices=" ".join(choices))
    if kind == "string_pattern_mismatch":
        code = "targets_want_metric_id" if "_" in str(ctx.get("pattern")) else "targets_want_id"
        return Msg(code, field=field, got=got)
    if kind in _LIMITS:
        limit = next((ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx), "")
        return Msg(_LIMITS[kind], field=field, got=got, limit=str(limit))
    code = _PYDANTIC.get(kind)
    if code is not None:
        return Msg(code, field=field, got=got)
    return Msg("targets_bad_value", field=field, got=got)


def _shown_value(value: object) -> str:
    """The value as the file wrote it, short: 92, '>=', 2024-01-01."""
    text = repr(value) if isinstance(value, str) else str(value)
    if isinstance(value, dict | list):
        text = "{…}" if isinstance(value, dict) else "[…]"
    return text if len(text) <= 60 else text[:57] + "…"


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
    "list_type": "targets_want_list",
    "dict_type": "targets_want_mapping",
    "model_type": "targets_want_mapping",
    "too_short": "targets_want_list",
    "date_from_datetime_inexact": "targets_want_date",
    "decimal_parsing": "targets_want_number",
    "decimal_type": "targets_want_number",
    "float_parsing": "targets_want_number",
    "float_type": "targets_want_number",
    "int_from_float": "targets_want_int",
    "decimal_max_places": "targets_want_places",
    "tuple_type": "targets_want_pair",
    "too_long": "targets_want_pair",
    "string_too_long": "targets_want_text",
    "union_tag_invalid": "targets_want_mapping",
}
_LIMITS = {
    "greater_than_equal": "targets_want_at_least",
    "greater_than": "targets_want_above",
    "less_than_equal": "targets_want_at_most",
    "less_than": "targets_want_below",
}
# where our own validators refuse a value: the message by the key (or the top-level key)
_VALUE_ERRORS = {
    "target": "targets_bad_target",
    "precision": "targets_bad_precision",
    "quotas": "targets_bad_quota",
    "alerts": "targets_bad_alerts",
}


# a number was expected: where a yes/no/on/off stands, YAML 1.1 readers see true/false there
_NUMBER_ERRORS = frozenset(
    {"int_parsing", "int_type", "decimal_parsing", "decimal_type", "float_parsing"}
    | {"float_type", "value_error"}
)
