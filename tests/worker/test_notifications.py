"""Notifications: one card per task, edited in place with a thread reply per change, once."""

import pytest

from bot.slack.poster import EVENT_TYPE
from tests.support.replicas import replicas, tick_all
from tests.support.tasks import sim_record
from tests.worker.conftest import subscribe

CHANNELS = ("C0NOTIFYA", "C0NOTIFYB")
TASK_ID = "a1" * 16


def record(task_id=TASK_ID, status=2, name="北京朝阳门店-前门_0312"):
    return sim_record(task_id, status, name)


def keyed(fake, channel):
    return [
        m for m in fake.messages(channel) if m.get("metadata", {}).get("event_type") == EVENT_TYPE
    ]


def cards(fake, channel):
    return [m for m in keyed(fake, channel) if "thread_ts" not in m]


def replies(fake, channel):
    return [m for m in keyed(fake, channel) if "thread_ts" in m]


def replica_count(url):
    return 3 if url.startswith("postgresql") else 1


async def step(group, sim, seconds=61):
    sim.clock.advance(seconds)
    await tick_all(group)


async def test_pending_retrieving_retrieved_one_card_two_updates_per_channel(
    service, sim, fake_slack, database_url
):
    sim.sim.set_tasks([record("b2" * 16, status=0)])
    for channel in CHANNELS:
        await subscribe(service, "subscribe notify", channel=channel)
    async with replicas(replica_count(database_url), database_url, sim, fake_slack) as group:
        await step(group, sim)  # baseline: the existing task is not announced
        assert all(keyed(fake_slack, c) == [] for c in CHANNELS)
        sim.sim.add_task(record())
        await step(group, sim)
        sim.sim.set_tasks([record("b2" * 16, status=0), record(status=1)])
        await step(group, sim)
        sim.sim.set_tasks([record("b2" * 16, status=0), record(status=0)])
        await step(group, sim)
        await step(group, sim)
    for channel in CHANNELS:
        [card] = cards(fake_slack, channel)
        assert TASK_ID in str(card["blocks"])
        assert card["edited"], "the card is edited in place"
        assert ":white_check_mark:" in str(card["blocks"])  # now shows Retrieved
        texts = [r["text"] for r in replies(fake_slack, channel)]
        assert len(texts) == 2
        assert all(r["thread_ts"] == card["ts"] for r in replies(fake_slack, channel))
        assert "Pending" in texts[0] and "Retrieving" in texts[0]
        assert "Retrieved" in texts[1]
    updates = [c for c in fake_slack.calls("chat.update") if c.ok]
    assert len(updates) == 2 * len(CHANNELS)
    posted_before = len(fake_slack.calls("chat.postMessage"))
    async with replicas(replica_count(database_url), database_url, sim, fake_slack) as again:
        await step(again, sim)
        await step(again, sim)
    assert len(fake_slack.calls("chat.postMessage")) == posted_before, "nothing after restart"


async def test_flapping_never_sends_the_same_event_twice(service, sim, fake_slack, database_url):
    sim.sim.set_tasks([record(status=2)])
    await subscribe(service, "subscribe notify pending,retrieving,retrieved", channel="C0FLAP")
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        for status in (1, 2, 1, 2, 1, 0, 1, 0):
            sim.sim.set_tasks([record(status=status)])
            await step(group, sim)
    messages = keyed(fake_slack, "C0FLAP")
    keys = [m["metadata"]["event_payload"]["key"] for m in messages]
    assert len(keys) == len(set(keys))
    # first change posts the card (no card before); later changes reply in its thread
    assert len(cards(fake_slack, "C0FLAP")) == 1
    assert len(replies(fake_slack, "C0FLAP")) == 2  # to pending, to retrieved (once each)


async def test_retrieved_only_subscription_gets_a_card_when_ready(
    service, sim, fake_slack, database_url
):
    sim.sim.set_tasks([record(status=2)])
    await subscribe(service, "subscribe notify retrieved", channel="C0READY")
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record(status=1)])
        await step(group, sim)
        assert keyed(fake_slack, "C0READY") == []
        sim.sim.set_tasks([record(status=0)])
        await step(group, sim)
    [card] = cards(fake_slack, "C0READY")
    assert ":white_check_mark:" in str(card["blocks"])


