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
    render_watches_unavailable,
    render_watching,
)
from bot.ivc.models import Task
from bot.observability.requests import ObservedRespond, Shape
from bot.services.watches import WatchService, watched_tasks
from bot.slack.deps import Deps
from bot.slack.replies import private_kwargs
from bot.store.unavailable import logged_if_unreachable
from bot.store.watches import TooManyWatches
from bot.tasks.memory import TaskMemory
from bot.views.message import Message
from bot.views.notices import render_task_not_found
from bot.watches.model import WatchedTask

log = logging.getLogger(__name__)

MAX_TASK_ID = 64
Who = tuple[str, str]
"""The workspace and the user a request comes from."""


async def _memory_of(deps: Deps, task_id: str) -> TaskMemory | None:
    if deps.memory is None:
        return None
    memory = deps.memory.peek()
    if memory is None:
        memory = await deps.memory.load()
    return memory.get(task_id)


async def _listed(deps: Deps, task_id: str) -> Task | None:
    snapshot = await deps.source.list()
    return next((t for t in snapshot.tasks if t.task_id == task_id), None)


async def _watch(service: WatchService, task_id: str, deps: Deps, who: Who) -> Message:
    task = await _listed(deps, task_id)
    if task is None:
        return render_task_not_found(task_id, deps.lang)
    try:
        watched = await service.watch(*who, task, await _memory_of(deps, task_id))
    except TooManyWatches as refused:
        return render_too_many_watches(refused.limit, deps.lang)
    if not watched.new:
        return render_already_watching(task_id, deps.lang)
    return render_watched(
        task_id,
        task.name,
        expires_at=watched.expires_at,
        retrieved=watched.retrieved,
        hours=service.reminder_hours,
        lang=deps.lang,
    )


async def _unwatch(service: WatchService, task_id: str, deps: Deps, who: Who) -> Message:
    removed = await service.unwatch(*who, task_id)
    return render_unwatched(task_id, was_watching=removed, lang=deps.lang)


async def watch_task(
    task_id: str, respond: ObservedRespond, deps: Deps, who: Who, shape: Shape = private_kwargs
) -> None:
    """``watch <TaskId>``: watch a listed task (only the reminder when retrieved)."""
    message = render_watches_unavailable(deps.lang)
    if deps.watches is not None:
        message = await _watch(deps.watches, task_id[:MAX_TASK_ID], deps, who)
    await respond.send(message, shape)


async def unwatch_task(
    task_id: str, respond: ObservedRespond, deps: Deps, who: Who, shape: Shape = private_kwargs
) -> None:
    """``unwatch <TaskId>`` and a direct message's Unwatch: stop my watch of the task."""
    message = render_watches_unavailable(deps.lang)
    if deps.watches is not None:
        message = await _unwatch(deps.watches, task_id[:MAX_TASK_ID], deps, who)
    await respond.send(message, shape)


async def toggle_watch(task_id: str, respond: ObservedRespond, deps: Deps, who: Who) -> None:
    """The Watch button (on ``show``, in ``watching``, on a card's menu): stop my watch of
    the task if I have one, else start one; answered to the clicker alone."""
    message = render_watches_unavailable(deps.lang)
    service = deps.watches
    if service is not None:
        task_id = task_id[:MAX_TASK_ID]
        watching = await service.is_watching(*who, task_id)
        message = await (_unwatch if watching else _watch)(service, task_id, deps, who)
    await respond.send(message, private_kwargs)


async def my_watches(deps: Deps, who: Who) -> list[WatchedTask]:
    """My watches with each task's status (as listed now) and a retrieved copy's expiry."""
    if deps.watches is None:
        return []
    watches = await deps.watches.of_person(*who)
    if not watches:
        return []
    snapshot = await deps.source.list()
    memory = {} if deps.memory is None else (deps.memory.peek() or await deps.memory.load())
    return watched_tasks(watches, snapshot.tasks, memory)


async def _render_watching(deps: Deps, who: Who) -> Message:
    items = await my_watches(deps, who)
    return render_watching(items, now=utc_now(deps.source.clock), lang=deps.lang)


async def list_watches(
    respond: ObservedRespond, deps: Deps, who: Who, shape: Shape = private_kwargs
) -> None:
    """``watching``: my watches, each with its status and a button to stop it."""
    message = render_watches_unavailable(deps.lang)
    if deps.watches is not None:
        message = await _render_watching(deps, who)
    await respond.send(message, shape)


async def watch_created(deps: Deps, who: Who, task: Task) -> None:
    """A task created from Slack is watched by its creator (a refusal or an unreachable
    database is logged, not shown: the task itself was created)."""
    if deps.watches is None:
        return
    try:
        with logged_if_unreachable(f"the creator's watch of {task.task_id} was not stored"):
            await deps.watches.watch(*who, task)
    except TooManyWatches:
        log.info("the creator of %s already watches the most tasks allowed", task.task_id)
