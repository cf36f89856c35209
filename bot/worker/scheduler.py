"""Enqueue every scheduled summary that has come due, once per due time across replicas."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.store.outbox import DeliveryKind, NewDelivery, Outbox
from bot.store.subscriptions import SubscriptionStore
from bot.subscriptions.schedules import next_run_of

log = logging.getLogger(__name__)


async def enqueue_due_summaries(subs: SubscriptionStore, outbox: Outbox, now: datetime) -> int:
    """Claim due summaries; a slot missed while every replica was down is posted once."""
    enqueued = 0
    for sub in await subs.due_summaries(now):
        due = sub.next_run_at
        next_run_at = next_run_of(sub, now)
        if due is None or next_run_at is None:
            log.warning("subscription %s has no valid schedule; skipped", sub.id)
            continue
        item = NewDelivery(
            dedupe_key=f"summary:{sub.id}:{due.isoformat()}",
            subscription_id=sub.id,
            channel_id=sub.channel_id,
            kind=DeliveryKind.SUMMARY,
            payload={"due": due.isoformat()},
        )
        if await outbox.schedule_summary(item, due=due, next_run_at=next_run_at, now=now):
            enqueued += 1
    return enqueued
