"""The result of every view: fallback text plus Block Kit blocks, and what kind of reply it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import Block


class MessageKind(StrEnum):
    """What a message is to the person who asked: the metrics count replies by it."""

    ANSWER = "answer"  # what was asked for
    ERROR = "error"  # something failed; one line says what to do
    REFUSED = "refused"  # not allowed, not found, already there
    DEFERRED = "deferred"  # a short note ("fetching…"); the answer follows


@dataclass(frozen=True, slots=True)
class Message:
    """A Slack message: ``text`` is the plain fallback (never empty), ``blocks`` the layout."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    kind: MessageKind = MessageKind.ANSWER

    def to_payload(self) -> dict[str, Any]:
        """The ``text`` and ``blocks`` arguments of chat.postMessage / respond()."""
        return {"text": self.text, "blocks": self.blocks}

    def as_kind(self, kind: MessageKind) -> Message:
        """The same message, said to be ``kind``."""
        return replace(self, kind=kind)


def build(
    text: str, blocks: Sequence[Block | dict[str, Any]], kind: MessageKind = MessageKind.ANSWER
) -> Message:
    """A Message from fallback text and blocks: SDK blocks (the SDK checks limits in
    to_dict) or plain dicts built within the limits (the hot task cards)."""
    return Message(
        text=text or "…",
        blocks=[block if isinstance(block, dict) else block.to_dict() for block in blocks],
        kind=kind,
    )
