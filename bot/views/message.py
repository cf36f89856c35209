"""The result of every view: fallback text plus Block Kit blocks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import Block


@dataclass(frozen=True, slots=True)
class Message:
    """A Slack message: ``text`` is the plain fallback (never empty), ``blocks`` the layout."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)

    def to_payload(self) -> dict[str, Any]:
        """The ``text`` and ``blocks`` arguments of chat.postMessage / respond()."""
        return {"text": self.text, "blocks": self.blocks}


def build(text: str, blocks: Sequence[Block | dict[str, Any]]) -> Message:
    """A Message from fallback text and blocks: SDK blocks (the SDK checks limits in
    to_dict) or plain dicts built within the limits (the hot task cards)."""
    return Message(
        text=text or "…",
        blocks=[block if isinstance(block, dict) else block.to_dict() for block in blocks],
    )
