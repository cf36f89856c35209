"""Task notifications: the card posted when a task appears (re-rendered on each status
change for chat.update), the short thread reply on a change, and the card of a gone or
deleted task."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import Block

from bot.ivc.models import Task
from bot.subscriptions.diff import TaskEvent, TaskEventKind
from bot.subscriptions.model import NotifyEvent
from bot.tasks.memory import TaskMemory
from bot.views.blocks import section
from bot.views.formatting import date_token
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, build
from bot.views.mrkdwn import code, safe
from bot.views.subscription_text import status_emoji, status_name
from bot.views.task_card import NAME_MAX, TASK_ID_MAX, task_card, task_name
from bot.views.task_menu import Reader, task_menu

CHANNEL_READERS = Reader(everyone=True)
"""A notification is seen by the whole channel: its menu offers every item."""

FALLBACK_NAME_MAX = 80
CARD_TASK_BLOCK = "notify_task"
"""The block_id of a notification card's task section (and of its menu)."""


def _is_appeared(event: TaskEvent | TaskEventKind | NotifyEvent) -> bool:
    if isinstance(event, TaskEvent):
        return event.kind is TaskEventKind.APPEARED
    return event is TaskEventKind.APPEARED or event is NotifyEvent.APPEARED


def notification_title(
    task: Task, event: TaskEvent | TaskEventKind | NotifyEvent, lang: str = "en"
) -> str:
    """ ":new: New retrieval task", or ":white_check_mark: Retrieval task now Retrieved"."""
    if _is_appeared(event):
        return label(lang, "notify.appeared")
    status = label(lang, "notify.changed", status=status_name(task.status, lang))
    return f"{status_emoji(task.status)} {status}"


def render_task_notification(
    task: Task,
    event: TaskEvent | TaskEventKind | NotifyEvent,
    *,
    lang: str = "en",
    reader: Reader = CHANNEL_READERS,
    link: str | None = None,
) -> Message:
    """The notification card of ``task`` as it is now: a title line and the task's fields
    (its menu opens the task's ``link`` when there is one, and room).

    Post it for APPEARED; for a STATUS_CHANGED event render it again with the task's new
    status and chat.update the card."""
    lang = normalise_lang(lang)
    title = notification_title(task, event, lang)
    blocks: list[Block | dict[str, Any]] = [
        section(title, "notify_title"),
        task_card(
            task,
            lang,
            block_id=CARD_TASK_BLOCK,
            accessory=task_menu(task, reader, lang, block_id=CARD_TASK_BLOCK, link=link),
        ),
    ]
    fallback = f"{title}: {safe(task.name, FALLBACK_NAME_MAX) or label(lang, 'name.empty')}"
    return build(fallback, blocks)


def render_status_reply(
    task: Task,
    from_status: int | None,
    to_status: int,
    *,
    lang: str = "en",
) -> Message:
    """The thread reply under a task's card: "Status changed: Pending → Retrieving"."""
    lang = normalise_lang(lang)
    new = status_name(to_status, lang)
    if from_status is None:
        text = label(lang, "notify.status_now", new=new)
    else:
        text = label(lang, "notify.status_changed", old=status_name(from_status, lang), new=new)
    return build(text, [section(f"{status_emoji(to_status)} {text}", "status_reply")])


def render_gone(
    task: Task | TaskMemory,
    *,
    gone_at: datetime | None = None,
    lang: str = "en",
) -> Message:
    """The card edited once IVC no longer lists the task: the last known fields (a Task) or
    name, TaskId and last status (a TaskMemory), and "No longer listed by IVC (since …)"."""
    lang = normalise_lang(lang)
    when = gone_at if gone_at is not None else getattr(task, "gone_at", None)
    line = (
        label(lang, "notify.gone", when=date_token(when))
        if when is not None
        else label(lang, "notify.gone.undated")
    )
    blocks: list[Block | dict[str, Any]]
    if isinstance(task, Task):
        blocks = [section(line, "notify_title"), task_card(task, lang, block_id=CARD_TASK_BLOCK)]
        name = task_name(task, lang)
    else:
        name = safe(task.name, NAME_MAX) or label(lang, "name.empty")
        last = f"{status_emoji(task.status)} {status_name(task.status, lang)}"
        details = f"{name} {code(task.task_id, TASK_ID_MAX)} · {last}"
        blocks = [section(line, "notify_title"), section(details, CARD_TASK_BLOCK)]
    return build(f"{line}: {name}", blocks)


def render_card_deleted(task: Task, *, lang: str = "en") -> Message:
    """The card edited once a manager deleted the task from Slack: "Deleted from Slack" and
    the task's last fields, without a menu."""
    lang = normalise_lang(lang)
    line = label(lang, "delete.card")
    blocks: list[Block | dict[str, Any]] = [
        section(line, "notify_title"),
        task_card(task, lang, block_id=CARD_TASK_BLOCK),
    ]
    return build(f"{line}: {task_name(task, lang)}", blocks)
