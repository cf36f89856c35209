"""A task link unfurled in a posted message stays current: when its task's status changes,
the worker unfurls it again on the same message, once per change (for 14 days; older links
are neither unfurled again nor kept)."""

from datetime import UTC, datetime, timedelta

from bot.slack.viewers import ViewerRules
from bot.store.task_memory import SHARED_MEMORY
from bot.store.unfurled_links import UnfurledLink, UnfurledLinkStore
from tests.support.replicas import replicas, start_replica
from tests.support.work_objects import PUBLIC_URL, entity_of, task_link
from tests.worker.test_notifications import record, replica_count, step

TASK_ID = "c3" * 16
DAY = 24 * 3600.0


def posted(
    sim,
    *,
    channel="C0LINKS",
    ts="1772409600.000100",
    age=timedelta(0),
    full=True,
    cameras=None,
):
    """The row the app keeps of a link unfurled ``age`` ago (showing ``cameras``)."""
    now = datetime.fromtimestamp(sim.clock(), UTC)
    return UnfurledLink(
        team_id="T0001",
        channel_id=channel,
        message_ts=ts,
        url=task_link(TASK_ID) + "?from=mail",
        task_id=TASK_ID,
        account=SHARED_MEMORY,
        full=full,
        status=2,
        unfurled_at=now - age,
        cameras=cameras,
    )


def status_of(unfurl):
    return entity_of(unfurl)["entity_payload"]["fields"]["status"]["value"]


async def test_a_status_change_unfurls_the_posted_link_again_once(sim, fake_slack, database_url):
    sim.sim.set_tasks([record(TASK_ID, status=2)])
    count = replica_count(database_url)  # every replica polls: still one unfurl per change
    async with replicas(count, database_url, sim, fake_slack, public_url=PUBLIC_URL) as group:
        await step(group, sim)  # baseline
        store = UnfurledLinkStore(group[0].db)
        await store.record(posted(sim))
        await store.record(posted(sim, channel="C0MINIMAL", full=False))
        await step(group, sim)
        assert fake_slack.unfurls() == [], "no change, no unfurl"

        sim.sim.set_tasks([record(TASK_ID, status=1)])
        await step(group, sim)
        await step(group, sim)  # nothing new: nothing unfurled again

        unfurls = {u["channel"]: u for u in fake_slack.unfurls()}
        assert len(fake_slack.unfurls()) == 2
        full, minimal = unfurls["C0LINKS"], unfurls["C0MINIMAL"]
        assert full["ts"] == "1772409600.000100"
        assert entity_of(full)["app_unfurl_url"] == task_link(TASK_ID) + "?from=mail"
        assert entity_of(full)["url"] == task_link(TASK_ID)
        assert status_of(full) == status_of(minimal) == "Retrieving"
        assert "custom_fields" in entity_of(full)["entity_payload"]
        assert "custom_fields" not in entity_of(minimal)["entity_payload"], "name and status"
        [row, _] = await store.of_tasks(SHARED_MEMORY, [TASK_ID], datetime(2000, 1, 1, tzinfo=UTC))
        assert row.status == 1, "the status last unfurled"

        sim.sim.set_tasks([record(TASK_ID, status=0)])
        await step(group, sim)
        assert [status_of(u) for u in fake_slack.unfurls()[2:]] == ["Retrieved", "Retrieved"]


async def test_a_change_back_and_forth_unfurls_the_link_each_time(sim, fake_slack, database_url):
    """Pending, retrieving, pending, retrieving within the outbox's retention: the link ends
    showing retrieving (the second change to it is not taken for the first)."""
    sim.sim.set_tasks([record(TASK_ID, status=2)])
    async with replicas(1, database_url, sim, fake_slack, public_url=PUBLIC_URL) as group:
        await step(group, sim)  # baseline
        await UnfurledLinkStore(group[0].db).record(posted(sim))
        for status in (1, 2, 1):
            sim.sim.set_tasks([record(TASK_ID, status=status)])
            await step(group, sim)
        shown = [status_of(u) for u in fake_slack.unfurls()]
        assert len(shown) == 3
        assert shown[0] == shown[2] == "Retrieving" != shown[1]


