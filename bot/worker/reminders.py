"""Watches over time: set each retrieved copy's reminder time, enqueue the reminders that
have come due (once across replicas), and end watches of tasks gone a week."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.store.outbox import DeliveryKind
from bot.store.unit_of_work import UnitOfWork
from bot.store.watches import WatchStore
from bot.tasks.memory import estimated_expiry
from bot.watches.model import ENDS_AFTER_GONE_DAYS
from bot.worker.watch_planning import direct_message, reminder_time

log = logging.getLogger(__name__)


async def enqueue_due_reminders(
    watches: WatchStore, uow: UnitOfWork, now: datetime, *, hours: float
) -> int:
    """Arm the reminders of copies seen retrieved, then enqueue those due; how many.

    A copy whose estimated expiry has already passed gets no reminder."""
    for watch, memory in await watches.unarmed():
        at = reminder_time(memory, hours)
        if at is not None:
            await watches.arm(watch, at)
    enqueued = 0
    for watch, memory in await watches.due_reminders(now):
        expiry = estimated_expiry(memory)
        late = expiry is None or expiry <= now or memory.gone_at is not None
        item = None if late else direct_message(watch, DeliveryKind.WATCH_EXPIRING, memory)
        async with uow.begin() as tx:
            if await tx.remind(watch, item, now) and item is not None:
                enqueued += 1
    return enqueued


async def end_gone_watches(watches: WatchStore, now: datetime) -> int:
    """End the watches of tasks gone for a week; how many."""
    ended = await watches.end_gone(now - timedelta(days=ENDS_AFTER_GONE_DAYS), now)
    if ended:
        log.info("ended %d watches of tasks gone a week", ended)
    return ended
