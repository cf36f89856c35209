"""Poll IVC: compare the task list with the stored memory, store the new memory and the
deliveries ``planning`` (channels), ``watch_planning`` (watchers) and ``unfurl_planning``
(posted task links) say the changes mean, in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.ivc.errors import IvcError
from bot.ivc.source import TaskSource
from bot.reports.history import history_events
from bot.store.subscriptions import SubscriptionStore
from bot.store.task_history import ANY_WORKSPACE
from bot.store.task_memory import TaskMemoryStore
from bot.store.unfurled_links import TRACKED_FOR
from bot.store.unit_of_work import Transaction, UnitOfWork
from bot.store.watches import WatchStore
from bot.subscriptions.diff import diff_tasks, forget_gone
from bot.tasks.memory import TaskMemory
from bot.worker.planning import notify_deliveries
from bot.worker.unfurl_planning import changed_task_ids, unfurl_deliveries
from bot.worker.watch_planning import watch_deliveries

log = logging.getLogger(__name__)

# A task IVC stopped listing is remembered this long (its card stays marked gone), then
# forgotten so the memory does not grow without bound.
FORGET_GONE_AFTER = timedelta(days=30)


Finish = Callable[[Transaction], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll saw and enqueued."""

    events: int = 0
    enqueued: int = 0
    baseline: bool = False
    skipped_reason: str | None = None


def _changed(
    previous: Mapping[str, TaskMemory], memory: Mapping[str, TaskMemory]
) -> list[TaskMemory]:
    return [m for task_id, m in memory.items() if previous.get(task_id) != m]


async def poll_once(
    source: TaskSource,
    memory_store: TaskMemoryStore,
    subs: SubscriptionStore,
    uow: UnitOfWork,
    now: datetime,
    watches: WatchStore | None = None,
    *,
    workspaces: frozenset[str] | None = None,
    history_workspace: str = ANY_WORKSPACE,
    finish: Finish | None = None,
) -> PollResult:
    """One poll of the account ``memory_store`` remembers. The first ever poll only records
    a baseline (no flood of "appeared"). With ``watches``, the watchers' direct messages are
    enqueued with the channels' posts. ``workspaces``: the workspaces that read this account (None:
    every one); the history is recorded for ``history_workspace`` (a workspace's own account).
    ``finish`` runs last in the poll's transaction (an account poll's lease: raising there
    rolls the poll's writes back); a poll that writes nothing (IVC failed) does not call it."""
    try:
        snapshot = await source.list()
    except IvcError as error:
        log.warning("poll skipped: %s", error)
        return PollResult(skipped_reason=str(error))
    if snapshot.stale:
        return PollResult(skipped_reason="stale data")
    has_baseline, previous = await memory_store.load_for_poll()
    baseline = not has_baseline
    diff = diff_tasks(previous, snapshot.tasks, now)
    readers = [] if baseline or not diff.events else await subs.active_notify(workspaces)
    watched = []
    if watches is not None and not baseline and diff.events:
        watched = await watches.active_for_tasks([e.task_id for e in diff.events], workspaces)
    kept = forget_gone(diff.memory, now - FORGET_GONE_AFTER)
    forgotten = [task_id for task_id in diff.memory if task_id not in kept]
    history = history_events(previous, snapshot.tasks, now, baseline=baseline)
    account = memory_store.account
    async with uow.begin() as tx:
        carded = await tx.carded([sub.id for sub in readers], [e.task_id for e in diff.events])
        items = notify_deliveries(readers, diff.events, carded=carded)
        items += watch_deliveries(watched, diff.events)
        changed = [] if baseline else changed_task_ids(diff.events)
        if changed:  # posted task links unfurled again, with the new status
            links = await tx.unfurled(account, changed, now - TRACKED_FOR)
            items += unfurl_deliveries(links, diff.events)
        await tx.record_tasks(_changed(previous, kept), now, forget=forgotten, account=account)
        await tx.record_history(history, workspace_id=history_workspace, account=account)
        await tx.enqueue(items, now)
        if finish is not None:
            await finish(tx)
    memory_store.remember(kept)
    return PollResult(events=len(diff.events), enqueued=len(items), baseline=baseline)
