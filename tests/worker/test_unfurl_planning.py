"""What a poll's changes owe the posted task links the app unfurled (pure, no database)."""

from dataclasses import replace
from datetime import timedelta

from bot.ivc.models import TaskStatus
from bot.store.outbox import DeliveryKind
from bot.store.unfurled_links import UnfurledLink
from bot.subscriptions import diff_tasks
from bot.worker.unfurl_planning import changed_task_ids, unfurl_deliveries
from tests.support.tasks import NOW, make_task


def link(
    link_id: int, task_id: str, channel: str = "C1", full: bool = True, cameras: int | None = None
) -> UnfurledLink:
    return UnfurledLink(
        team_id="T1",
        channel_id=channel,
        message_ts="1.000100",
        url=f"https://tasks.example.com/tasks/{task_id}?x",
        task_id=task_id,
        account="",
        full=full,
        status=2,
        unfurled_at=NOW,
        cameras=cameras,
        id=link_id,
    )


def test_each_link_of_a_task_whose_status_changed_is_unfurled_again() -> None:
    t1 = make_task(task_id="t1", status=TaskStatus.PENDING)
    t2 = make_task(task_id="t2", status=TaskStatus.PENDING)
    first = diff_tasks({}, [t1, t2], NOW)
    later = NOW + timedelta(minutes=5)
    t3 = make_task(task_id="t3")  # appears: no link of it can have been unfurled yet
    events = diff_tasks(first.memory, [replace(t1, status=TaskStatus.RETRIEVED), t2, t3], later)
    assert changed_task_ids(events.events) == ["t1"]

    links = [link(1, "t1"), link(2, "t1", "C2", full=False), link(3, "t2"), link(4, "t3")]
    items = unfurl_deliveries(links, events.events)

    micros = int(later.timestamp()) * 1_000_000  # the change's poll, in epoch microseconds
    assert [(i.kind, i.dedupe_key, i.channel_id, i.workspace_id) for i in items] == [
        (DeliveryKind.UNFURL, f"unfurl:1:0:{micros}", "C1", "T1"),
        (DeliveryKind.UNFURL, f"unfurl:2:0:{micros}", "C2", "T1"),
    ]
    assert [i.payload["full"] for i in items] == [True, False]
    assert items[0].payload["url"] == "https://tasks.example.com/tasks/t1?x"
    assert items[0].payload["ts"] == "1.000100"
    assert items[0].payload["task"]["status"] == int(TaskStatus.RETRIEVED)
    assert all(i.subscription_id is None and i.user_id is None for i in items)


def test_a_task_gone_from_the_list_is_not_unfurled_again() -> None:
    t1 = make_task(task_id="t1", status=TaskStatus.PENDING)
    first = diff_tasks({}, [t1], NOW)
    events = diff_tasks(first.memory, [], NOW + timedelta(minutes=5)).events
    assert unfurl_deliveries([link(1, "t1")], events) == []


def test_a_change_back_and_forth_is_unfurled_each_time() -> None:
    """Pending, retrieved, pending, retrieved: the second change to retrieved is a new
    unfurl (a key per status alone would take it for the first and the link keep pending)."""
    pending = make_task(task_id="t1", status=TaskStatus.PENDING)
    retrieved = replace(pending, status=TaskStatus.RETRIEVED)
    memory = diff_tasks({}, [pending], NOW).memory
    keys = []
    for minutes, task in enumerate([retrieved, pending, retrieved], start=1):
        diff = diff_tasks(memory, [task], NOW + timedelta(minutes=minutes))
        [item] = unfurl_deliveries([link(1, "t1")], diff.events)
        assert unfurl_deliveries([link(1, "t1")], diff.events) == [item], "one key per change"
        keys.append(item.dedupe_key)
        memory = diff.memory
    assert len(set(keys)) == 3
    assert all(key.startswith("unfurl:1:") for key in keys)


def test_the_camera_count_the_link_showed_rides_with_its_unfurl() -> None:
    t1 = make_task(task_id="t1", status=TaskStatus.PENDING)
    first = diff_tasks({}, [t1], NOW)
    events = diff_tasks(first.memory, [replace(t1, status=TaskStatus.RETRIEVED)], NOW).events
    links = [link(1, "t1", cameras=4), link(2, "t1", "C2")]
    assert [i.payload["cameras"] for i in unfurl_deliveries(links, events)] == [4, None]
