"""Retrieve again (a manager's, from ``show`` or a card's menu): the create form prefilled with
a task's cameras, window, days to keep and a fresh name.

The task's details may need an IVC call, longer than a trigger lives (3 s), so a one-line
"Preparing the form…" modal opens at once and ``views.update`` then shows the form, or why
not (a TaskId the task list lacks, IVC failing, no camera catalog). A task IVC no longer
lists but the app remembers (a watcher's "gone" message) opens the form with a fresh name
from it and its days to keep, and asks on the camera field for its cameras and window again
(IVC keeps no record of them once the task is gone).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import utc_now
from bot.features.retrievals.form_prefill import again_values, gone_values
from bot.features.retrievals.forms import default_values
from bot.features.retrievals.new_task_form import (
    FormField,
    FormOrigin,
    FormValues,
    render_form_note,
    render_new_task_form,
)
from bot.ivc.errors import IvcError
from bot.ivc.models import TaskDetails
from bot.slack.asked import Asked
from bot.slack.errors import build_and_log_error
from bot.slack.modals import open_view, update_view
from bot.slack.user_zone import user_zone
from bot.tasks.memory import TaskMemory
from bot.views.i18n import label, normalise_lang
from bot.views.notices import render_no_catalog, render_task_not_found

MAX_TASK_ID = 64


async def _listed_details(task_id: str, asked: Asked) -> TaskDetails | None:
    """The task's details when the task list has ``task_id`` (never a forged id's)."""
    source = asked.ivc.source
    snapshot = await source.list()
    if not any(task.task_id == task_id for task in snapshot.tasks):
        return None
    return (await source.details(task_id)).details


async def open_again(
    client: AsyncWebClient, trigger_id: str, origin: FormOrigin, task_id: str, asked: Asked
) -> None:
    """Open "Preparing…" with the trigger, then update it to the asker's prefilled form."""
    lang = normalise_lang(asked.lang)
    note = label(lang, "form.preparing")
    view_id = await open_view(client, trigger_id, render_form_note(note, origin, lang=lang))
    if not view_id:
        return
    task_id = task_id[:MAX_TASK_ID]
    if asked.ivc.catalog is None:
        text = render_no_catalog(lang).text
    else:
        try:
            details = await _listed_details(task_id, asked)
        except IvcError as error:
            text = build_and_log_error(error, lang=lang, what="retrieve again").text
        else:
            if details is not None:
                await _show_form(client, view_id, origin, details, asked)
                return
            gone = await _remembered(task_id, asked)
            if gone is not None:
                await _show_gone_form(client, view_id, origin, gone, asked)
                return
            text = render_task_not_found(task_id, lang).text
    await update_view(client, view_id, render_form_note(text, origin, lang=lang))


async def _remembered(task_id: str, asked: Asked) -> TaskMemory | None:
    """What the app remembers of a task IVC no longer lists (None: never seen, or listed)."""
    stored = (await asked.ivc.memory.load()).get(task_id)
    return stored if stored is not None and stored.gone_at is not None else None


async def _show_gone_form(
    client: AsyncWebClient, view_id: str, origin: FormOrigin, gone: TaskMemory, asked: Asked
) -> None:
    """The form with a fresh name from the gone task and its days to keep; the camera field
    says to choose its cameras and window again."""
    zone = await user_zone(client, asked.user, asked.tenant.zone)
    start = default_values(utc_now(asked.ivc.source.clock), zone)
    values = gone_values(start, gone.name, gone.expiration_days, taken=_taken_names(asked))
    note = label(normalise_lang(asked.lang), "form.again_gone", name=gone.name[:64])
    await _update_form(client, view_id, origin, zone, values, asked, {FormField.CAMERAS: note})


async def _show_form(
    client: AsyncWebClient, view_id: str, origin: FormOrigin, details: TaskDetails, asked: Asked
) -> None:
    zone = await user_zone(client, asked.user, asked.tenant.zone)
    values = again_values(details, zone, taken=_taken_names(asked))
    if not asked.ivc.describe:
        values = replace(values, describe="")
    await _update_form(client, view_id, origin, zone, values, asked)


def _taken_names(asked: Asked) -> set[str]:
    """The names of the listed tasks (a fresh name must not be one of them)."""
    snapshot = asked.ivc.source.peek()
    return {task.name for task in snapshot.tasks} if snapshot is not None else set()


async def _update_form(
    client: AsyncWebClient,
    view_id: str,
    origin: FormOrigin,
    zone: str,
    values: FormValues,
    asked: Asked,
    problems: Mapping[FormField, str] | None = None,
) -> None:
    """The "Preparing…" modal becomes the form with ``values`` (and ``problems`` on fields)."""
    view = render_new_task_form(
        values,
        replace(origin, zone=zone),
        lang=asked.lang,
        with_describe=asked.ivc.describe,
        problems=problems,
    )
    await update_view(client, view_id, view)
