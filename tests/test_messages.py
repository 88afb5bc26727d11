"""The message table: every wording in both languages, with the same placeholders, and
every code used somewhere (a dead message is a promise nothing keeps)."""

from __future__ import annotations

import re
from pathlib import Path

from plan_check.codes import Code
from plan_check.i18n import MESSAGES

SRC = Path(__file__).resolve().parents[1] / "src" / "plan_check"
PLACEHOLDER = re.compile(r"\{(\w+)")
CATALOGUE = set(Code)


def test_both_wordings_take_the_same_placeholders() -> None:
    # problems and errors are held to their constructors' parameters in test_catalogue.py;
    # these are the other wordings: labels, headings, reasons
    wrong = [
        code
        for code, (zh, en) in MESSAGES.items()
        if code not in CATALOGUE
        and not (
            zh.strip()
            and en.strip()
            and set(PLACEHOLDER.findall(zh)) == set(PLACEHOLDER.findall(en))
        )
    ]
    assert wrong == []


def test_every_message_code_is_used() -> None:
    code_text = "".join(
        p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if p.name != "i18n.py"
    )
    # codes built at run time: t("status_" + status), t(f"unit_{…}"), word + "_one"
    prefixes = set(re.findall(r"[\"']([a-z_/]+_)[\"']\s*\+", code_text))
    prefixes |= set(re.findall(r"f[\"']([a-z_]+_)\{", code_text))
    suffixes = set(re.findall(r"\+\s*\(?[\"'](_[a-z]+)[\"']", code_text))
    unused = [
        code
        for code in MESSAGES
        if f'"{code}"' not in code_text
        and f"'{code}'" not in code_text
        and not any(code.startswith(p) for p in prefixes)
        and not any(code.endswith(s) and code.removesuffix(s) in MESSAGES for s in suffixes)
    ]
    assert unused == []
