"""The README's settings table, generated from ``bot.config.Settings``.

``python -m bot settings-table`` prints it; ``tests/test_settings_table.py`` fails when the
README's copy and the settings class disagree. A field's ``json_schema_extra`` may carry a
``default_text`` for defaults that depend on other settings.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import SecretStr
from pydantic.fields import FieldInfo

from bot.config import Settings

HEADER = "| variable | default | secret | meaning |\n|---|---|---|---|"


def is_secret(field: FieldInfo) -> bool:
    annotation = field.annotation
    if annotation is SecretStr:
        return True
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and SecretStr in typing.get_args(annotation)


def default_text(field: FieldInfo) -> str:
    extra = field.json_schema_extra
    if isinstance(extra, dict) and "default_text" in extra:
        return str(extra["default_text"])
    if field.is_required():
        return "(required)"
    value: Any = field.get_default(call_default_factory=True)
    if value is None:
        return "unset"
    if value == "":
        return "empty"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def settings_rows() -> list[tuple[str, str, str, str]]:
    """(variable, default, secret, meaning) of every setting, in declaration order."""
    rows = []
    for name, field in Settings.model_fields.items():
        rows.append(
            (
                f"`{name.upper()}`",
                default_text(field),
                "**secret**" if is_secret(field) else "",
                field.description or "",
            )
        )
    return rows


def settings_table() -> str:
    """The Markdown table, one row per environment variable."""
    lines = [HEADER]
    for row in settings_rows():
        lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
    return "\n".join(lines)
