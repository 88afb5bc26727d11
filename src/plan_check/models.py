"""The frozen, strict pydantic base every model of a targets file uses, and a wording in
both languages."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from plan_check.i18n import safe


def inert(text: str) -> str:
    """Text of the targets file made inert as data text is (``safe``), line by line: an
    escape code, a bell or a bidi override in a title is shown in every command and
    format, never obeyed by a terminal."""
    return "\n".join(safe(line) for line in text.split("\n"))


# What the targets file says only to be shown (titles, the plan's words, unit words).
Prose = Annotated[str, AfterValidator(inert)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Title(Model):
    zh: Prose = Field(min_length=1)
    en: Prose = Field(min_length=1)

    def pick(self, lang: str) -> str:
        """The wording in the report's language."""
        return self.zh if lang == "zh" else self.en


class Cover(Model):
    """Other words of the plan that a goal checks (the plan says it twice, or a goal's
    figure is what the words commit to): listed by ``rules --coverage``, checked by lint."""

    item: int = Field(ge=1, description="the plan's item number of these words")
    quote: Prose = Field(min_length=2, description="the plan's own words")
