"""Finding 4: one channel's storm does not delay another channel. Posts are paced per channel,
claims take turns between channels, and a 429 holds back only the channel it answered
(several channels refused at once hold the workspace). Real store and worker, fake Slack."""

from tests.support.replicas import replicas, tick_all
from tests.worker.conftest import subscribe
from tests.worker.test_notifications import keyed, record, step

HOUR = 3600.0
STORM, VICTIM = "C0STORM", "C0VICTIM"
STORM_TASKS = 30


def posted(fake, channel, kind):
    return [
        m for m in keyed(fake, channel) if m["metadata"]["event_payload"]["key"].startswith(kind)
    ]


async def _storm_then_victim_due(service, sim, group):
    """30 cards queued for the storm channel, then the victim's hourly summary comes due."""
    sim.sim.set_tasks([])
    await step(group, sim)  # baseline
    sim.sim.set_tasks([record(f"{i:02x}" * 16) for i in range(STORM_TASKS)])
    sim.clock.set(sim.clock() + HOUR - 61 + 1)  # the summary is due: 1 h after creation


async def test_a_storm_is_paced_and_the_victim_posts_in_the_same_tick(
    service, sim, fake_slack, database_url
):
    await subscribe(service, "subscribe notify", channel=STORM)
    await subscribe(service, "subscribe every 1h", channel=VICTIM)
    async with replicas(1, database_url, sim, fake_slack) as group:
        await _storm_then_victim_due(service, sim, group)
        await tick_all(group)  # the clock stands still: one post per channel
        assert len(posted(fake_slack, VICTIM, "summary:")) == 1
        assert len(posted(fake_slack, STORM, "card:")) == 1, "one post a second per channel"
        for _ in range(STORM_TASKS):
            sim.clock.advance(1)
            await tick_all(group)
    assert len(posted(fake_slack, STORM, "card:")) == STORM_TASKS, "the storm drains"


async def test_a_429_holds_back_only_the_channel_it_answered(
    service, sim, fake_slack, database_url
):
    await subscribe(service, "subscribe notify", channel=STORM)
    await subscribe(service, "subscribe every 1h", channel=VICTIM)
    async with replicas(1, database_url, sim, fake_slack) as group:
        await _storm_then_victim_due(service, sim, group)
        fake_slack.fail_next("chat.postMessage", status=429, retry_after=30)  # the storm's post
        await tick_all(group)
        assert len(posted(fake_slack, VICTIM, "summary:")) == 1, "the victim is not held"
        assert posted(fake_slack, STORM, "card:") == []
        sim.clock.advance(20)
        await tick_all(group)
        assert posted(fake_slack, STORM, "card:") == [], "the storm waits its Retry-After"
        sim.clock.advance(11)
        await tick_all(group)
        assert len(posted(fake_slack, STORM, "card:")) == 1


async def test_429s_from_three_channels_hold_the_workspace(service, sim, fake_slack, database_url):
    channels = ("C0BUSYA", "C0BUSYB", "C0BUSYC", "C0CALM")
    for channel in channels:
        await subscribe(service, "subscribe notify", channel=channel)
    async with replicas(1, database_url, sim, fake_slack) as group:
        await step(group, sim)  # baseline
        sim.sim.set_tasks([record()])
        fake_slack.fail_next("chat.postMessage", status=429, retry_after=30, times=2)
        await step(group, sim)  # two channels refused: the others still post
        assert len(keyed(fake_slack, None)) == 2
        sim.sim.set_tasks([record(), record("c3" * 16)])
        sim.clock.advance(31)
        fake_slack.fail_next("chat.postMessage", status=429, retry_after=30, times=3)
        await step(group, sim, seconds=30)  # three channels refused: the workspace waits
        before = len(keyed(fake_slack, None))
        sim.clock.advance(10)
        await tick_all(group)
        assert len(keyed(fake_slack, None)) == before, "the whole workspace waits Retry-After"
        for _ in range(4):
            await step(group, sim, seconds=31)
    assert all(len(keyed(fake_slack, c)) == 2 for c in channels), "everything is posted once"
