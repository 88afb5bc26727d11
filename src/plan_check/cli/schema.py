"""plan-check schema: the JSON Schema of targets.yaml."""

from __future__ import annotations

import sys


def schema() -> None:
    """输出 targets.yaml 的 JSON Schema / print the JSON Schema of targets.yaml.

    例 / example: plan-check schema > targets.schema.json
    """
    from plan_check.plan import json_schema

    sys.stdout.write(json_schema())