async def test_the_camera_count_the_link_showed_is_shown_again(sim, fake_slack, database_url):
    """The task list has no camera count: the unfurl again shows the one the link showed."""
    sim.sim.set_tasks([record(TASK_ID, status=2)])
    async with replicas(1, database_url, sim, fake_slack, public_url=PUBLIC_URL) as group:
        await step(group, sim)  # baseline
        store = UnfurledLinkStore(group[0].db)
        await store.record(posted(sim, cameras=4))
        await store.record(posted(sim, channel="C0UNKNOWN"))
        sim.sim.set_tasks([record(TASK_ID, status=0)])
        await step(group, sim)
        unfurls = {u["channel"]: entity_of(u)["entity_payload"] for u in fake_slack.unfurls()}
        assert unfurls["C0LINKS"]["fields"]["description"]["value"].endswith(" · 4 cameras")
        assert "camera" not in unfurls["C0UNKNOWN"]["fields"]["description"]["value"]


async def test_links_older_than_14_days_are_not_unfurled_again_and_go(
    sim, fake_slack, database_url
):
    sim.sim.set_tasks([record(TASK_ID, status=2)])
    async with replicas(1, database_url, sim, fake_slack, public_url=PUBLIC_URL) as group:
        await step(group, sim)  # baseline (and the first retention pass)
        store = UnfurledLinkStore(group[0].db)
        await store.record(posted(sim, channel="C0OLD", age=timedelta(days=15)))
        await store.record(posted(sim, channel="C0RECENT", age=timedelta(days=13)))

        sim.sim.set_tasks([record(TASK_ID, status=1)])
        await step(group, sim)
        assert [u["channel"] for u in fake_slack.unfurls()] == ["C0RECENT"]

        await step(group, sim, seconds=3600)  # the next retention pass
        rows = await store.of_tasks(SHARED_MEMORY, [TASK_ID], datetime(2000, 1, 1, tzinfo=UTC))
        assert [r.channel_id for r in rows] == ["C0RECENT"]
        await step(group, sim, seconds=2 * DAY)
        assert (
            await store.of_tasks(SHARED_MEMORY, [TASK_ID], datetime(2000, 1, 1, tzinfo=UTC)) == []
        )


async def test_a_workspace_that_now_refuses_work_objects_is_skipped(sim, fake_slack, database_url):
    sim.sim.set_tasks([record(TASK_ID, status=2)])
    async with replicas(1, database_url, sim, fake_slack, public_url=PUBLIC_URL) as group:
        await step(group, sim)
        await UnfurledLinkStore(group[0].db).record(posted(sim))
        fake_slack.refuse_work_objects()
        sim.sim.set_tasks([record(TASK_ID, status=1)])
        await step(group, sim)
        assert fake_slack.unfurls() == []
        assert len(fake_slack.calls("chat.unfurl")) == 1, "refused once"
        sim.sim.set_tasks([record(TASK_ID, status=0)])
        await step(group, sim)
        assert len(fake_slack.calls("chat.unfurl")) == 1, "remembered: not asked again"


async def test_a_channel_shared_since_the_first_unfurl_sees_name_and_status_only(
    sim, fake_slack, database_url
):
    sim.sim.set_tasks([record(TASK_ID, status=2)])
    async with replicas(1, database_url, sim, fake_slack, public_url=PUBLIC_URL) as group:
        await step(group, sim)  # baseline
        await UnfurledLinkStore(group[0].db).record(posted(sim))  # first unfurled in full
        fake_slack.set_channel("C0LINKS", is_ext_shared=True)  # Slack Connect since

        sim.sim.set_tasks([record(TASK_ID, status=0)])
        await step(group, sim)

        [again] = fake_slack.unfurls()
        assert status_of(again) == "Retrieved"
        assert "custom_fields" not in entity_of(again)["entity_payload"], "name and status"


async def test_a_workspace_with_viewers_gets_name_and_status_only(sim, fake_slack, database_url):
    sim.sim.set_tasks([record(TASK_ID, status=2)])
    viewers = ViewerRules(viewers=frozenset({"U0001"}))
    replica = await start_replica(
        "replica-v", database_url, sim, fake_slack, public_url=PUBLIC_URL, viewers=viewers
    )
    try:
        await step([replica], sim)  # baseline
        await UnfurledLinkStore(replica.db).record(posted(sim))  # first unfurled in full

        sim.sim.set_tasks([record(TASK_ID, status=0)])
        await step([replica], sim)

        [again] = fake_slack.unfurls()
        assert status_of(again) == "Retrieved"
        assert "custom_fields" not in entity_of(again)["entity_payload"], "name and status"
    finally:
        await replica.aclose()
