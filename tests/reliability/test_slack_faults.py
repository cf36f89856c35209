"""Slack failing while the worker delivers: 429 with Retry-After, HTTP 500, posts that time out
(and land anyway), and ``not_in_channel`` for posts and for updates. Nothing is posted twice,
nothing owed to a channel that can take it is lost, and a subscription that cannot post is
paused with its reason.

In process: replicas (tests/support/replicas.py) on a fake clock, SQLite and PostgreSQL.
End to end: the app subprocess with a 1 s poll interval and a notify subscription made with
the slash command.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from bot.services.subscriptions import SubscriptionService
from bot.slack.poster import EVENT_TYPE
from bot.store.database import Database
from bot.store.outbox import Outbox
from bot.store.subscriptions import SubscriptionStore
from tests.support.app_fixtures import Wire
from tests.support.clock import FakeClock
from tests.support.fake_slack import FakeSlack, running_fake_slack
from tests.support.reliability import AUDIT, audited_wire, record_result
from tests.support.replicas import replicas, tick_all
from tests.support.simulator import RunningSim, running_sim
from tests.worker.conftest import START, subscribe

OPEN_CHANNELS = ("C0OPENA", "C0OPENB", "C0OPENC")
CLOSED = "C0CLOSED"  # the bot was never in it: every post fails not_in_channel
KICKED = "C0KICKED"  # the bot is removed after the first cards: updates fail
TASKS = 6
TIMEOUT = 1  # the replicas' Slack client timeout (s); the fake delays some posts beyond it


def record(index: int, status: int = 2) -> dict[str, Any]:
    return {
        "TaskId": f"{index:02x}" * 16,
        "TaskName": f"cam-{index} <!here>",
        "StartTime": 1_772_300_000 + index,
        "EndTime": 1_772_303_600,
        "Mode": 1,
        "Expiration": 7,
        "Status": status,
        "Capacity": 2048,
    }


def keyed(fake: FakeSlack, channel: str | None = None) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages(channel)
        if (m.get("metadata") or {}).get("event_type") == EVENT_TYPE
    ]


def keys(fake: FakeSlack, channel: str | None = None) -> list[str]:
    return [m["metadata"]["event_payload"]["key"] for m in keyed(fake, channel)]


@pytest.fixture
def sim() -> Iterator[RunningSim]:
    with running_sim(clock=FakeClock(START), tasks=0) as running:
        yield running


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with running_fake_slack() as fake:
        yield AUDIT.fake(fake)


@pytest.fixture
async def service(database_url: str, sim: RunningSim) -> AsyncIterator[SubscriptionService]:
    db = await Database.open(database_url)
    yield SubscriptionService(SubscriptionStore(db), clock=sim.clock)
    await db.aclose()


async def _outbox_counts(url: str) -> dict[str, int]:
    db = await Database.open(url)
    try:
        return await Outbox(db).counts()
    finally:
        await db.aclose()


def _landed_twice(fake: FakeSlack, method: str) -> bool:
    """Two ``method`` calls with the same parameters answered ok: the request that timed out
    at the client has landed, and so has the retry that followed it (in either order)."""
    arrivals: Counter[str] = Counter(
        json.dumps(call.params, sort_keys=True) for call in fake.calls(method) if call.ok
    )
    return any(count >= 2 for count in arrivals.values())


async def _run_until_quiet(
    group, sim: RunningSim, fake: FakeSlack, *, steps: int = 40, seconds: float = 61
) -> int:
    """Tick (advancing the fake clock) until a few ticks in a row post nothing new."""
    quiet, ticks = 0, 0
    while quiet < 3 and ticks < steps:
        before = len(fake.calls())
        sim.clock.advance(seconds)
        await tick_all(group)
        ticks += 1
        quiet = quiet + 1 if len(fake.calls()) == before else 0
    return ticks


async def test_slack_failures_lose_nothing_and_post_nothing_twice(service, sim, fake, database_url):
    sim.sim.set_tasks([])
    subs = {
        c: await subscribe(service, "subscribe notify all", channel=c)
        for c in (*OPEN_CHANNELS, CLOSED, KICKED)
    }
    summary = await subscribe(service, "subscribe every 1h", channel=OPEN_CHANNELS[0])
    fake.set_channel(CLOSED, is_member=False)
    group_size = 3 if database_url.startswith("postgresql") else 1
    async with replicas(group_size, database_url, sim, fake, slack_timeout=TIMEOUT) as group:
        await tick_all(group)  # baseline
        sim.sim.set_tasks([record(i) for i in range(TASKS)])
        fake.fail_next("chat.postMessage", status=429, retry_after=5)
        fake.fail_next("chat.postMessage", status=500, times=2)
        fake.delay_next("chat.postMessage", TIMEOUT + 1.5)  # times out, then lands
        fake.fail_next("chat.postMessage", status=429, retry_after=1, delay=TIMEOUT + 1.5)
        sim.clock.advance(3600)  # the hourly summary comes due in the same tick
        await tick_all(group)
        # the first post answers 429: that replica stops posting for Retry-After (5 s)
        sim.clock.advance(6)
        await tick_all(group)
        # the delayed posts land after the client gave up (the second one answers 429)
        fake.wait_for_sync(
            lambda: len([c for c in fake.calls("chat.postMessage") if c.status == 429]) >= 2,
            timeout=10,
        )
        await _run_until_quiet(group, sim, fake)
        assert len(keyed(fake, KICKED)) == TASKS
        fake.set_channel(KICKED, is_member=False)
        sim.sim.set_tasks([record(i, status=1) for i in range(TASKS)])
        fake.fail_next("chat.update", status=500)
        fake.fail_next("chat.update", status=429, retry_after=2)
        fake.delay_next("chat.update", TIMEOUT + 1.5, channel=OPEN_CHANNELS[0])
        await _run_until_quiet(group, sim, fake)
        # The update that timed out was sent again, and the first one lands too (before or
        # after its retry). Wait for both, or the first could land after the next status's
        # update and overwrite it.
        fake.wait_for_sync(lambda: _landed_twice(fake, "chat.update"), timeout=30)
        sim.sim.set_tasks([record(i, status=0) for i in range(TASKS)])
        await _run_until_quiet(group, sim, fake)

    posted = keys(fake)
    twice = [k for k, n in Counter(posted).items() if n > 1]
    assert not twice, f"posted twice: {twice}"
    for channel in OPEN_CHANNELS:
        mine = keys(fake, channel)
        sub = subs[channel].id
        for i in range(TASKS):
            task = f"{i:02x}" * 16
            assert f"card:{sub}:{task}" in mine, (channel, task, "card lost")
            assert f"status:{sub}:{task}:1" in mine, (channel, task, "retrieving lost")
            assert f"status:{sub}:{task}:0" in mine, (channel, task, "retrieved lost")
        cards = [
            m
            for m in keyed(fake, channel)
            if m["metadata"]["event_payload"]["key"].startswith("card:")
        ]
        assert all(":white_check_mark:" in str(c["blocks"]) for c in cards), "cards updated"
    summaries = [k for k in keys(fake, OPEN_CHANNELS[0]) if k.startswith("summary:")]
    assert summaries, "the scheduled summary was posted"
    assert keyed(fake, CLOSED) == [], "nothing reached the closed channel"
    for channel, reason in ((CLOSED, "not_in_channel"), (KICKED, "not_in_channel")):
        stored = await service.store.get(subs[channel].id)
        assert stored.state.value == "paused", channel
        assert stored.paused_reason == reason, (channel, stored.paused_reason)
    for channel in OPEN_CHANNELS:
        assert (await service.store.get(subs[channel].id)).state.value == "active"
    assert (await service.store.get(summary.id)).state.value == "active"
    counts = await _outbox_counts(database_url)
    assert not counts.get("pending") and not counts.get("claimed"), counts
    assert not counts.get("failed"), counts
    timeouts = [c for c in fake.calls("chat.postMessage") if c.ok]
    assert len(timeouts) == len(posted), "every successful post is one keyed message"
    record_result(
        f"slack_faults_{database_url.split('+')[0]}",
        {
            "replicas": group_size,
            "messages": len(posted),
            "outbox": counts,
            "post_calls": len(fake.calls("chat.postMessage")),
            "update_calls": len(fake.calls("chat.update")),
        },
    )


# End to end ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def notify_app(tmp_path_factory) -> Iterator[Wire]:
    with audited_wire(
        tmp_path_factory.mktemp("slack-faults"), CACHE_TTL_SECONDS="0.5", POLL_INTERVAL_SECONDS="1"
    ) as wire:
        yield wire


def _subscribe_e2e(wire: Wire, channel: str) -> None:
    reply = wire.command("subscribe notify", channel_id=channel)
    assert reply.status == 200
    wire.fake.wait_for_sync(
        lambda: any(k.startswith("subscribed:") for k in keys(wire.fake, channel)), timeout=15
    )


def test_running_app_retries_posts_and_pauses_a_closed_channel(notify_app):
    wire = notify_app
    channel, closed = "C0E2EOPEN", "C0E2ESHUT"
    _subscribe_e2e(wire, channel)
    _subscribe_e2e(wire, closed)
    base = wire.sim.records()
    wire.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    wire.fake.fail_next("chat.postMessage", status=500)
    wire.fake.set_channel(closed, is_member=False)
    new = [
        {**base[0], "TaskId": f"e2e{i:029d}", "TaskName": f"e2e-{i} <!channel>", "Status": 2}
        for i in range(3)
    ]
    wire.sim.set_tasks(base + new)

    def delivered() -> bool:
        return all(f"e2e{i:029d}" in "".join(keys(wire.fake, channel)) for i in range(3))

    wire.fake.wait_for_sync(delivered, timeout=60)
    cards = [k for k in keys(wire.fake, channel) if k.startswith("card:")]
    assert len(cards) == len(set(cards)) == 3, cards
    subs = wire.ask("subscriptions", channel_id=closed)
    text = str(subs)
    assert "paused because I can't post here" in text, text[:600]
    assert [k for k in keys(wire.fake, closed) if k.startswith("card:")] == []
    open_subs = str(wire.ask("subscriptions", channel_id=channel))
    assert "paused" not in open_subs, open_subs[:600]
    wire.sim.set_tasks(base)
