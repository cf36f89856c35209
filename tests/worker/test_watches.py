"""Watches: one direct message per watcher when a task is retrieved, when it disappears and
24 h before its copy's estimated expiry; exactly once across replicas, restarts and crashes
(through the outbox); a person Slack refuses direct messages has their watches paused.

Through the wire: the replicas poll the IVC simulator and post to the fake Slack over HTTP on
loopback, all on one fake clock. SQLite and PostgreSQL (two replicas on PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.slack.poster import EVENT_TYPE
from bot.store.database import Database
from bot.store.schema import deliveries
from bot.store.watches import WatchStore
from bot.watches.model import WatchState
from tests.support.blockkit import assert_valid_message
from tests.support.replicas import replicas, start_replica, tick_all
from tests.support.tasks import sim_record
from tests.worker.test_summaries import Crash, crash_during

TASK_ID = "d4" * 16
WORKSPACE = "T0001"
DAY = 86_400.0


def record(status: int, task_id: str = TASK_ID, name: str = "前门 <!here> cam") -> dict[str, Any]:
    return sim_record(task_id, status, name)


def dms(fake, user: str) -> list[dict[str, Any]]:
    """This app's keyed direct messages to ``user``, oldest first."""
    found = [
        m
        for m in fake.messages(fake.dm_channel(user))
        if (m.get("metadata") or {}).get("event_type") == EVENT_TYPE
    ]
    return sorted(found, key=lambda m: m["ts"])


def kinds(fake, user: str) -> list[str]:
    return [m["metadata"]["event_payload"]["key"].split(":")[0] for m in dms(fake, user)]


def replica_count(url: str) -> int:
    return 2 if url.startswith("postgresql") else 1


@pytest.fixture
async def store(database_url: str):
    db = await Database.open(database_url)
    yield WatchStore(db)
    await db.aclose()


async def watch(
    store: WatchStore, user: str, *, expiry_only: bool = False, workspace: str = WORKSPACE
):
    now = datetime.now(UTC)
    watched, new = await store.add(
        workspace, user, TASK_ID, now=now, expiry_only=expiry_only, limit=200
    )
    assert new
    return watched


async def step(group, sim, seconds: float = 61) -> None:
    sim.clock.advance(seconds)
    await tick_all(group)


@pytest.mark.parametrize("after_call", [False, True], ids=["before-post", "after-post"])
async def test_retrieved_one_dm_even_when_a_replica_dies_between_change_and_post(
    store, sim, fake_slack, database_url, after_call
):
    sim.sim.set_tasks([record(status=2)])
    await watch(store, "U0WATCH")
    async with replicas(replica_count(database_url), database_url, sim, fake_slack) as group:
        await step(group, sim)  # baseline
        sim.sim.set_tasks([record(status=1)])
        await step(group, sim)
        assert dms(fake_slack, "U0WATCH") == [], "nothing while it is retrieving"
        sim.sim.set_tasks([record(status=0)])
        doomed, *others = group
        crash_during(doomed, "post", after_call=after_call)
        sim.clock.advance(61)
        with pytest.raises(Crash):
            await doomed.worker.tick()  # polled, enqueued, claimed, died at the post
        await tick_all(others)
        assert len(dms(fake_slack, "U0WATCH")) == (1 if after_call else 0)
        sim.clock.advance(60)  # the dead replica's lease runs out
        survivors = others or [await _restart(doomed, database_url, sim, fake_slack)]
        await tick_all(survivors)
        await step(survivors, sim)
    [dm] = dms(fake_slack, "U0WATCH")
    assert kinds(fake_slack, "U0WATCH") == ["watch_ready"]
    assert_valid_message({"text": dm["text"], "blocks": dm["blocks"]})
    assert "ready" in dm["text"] and "(estimate)" in dm["text"]
    assert "<!here>" not in dm["text"], "the task name is escaped"
    actions = [
        e["action_id"] for b in dm["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert actions == ["task_play", "task_download", "task_unwatch"]
    assert len([c for c in fake_slack.calls("chat.postMessage") if c.ok]) == 1


async def _restart(dead, database_url, sim, fake_slack):
    await dead.aclose()
    return await start_replica("replica-restarted", database_url, sim, fake_slack)


async def test_three_watchers_get_one_dm_each_and_one_who_unwatched_gets_none(
    store, sim, fake_slack, database_url
):
    sim.sim.set_tasks([record(status=2)])
    for user in ("U0ONE", "U0TWO", "U0THREE", "U0GONE"):
        await watch(store, user)
    assert await store.remove(WORKSPACE, "U0GONE", TASK_ID)
    async with replicas(replica_count(database_url), database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record(status=0)])
        await step(group, sim)
        await step(group, sim)
    for user in ("U0ONE", "U0TWO", "U0THREE"):
        assert kinds(fake_slack, user) == ["watch_ready"], user
    assert dms(fake_slack, "U0GONE") == []
    opened = sorted(c.params["users"] for c in fake_slack.calls("conversations.open"))
    assert opened == ["U0ONE", "U0THREE", "U0TWO"]


async def test_expiry_reminder_arrives_once_24h_before_the_estimated_expiry_in_the_thread(
    store, sim, fake_slack, database_url
):
    sim.sim.set_tasks([record(status=2)])
    await watch(store, "U0REMIND")
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record(status=0)])
        await step(group, sim)
        retrieved_seen = sim.clock()  # the poll that first saw it retrieved
        remind_at = retrieved_seen + 7 * DAY - DAY  # Expiration 7 days, minus 24 h
        sim.clock.set(remind_at - 120)
        await tick_all(group)
        assert kinds(fake_slack, "U0REMIND") == ["watch_ready"], "not yet"
        sim.clock.set(remind_at + 1)
        await tick_all(group)
        for _ in range(3):
            await step(group, sim, 3600)
    assert kinds(fake_slack, "U0REMIND") == ["watch_ready", "watch_expiring"]
    ready, reminder = dms(fake_slack, "U0REMIND")
    assert reminder["thread_ts"] == ready["ts"], "later messages go in the first one's thread"
    assert "(estimate)" in reminder["text"] and "23 h 59 min" in reminder["text"]
    assert_valid_message({"text": reminder["text"], "blocks": reminder["blocks"]})
    buttons = {
        e["action_id"]: e["value"]
        for b in reminder["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    }
    assert buttons == {
        "task_play": TASK_ID,
        "task_download": TASK_ID,
        "task_menu.again": f"again:{TASK_ID}",
        "task_unwatch": TASK_ID,
    }


async def test_watching_a_retrieved_task_sets_only_the_reminder(
    store, sim, fake_slack, database_url
):
    sim.sim.set_tasks([record(status=2)])
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record(status=0)])
        await step(group, sim)
        retrieved_seen = sim.clock()
        await watch(store, "U0LATE", expiry_only=True)
        await step(group, sim)
        sim.sim.set_tasks([record(status=1)])  # flaps back and forth: still no "ready"
        await step(group, sim)
        sim.sim.set_tasks([record(status=0)])
        await step(group, sim)
        assert dms(fake_slack, "U0LATE") == []
        sim.clock.set(retrieved_seen + 6 * DAY + 1)
        await tick_all(group)
    assert kinds(fake_slack, "U0LATE") == ["watch_expiring"]