async def test_task_that_disappears_is_marked_gone_on_its_card(
    service, sim, fake_slack, database_url
):
    sim.sim.set_tasks([])
    await subscribe(service, "subscribe notify", channel="C0GONE")
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record()])
        await step(group, sim)
        sim.sim.set_tasks([])
        await step(group, sim)
        await step(group, sim)
    [card] = cards(fake_slack, "C0GONE")
    assert "No longer listed" in card["text"] or "no longer" in str(card["blocks"]).lower()
    assert len(fake_slack.calls("chat.update")) == 1


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived"])
async def test_channel_that_cannot_be_posted_to_pauses_with_reason(
    service, sim, fake_slack, database_url, error
):
    sim.sim.set_tasks([])
    sub = await subscribe(service, "subscribe notify", channel="C0CLOSED")
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record()])
        fake_slack.fail_next("chat.postMessage", error=error, times=5)
        await step(group, sim)
        await step(group, sim)
    stored = await service.store.get(sub.id)
    assert stored.state.value == "paused" and stored.paused_reason == error
    assert len(fake_slack.calls("chat.postMessage")) == 1, "no retry loop against Slack"


async def test_rate_limit_waits_retry_after_then_posts_once(service, sim, fake_slack, database_url):
    sim.sim.set_tasks([])
    await subscribe(service, "subscribe notify", channel="C0BUSY")
    async with replicas(replica_count(database_url), database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record()])
        fake_slack.fail_next("chat.postMessage", status=429, retry_after=30)
        await step(group, sim)
        assert cards(fake_slack, "C0BUSY") == []
        await step(group, sim, seconds=10)
        assert cards(fake_slack, "C0BUSY") == [], "Retry-After is honoured"
        await step(group, sim, seconds=25)
    assert len(cards(fake_slack, "C0BUSY")) == 1


async def test_server_errors_retry_with_backoff_and_lose_nothing(
    service, sim, fake_slack, database_url
):
    sim.sim.set_tasks([])
    await subscribe(service, "subscribe notify", channel="C0FLAKY")
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record()])
        fake_slack.fail_next("chat.postMessage", status=500, times=3)
        for _ in range(6):
            await step(group, sim, seconds=20)
    assert len(cards(fake_slack, "C0FLAKY")) == 1


async def test_memory_of_long_gone_tasks_is_forgotten(service, sim, fake_slack, database_url):
    from bot.store.task_memory import TaskMemoryStore

    sim.sim.set_tasks([record(), record("e5" * 16)])
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record()])
        await step(group, sim)
        [replica] = group
        stored = await TaskMemoryStore(replica.db).load()
        assert stored["e5" * 16].gone_at is not None, "a gone task is remembered as gone"
        await step(group, sim, seconds=31 * 24 * 3600)
        stored = await TaskMemoryStore(replica.db).load()
    assert set(stored) == {TASK_ID}


async def test_changes_of_tasks_no_channel_shows_enqueue_nothing(
    service, sim, fake_slack, database_url
):
    from bot.store.outbox import Outbox

    sim.sim.set_tasks([record(status=2), record("c3" * 16, status=1)])
    await subscribe(service, "subscribe notify", channel="C0QUIET")  # appeared only
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)  # baseline: no card of either task
        sim.sim.set_tasks([record(status=1)])  # one moves on, the other is gone
        await step(group, sim)
        [replica] = group
        assert await Outbox(replica.db).counts() == {}, "no card to edit, nothing owed"
    assert keyed(fake_slack, "C0QUIET") == []


async def test_a_card_still_on_its_way_gets_the_change_after_it(
    service, sim, fake_slack, database_url
):
    sim.sim.set_tasks([])
    await subscribe(service, "subscribe notify", channel="C0LATE")
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record(status=2)])
        fake_slack.fail_next("chat.postMessage", status=429, retry_after=90)
        await step(group, sim)  # the card waits for Slack
        sim.sim.set_tasks([record(status=0)])
        await step(group, sim)  # retrieved before the card was posted
        assert cards(fake_slack, "C0LATE") == []
        await step(group, sim, seconds=60)  # the card, then (its channel paced) the change
        await step(group, sim, seconds=5)
    [card] = cards(fake_slack, "C0LATE")
    assert ":white_check_mark:" in str(card["blocks"]), "the card is edited to Retrieved"
    [reply] = replies(fake_slack, "C0LATE")
    assert "Retrieved" in reply["text"]


async def test_a_write_has_the_new_task_announced_at_the_next_tick_not_an_interval_later(
    service, sim, fake_slack, database_url
):
    """``poll_soon`` (a create here or on another process): the next tick polls, though the
    interval has not passed; without it a tick polls nothing new."""
    sim.sim.set_tasks([record("b2" * 16, status=0)])
    await subscribe(service, "subscribe notify", channel=CHANNELS[0])
    async with replicas(1, database_url, sim, fake_slack) as group:
        [replica] = group
        await step(group, sim)  # the baseline
        sim.sim.add_task(record())
        sim.clock.advance(1)
        assert (await replica.worker.tick()).polled is None, "the interval has not passed"
        replica.source.invalidate()  # what the write does before it calls poll_soon
        replica.worker.poll_soon()
        assert (await replica.worker.tick()).polled is not None
    [card] = cards(fake_slack, CHANNELS[0])
    assert TASK_ID in str(card["blocks"])
