"""The frozen, strict pydantic base every model of a targets file uses, and a wording in
both languages."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from plan_check.i18n import Lang, safe, t


def inert(text: str) -> str:
    """Text of the targets file made inert as data text is (``safe``), line by line: an
    escape code, a bell or a bidi override in a title is shown in every command and
    format, never obeyed by a terminal."""
    if text.isprintable():  # no control, format or line character: nothing to escape
        return text
    return "\n".join(safe(line) for line in text.split("\n"))


# What the targets file says only to be shown (titles, the plan's words, unit words).
Prose = Annotated[str, AfterValidator(inert)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Title(Model):
    zh: Prose = Field(min_length=1)
    en: Prose | None = Field(
        None, min_length=1, description="the English wording; default: the Chinese"
    )

    def pick(self, lang: str) -> str:
        """The wording in the report's language (English falls back to the Chinese)."""
        return self.zh if lang == "zh" or self.en is None else self.en


NUMERALS = frozenset("〇零一二三四五六七八九十百")


def _item(value: object) -> object:
    """An item number as the plan writes it: 16, or "二(三)", "(一)"; a word with no
    numeral in it (yes, on) is no numbering."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    numbered = isinstance(value, str) and any(ch.isdigit() or ch in NUMERALS for ch in value)
    if numbered and isinstance(value, str) and len(value) <= 40:
        return value
    raise ValueError("targets_bad_item")


# The plan's own numbering of an item: a whole number, or its words ("二(三)", "(一)").
Item = Annotated[
    Annotated[int, Field(ge=1)] | Annotated[Prose, Field(min_length=1, max_length=40)],
    BeforeValidator(_item),
    Field(description='the plan\'s item number: 16, or as the plan writes it, "二(三)"'),
]


def item_words(item: int | str, lang: Lang, capital: bool = False) -> str:
    """第 16 条 / item 16; an item the plan numbers in words is shown as written (二(三))."""
    words = t("item_number" if isinstance(item, int) else "item_named", lang, item=item)
    return words[:1].upper() + words[1:] if capital else words


class Cover(Model):
    """Other words of the plan that a goal checks (the plan says it twice, or a goal's
    figure is what the words commit to): listed by ``rules --coverage``, checked by lint."""

    item: Item = Field(description="the plan's item number of these words")
    quote: Prose = Field(min_length=2, description="the plan's own words")


class Reviewed(Model):
    """A goal ``plan-check init`` drafted carries ``review``, the guesses to check; ``lint``
    lists it until the bureau deletes it."""

    review: Prose | None = Field(None, description="a draft's guesses to check (init; lint lists)")
