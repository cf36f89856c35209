"""One task as a section of fields."""

from __future__ import annotations

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.ivc.models import Task
from bot.views import formatting
from bot.views.i18n import label
from bot.views.mrkdwn import code, safe

NAME_MAX = 100
TASK_ID_MAX = 64


def field(lang: str, key: str, value: str) -> MarkdownTextObject:
    """A "*Label*\\nvalue" field; ``value`` must already be safe mrkdwn."""
    return MarkdownTextObject(text=f"*{label(lang, key)}*\n{value}", verbatim=True)


def task_name(task: Task, lang: str = "en") -> str:
    """The task's name, escaped and cut, or a placeholder when it is blank."""
    return safe(task.name, NAME_MAX) or label(lang, "name.empty")


def task_fields(task: Task, lang: str = "en") -> list[MarkdownTextObject]:
    """The seven fields describing a task."""
    return [
        field(lang, "field.name", task_name(task, lang)),
        field(lang, "field.task_id", code(task.task_id, TASK_ID_MAX)),
        field(lang, "field.status", formatting.task_status(task.status, lang)),
        field(lang, "field.window", formatting.time_window(task.start, task.end)),
        field(lang, "field.mode", formatting.mode(task.mode, lang)),
        field(lang, "field.capacity", formatting.capacity(task.capacity_mb, lang)),
        field(lang, "field.expiration", formatting.expiration(task.expiration_days, lang)),
    ]


def task_card(task: Task, lang: str = "en", block_id: str | None = None) -> SectionBlock:
    """A section showing one task."""
    return SectionBlock(fields=task_fields(task, lang), block_id=block_id)
