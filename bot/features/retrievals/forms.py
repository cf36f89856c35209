"""Open the create form for a manager: the user's time zone from ``users.info``, a default
window (the last whole hour of the user's day) and a valid suggested name; no IVC call, so
``views.open`` runs well within the trigger's 3-second life. ``click_origin`` says where a
New retrieval click came from (a message's response_url, or the App Home)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import utc_now
from bot.features.retrievals.new_task_form import (
    FormField,
    FormOrigin,
    FormValues,
    render_form_note,
    render_new_task_form,
)
from bot.features.retrievals.task_created import refusal_text
from bot.ivc.errors import IvcRefusedError
from bot.ivc.task_rules import suggest_name
from bot.slack.asked import Asked
from bot.slack.modals import open_view, update_view
from bot.slack.user_zone import user_zone
from bot.views.i18n import label, normalise_lang

log = logging.getLogger(__name__)

NAME_HINT = "retrieval"


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


def click_origin(body: dict[str, Any], asked: Asked) -> FormOrigin:
    """Where a click asked for the form: its message (``response_url``, channel), or the App
    Home (no response_url: the result goes to the submitter in a DM)."""
    container = body.get("container") or {}
    view = body.get("view") or {}
    home = container.get("type") == "view" and view.get("type") == "home"
    url = "" if home else str(body.get("response_url") or "")
    return FormOrigin(url, asked.channel, home=home)


async def open_note(client: AsyncWebClient, trigger_id: str, text: str, asked: Asked) -> None:
    """A modal of one line (e.g. why no form can be shown)."""
    await open_view(client, trigger_id, render_form_note(text, FormOrigin(), lang=asked.lang))


async def open_form(
    client: AsyncWebClient, trigger_id: str, origin: FormOrigin, asked: Asked
) -> None:
    """``views.open`` the create form for the asker (a failure is logged: the trigger cannot
    be retried).

    An empty camera catalog whose load failed says why on the cameras field; one still
    loading is waited for, and the form is updated to say why if that load fails."""
    ivc = asked.ivc
    zone = await user_zone(client, asked.user, asked.tenant.zone)
    values = default_values(utc_now(ivc.source.clock), zone)
    origin = replace(origin, zone=zone)

    def form(problems: dict[FormField, str]) -> dict[str, Any]:
        return render_new_task_form(
            values, origin, lang=asked.lang, with_describe=ivc.describe, problems=problems
        )

    problems = catalog_problems(asked)
    view_id = await open_view(client, trigger_id, form(problems))
    catalog = ivc.catalog
    if not view_id or problems or catalog is None or len(catalog.index):
        return
    await catalog.settled()
    problems = catalog_problems(asked)
    if problems:
        await update_view(client, view_id, form(problems))


def catalog_problems(asked: Asked) -> dict[FormField, str]:
    """Why the camera picker is empty, on the cameras field: the catalog's last load failed
    (IVC's refusal, e.g. an organization it does not know, or one line for any other error)."""
    catalog = asked.ivc.catalog
    if catalog is None or len(catalog.index) or catalog.last_error is None:
        return {}
    error = catalog.last_error
    if isinstance(error, IvcRefusedError):
        return {FormField.CAMERAS: refusal_text(error.reason, asked.lang)}
    return {FormField.CAMERAS: label(normalise_lang(asked.lang), "form.cameras_unavailable")}
