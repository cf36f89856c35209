"""Small Block Kit pieces every view shares; ``section`` is where every section text is built,
so every one is cut to Slack's limit."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.views.message import Message, build
from bot.views.mrkdwn import ELLIPSIS

SECTION_TEXT_MAX = 3000  # Slack's limit on a section's text


def section_text(text: str) -> str:
    """``text`` cut to ``SECTION_TEXT_MAX`` characters, ending in an ellipsis when cut, and never
    inside a ``<…>`` token (a date, a link) or an ``&…;`` entity, which would show broken."""
    if len(text) <= SECTION_TEXT_MAX:
        return text
    cut = text[: SECTION_TEXT_MAX - len(ELLIPSIS)]
    opener = cut.rfind("<")
    if opener > cut.rfind(">"):
        cut = cut[:opener]
    entity = cut.rfind("&")
    if entity > cut.rfind(";") and len(cut) - entity < len("&amp;"):
        cut = cut[:entity]
    return cut + ELLIPSIS


def section(text: str, block_id: str) -> SectionBlock:
    """A section of verbatim mrkdwn (the text must already be escaped), cut to fit."""
    body = MarkdownTextObject(text=section_text(text), verbatim=True)
    return SectionBlock(text=body, block_id=block_id)


def section_block(text: str, block_id: str) -> dict[str, Any]:
    """``section`` as a dict, for views built as dicts."""
    return section(text, block_id).to_dict()


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
        "blocks": [section_block(line, block_id)],
    }
