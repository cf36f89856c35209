"""What the app owes channels: the deliveries each task event and each due summary mean (pure)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from bot.store.outbox import DeliveryKind, NewDelivery
from bot.subscriptions.diff import TaskEvent, TaskEventKind
from bot.subscriptions.model import NotifyEvent, Subscription
from bot.worker.dedupe_keys import card_key, gone_key, status_key, summary_key
from bot.worker.payloads import memory_payload, task_payload

Carded = Collection[tuple[int, str]]
"""(subscription id, TaskId) pairs whose channel has the task's card (or one on its way)."""


def _status_delivery(sub: Subscription, event: TaskEvent, carded: Carded) -> NewDelivery | None:
    wanted = event.notify_event in sub.events
    if not wanted and (sub.id, event.task_id) not in carded:
        return None  # neither asked for nor a card to edit
    assert event.task is not None and event.to_status is not None
    return NewDelivery(
        dedupe_key=status_key(sub.id, event.task_id, event.to_status),
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


def delivery_for(sub: Subscription, event: TaskEvent, carded: Carded) -> NewDelivery | None:
    """The delivery one event means for one notify subscription, if any: a card where
    "appeared" is wanted, a status where it is wanted or a card shows the task, a gone
    mark where a card shows it."""
    if event.kind is TaskEventKind.APPEARED:
        if NotifyEvent.APPEARED not in sub.events or event.task is None:
            return None
        return NewDelivery(
            dedupe_key=card_key(sub.id, event.task_id),
            subscription_id=sub.id,
            channel_id=sub.channel_id,
            kind=DeliveryKind.CARD,
            task_id=event.task_id,
            payload={"task": task_payload(event.task), "event": NotifyEvent.APPEARED.value},
        )
    if event.kind is TaskEventKind.STATUS_CHANGED:
        return _status_delivery(sub, event, carded)
    if (sub.id, event.task_id) not in carded:
        return None  # no card to mark gone
    return NewDelivery(
        dedupe_key=gone_key(sub.id, event.task_id),
        subscription_id=sub.id,
        channel_id=sub.channel_id,
        kind=DeliveryKind.GONE,
        task_id=event.task_id,
        payload={"memory": memory_payload(event.memory)},
    )


def notify_deliveries(
    subs: Sequence[Subscription], events: Sequence[TaskEvent], *, carded: Carded
) -> list[NewDelivery]:
    """Every delivery the events of one poll mean for the notify subscriptions, event by
    event; ``carded``: where a card of a task exists (``Transaction.carded``)."""
    items = (delivery_for(sub, event, carded) for event in events for sub in subs)
    return [item for item in items if item is not None]


def summary_delivery(sub: Subscription, due: datetime) -> NewDelivery:
    """The scheduled summary of ``sub`` for the slot ``due``."""
    return NewDelivery(
        dedupe_key=summary_key(sub.id, due),
        subscription_id=sub.id,
        channel_id=sub.channel_id,
        kind=DeliveryKind.SUMMARY,
        payload={"due": due.isoformat()},
    )
