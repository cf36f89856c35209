"""Enqueue every scheduled summary that has come due, once per due time across replicas."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.store.subscriptions import SubscriptionStore
from bot.store.unit_of_work import UnitOfWork
from bot.subscriptions.schedules import next_run_of
from bot.worker.planning import summary_delivery

log = logging.getLogger(__name__)


async def enqueue_due_summaries(subs: SubscriptionStore, uow: UnitOfWork, now: datetime) -> int:
    """Claim due summaries; a slot missed while every replica was down is posted once."""
    enqueued = 0
    for sub in await subs.due_summaries(now):
        due = sub.next_run_at
        next_run_at = next_run_of(sub, now)
        if due is None or next_run_at is None:
            log.warning("subscription %s has no valid schedule; skipped", sub.id)
            continue
        async with uow.begin() as tx:  # the next run moves on with its summary, or neither
            if not await tx.advance_schedule(sub.id, due=due, next_run_at=next_run_at):
                continue  # another replica took this slot
            await tx.enqueue([summary_delivery(sub, due)], now)
        enqueued += 1
    return enqueued
