"""What a poll's status changes owe the task links unfurled in posted messages: each link
unfurled again, once per change (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.store.outbox import DeliveryKind, NewDelivery
from bot.store.unfurled_links import UnfurledLink
from bot.subscriptions.diff import TaskEvent, TaskEventKind
from bot.worker.dedupe_keys import unfurl_key
from bot.worker.payloads import memory_payload, task_payload


def changed_task_ids(events: Sequence[TaskEvent]) -> list[str]:
    """The tasks whose status changed in this poll."""
    return [e.task_id for e in events if e.kind is TaskEventKind.STATUS_CHANGED]


def unfurl_deliveries(
    links: Sequence[UnfurledLink], events: Sequence[TaskEvent]
) -> list[NewDelivery]:
    """One new unfurl per tracked link of each task whose status changed."""
    changed = {
        e.task_id: e
        for e in events
        if e.kind is TaskEventKind.STATUS_CHANGED and e.task is not None
    }
    items: list[NewDelivery] = []
    for link in links:
        event = changed.get(link.task_id)
        if event is None or event.task is None or event.to_status is None:
            continue
        items.append(
            NewDelivery(
                dedupe_key=unfurl_key(link.id, event.to_status, event.memory.status_changed_at),
                subscription_id=None,
                channel_id=link.channel_id,
                kind=DeliveryKind.UNFURL,
                task_id=link.task_id,
                workspace_id=link.team_id,
                payload={
                    "link": link.id,
                    "ts": link.message_ts,
                    "url": link.url,
                    "full": link.full,
                    "cameras": link.cameras,
                    "task": task_payload(event.task),
                    "memory": memory_payload(event.memory),
                },
            )
        )
    return items
