"""What a poll's changes owe the posted task links the app unfurled (pure, no database)."""

from dataclasses import replace
from datetime import timedelta

from bot.ivc.models import TaskStatus
from bot.store.outbox import DeliveryKind
from bot.store.unfurled_links import UnfurledLink
from bot.subscriptions import diff_tasks
from bot.worker.unfurl_planning import changed_task_ids, unfurl_deliveries
from tests.support.tasks import NOW, make_task


def link(link_id: int, task_id: str, channel: str = "C1", full: bool = True) -> UnfurledLink:
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

    assert [(i.kind, i.dedupe_key, i.channel_id, i.workspace_id) for i in items] == [
        (DeliveryKind.UNFURL, "unfurl:1:0", "C1", "T1"),
        (DeliveryKind.UNFURL, "unfurl:2:0", "C2", "T1"),
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
