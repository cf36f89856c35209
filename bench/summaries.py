"""b6: 1,000 channel summaries due in the same minute, against a rate-limiting fake Slack;
and a victim channel's summary due while another channel has 100 posts queued."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.stats import rounded
from bench.wire import Stack
from bot.ivc.models import Task, TaskStatus
from bot.slack.poster import EVENT_TYPE
from bot.store.database import Database
from bot.store.outbox import DeliveryKind, NewDelivery, Outbox
from bot.store.subscriptions import NewSubscription, SubscriptionStore
from bot.subscriptions.model import NotifyEvent, SubscriptionKind
from bot.worker.dedupe_keys import card_key
from bot.worker.payloads import task_payload

CHANNEL_RATE_PER_SECOND = 1
WORKSPACE_RATE_PER_SECOND = 50
LEAD_SECONDS = 5.0  # the summaries come due this long after they are created
DRAIN_TIMEOUT_SECONDS = 240.0
STORM_CHANNEL, VICTIM_CHANNEL = "C0STORM", "C0VICTIM"
STORM_POSTS = 100  # queued for the storm channel before the victim's summary comes due
VICTIM_LEAD_SECONDS = 3.0
VICTIM_TARGET_SECONDS = 2.0
VICTIM_TIMEOUT_SECONDS = 60.0


async def _subscribe(url: str, count: int, due: datetime) -> None:
    """``count`` channels, each with a daily summary whose next run is ``due``."""
    db = await Database.open(url)
    try:
        store = SubscriptionStore(db)
        for index in range(count):
            new = NewSubscription(
                workspace_id="T0001",
                channel_id=f"C{index:07d}",
                kind=SubscriptionKind.SUMMARY,
                timezone="UTC",
                schedule="daily 09:00",
                created_by="U0BENCH",
            )
            await store.create(new, now=datetime.now(UTC), first_run=lambda _sub: due)
    finally:
        await db.aclose()


def _summary_keys(stack: Stack) -> list[str]:
    keys = []
    for message in stack.fake.messages():
        metadata = message.get("metadata") or {}
        key = (metadata.get("event_payload") or {}).get("key", "")
        if metadata.get("event_type") == EVENT_TYPE and key.startswith("summary:"):
            keys.append(key)
    return keys


def run_b6(stack: Stack, *, subscriptions: int) -> dict[str, Any]:
    """Post every summary once, through 429s with Retry-After; how long the drain takes."""
    workdir = stack.workdir / "b6"
    workdir.mkdir(exist_ok=True)
    url = f"sqlite+aiosqlite:///{Path(workdir, 'b6.db')}"
    due = datetime.now(UTC) + timedelta(seconds=LEAD_SECONDS)
    asyncio.run(_subscribe(url, subscriptions, due))
    stack.fake.set_channel_rate_limit(CHANNEL_RATE_PER_SECOND)
    stack.fake.set_workspace_rate_limit(WORKSPACE_RATE_PER_SECOND)
    limited_before = stack.fake.rate_limited_count()
    try:
        stack.app("b6", DATABASE_URL=url, POLL_INTERVAL_SECONDS="5")
        with contextlib.suppress(TimeoutError):
            stack.fake.wait_for_sync(
                lambda: len(_summary_keys(stack)) >= subscriptions, timeout=DRAIN_TIMEOUT_SECONDS
            )
        drained_at = time.time()
    finally:
        stack.fake.set_workspace_rate_limit(None)
        stack.fake.set_channel_rate_limit(None)
    keys = _summary_keys(stack)
    posted = len(set(keys))
    duplicates = sum(n - 1 for n in Counter(keys).values())
    return {
        "subscriptions": subscriptions,
        "posted": posted,
        "duplicates": duplicates,
        "seconds_to_drain": rounded(drained_at - due.timestamp(), 1),
        "rate_limited_answers": stack.fake.rate_limited_count() - limited_before,
        "limits": {
            "per_channel_per_second": CHANNEL_RATE_PER_SECOND,
            "workspace_per_second": WORKSPACE_RATE_PER_SECOND,
        },
        "ideal_seconds": rounded(subscriptions / WORKSPACE_RATE_PER_SECOND, 1),
        "target": f"posted == {subscriptions}, duplicates == 0",
        "met": posted == subscriptions and duplicates == 0,
        "victim_channel": run_victim(stack),
    }


def _storm_card(subscription_id: int, index: int, now: datetime) -> NewDelivery:
    task = Task(
        task_id=f"{index:032x}",
        name=f"storm-{index}",
        start=now - timedelta(hours=2),
        end=now - timedelta(hours=1),
        mode=1,
        expiration_days=7,
        status=TaskStatus.PENDING,
        capacity_mb=1024.0,
    )
    return NewDelivery(
        dedupe_key=card_key(subscription_id, task.task_id),
        subscription_id=subscription_id,
        channel_id=STORM_CHANNEL,
        kind=DeliveryKind.CARD,
        task_id=task.task_id,
        payload={"task": task_payload(task)},
    )


async def _queue_storm(url: str, posts: int) -> None:
    """A notify subscription of the storm channel with ``posts`` cards already owed."""
    db = await Database.open(url)
    try:
        now = datetime.now(UTC)
        new = NewSubscription(
            workspace_id="T0001",
            channel_id=STORM_CHANNEL,
            kind=SubscriptionKind.NOTIFY,
            timezone="UTC",
            events=(NotifyEvent.APPEARED,),
            created_by="U0BENCH",
        )
        sub = await SubscriptionStore(db).create(new, now=now, first_run=lambda _sub: None)
        await Outbox(db).enqueue([_storm_card(sub.id, i, now) for i in range(posts)], now)
    finally:
        await db.aclose()


async def _victim_due(url: str, due: datetime) -> None:
    db = await Database.open(url)
    try:
        new = NewSubscription(
            workspace_id="T0001",
            channel_id=VICTIM_CHANNEL,
            kind=SubscriptionKind.SUMMARY,
            timezone="UTC",
            schedule="daily 09:00",
            created_by="U0BENCH",
        )
        await SubscriptionStore(db).create(new, now=datetime.now(UTC), first_run=lambda _s: due)
    finally:
        await db.aclose()


def _posted_at(stack: Stack, channel: str) -> list[float]:
    """``time.monotonic()`` of each accepted post to ``channel``."""
    calls = stack.fake.calls("chat.postMessage")
    return [c.received_at for c in calls if c.ok and c.params.get("channel") == channel]


def run_victim(stack: Stack) -> dict[str, Any]:
    """With ``STORM_POSTS`` posts queued for one channel (Slack allowing it one a second),
    how late another channel's summary is posted after its due time."""
    workdir = stack.workdir / "b6-victim"
    workdir.mkdir(exist_ok=True)
    url = f"sqlite+aiosqlite:///{Path(workdir, 'victim.db')}"
    asyncio.run(_queue_storm(url, STORM_POSTS))
    stack.fake.set_channel_rate_limit(CHANNEL_RATE_PER_SECOND)
    stack.fake.set_workspace_rate_limit(WORKSPACE_RATE_PER_SECOND)
    late: float | None = None
    try:
        stack.app("b6-victim", DATABASE_URL=url, POLL_INTERVAL_SECONDS="5")
        stack.fake.wait_for_sync(lambda: len(_posted_at(stack, STORM_CHANNEL)) >= 3, timeout=60)
        due = datetime.now(UTC) + timedelta(seconds=VICTIM_LEAD_SECONDS)
        due_monotonic = time.monotonic() + VICTIM_LEAD_SECONDS
        asyncio.run(_victim_due(url, due))
        with contextlib.suppress(TimeoutError):
            stack.fake.wait_for_sync(
                lambda: _posted_at(stack, VICTIM_CHANNEL), timeout=VICTIM_TIMEOUT_SECONDS
            )
        victim = _posted_at(stack, VICTIM_CHANNEL)
        if victim:
            late = victim[0] - due_monotonic
        storm_before = len(
            [t for t in _posted_at(stack, STORM_CHANNEL) if not victim or t < victim[0]]
        )
    finally:
        stack.fake.set_workspace_rate_limit(None)
        stack.fake.set_channel_rate_limit(None)
    return {
        "storm_posts_queued": STORM_POSTS,
        "storm_posted_before_victim": storm_before,
        "victim_seconds_late": None if late is None else rounded(late, 2),
        "target": f"victim posted within {VICTIM_TARGET_SECONDS:g} s of its due time",
        "met": late is not None and late <= VICTIM_TARGET_SECONDS,
    }
