"""The JSON schemas the suite validates against when they are there, and how many payloads it
validated; without them the project's own Block Kit rules still run and schema-only tests skip."""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

import pytest

from tests.support.paths import SCHEMAS, SCHEMAS_ENV

BLOCK_KIT = "slack-block-kit.schema.json"
MANIFEST = "slack-app-manifest.schema.json"
COMPOSE = "compose-spec.schema.json"
NAMES = (BLOCK_KIT, MANIFEST, COMPOSE)

_validated = 0


def missing() -> list[str]:
    """The schema files the suite cannot read."""
    return [name for name in NAMES if not (SCHEMAS / name).is_file()]


def available(name: str) -> bool:
    return (SCHEMAS / name).is_file()


@cache
def load(name: str) -> dict[str, Any]:
    """Schema ``name`` (read once); only call where ``available(name)``."""
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


def off_line() -> str | None:
    """One line saying which schema checks are off and how to turn them on, or None."""
    gone = missing()
    if not gone:
        return None
    return (
        f"schema checks off ({', '.join(gone)} not in {SCHEMAS}): set {SCHEMAS_ENV} to the "
        "folder of Slack's and Compose's schemas to turn them on"
    )


def needed_in_ci() -> str | None:
    """Why this run must stop: under ``CI=true`` every schema must be there."""
    line = off_line()
    if line is not None and os.environ.get("CI", "").lower() == "true":
        return f"CI=true and {line}"
    return None


def needs(name: str) -> pytest.MarkDecorator:
    """Skip a test whose only point is schema ``name`` when it is not there."""
    return pytest.mark.skipif(not available(name), reason=off_line() or "")


def count_validated(payloads: int = 1) -> None:
    """Note payloads validated against a schema (summed over xdist workers at the end)."""
    global _validated
    _validated += payloads


def validated() -> int:
    return _validated
