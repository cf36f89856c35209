"""The workspace, channel and user ids of a Slack payload (command, action or event)."""

from __future__ import annotations

from typing import Any


def _id(body: dict[str, Any], flat: str, nested: str) -> str:
    """``body[flat]`` (commands, events) or ``body[nested]["id"]`` (actions)."""
    value = body.get(flat) or body.get(nested) or ""
    if isinstance(value, dict):
        value = value.get("id") or ""
    return str(value)


def team_of(body: dict[str, Any]) -> str:
    """The workspace id of a command, action or event payload ("" when it names none)."""
    return _id(body, "team_id", "team")


def channel_of(body: dict[str, Any]) -> str:
    return _id(body, "channel_id", "channel")


def user_of(body: dict[str, Any]) -> str:
    return _id(body, "user_id", "user")
