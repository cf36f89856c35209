"""Is there anything to retrieve? The create form's check of each camera's recordings before
the billed retrieval (API 3.0 ``DescribeRecordFile``; the IVC API skips it, saying why). Only
archived cameras are created; a confirmation skips the check only if this process signed it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt.async_app import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.features.retrievals.camera_options import parse_camera_value
from bot.features.retrievals.form_input import FormInput
from bot.features.retrievals.new_task_form import (
    FormField,
    FormOrigin,
    render_form_note,
    render_new_task_form,
)
from bot.features.retrievals.recording_check import (
    cameras_hint,
    checking_text,
    confirm_label,
    failed_text,
    name_of,
    partial_notes,
    recording_blocks,
    refused_text,
    skipped_text,
)
from bot.features.retrievals.task_created import refusal_text
from bot.ivc.errors import IvcRefusedError, one_line
from bot.ivc.new_task import ChannelRef, NewTask
from bot.ivc.recording_check import RecordingCase, RecordingsCheck, check_recordings, window_of
from bot.slack.asked import Asked
from bot.slack.errors import build_and_log_error
from bot.slack.modals import update_view
from bot.views.i18n import label, normalise_lang

log = logging.getLogger(__name__)

CHECK_BUDGET_SECONDS = 2.0
"""How long a submission waits for the checks before it answers "Checking recordings…"."""
CONFIRM_SECONDS = 900
"""How long a confirmation stands before the cameras are checked again."""
DIGEST_LENGTH = 16

StartCreate = Callable[[FormInput, str], Coroutine[Any, Any, None]]
"""Creates the task of a form, then shows the result with a note (``Retrievals._create``)."""


def checks_recordings(asked: Asked) -> bool:
    """Whether this workspace's IVC API can check recordings (API 3.0 only)."""
    return asked.ivc.actions.backend.serves_record_files


def skip_note(asked: Asked) -> str:
    """The line the IVC API's "Starting…" and result views carry (empty on API 3.0)."""
    return "" if checks_recordings(asked) else skipped_text(asked.lang)


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What the modal shows after the check, and the form to create (if any) with its note."""

    view: dict[str, Any]
    create: FormInput | None = None
    notes: str = ""


async def check_then_create(
    ack: AsyncAck,
    client: AsyncWebClient,
    view_id: str,
    form: FormInput,
    origin: FormOrigin,
    asked: Asked,
    start: StartCreate,
) -> None:
    """Answer a valid submission: the check's outcome in the ack, or "Checking recordings…"
    and the outcome by ``views.update``; the create (``start``) only with archived cameras."""
    assert form.task is not None
    lang = normalise_lang(asked.lang)
    confirmed = _confirmed(origin, form.task, asked)
    if confirmed is not None:
        chosen = FormInput(replace(form.task, channels=confirmed), (), form.typed)
        starting = render_form_note(label(lang, "form.starting"), origin, lang=lang)
        await ack(response_action="update", view=starting)
        asked.background.spawn(start(chosen, ""), name="create_task")
        return
    checking = asyncio.ensure_future(check_recordings(asked.ivc.actions.backend, form.task))
    try:
        await asyncio.wait({checking}, timeout=CHECK_BUDGET_SECONDS)
    except asyncio.CancelledError:
        checking.cancel()
        raise
    if checking.done():
        outcome = _outcome(_result(checking), form, origin, asked)
        await ack(response_action="update", view=outcome.view)
        if outcome.create is not None:
            asked.background.spawn(start(outcome.create, outcome.notes), name="create_task")
        return
    note = render_form_note(checking_text(lang), origin, lang=lang)
    await ack(response_action="update", view=note)
    later = _show_later(client, view_id, checking, form, origin, asked, start)
    asked.background.spawn(later, name="recording_check")


async def _show_later(
    client: AsyncWebClient,
    view_id: str,
    checking: asyncio.Future[RecordingsCheck],
    form: FormInput,
    origin: FormOrigin,
    asked: Asked,
    start: StartCreate,
) -> None:
    """The checks' outcome over "Checking recordings…", then the create if there is one."""
    try:
        await asyncio.wait({checking})
    except asyncio.CancelledError:
        checking.cancel()
        raise
    outcome = _outcome(_result(checking), form, origin, asked)
    await update_view(client, view_id, outcome.view)
    if outcome.create is not None:
        await start(outcome.create, outcome.notes)


def _result(checking: asyncio.Future[RecordingsCheck]) -> RecordingsCheck | Exception:
    try:
        return checking.result()
    except Exception as error:  # a bug, never an IvcError (those are in the check)
        return error


