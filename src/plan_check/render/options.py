"""What every renderer is told besides the Report: language, time, how much to show."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

from plan_check.i18n import Lang


def generation_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so reports and their tests are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).astimezone()


@dataclass(frozen=True)
class RenderOptions:
    lang: Lang = "zh"
    generated: datetime = field(default_factory=generation_time)
    verbose: bool = False  # show the working of every aggregate
    quiet: bool = False  # the summary line only
    issue: str | None = None  # the 通报's 期数 (--issue-number), over the targets file's
