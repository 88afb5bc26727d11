"""The frozen, strict pydantic base every model of a targets file uses, and a wording in
both languages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Title(Model):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def pick(self, lang: str) -> str:
        """The wording in the report's language."""
        return self.zh if lang == "zh" else self.en
