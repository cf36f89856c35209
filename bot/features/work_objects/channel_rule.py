"""What a channel may be shown of a task, the one rule of unfurls, cards and refreshes: every
field only where VIEWERS is unset and Slack says the channel is shared with no other
organisation; else (or when Slack cannot say) the name and status alone."""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.poster import SLACK_CALL_FAILURES

log = logging.getLogger(__name__)

SHARED_FLAGS = ("is_ext_shared", "is_pending_ext_shared", "is_shared", "is_org_shared")
"""``conversations.info`` flags of a channel shared with another organisation (or on its way)."""


async def channel_open(client: AsyncWebClient, channel: str, *, restricted: bool) -> bool:
    """Whether everyone in ``channel`` may see every field (``restricted``: VIEWERS is set)."""
    if restricted or not channel:
        return False
    try:
        reply = await client.conversations_info(channel=channel)
    except SLACK_CALL_FAILURES as error:
        log.info("conversations.info failed (%s): the name and status only", type(error).__name__)
        return False
    info = reply.get("channel") or {}
    return not any(info.get(flag) for flag in SHARED_FLAGS)
