"""Reading a targets file as YAML, safely: the safe composer only, no alias (a billion
laughs is refused before it expands), no nesting deeper than a targets file needs, no
impossible date or endless number; every node's line and column kept for the messages."""

from __future__ import annotations

import yaml

from plan_check.errors import Msg, TargetsError, TargetsProblem

Position = tuple[int, int]  # 1-based line and column
Path_ = tuple[str | int, ...]


# libyaml's safe composer when the wheel has it (it does on the common platforms): the
# targets file is read on every run, so start-up pays for it. Nothing here constructs
# Python objects beyond plain mappings, lists, strings, numbers and dates.
_Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _positions(node: yaml.Node, path: Path_, out: dict[Path_, Position], shown: str) -> None:
    out[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                line = key.start_mark.line + 1
                raise TargetsError(
                    shown,
                    [
                        TargetsProblem(
                            shown,
                            line,
                            key.start_mark.column + 1,
                            None,
                            Msg("targets_duplicate_key", key=name),
                        )
                    ],
                )
            seen[name] = key.start_mark.line + 1
            _positions(value, (*path, name), out, shown)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _positions(value, (*path, i), out, shown)


# libyaml's problems, by the words it uses, worded as ours (its English is never shown)
_YAML_PROBLEMS = (
    ("while scanning a block scalar", "targets_yaml_block_sign"),
    ("mapping values are not allowed", "targets_yaml_colon"),
    ("found character '\\t'", "targets_yaml_tab"),
    ("could not find expected ':'", "targets_yaml_no_colon"),
    ("expected ',' or ']'", "targets_yaml_bracket"),
    ("expected ',' or '}'", "targets_yaml_brace"),
    ("found unexpected end of stream", "targets_yaml_unclosed"),
    ("found unknown escape character", "targets_yaml_escape"),
    ("expected <block end>", "targets_yaml_indent"),
    ("did not find expected key", "targets_yaml_indent"),
    ("did not find expected '-' indicator", "targets_yaml_indent"),
    ("that cannot start any token", "targets_yaml_reserved"),
)


def _yaml_problem(shown: str, exc: yaml.YAMLError, text: str = "") -> TargetsProblem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc):
        tag = str(exc).split("tag", 1)[1].split("'")[1] if "'" in str(exc) else "?"
        return TargetsProblem(shown, line, col, None, Msg("targets_yaml_tag", tag=tag))
    reason = f"{getattr(exc, 'problem', None) or exc} {getattr(exc, 'context', None)}"
    code = next((c for words, c in _YAML_PROBLEMS if words in reason), "targets_yaml_syntax")
    written = ""
    if line is not None and 0 < line <= len(text.splitlines()):
        written = text.splitlines()[line - 1].split(":", 1)[-1].strip()
        if code == "targets_yaml_block_sign":  # op: >= — the > opens folded text
            row = text.splitlines()[line - 1]
            key = row.split(":", 1)[0].strip().lstrip("- ")
            col = len(row) - len(row.split(":", 1)[-1].lstrip()) + 1  # where the value starts
            msg = Msg(code, key=key or "op", value=written or ">=")
            return TargetsProblem(shown, line, col, None, msg)
    return TargetsProblem(shown, line, col, None, Msg(code))


def _first_alias(text: str, shown: str) -> TargetsProblem | None:
    """An alias (``*name``) refused before the document is built: aliases of aliases
    expand exponentially (a few hundred bytes can stand for gigabytes), and a targets
    file has no need of them."""
    if "*" not in text:
        return None
    try:
        for event in yaml.parse(text, Loader=_Composer):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                return TargetsProblem(
                    shown,
                    mark.line + 1 if mark is not None else None,
                    mark.column + 1 if mark is not None else None,
                    None,
                    Msg("targets_yaml_alias", alias=str(event.anchor)),
                )
    except yaml.YAMLError:
        return None  # the composer below reports it with its place
    return None


MAX_DEPTH = 20  # a targets file nests four or five levels; deeper is no targets file
MAX_PROBLEMS = 100  # listed at most; the count says how many more
MAX_DIGITS = 30  # a whole number in a targets file; 7.6万 is 76000


