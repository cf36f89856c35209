"""Watching tasks from Slack: ``watch`` / ``unwatch`` / ``watching``, the Watch button (it
toggles the clicker's own watch and answers them alone), a direct message's Unwatch, and the
watch a task's creator gets. The TaskId of a new watch is checked against the task list; a
watch names the workspace and the user of the request, never of the payload. A failure is
the caller's ``answer_later``'s to tell (``bot.slack.background``)."""

from __future__ import annotations

import logging

from bot.clock import utc_now
from bot.features.watches.views import (
    render_already_watching,
    render_too_many_watches,
    render_unwatched,
    render_watched,
    render_watching,
)
from bot.ivc.models import Task
from bot.observability.requests import ObservedRespond, Shape
from bot.services.watches import WatchService, watched_tasks
from bot.slack.asked import Asked
from bot.slack.replies import private_kwargs
from bot.store.unavailable import logged_if_unreachable
from bot.store.watches import TooManyWatches
from bot.tasks.memory import TaskMemory
from bot.views.message import Message
from bot.views.notices import render_task_not_found
from bot.watches.model import WatchedTask

log = logging.getLogger(__name__)

MAX_TASK_ID = 64


async def _memory_of(asked: Asked, task_id: str) -> TaskMemory | None:
    memory = asked.ivc.memory.peek()
    if memory is None:
        memory = await asked.ivc.memory.load()
    return memory.get(task_id)


async def _listed(asked: Asked, task_id: str) -> Task | None:
    snapshot = await asked.ivc.source.list()
    return next((t for t in snapshot.tasks if t.task_id == task_id), None)


async def _watch(service: WatchService, task_id: str, asked: Asked) -> Message:
    task = await _listed(asked, task_id)
    if task is None:
        return render_task_not_found(task_id, asked.lang)
    try:
        watched = await service.watch(*asked.who, task, await _memory_of(asked, task_id))
    except TooManyWatches as refused:
        return render_too_many_watches(refused.limit, asked.lang)
    if not watched.new:
        return render_already_watching(task_id, asked.lang)
    return render_watched(
        task_id,
        task.name,
        expires_at=watched.expires_at,
        retrieved=watched.retrieved,
        hours=service.reminder_hours,
        lang=asked.lang,
    )


async def _unwatch(service: WatchService, task_id: str, asked: Asked) -> Message:
    removed = await service.unwatch(*asked.who, task_id)
    return render_unwatched(task_id, was_watching=removed, lang=asked.lang)


async def watch_task(
    task_id: str,
    respond: ObservedRespond,
    asked: Asked,
    *,
    watches: WatchService,
    shape: Shape = private_kwargs,
) -> None:
    """``watch <TaskId>``: watch a listed task (only the reminder when retrieved)."""
    message = await _watch(watches, task_id[:MAX_TASK_ID], asked)
    await respond.send(message, shape)


async def unwatch_task(
    task_id: str,
    respond: ObservedRespond,
    asked: Asked,
    *,
    watches: WatchService,
    shape: Shape = private_kwargs,
) -> None:
    """``unwatch <TaskId>`` and a direct message's Unwatch: stop my watch of the task."""
    message = await _unwatch(watches, task_id[:MAX_TASK_ID], asked)
    await respond.send(message, shape)


async def toggle_watch(
    task_id: str,
    respond: ObservedRespond,
    asked: Asked,
    *,
    watches: WatchService,
    shape: Shape = private_kwargs,
) -> None:
    """The Watch button (on ``show``, in ``watching``, on a card's menu): stop my watch of
    the task if I have one, else start one; answered to the clicker alone."""
    task_id = task_id[:MAX_TASK_ID]
    watching = await watches.is_watching(*asked.who, task_id)
    message = await (_unwatch if watching else _watch)(watches, task_id, asked)
    await respond.send(message, shape)


async def my_watches(asked: Asked, *, watches: WatchService) -> list[WatchedTask]:
    """My watches with each task's status (as listed now) and a retrieved copy's expiry."""
    mine = await watches.of_person(*asked.who)
    if not mine:
        return []
    snapshot = await asked.ivc.source.list()
    memory = asked.ivc.memory.peek() or await asked.ivc.memory.load()
    return watched_tasks(mine, snapshot.tasks, memory)


async def list_watches(
    respond: ObservedRespond,
    asked: Asked,
    *,
    watches: WatchService,
    shape: Shape = private_kwargs,
) -> None:
    """``watching``: my watches, each with its status and a button to stop it."""
    items = await my_watches(asked, watches=watches)
    message = render_watching(items, now=utc_now(asked.ivc.source.clock), lang=asked.lang)
    await respond.send(message, shape)


async def watch_created(asked: Asked, task: Task, *, watches: WatchService) -> None:
    """A task created from Slack is watched by its creator (a refusal or an unreachable
    database is logged, not shown: the task itself was created)."""
    try:
        with logged_if_unreachable(f"the creator's watch of {task.task_id} was not stored"):
            await watches.watch(*asked.who, task)
    except TooManyWatches:
        log.info("the creator of %s already watches the most tasks allowed", task.task_id)
