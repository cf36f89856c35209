"""Scheduled summaries: exactly once per due time across replicas, restarts and crashes."""

from datetime import UTC, datetime

import pytest

from bot.slack.poster import EVENT_TYPE
from tests.support.replicas import replicas, tick_all
from tests.worker.conftest import subscribe

HOUR = 3600.0


def summaries(fake, channel="C0SUMMARY"):
    return [
        m
        for m in fake.messages(channel)
        if m.get("metadata", {}).get("event_type") == EVENT_TYPE
        and "summary:" in m["metadata"]["event_payload"]["key"]
    ]


def due_times(fake, channel="C0SUMMARY"):
    keys = [m["metadata"]["event_payload"]["key"] for m in summaries(fake, channel)]
    return sorted(datetime.fromisoformat(k.split(":", 2)[2]) for k in keys)


def replica_count(database_url: str) -> int:
    return 3 if database_url.startswith("postgresql") else 1


async def run_for(group, clock, hours: float, step: float = 1800) -> None:
    end = clock() + hours * HOUR
    while clock() < end:
        clock.advance(step)
        await tick_all(group)


async def test_daily_shanghai_summary_posts_once_a_day_at_0100_utc(
    service, sim, fake_slack, database_url
):
    sub = await subscribe(service, "subscribe daily 09:00 Asia/Shanghai")
    assert sub.next_run_at == datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    async with replicas(replica_count(database_url), database_url, sim, fake_slack) as group:
        await run_for(group, sim.clock, hours=72)
    assert due_times(fake_slack) == [datetime(2026, 3, day, 1, 0, tzinfo=UTC) for day in (2, 3, 4)]
    stored = await service.store.get(sub.id)
    assert stored.next_run_at == datetime(2026, 3, 5, 1, 0, tzinfo=UTC)
    assert stored.last_summary_at is not None


async def test_summary_missed_while_all_replicas_were_down_posts_once(
    service, sim, fake_slack, database_url
):
    await subscribe(service, "subscribe every 4h")
    sim.clock.advance(3 * 24 * HOUR)  # every replica down for three days: 18 missed slots
    async with replicas(replica_count(database_url), database_url, sim, fake_slack) as group:
        await tick_all(group)
        await tick_all(group)
    assert len(summaries(fake_slack)) == 1
    async with replicas(1, database_url, sim, fake_slack) as group:
        await run_for(group, sim.clock, hours=4, step=600)
    assert len(summaries(fake_slack)) == 2


class Crash(BaseException):
    """Stands for the process dying (not an Exception: nothing may catch it)."""


def crash_during(replica, method: str, *, after_call: bool):
    """Make ``replica``'s poster die before (or right after) its next ``method`` call."""
    poster = replica.worker.deliverer._posters._default
    original = getattr(poster, method)

    async def dying(*args, **kwargs):
        if after_call:
            await original(*args, **kwargs)
        raise Crash

    setattr(poster, method, dying)


@pytest.mark.parametrize("after_call", [False, True], ids=["before-post", "after-post"])
async def test_replica_killed_mid_summary_another_finishes_exactly_once(
    service, sim, fake_slack, database_url, after_call
):
    sub = await subscribe(service, "subscribe daily 09:00 Asia/Shanghai")
    assert sub.next_run_at is not None
    sim.clock.set(sub.next_run_at.timestamp() + 1)
    async with replicas(replica_count(database_url), database_url, sim, fake_slack) as group:
        doomed, *others = group
        crash_during(doomed, "post", after_call=after_call)
        with pytest.raises(Crash):
            await doomed.worker.tick()
        await tick_all(others or [])
        assert len(summaries(fake_slack)) == (1 if after_call else 0)
        sim.clock.advance(60)  # the dead replica's lease runs out within one poll interval
        survivors = others or [await _restart(doomed, database_url, sim, fake_slack)]
        await tick_all(survivors)
    assert len(summaries(fake_slack)) == 1
    assert due_times(fake_slack) == [sub.next_run_at]


async def _restart(dead, database_url, sim, fake_slack):
    from tests.support.replicas import start_replica

    await dead.aclose()
    return await start_replica("replica-restarted", database_url, sim, fake_slack)


async def test_paused_summary_is_not_posted_and_resume_skips_missed_slots(
    service, sim, fake_slack, database_url
):
    sub = await subscribe(service, "subscribe daily 09:00 Asia/Shanghai")
    await service.pause("T0001", "C0SUMMARY", sub.id)
    async with replicas(1, database_url, sim, fake_slack) as group:
        await run_for(group, sim.clock, hours=48)
        assert summaries(fake_slack) == []
        resumed = await service.resume("T0001", "C0SUMMARY", sub.id)
        assert resumed.next_run_at > datetime.fromtimestamp(sim.clock(), UTC)
        await run_for(group, sim.clock, hours=24)
    assert len(summaries(fake_slack)) == 1


async def test_summary_with_ivc_down_posts_the_error_line_once(
    service, sim, fake_slack, database_url
):
    from bot.simulator import Fault

    sub = await subscribe(service, "subscribe daily 09:00 Asia/Shanghai")
    sim.sim.set_fault(Fault.HTTP_500)
    assert sub.next_run_at is not None
    sim.clock.set(sub.next_run_at.timestamp() + 1)
    async with replicas(1, database_url, sim, fake_slack) as group:
        await tick_all(group)
        await tick_all(group)
    [message] = summaries(fake_slack)
    assert "HTTP 500" in message["text"] and message["text"].startswith(":x:")
