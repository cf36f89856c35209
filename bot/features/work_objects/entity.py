"""A task as a Slack task entity (``slack#/entities/task``), built from the SDK's typed models
(pure): the whole unfurl, the name and status alone, or a person's flexpane."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.metadata import (
    EntityActionButton,
    EntityActions,
    EntityAttributes,
    EntityCustomField,
    EntityMetadata,
    EntityPayload,
    EntityStringField,
    EntityTimestampField,
    EntityTitle,
    EntityTypedField,
    ExternalRef,
    TaskEntityFields,
)

from bot.features.work_objects.texts import word
from bot.ivc.models import ChannelStatus, Task, TaskStatus
from bot.views.formatting import capacity
from bot.views.mrkdwn import inert

TASK_ENTITY = "slack#/entities/task"
REF_TYPE = "retrieval_task"
TITLE_MAX = 100
TIMESTAMP = "slack#/types/timestamp"
FULL_ORDER = ["status", "due_date", "description", "date_created", "size", "days_kept", "task_id"]
MINIMAL_ORDER = ["status"]
_STATUS_KEYS: dict[int, str] = {
    TaskStatus.RETRIEVED: "status.retrieved",
    TaskStatus.RETRIEVING: "status.retrieving",
    TaskStatus.PENDING: "status.pending",
}


@dataclass(frozen=True, slots=True)
class TaskFacts:
    """What an entity may say of a task: the task as IVC lists it, its link (and the exact
    link posted), and what the app knows beside IVC's list."""

    task: Task
    url: str
    posted: str | None = None  # app_unfurl_url: the link as posted (unfurls only)
    cameras: int | None = None  # from the list (API 3.0) or the cached details
    first_seen: datetime | None = None  # when the app first saw the task
    expires: datetime | None = None  # the copy's estimated expiry (retrieved tasks)


def status_text(status: int, lang: str, *, channel: bool = False) -> str:
    """A task's (or a ``channel``'s) status in words: entity fields are plain text."""
    if channel and status == ChannelStatus.NO_ARCHIVE:
        return word(lang, "status.no_archive")
    key = _STATUS_KEYS.get(int(status))
    return word(lang, key) if key else word(lang, "status.unknown", value=int(status))


def title_of(task: Task) -> str:
    """The task's name made inert (it comes from IVC: no markup, no ping), else its TaskId."""
    return inert(task.name, TITLE_MAX).strip() or task.task_id


def window_text(task: Task, zone: str, lang: str) -> str:
    """The recording window in ``zone``, the zone named: "2026-03-12 09:00 – 10:00"."""
    where = ZoneInfo(zone)
    start, end = task.start.astimezone(where), task.end.astimezone(where)
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    return word(lang, "window", start=f"{start:%Y-%m-%d %H:%M}", end=until, zone=zone)


def description_of(facts: TaskFacts, zone: str, lang: str) -> str:
    """The window in ``zone``, and the number of cameras when known."""
    text = window_text(facts.task, zone, lang)
    count = facts.cameras
    if count is None:
        return text
    cameras = word(lang, "cameras.one") if count == 1 else word(lang, "cameras", n=count)
    return f"{text} · {cameras}"


def _attributes(task: Task, lang: str) -> EntityAttributes:
    return EntityAttributes(
        title=EntityTitle(text=title_of(task)),
        display_type=word(lang, "display_type"),
        product_name=word(lang, "product_name"),
    )


def _ref(task: Task) -> ExternalRef:
    return ExternalRef(id=task.task_id, type=REF_TYPE)


def _fields(facts: TaskFacts, zone: str, lang: str) -> TaskEntityFields:
    """Status, the window and cameras, when the app first saw it, the copy's expiry."""
    first, expires = facts.first_seen, facts.expires
    return TaskEntityFields(
        status=EntityStringField(value=status_text(facts.task.status, lang)),
        description=EntityStringField(value=description_of(facts, zone, lang)),
        date_created=(
            None
            if first is None
            else EntityTimestampField(value=int(first.timestamp()), label=word(lang, "created"))
        ),
        due_date=(
            None
            if expires is None
            else EntityTypedField(
                type=TIMESTAMP, value=int(expires.timestamp()), label=word(lang, "expires")
            )
        ),
    )


def _custom_fields(task: Task, lang: str) -> list[dict[str, Any] | EntityCustomField]:
    """Size, days kept and the TaskId."""
    return [
        EntityCustomField(
            label=word(lang, "size"), key="size", type="string", value=capacity(task.capacity_mb)
        ),
        EntityCustomField(
            label=word(lang, "days_kept"),
            key="days_kept",
            type="integer",
            value=int(task.expiration_days),
        ),
        EntityCustomField(
            label=word(lang, "task_id"), key="task_id", type="string", value=task.task_id
        ),
    ]


def _order(fields: TaskEntityFields) -> list[str]:
    """The fields shown, in order (a field the app does not know is left out)."""
    return [key for key in FULL_ORDER if getattr(fields, key, True) is not None]


def task_entity(
    facts: TaskFacts,
    *,
    zone: str,
    lang: str,
    full: bool,
    actions: Sequence[EntityActionButton] = (),
) -> EntityMetadata:
    """The task entity: ``full``, every field and custom field; else the name and status only
    (what any member of any channel may see). ``actions``: its primary buttons (at most 2;
    the rest in its overflow)."""
    task = facts.task
    if full:
        fields = _fields(facts, zone, lang)
        payload = EntityPayload(
            attributes=_attributes(task, lang),
            fields=fields,
            custom_fields=_custom_fields(task, lang),
            display_order=_order(fields),
            actions=_actions(actions),
        )
    else:
        payload = EntityPayload(
            attributes=_attributes(task, lang),
            fields=TaskEntityFields(status=EntityStringField(value=status_text(task.status, lang))),
            display_order=list(MINIMAL_ORDER),
            actions=_actions(actions),
        )
    return EntityMetadata(
        entity_type=TASK_ENTITY,
        entity_payload=payload,
        external_ref=_ref(task),
        url=facts.url,
        app_unfurl_url=facts.posted,
    )


def _actions(buttons: Sequence[EntityActionButton]) -> EntityActions | None:
    if not buttons:
        return None
    first: list[dict[str, Any] | EntityActionButton] = list(buttons[:2])
    rest: list[dict[str, Any] | EntityActionButton] = list(buttons[2:])
    return EntityActions(primary_actions=first, overflow_actions=rest or None)
