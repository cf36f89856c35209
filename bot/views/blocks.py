"""Small Block Kit pieces every view shares."""

from __future__ import annotations

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.views.message import Message, build


def section(text: str, block_id: str) -> SectionBlock:
    """A section of verbatim mrkdwn (the text must already be escaped)."""
    return SectionBlock(text=MarkdownTextObject(text=text, verbatim=True), block_id=block_id)


def one_section(text: str, block_id: str) -> Message:
    """A message of one section whose fallback text is the same line."""
    return build(text, [section(text, block_id)])
