"""Subscription factories for the view tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.subscriptions import NotifyEvent, Subscription, SubscriptionKind
from tests.support.tasks import NOW


def make_sub(**values: Any) -> Subscription:
    defaults: dict[str, Any] = {
        "id": 3,
        "workspace_id": "T1",
        "channel_id": "C123",
        "kind": SubscriptionKind.SUMMARY,
        "timezone": "Asia/Shanghai",
        "schedule": "daily 09:00",
        "created_at": NOW - timedelta(days=2),
    }
    return Subscription(**{**defaults, **values})


def make_notify(**values: Any) -> Subscription:
    defaults: dict[str, Any] = {
        "id": 4,
        "kind": SubscriptionKind.NOTIFY,
        "schedule": None,
        "events": (NotifyEvent.APPEARED, NotifyEvent.RETRIEVED),
    }
    return make_sub(**{**defaults, **values})
