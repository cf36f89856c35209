"""Create a task exactly once: task names are unique in an IVC account, so the name is the
idempotency key.

A create is never retried blindly. When its answer is lost (transport error or timeout, an
HTTP error from a gateway, a malformed answer) the task list is read, straight from IVC, and
a task with the same name and request is the one this call created. When IVC says the name
is taken by a task of the same request (a double-submitted form), that task is the answer
too. Either way the caller gets one task and a success.
"""

from __future__ import annotations

import logging

from bot.ivc.backend import TaskBackend, TaskWriter
from bot.ivc.errors import (
    IvcCreateUnknownError,
    IvcError,
    IvcHttpError,
    IvcMalformedError,
    IvcRefusedError,
    IvcTransportError,
)
from bot.ivc.models import Task
from bot.ivc.new_task import CreatedTask, NewTask
from bot.ivc.refusals import Refusal

log = logging.getLogger(__name__)

ANSWER_LOST = (IvcTransportError, IvcHttpError, IvcMalformedError)
"""Failures after which IVC may have created the task anyway."""


async def create_once(writer: TaskWriter, reader: TaskBackend, task: NewTask) -> CreatedTask:
    """Create ``task`` through ``writer`` once, looking it up through ``reader`` by name.

    Raises the create's own error when IVC refused it, or when the answer was lost and the
    list shows no such task (trying again is safe: should IVC create it late, the retry finds
    it by name); ``IvcCreateUnknownError`` when the answer was lost and the list could not be
    read either.
    """
    try:
        return await writer.create_task(task)
    except IvcRefusedError as error:
        if error.reason is not Refusal.NAME_TAKEN:
            raise
        found = await _find_or_none(reader, task)
        if found is None:
            raise
        log.info("create of an existing task with the same request: answering with it")
        return CreatedTask(task=found, request_id=error.request_id, recovered=True)
    except ANSWER_LOST as error:
        log.warning("the answer to a create was lost (%s): looking the task up by name", error)
        try:
            found = await _find(reader, task)
        except IvcError as lookup_error:
            log.warning("the task list could not be read after a lost create: %s", lookup_error)
            raise IvcCreateUnknownError(error) from None
        if found is None:
            raise
        return CreatedTask(task=found, request_id="", recovered=True)


async def _find(reader: TaskBackend, task: NewTask) -> Task | None:
    """The listed task with ``task``'s name and request, if any (raises ``IvcError``)."""
    listed = await reader.list_tasks()
    for candidate in listed.tasks:
        if task.same_request(candidate) and await _same_channels(reader, candidate, task):
            return candidate
    return None


async def _find_or_none(reader: TaskBackend, task: NewTask) -> Task | None:
    try:
        return await _find(reader, task)
    except IvcError as error:
        log.warning("could not check whether a taken name is this request's task: %s", error)
        return None


async def _same_channels(reader: TaskBackend, found: Task, task: NewTask) -> bool:
    details = await reader.task_details(found.task_id)
    listed = {(c.device_id, c.channel_id) for c in details.channels}
    return listed == {(c.device_id, c.channel_id) for c in task.channels}
