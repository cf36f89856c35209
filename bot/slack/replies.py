"""Shape a rendered message into the keyword arguments of Bolt's ``ack`` and ``respond``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from bot.views.message import Message


def ack_kwargs(message: Message, *, public: bool) -> dict[str, Any]:
    """Arguments for ``ack()`` of a slash command: the answer goes in the HTTP response."""
    return {
        "text": message.text,
        "blocks": message.blocks,
        "response_type": "in_channel" if public else "ephemeral",
    }


def ack_shape(*, public: bool) -> Callable[[Message], dict[str, Any]]:
    """``ack_kwargs`` for a channel-wide (``public``) or a private answer."""
    return partial(ack_kwargs, public=public)


def replace_kwargs(message: Message) -> dict[str, Any]:
    """Arguments for ``respond()`` that replace the message the user is looking at."""
    return {"text": message.text, "blocks": message.blocks, "replace_original": True}


def public_kwargs(message: Message) -> dict[str, Any]:
    """Arguments for ``respond()`` that post a new message visible to the whole channel."""
    return {
        "text": message.text,
        "blocks": message.blocks,
        "response_type": "in_channel",
        "replace_original": False,
    }


def private_kwargs(message: Message) -> dict[str, Any]:
    """Arguments for ``respond()`` that show a new message only to the person who asked."""
    return {
        "text": message.text,
        "blocks": message.blocks,
        "response_type": "ephemeral",
        "replace_original": False,
    }
