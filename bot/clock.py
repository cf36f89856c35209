"""Time as the app reads it: an injectable clock of Unix seconds, and UTC datetimes from it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], float]
"""Unix seconds now: ``time.time`` in production, a fake clock in tests."""


def utc_now(clock: Clock) -> datetime:
    """The clock's current moment as an aware UTC datetime."""
    return datetime.fromtimestamp(clock(), UTC)


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def epoch_seconds(moment: datetime) -> float:
    """Unix seconds of ``moment``; a naive datetime is taken as UTC."""
    return moment.timestamp() if moment.tzinfo is not None else as_utc(moment).timestamp()