def _outcome(
    result: RecordingsCheck | Exception, form: FormInput, origin: FormOrigin, asked: Asked
) -> _Outcome:
    """Every camera archived: "Starting…" and the create. Some not: the form again, each camera's
    case, and a button to create with the archived cameras only (signed: ``confirm_token``).
    None, or a check refused or failed: the form again with why; nothing is created."""
    assert form.task is not None
    lang = normalise_lang(asked.lang)
    task, zone = form.task, form.typed.zone
    names = camera_names(form, asked)
    unconfirmed = replace(origin, confirmed="")
    if isinstance(result, Exception) or result.failure is not None:
        line = _failure_line(result, task, names, asked)
        return _Outcome(_form(form, unconfirmed, asked, line))
    counts = {case: 0 for case in RecordingCase}
    for camera in result.cameras:
        counts[camera.case] += 1
    log.info(
        "recordings checked: %d archived, %d not archived, %d without recording",
        counts[RecordingCase.ARCHIVED],
        counts[RecordingCase.NOT_ARCHIVED],
        counts[RecordingCase.NONE],
    )
    if result.all_archived:
        notes = partial_notes(result, names, lang, zone)
        starting = render_form_note(label(lang, "form.starting"), origin, lang=lang, context=notes)
        return _Outcome(starting, form, notes)
    hint = cameras_hint(result, names, lang, zone)
    blocks = recording_blocks(result, names, window_of(task), lang=lang, zone=zone)
    kept = len(result.archived)
    if not kept:
        return _Outcome(_form(form, unconfirmed, asked, hint, blocks))
    confirming = replace(origin, confirmed=confirm_token(task, result, asked.ivc.source.clock()))
    submit = confirm_label(kept, lang)
    return _Outcome(_form(form, confirming, asked, hint, blocks, submit))


def _failure_line(
    result: RecordingsCheck | Exception,
    task: NewTask,
    names: dict[ChannelRef, str],
    asked: Asked,
) -> str:
    """One line saying which camera's check failed and why; nothing was created."""
    lang = normalise_lang(asked.lang)
    if isinstance(result, Exception):
        build_and_log_error(result, lang=lang, what="recording check")
        return failed_text(name_of(task.channels[0], names), label(lang, "error.generic"), lang)
    assert result.failure is not None
    ref, error = result.failure.ref, result.failure.error
    name = name_of(ref, names)
    if isinstance(error, IvcRefusedError):
        log.warning("recording check of channel %s refused: %s", ref.channel_id, error.reason)
        zone = asked.ivc.actions.zone.key
        return refused_text(name, refusal_text(error.reason, lang, ivc_zone=zone), lang)
    build_and_log_error(error, lang=lang, what="recording check")
    return failed_text(name, one_line(str(error)), lang)


def _form(
    form: FormInput,
    origin: FormOrigin,
    asked: Asked,
    hint: str,
    blocks: list[dict[str, Any]] | None = None,
    submit: str = "",
) -> dict[str, Any]:
    """The form as typed, ``hint`` on the cameras field, ``blocks`` below it."""
    return render_new_task_form(
        form.typed,
        origin,
        lang=asked.lang,
        with_describe=asked.ivc.describe,
        problems={FormField.CAMERAS: hint},
        after_cameras=blocks or (),
        submit=submit,
    )


def camera_names(form: FormInput, asked: Asked) -> dict[ChannelRef, str]:
    """Each camera's "Device · Channel": the catalog's, else the picker's option text."""
    names: dict[ChannelRef, str] = {}
    for option in form.typed.cameras:
        ref = parse_camera_value(str(option.get("value") or ""))
        text = (option.get("text") or {}).get("text") if isinstance(option, dict) else None
        if ref is not None and isinstance(text, str):
            names[ref] = text
    catalog = asked.ivc.catalog
    for ref in form.task.channels if form.task is not None else ():
        camera = catalog.get(ref) if catalog is not None else None
        if camera is not None:
            names[ref] = camera.label
    return names


# The confirmation carried in the form's metadata -----------------------------------------------
_CONFIRM_KEY = secrets.token_bytes(32)
"""This process's key for the confirmations it hands out: one from another replica, or forged,
fails the check and the cameras are simply checked again."""


def _mac(task: NewTask, claim: str) -> str:
    """The confirmation's signature over the window, the cameras and ``claim``."""
    start, end = window_of(task)
    cameras = [[ref.device_id, ref.channel_id] for ref in task.channels]
    text = json.dumps([start, end, cameras, claim], separators=(",", ":"), ensure_ascii=False)
    digest = hmac.new(_CONFIRM_KEY, text.encode(), hashlib.sha256).hexdigest()
    return digest[:DIGEST_LENGTH]


def confirm_token(task: NewTask, check: RecordingsCheck, now: float) -> str:
    """``<signature>.<archived mask>.<checked at>``: which of the window's cameras (by
    position) have archived recording, and when, signed with this process's key."""
    mask = sum(
        1 << index
        for index, camera in enumerate(check.cameras)
        if camera.case is RecordingCase.ARCHIVED
    )
    claim = f"{mask:x}.{int(now)}"
    return f"{_mac(task, claim)}.{claim}"


def _confirmed(origin: FormOrigin, task: NewTask, asked: Asked) -> tuple[ChannelRef, ...] | None:
    """The archived cameras when ``origin`` confirms this very window and these cameras with
    this process's signature, recently enough; None means check them (again)."""
    parts = origin.confirmed.split(".")
    if len(parts) != 3 or not hmac.compare_digest(parts[0], _mac(task, f"{parts[1]}.{parts[2]}")):
        return None
    try:
        mask, checked_at = int(parts[1], 16), int(parts[2])
    except ValueError:
        return None
    age = asked.ivc.source.clock() - checked_at
    if not 0 <= age <= CONFIRM_SECONDS or not 0 < mask < 1 << len(task.channels):
        return None
    return tuple(ref for index, ref in enumerate(task.channels) if mask >> index & 1)
