"""A person's time zone as Slack knows it (``users.info``), for the forms and schedules that
read times in it."""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.schedule import ScheduleError, validate_timezone
from bot.slack.poster import SLACK_CALL_FAILURES

log = logging.getLogger(__name__)


async def user_zone(client: AsyncWebClient, user: str, fallback: str) -> str:
    """The user's IANA time zone (``users.info`` ``tz``), else ``fallback`` (BOT_TIMEZONE):
    a missing scope or a hiccup never blocks what asked."""
    try:
        reply = await client.users_info(user=user)
    except SLACK_CALL_FAILURES as error:
        log.warning("users.info failed (%s); using %s", type(error).__name__, fallback)
        return fallback
    zone = str((reply.get("user") or {}).get("tz") or "")
    try:
        return validate_timezone(zone) if zone else fallback
    except ScheduleError:
        return fallback
