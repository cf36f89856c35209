"""What the app owes watchers: the direct messages each task event and each due reminder
mean (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.ivc.models import TaskStatus
from bot.store.outbox import DeliveryKind, NewDelivery
from bot.subscriptions.diff import TaskEvent, TaskEventKind
from bot.tasks.memory import TaskMemory, estimated_expiry
from bot.watches.model import Watch
from bot.worker.dedupe_keys import watch_key
from bot.worker.payloads import memory_payload

_RETRIEVED = int(TaskStatus.RETRIEVED)


def direct_message(watch: Watch, kind: DeliveryKind, memory: TaskMemory) -> NewDelivery:
    """A direct message of ``kind`` to the person of ``watch`` about its task."""
    return NewDelivery(
        dedupe_key=watch_key(kind.value.removeprefix("watch_"), *_person_task(watch)),
        subscription_id=None,
        channel_id=watch.user_id,
        kind=kind,
        task_id=watch.task_id,
        payload={"memory": memory_payload(memory)},
        workspace_id=watch.workspace_id,
        user_id=watch.user_id,
    )


def _person_task(watch: Watch) -> tuple[str, str, str]:
    return watch.workspace_id, watch.user_id, watch.task_id


def _kind_of(event: TaskEvent) -> DeliveryKind | None:
    if event.kind is TaskEventKind.GONE:
        return DeliveryKind.WATCH_GONE
    if event.to_status is not None and int(event.to_status) == _RETRIEVED:
        return DeliveryKind.WATCH_READY  # changed to retrieved, or appeared retrieved
    return None


def watch_deliveries(watches: Sequence[Watch], events: Sequence[TaskEvent]) -> list[NewDelivery]:
    """The direct messages the events of one poll mean for the active ``watches``: ready
    (not for a watch made once the task was retrieved) and gone."""
    by_task: dict[str, list[Watch]] = {}
    for watch in watches:
        by_task.setdefault(watch.task_id, []).append(watch)
    items: list[NewDelivery] = []
    for event in events:
        kind = _kind_of(event)
        if kind is None:
            continue
        for watch in by_task.get(event.task_id, ()):
            if watch.expiry_only:
                continue  # watched once retrieved: only the expiry reminder
            items.append(direct_message(watch, kind, event.memory))
    return items


def reminder_time(memory: TaskMemory, hours: float) -> datetime | None:
    """When the expiry reminder of a retrieved copy is due: ``hours`` before its estimated
    expiry (None when the app has not seen it retrieved)."""
    expiry = estimated_expiry(memory)
    return None if expiry is None else expiry - timedelta(hours=hours)
