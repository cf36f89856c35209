"""Open the create form for a manager: the user's time zone from ``users.info``, a default
window (the last whole hour of the user's day) and a valid suggested name; no IVC call, so
``views.open`` runs well within the trigger's 3-second life."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import utc_now
from bot.ivc.task_rules import suggest_name
from bot.slack.deps import Deps
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.views.new_task_form import FormOrigin, FormValues, render_new_task_form

log = logging.getLogger(__name__)

NAME_HINT = "retrieval"


async def user_zone(client: AsyncWebClient, user: str, fallback: str) -> str:
    """The user's IANA time zone (``users.info`` ``tz``), else ``fallback``."""
    try:
        reply = await client.users_info(user=user)
    except SLACK_CALL_FAILURES as error:
        log.warning("users.info failed (%s); the form uses %s", type(error).__name__, fallback)
        return fallback
    zone = str((reply.get("user") or {}).get("tz") or "")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback
    return zone


def default_values(now: datetime, zone: str) -> FormValues:
    """The last whole hour before ``now`` in ``zone`` (00:00–01:00 just after midnight)."""
    local = now.astimezone(ZoneInfo(zone))
    hour = local.replace(minute=0, second=0, microsecond=0)
    start = hour - timedelta(hours=1) if hour.hour else hour
    end = start + timedelta(hours=1)
    return FormValues(
        name=suggest_name(NAME_HINT, start.date()),
        day=start.date(),
        start=time(start.hour),
        end=time(end.hour),
        zone=zone,
    )


async def open_form(
    client: AsyncWebClient, trigger_id: str, user: str, origin: FormOrigin, deps: Deps
) -> None:
    """``views.open`` the create form (a failure is logged: the trigger cannot be retried)."""
    zone = await user_zone(client, user, deps.default_timezone)
    values = default_values(utc_now(deps.source.clock), zone)
    view = render_new_task_form(
        values, replace(origin, zone=zone), lang=deps.lang, with_describe=deps.describe
    )
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except SLACK_CALL_FAILURES as error:
        log.warning("views.open failed (%s); the form was not shown", type(error).__name__)