@pytest.mark.parametrize("refusal", ["user_disabled", "user_not_found"])
async def test_a_refused_dm_pauses_that_users_watches_with_the_reason_and_is_not_retried(
    store, sim, fake_slack, database_url, refusal
):
    sim.sim.set_tasks([record(status=2), record(status=2, task_id="e5" * 16)])
    await watch(store, "U0REFUSED")
    await store.add(
        WORKSPACE, "U0REFUSED", "e5" * 16, now=datetime.now(UTC), expiry_only=False, limit=200
    )
    await watch(store, "U0FINE")
    fake_slack.refuse_dm("U0REFUSED", refusal)
    async with replicas(replica_count(database_url), database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record(status=0), record(status=0, task_id="e5" * 16)])
        await step(group, sim)
        for _ in range(5):
            await step(group, sim, 600)
    assert kinds(fake_slack, "U0FINE") == ["watch_ready"]
    assert dms(fake_slack, "U0REFUSED") == []
    opens = [c for c in fake_slack.calls("conversations.open") if c.params["users"] == "U0REFUSED"]
    assert len(opens) == 1, "refused once, then paused: not retried"
    paused = await store.of_person(WORKSPACE, "U0REFUSED")
    assert {w.state for w in paused} == {WatchState.PAUSED}
    assert {w.paused_reason for w in paused} == {refusal}
    assert (await store.get(WORKSPACE, "U0FINE", TASK_ID)).state is WatchState.ACTIVE
    async with store._db.engine.connect() as conn:
        rows = list(
            await conn.execute(
                select(deliveries.c.state).where(deliveries.c.user_id == "U0REFUSED")
            )
        )
    assert sorted(r.state for r in rows) == ["failed", "skipped"], "the other DM is skipped"


async def test_a_post_that_fails_for_good_pauses_the_watches(store, sim, fake_slack, database_url):
    sim.sim.set_tasks([record(status=2)])
    await watch(store, "U0BROKEN")
    fake_slack.fail_next("chat.postMessage", error="fatal_error", times=20)
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record(status=0)])
        for _ in range(12):
            await step(group, sim, 301)  # past every backoff
    attempts = [c for c in fake_slack.calls("chat.postMessage") if not c.ok]
    assert len(attempts) == 8, "MAX_ATTEMPTS, then no more"
    [paused] = await store.of_person(WORKSPACE, "U0BROKEN")
    assert (paused.state, paused.paused_reason) == (WatchState.PAUSED, "fatal_error")


