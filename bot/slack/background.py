"""Work started by a listener that must outlive its ack (answers sent via response_url), and
``answer_later``: the one way such work ends, with its answer or the one-line error."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from typing import Any

from bot.observability.requests import ObservedRespond, Shape
from bot.slack.errors import build_and_log_error
from bot.slack.replies import replace_kwargs

log = logging.getLogger(__name__)


Hold = Callable[[], AbstractAsyncContextManager[None]]
"""Taken when work is spawned, released when it ends (e.g. a workspace's task source)."""


async def answer_later(
    work: Coroutine[Any, Any, None],
    respond: ObservedRespond,
    *,
    lang: str,
    what: str,
    shape: Shape = replace_kwargs,
) -> None:
    """Run ``work``, which sends its own final answer through ``respond``; if it fails
    instead, the one-line error (``build_and_log_error``) is sent as ``shape`` says, so an ack
    saying "Working on it…" always gets an answer."""
    try:
        await work
    except Exception as error:
        await respond.send(build_and_log_error(error, lang=lang, what=what), shape)


async def _held(lease: AbstractAsyncContextManager[None], coro: Coroutine[Any, Any, None]) -> None:
    async with lease:
        await coro


class BackgroundTasks:
    """Holds references to running tasks, logs their failures, and drains them at shutdown."""

    def __init__(self, *, hold: Hold | None = None, tasks: set[asyncio.Task[None]] | None = None):
        self._tasks: set[asyncio.Task[None]] = set() if tasks is None else tasks
        self._hold = hold

    def __len__(self) -> int:
        return len(self._tasks)

    def holding(self, hold: Hold) -> BackgroundTasks:
        """The same tasks (drained together), each spawned one holding ``hold()`` while it
        runs."""
        return BackgroundTasks(hold=hold, tasks=self._tasks)

    def spawn(self, coro: Coroutine[Any, Any, None], name: str) -> None:
        if self._hold is not None:
            coro = _held(self._hold(), coro)
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def answer(
        self,
        work: Coroutine[Any, Any, None],
        respond: ObservedRespond,
        *,
        lang: str,
        what: str,
        shape: Shape = replace_kwargs,
    ) -> None:
        """Spawn ``answer_later`` of ``work`` (named ``what``): the listener has acked, and
        the person gets ``work``'s answer or the line saying why not."""
        self.spawn(answer_later(work, respond, lang=lang, what=what, shape=shape), name=what)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error(
                "background task %s failed: %s", task.get_name(), type(task.exception()).__name__
            )

    async def drain(self, grace_seconds: float) -> None:
        """Wait up to ``grace_seconds`` for running tasks, then cancel what is left."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace_seconds)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
