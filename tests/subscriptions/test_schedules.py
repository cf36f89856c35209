"""The next run of a stored subscription."""

from datetime import UTC, datetime

from bot.subscriptions import (
    NotifyEvent,
    Subscription,
    SubscriptionKind,
    next_run_of,
    subscription_schedule,
)

CREATED = datetime(2024, 5, 1, 3, 20, tzinfo=UTC)


def sub(**values) -> Subscription:
    defaults = {
        "id": 1,
        "workspace_id": "T1",
        "channel_id": "C1",
        "kind": SubscriptionKind.SUMMARY,
        "timezone": "Asia/Shanghai",
        "schedule": "daily 09:00",
        "created_at": CREATED,
    }
    return Subscription(**{**defaults, **values})


def test_daily_uses_the_subscription_zone() -> None:
    assert next_run_of(sub(), CREATED) == datetime(2024, 5, 2, 1, 0, tzinfo=UTC)


def test_every_aligns_to_creation() -> None:
    assert next_run_of(sub(schedule="every 4h"), CREATED) == datetime(2024, 5, 1, 7, 20, tzinfo=UTC)


def test_notify_and_broken_text_have_no_run() -> None:
    notify = sub(kind=SubscriptionKind.NOTIFY, schedule=None, events=(NotifyEvent.APPEARED,))
    assert next_run_of(notify, CREATED) is None
    assert subscription_schedule(sub(schedule="fortnightly")) is None
    assert next_run_of(sub(timezone="Mars/Base"), CREATED) is None
