"""Compare the task list with the stored memory and enqueue notifications (once each)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.ivc.errors import IvcError
from bot.ivc.source import TaskSource
from bot.store.outbox import DeliveryKind, NewDelivery, Outbox
from bot.store.subscriptions import SubscriptionStore
from bot.store.task_memory import TaskMemoryStore
from bot.subscriptions.diff import TaskEvent, TaskEventKind, diff_tasks, forget_gone
from bot.subscriptions.model import NotifyEvent, Subscription, TaskMemory
from bot.worker.payloads import memory_payload, task_payload

log = logging.getLogger(__name__)

# A task IVC stopped listing is remembered this long (its card stays marked gone), then
# forgotten so the memory does not grow without bound.
FORGET_GONE_AFTER = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll saw and enqueued."""

    events: int = 0
    enqueued: int = 0
    baseline: bool = False
    skipped_reason: str | None = None


def _status_delivery(sub: Subscription, event: TaskEvent) -> NewDelivery | None:
    wanted = event.notify_event in sub.events
    if not wanted and NotifyEvent.APPEARED not in sub.events:
        return None  # no card of this task can exist in this channel
    assert event.task is not None and event.to_status is not None
    return NewDelivery(
        dedupe_key=f"status:{sub.id}:{event.task_id}:{int(event.to_status)}",
        subscription_id=sub.id,
        channel_id=sub.channel_id,
        kind=DeliveryKind.STATUS,
        task_id=event.task_id,
        payload={
            "task": task_payload(event.task),
            "wanted": wanted,
            "from": None if event.from_status is None else int(event.from_status),
            "to": int(event.to_status),
        },
    )


def deliveries_for(sub: Subscription, event: TaskEvent) -> NewDelivery | None:
    """The delivery one event means for one notify subscription, if any."""
    if event.kind is TaskEventKind.APPEARED:
        if NotifyEvent.APPEARED not in sub.events or event.task is None:
            return None
        return NewDelivery(
            dedupe_key=f"card:{sub.id}:{event.task_id}",
            subscription_id=sub.id,
            channel_id=sub.channel_id,
            kind=DeliveryKind.CARD,
            task_id=event.task_id,
            payload={"task": task_payload(event.task), "event": NotifyEvent.APPEARED.value},
        )
    if event.kind is TaskEventKind.STATUS_CHANGED:
        return _status_delivery(sub, event)
    return NewDelivery(
        dedupe_key=f"gone:{sub.id}:{event.task_id}",
        subscription_id=sub.id,
        channel_id=sub.channel_id,
        kind=DeliveryKind.GONE,
        task_id=event.task_id,
        payload={"memory": memory_payload(event.memory)},
    )


def _changed(
    previous: Mapping[str, TaskMemory], memory: Mapping[str, TaskMemory]
) -> list[TaskMemory]:
    return [m for task_id, m in memory.items() if previous.get(task_id) != m]


def plan(subs: Sequence[Subscription], events: Sequence[TaskEvent]) -> list[NewDelivery]:
    items = (deliveries_for(sub, event) for event in events for sub in subs)
    return [item for item in items if item is not None]


async def poll_once(
    source: TaskSource,
    memory_store: TaskMemoryStore,
    subs: SubscriptionStore,
    outbox: Outbox,
    now: datetime,
) -> PollResult:
    """One poll. The first ever poll only records a baseline (no flood of "appeared")."""
    try:
        snapshot = await source.list()
    except IvcError as error:
        log.warning("poll skipped: %s", error)
        return PollResult(skipped_reason=str(error))
    if snapshot.stale:
        return PollResult(skipped_reason="stale data")
    baseline = not await memory_store.has_baseline()
    previous = await memory_store.load()
    diff = diff_tasks(previous, snapshot.tasks, now)
    items = [] if baseline else plan(await subs.active_notify(), diff.events)
    kept = forget_gone(diff.memory, now - FORGET_GONE_AFTER)
    forgotten = [task_id for task_id in diff.memory if task_id not in kept]
    await outbox.record_poll(_changed(previous, kept), items, now, forget=forgotten)
    memory_store.remember(kept)
    return PollResult(events=len(diff.events), enqueued=len(items), baseline=baseline)