async def test_gone_dm_in_the_thread_then_the_watch_ends_a_week_later(
    store, sim, fake_slack, database_url
):
    sim.sim.set_tasks([record(status=2)])
    await watch(store, "U0BYE")
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record(status=0)])
        await step(group, sim)
        sim.sim.set_tasks([])
        await step(group, sim)
        assert (await store.get(WORKSPACE, "U0BYE", TASK_ID)).state is WatchState.ACTIVE
        sim.clock.advance(7 * DAY + 2 * 3600)
        await tick_all(group)
    ready, gone = dms(fake_slack, "U0BYE")
    assert kinds(fake_slack, "U0BYE") == ["watch_ready", "watch_gone"]
    assert gone["thread_ts"] == ready["ts"]
    assert_valid_message({"text": gone["text"], "blocks": gone["blocks"]})
    assert (await store.get(WORKSPACE, "U0BYE", TASK_ID)).state is WatchState.ENDED
    assert await store.of_person(WORKSPACE, "U0BYE") == []


async def test_watches_are_keyed_by_workspace_and_user(store, sim, fake_slack, database_url):
    from bot.store.schema import watches

    assert [c.name for c in watches.primary_key.columns] == ["team_id", "user_id", "task_id"]
    await watch(store, "U0SAME", workspace="T0AAA")
    await watch(store, "U0SAME", workspace="T0BBB")
    assert [w.workspace_id for w in await store.of_person("T0AAA", "U0SAME")] == ["T0AAA"]
    assert await store.remove("T0AAA", "U0SAME", TASK_ID)
    assert await store.of_person("T0AAA", "U0SAME") == []
    assert [w.workspace_id for w in await store.of_person("T0BBB", "U0SAME")] == ["T0BBB"]
    sim.sim.set_tasks([record(status=2)])
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)
        sim.sim.set_tasks([record(status=0)])
        await step(group, sim)
    async with store._db.engine.connect() as conn:
        rows = list(await conn.execute(select(deliveries.c.team_id, deliveries.c.dedupe_key)))
    assert [(r.team_id, r.dedupe_key) for r in rows] == [
        ("T0BBB", f"watch_ready:T0BBB:U0SAME:{TASK_ID}")
    ]


async def test_at_most_the_limit_of_live_watches_per_person(store):
    now = datetime.now(UTC)
    for task_id in ("a", "b"):
        await store.add(WORKSPACE, "U0MANY", task_id, now=now, expiry_only=False, limit=2)
    from bot.store.watches import TooManyWatches

    with pytest.raises(TooManyWatches):
        await store.add(WORKSPACE, "U0MANY", "c", now=now, expiry_only=False, limit=2)
    again, new = await store.add(WORKSPACE, "U0MANY", "a", now=now, expiry_only=False, limit=2)
    assert not new and again.task_id == "a", "watching again is no new watch"
    await store.add(
        WORKSPACE, "U0OTHER", "c", now=now + timedelta(seconds=1), expiry_only=False, limit=2
    )


async def test_a_watcher_who_may_no_longer_see_tasks_gets_nothing_and_is_paused(
    store, sim, fake_slack, database_url
):
    from bot.slack.viewers import ViewerRules

    sim.sim.set_tasks([record(status=2)])
    await watch(store, "U0VIEWER")
    await watch(store, "U0REMOVED")
    fake_slack.set_user("U0GUEST", is_restricted=True)
    await watch(store, "U0GUEST")
    viewers = ViewerRules(frozenset({"U0VIEWER", "U0GUEST"}), allow_guests=False)
    replica = await start_replica("viewers", database_url, sim, fake_slack, viewers=viewers)
    try:
        await step([replica], sim)
        sim.sim.set_tasks([record(status=0)])
        await step([replica], sim)
    finally:
        await replica.aclose()
    assert kinds(fake_slack, "U0VIEWER") == ["watch_ready"]
    assert dms(fake_slack, "U0REMOVED") == [] and dms(fake_slack, "U0GUEST") == []
    removed = await store.get(WORKSPACE, "U0REMOVED", TASK_ID)
    guest = await store.get(WORKSPACE, "U0GUEST", TASK_ID)
    assert (removed.state, removed.paused_reason) == (WatchState.PAUSED, "not_a_viewer")
    assert (guest.state, guest.paused_reason) == (WatchState.PAUSED, "guest")


async def test_a_watchers_dm_speaks_their_slack_language_with_reader_language_person(
    store, sim, fake_slack, database_url
):
    from bot.slack.viewers import ViewerRules

    sim.sim.set_tasks([record(status=2)])
    fake_slack.set_user("U0ZHDM", locale="zh-CN")
    for user in ("U0ZHDM", "U0ENDM"):
        await watch(store, user)
    viewers = ViewerRules()  # everyone may see tasks; guests are checked (users.info)
    replica = await start_replica(
        "languages", database_url, sim, fake_slack, viewers=viewers, personal_lang=True
    )
    try:
        await step([replica], sim)
        sim.sim.set_tasks([record(status=0)])
        await step([replica], sim)
    finally:
        await replica.aclose()
    [chinese] = dms(fake_slack, "U0ZHDM")
    [english] = dms(fake_slack, "U0ENDM")
    assert "已完成" in chinese["text"] and "ready" not in chinese["text"]
    assert "is ready" in english["text"]
    looked_up = [c.params["user"] for c in fake_slack.calls("users.info")]
    assert sorted(looked_up) == ["U0ENDM", "U0ZHDM"], "one lookup each, shared with the check"