def _scalars(
    node: yaml.Node | None, shown: str
) -> tuple[TargetsProblem | None, list[yaml.ScalarNode]]:
    """Every scalar of a composed document, keys and values alike, in one pass without
    recursion; or the first node nested deeper than any targets file needs (the checks
    below walk the tree recursively, and a thousand-deep list would break them)."""
    found: list[yaml.ScalarNode] = []
    stack = [(node, 1)] if node is not None else []
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            mark = current.start_mark
            msg = Msg("targets_too_deep", limit=MAX_DEPTH)
            return TargetsProblem(shown, mark.line + 1, mark.column + 1, None, msg), []
        if isinstance(current, yaml.MappingNode):
            stack.extend((v, depth + 1) for pair in current.value for v in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((v, depth + 1) for v in current.value)
        elif isinstance(current, yaml.ScalarNode):
            found.append(current)
    return None, found


def _impossible_dates(scalars: list[yaml.ScalarNode], shown: str) -> list[TargetsProblem]:
    """Dates YAML reads as dates but no calendar has (2023-13-31, 2023-02-30), and whole
    numbers longer than any goal's, each at its line and column: the constructor would
    stop at the first with a bare ValueError."""
    problems: list[TargetsProblem] = []
    constructor = yaml.constructor.SafeConstructor()
    for current in scalars:
        # int() would refuse 4,300 digits with a bare ValueError, and no goal needs 30
        if current.tag.endswith(":int") and len(current.value) > MAX_DIGITS:
            mark = current.start_mark
            problems.append(
                TargetsProblem(
                    shown,
                    mark.line + 1,
                    mark.column + 1,
                    None,
                    Msg("targets_long_number", value=str(current.value), limit=MAX_DIGITS),
                )
            )
        elif current.tag.endswith(":timestamp"):
            try:
                constructor.construct_yaml_timestamp(current)
            except ValueError:
                mark = current.start_mark
                problems.append(
                    TargetsProblem(
                        shown,
                        mark.line + 1,
                        mark.column + 1,
                        None,
                        Msg("targets_bad_date", value=str(current.value)),
                    )
                )
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


_INT, _FLOAT, _BOOL, _STR = (f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "str"))
BOOL_WORDS = frozenset({"yes", "no", "on", "off"})  # YAML 1.1's booleans that 1.2 reads as text


def _yaml11_number(node: yaml.ScalarNode) -> Msg | None:
    """Why a plain number the resolver took in YAML 1.1's way is refused: 0500 (octal 320),
    1:30 (base 60, 90), 1_000, 0b101. A reader, like YAML 1.2, sees another number."""
    value = str(node.value)
    body = value.lstrip("+-")
    sign = value[: len(value) - len(body)]
    digits = body.replace("_", "")
    constructor = yaml.constructor.SafeConstructor()
    is_float = node.tag == _FLOAT
    try:
        read = (
            constructor.construct_yaml_float(node)
            if is_float
            else constructor.construct_yaml_int(node)
        )
    except ValueError:  # !!int 'abc'
        return Msg("targets_yaml_bad_tagged", value=value)
    if ":" in body:
        return Msg("targets_yaml11_base60", value=value, read=str(read))
    if not is_float and digits.lower().startswith("0x"):
        return Msg("targets_yaml_hex", value=value, read=str(read))
    if not is_float and digits.startswith("0b"):
        fix = str(int(digits[2:], 2))
    elif not is_float and len(digits) > 1 and digits[0] == "0" and digits[1] != "x":
        fix = digits.lstrip("0") or "0"  # the figure as its digits read: 0500 is 500
    elif "_" in body:
        fix = digits
    else:
        return None
    return Msg("targets_yaml11_number", value=value, read=str(read), fix=sign + fix)


def yaml11_forms(
    scalars: list[yaml.ScalarNode], shown: str
) -> tuple[list[TargetsProblem], dict[Position, str]]:
    """YAML 1.1's implicit types that a reader takes for something else, found on the
    resolved nodes: numbers written in octal, base 60 or with underscores are refused at
    their place with the fix; yes/no/on/off are re-tagged as the text YAML 1.2 reads (a
    yes/no field still takes them), and their places returned, so that where a number is
    expected the message says why."""
    problems: list[TargetsProblem] = []
    words: dict[Position, str] = {}
    for current in scalars:
        if not current.style:  # plain
            place = (current.start_mark.line + 1, current.start_mark.column + 1)
            if current.tag == _BOOL and str(current.value).lower() in BOOL_WORDS:
                current.tag = _STR
                words[place] = str(current.value)
        if current.tag in (_INT, _FLOAT):  # plain, or tagged !!int '0500'
            place = (current.start_mark.line + 1, current.start_mark.column + 1)
            why = _yaml11_number(current)
            if why is not None:
                problems.append(TargetsProblem(shown, *place, None, why))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0)), words
