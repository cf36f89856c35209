"""What each task event and each due summary owe a channel (pure, no database)."""

from dataclasses import replace
from datetime import timedelta

from bot.ivc.models import TaskStatus
from bot.store.outbox import DeliveryKind
from bot.subscriptions import NotifyEvent, Subscription, SubscriptionKind, diff_tasks
from bot.subscriptions.model import event_of_status
from bot.worker.planning import notify_deliveries, summary_delivery
from tests.support.tasks import NOW, make_task


def notify(sub_id: int, *events: NotifyEvent) -> Subscription:
    return Subscription(sub_id, "T1", f"C{sub_id}", SubscriptionKind.NOTIFY, "UTC", events=events)


def test_status_events_are_the_status_a_task_became() -> None:
    assert event_of_status(TaskStatus.PENDING) is NotifyEvent.PENDING
    assert event_of_status(1) is NotifyEvent.RETRIEVING
    assert event_of_status(TaskStatus.RETRIEVED) is NotifyEvent.RETRIEVED
    assert event_of_status(9) is None


def test_an_appearing_task_gets_a_card_where_appeared_is_wanted() -> None:
    task = make_task(task_id="t1")
    events = diff_tasks({}, [task], NOW).events
    items = notify_deliveries(
        [notify(1, NotifyEvent.APPEARED), notify(2, NotifyEvent.PENDING)], events, carded=()
    )
    assert [(i.kind, i.subscription_id, i.dedupe_key) for i in items] == [
        (DeliveryKind.CARD, 1, "card:1:t1")
    ]


def test_a_status_change_edits_a_card_or_posts_where_wanted() -> None:
    task = make_task(task_id="t1", status=TaskStatus.PENDING)
    first = diff_tasks({}, [task], NOW)
    later = NOW + timedelta(minutes=5)
    events = diff_tasks(first.memory, [replace(task, status=TaskStatus.RETRIEVED)], later).events
    subs = [
        notify(1, NotifyEvent.APPEARED),  # has a card to edit, did not ask for "retrieved"
        notify(2, NotifyEvent.RETRIEVED),
        notify(3, NotifyEvent.PENDING),  # neither a card nor the event: nothing
        notify(5, NotifyEvent.APPEARED),  # its channel has no card of t1: nothing to edit
    ]
    items = notify_deliveries(subs, events, carded={(1, "t1"), (3, "t2")})
    assert [(i.subscription_id, i.dedupe_key, i.payload["wanted"]) for i in items] == [
        (1, "status:1:t1:0", False),
        (2, "status:2:t1:0", True),
    ]
    assert {(i.payload["from"], i.payload["to"]) for i in items} == {(2, 0)}


def test_a_gone_task_marks_its_card() -> None:
    first = diff_tasks({}, [make_task(task_id="t1")], NOW)
    events = diff_tasks(first.memory, [], NOW + timedelta(minutes=5)).events
    subs = [notify(4, NotifyEvent.APPEARED), notify(6, NotifyEvent.APPEARED)]
    [item] = notify_deliveries(subs, events, carded={(4, "t1")})  # 6 has no card of t1
    assert (item.kind, item.dedupe_key, item.payload["memory"]["task_id"]) == (
        DeliveryKind.GONE,
        "gone:4:t1",
        "t1",
    )


def test_a_summary_is_keyed_by_its_slot() -> None:
    sub = Subscription(7, "T1", "C7", SubscriptionKind.SUMMARY, "UTC", schedule="daily 09:00")
    item = summary_delivery(sub, NOW)
    assert (item.kind, item.channel_id, item.dedupe_key) == (
        DeliveryKind.SUMMARY,
        "C7",
        f"summary:7:{NOW.isoformat()}",
    )
    assert summary_delivery(sub, NOW).dedupe_key == item.dedupe_key
    assert summary_delivery(sub, NOW + timedelta(days=1)).dedupe_key != item.dedupe_key
