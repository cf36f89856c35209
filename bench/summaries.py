"""b6: 1,000 channel summaries due in the same minute, against a rate-limiting fake Slack."""

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
from bot.slack.poster import EVENT_TYPE
from bot.store.database import Database
from bot.store.subscriptions import NewSubscription, SubscriptionStore
from bot.subscriptions.model import SubscriptionKind

CHANNEL_RATE_PER_SECOND = 1
WORKSPACE_RATE_PER_SECOND = 50
LEAD_SECONDS = 5.0  # the summaries come due this long after they are created
DRAIN_TIMEOUT_SECONDS = 240.0


async def _subscribe(url: str, count: int, due: datetime) -> None:
    """``count`` channels, each with a daily summary whose next run is ``due``."""
    db = await Database.open(url)
    try:
        store = SubscriptionStore(db)
        for index in range(count):
            new = NewSubscription(
                team_id="T0001",
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
    }
