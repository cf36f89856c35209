"""Shared helpers for the view tests."""

from __future__ import annotations

import json
from typing import Any

from bot.views.message import Message
from tests.support.blockkit import assert_valid_message


def checked(message: Message) -> Message:
    """Assert the message is valid for Slack and return it."""
    assert_valid_message(message.to_payload())
    return message


def dump(message: Message) -> str:
    """Every string of the payload as one JSON text (unicode kept)."""
    return json.dumps(message.to_payload(), ensure_ascii=False)


def blocks_of(message: Message, kind: str) -> list[dict[str, Any]]:
    return [block for block in message.blocks if block["type"] == kind]


def block(message: Message, block_id: str) -> dict[str, Any]:
    return next(b for b in message.blocks if b.get("block_id") == block_id)


def field_texts(section: dict[str, Any]) -> list[str]:
    return [f["text"] for f in section["fields"]]


def buttons(message: Message) -> dict[str, dict[str, Any]]:
    """The buttons of the message by action_id."""
    return {
        element["action_id"]: element
        for actions in blocks_of(message, "actions")
        for element in actions["elements"]
    }


def context_text(message: Message, block_id: str = "tasks_footer") -> str:
    return " | ".join(e["text"] for e in block(message, block_id)["elements"])
