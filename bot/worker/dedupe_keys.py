"""The dedupe key of every delivery: what makes two enqueued posts the same post.

A key is unique in the outbox (the same event enqueued twice is stored once) and rides in
the Slack message's metadata (a post that reached Slack before a crash is found, not sent
again). Each format lives here only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.ivc.models import TaskStatus


def card_key(subscription_id: int, task_id: str) -> str:
    """The first card of a task in a notify channel."""
    return f"card:{subscription_id}:{task_id}"


def status_key(subscription_id: int, task_id: str, to_status: TaskStatus | int) -> str:
    """A task's change to ``to_status`` (its card edited, a reply in its thread)."""
    return f"status:{subscription_id}:{task_id}:{int(to_status)}"


def gone_key(subscription_id: int, task_id: str) -> str:
    """A task's card marked as no longer listed."""
    return f"gone:{subscription_id}:{task_id}"


def summary_key(subscription_id: int, due: datetime) -> str:
    """A scheduled summary of the slot ``due``."""
    return f"summary:{subscription_id}:{due.isoformat()}"


def watch_key(kind: str, workspace_id: str, user_id: str, task_id: str) -> str:
    """A direct message of ``kind`` (ready, gone, expiring) to one watcher about one task."""
    return f"watch_{kind}:{workspace_id}:{user_id}:{task_id}"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def unfurl_key(link_id: int, to_status: TaskStatus | int, changed_at: datetime) -> str:
    """A posted task link unfurled again: its task changed to ``to_status`` at ``changed_at``
    (the poll that saw the change), so a change back and forth is unfurled each time."""
    micros = (changed_at - _EPOCH) // _MICROSECOND
    return f"unfurl:{link_id}:{int(to_status)}:{micros}"
