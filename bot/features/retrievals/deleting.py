"""Deleting a task from Slack: ``delete <TaskId>`` answers with a confirmation naming the task (not
offered for a retrieving task); the confirmation's Delete button deletes it through
``TaskActions.delete`` and updates the message in place. Both run behind
``Require(Right.TASK_MANAGER)``. The TaskId is checked against the task list first (a forged id
the list lacks is "not found", nothing is deleted); a forged Delete of a retrieving task reaches
IVC, whose refusal is shown as one line. ``delete_listed`` is also the delete of a card's
confirmation modal (``bot.features.retrievals.delete_in_modal``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.features.retrievals.task_created import refusal_text
from bot.features.retrievals.task_delete import (
    render_delete_confirm,
    render_delete_refused,
    render_deleted,
    render_not_deletable,
)
from bot.ivc.errors import IvcError, IvcRefusedError
from bot.ivc.models import Task
from bot.ivc.task_rules import deletable
from bot.observability.requests import ObservedRespond, Shape
from bot.slack.asked import Asked
from bot.slack.audit_trail import Attempt, audit, outcome_of
from bot.slack.errors import build_and_log_error, message_or_error
from bot.slack.replies import replace_kwargs
from bot.views.message import Message
from bot.views.notices import render_task_not_found

log = logging.getLogger(__name__)

MAX_TASK_ID = 64
NOT_LISTED = "refused:not_listed"  # the audit outcome of a TaskId the task list lacks


def find_task(tasks: tuple[Task, ...], task_id: str) -> Task | None:
    """The task of ``tasks`` with ``task_id``, if any."""
    return next((t for t in tasks if t.task_id == task_id), None)


async def confirmation(task_id: str, asked: Asked) -> Message:
    """The confirmation for ``task_id``, or why it cannot be deleted."""
    snapshot = await asked.ivc.source.list()
    task = find_task(snapshot.tasks, task_id)
    if task is None:
        return render_task_not_found(task_id, asked.lang)
    if not deletable(task):
        return render_not_deletable(task_id, asked.lang)
    return render_delete_confirm(task, asked.lang)


async def ask_to_confirm(
    task_id: str, respond: ObservedRespond, asked: Asked, shape: Shape = replace_kwargs
) -> None:
    """The confirmation (or why not) sent as ``shape`` says."""
    work = confirmation(task_id[:MAX_TASK_ID], asked)
    message = await message_or_error(work, lang=asked.lang, what="delete")
    await respond.send(message, shape)


async def delete(
    task_id: str, respond: ObservedRespond, asked: Asked, client: AsyncWebClient
) -> None:
    """Delete ``task_id`` (audited) and update the confirmation in place with the outcome."""
    outcome = await delete_listed(task_id, asked, client)
    await respond.send(outcome.message, replace_kwargs)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A delete's line, and the task when it was deleted."""

    message: Message
    deleted: Task | None = None


async def delete_listed(task_id: str, asked: Asked, client: AsyncWebClient) -> Outcome:
    """Delete ``task_id`` (audited, as ``asked.who``) if the task list has it; the outcome's
    line."""
    task_id = task_id[:MAX_TASK_ID]
    attempt = Attempt(*asked.who, "delete", {"TaskId": task_id})
    deleted: list[Task] = []
    work = _delete_listed(task_id, attempt, asked, client, deleted)
    message = await message_or_error(work, lang=asked.lang, what="delete")
    return Outcome(message, deleted[0] if deleted else None)


async def _delete_listed(
    task_id: str, attempt: Attempt, asked: Asked, client: AsyncWebClient, deleted: list[Task]
) -> Message:
    """The outcome's line: "not found" (no IVC delete) unless the task list has ``task_id``;
    the deleted task is appended to ``deleted``."""
    ivc, auditor = asked.ivc, asked.people.audit
    known = find_task((await ivc.source.list()).tasks, task_id)
    if known is None:
        await audit(auditor, ivc.source.clock, client, attempt, NOT_LISTED)
        return render_task_not_found(task_id, asked.lang)
    try:
        done = await ivc.actions.delete(task_id)
    except IvcError as error:
        outcome, request_id = outcome_of(error)
        await audit(auditor, ivc.source.clock, client, attempt, outcome, request_id=request_id)
        return _failure(task_id, error, asked.lang)
    ids = {"task_id": task_id, "request_id": done.request_id}
    await audit(auditor, ivc.source.clock, client, attempt, "deleted", **ids)
    deleted.append(known)
    return render_deleted(known.name, task_id, asked.lang)


def _failure(task_id: str, error: IvcError, lang: str) -> Message:
    if isinstance(error, IvcRefusedError):
        log.warning("delete of %s refused: %s", task_id, error.reason.value)
        reason = refusal_text(error.reason, lang)
        return render_delete_refused(task_id, reason, lang)
    return build_and_log_error(error, lang=lang, what="delete")
