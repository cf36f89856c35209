"""Retrieve again (a manager's, from ``show`` or a card's menu): the create form prefilled with
a task's cameras, window, days to keep and a fresh name.

The task's details may need an IVC call, longer than a trigger lives (3 s), so a one-line
"Preparing the form…" modal opens at once and ``views.update`` then shows the form, or why
not (a TaskId the task list lacks, IVC failing, no camera catalog).
"""

from __future__ import annotations

from dataclasses import replace

from slack_sdk.web.async_client import AsyncWebClient

from bot.ivc.errors import IvcError
from bot.ivc.models import TaskDetails
from bot.slack.deps import Deps
from bot.slack.errors import build_and_log_error
from bot.slack.forms import open_view, update_view, user_zone
from bot.views.form_prefill import again_values
from bot.views.i18n import label, normalise_lang
from bot.views.new_task_form import FormOrigin, render_form_note, render_new_task_form
from bot.views.notices import render_no_catalog, render_task_not_found

MAX_TASK_ID = 64


async def _listed_details(task_id: str, deps: Deps) -> TaskDetails | None:
    """The task's details when the task list has ``task_id`` (never a forged id's)."""
    snapshot = await deps.source.list()
    if not any(task.task_id == task_id for task in snapshot.tasks):
        return None
    return (await deps.source.details(task_id)).details


async def open_again(
    client: AsyncWebClient,
    trigger_id: str,
    user: str,
    origin: FormOrigin,
    task_id: str,
    deps: Deps,
) -> None:
    """Open "Preparing…" with the trigger, then update it to the prefilled form."""
    lang = normalise_lang(deps.lang)
    note = label(lang, "form.preparing")
    view_id = await open_view(client, trigger_id, render_form_note(note, origin, lang=lang))
    if not view_id:
        return
    task_id = task_id[:MAX_TASK_ID]
    if deps.catalog is None or deps.actions is None:
        text = render_no_catalog(lang).text
    else:
        try:
            details = await _listed_details(task_id, deps)
        except IvcError as error:
            text = build_and_log_error(error, lang=lang, what="retrieve again").text
        else:
            if details is not None:
                await _show_form(client, view_id, user, origin, details, deps)
                return
            text = render_task_not_found(task_id, lang).text
    await update_view(client, view_id, render_form_note(text, origin, lang=lang))


async def _show_form(
    client: AsyncWebClient,
    view_id: str,
    user: str,
    origin: FormOrigin,
    details: TaskDetails,
    deps: Deps,
) -> None:
    zone = await user_zone(client, user, deps.default_timezone)
    snapshot = deps.source.peek()
    taken = {task.name for task in snapshot.tasks} if snapshot is not None else set()
    values = again_values(details, zone, taken=taken)
    if not deps.describe:
        values = replace(values, describe="")
    view = render_new_task_form(
        values, replace(origin, zone=zone), lang=deps.lang, with_describe=deps.describe
    )
    await update_view(client, view_id, view)
