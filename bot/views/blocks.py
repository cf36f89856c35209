"""Small Block Kit pieces every view shares."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.views.message import Message, build


def section(text: str, block_id: str) -> SectionBlock:
    """A section of verbatim mrkdwn (the text must already be escaped)."""
    return SectionBlock(text=MarkdownTextObject(text=text, verbatim=True), block_id=block_id)


def one_section(text: str, block_id: str) -> Message:
    """A message of one section whose fallback text is the same line."""
    return build(text, [section(text, block_id)])


def text_object(text: str, kind: str = "mrkdwn") -> dict[str, Any]:
    """A text object for views built as dicts: verbatim mrkdwn (the text must already be
    escaped) or ``plain_text`` with emoji."""
    if kind == "plain_text":
        return {"type": "plain_text", "text": text, "emoji": True}
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def one_line_modal(
    callback_id: str, *, title: str, close: str, block_id: str, line: str
) -> dict[str, Any]:
    """A modal that says one line (e.g. after a save), with a close button."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": text_object(title, "plain_text"),
        "close": text_object(close, "plain_text"),
        "blocks": [{"type": "section", "block_id": block_id, "text": text_object(line)}],
    }
