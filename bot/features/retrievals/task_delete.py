"""Deleting a task (pure): the confirmation naming the task (a Delete button whose value is
the TaskId, and Keep it), the line when a retrieving task cannot be deleted, the result."""

from __future__ import annotations

from typing import Any

from bot.ivc.models import Task
from bot.ivc.task_rules import deletable
from bot.views.blocks import one_section, section_block
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, MessageKind, build
from bot.views.mrkdwn import code, safe

ACTION_DELETE = "task_delete"
ACTION_KEEP = "task_keep"
ACTION_ASK_DELETE = "task_delete_ask"


def delete_control(task: Task, lang: str = "en") -> dict[str, Any] | None:
    """A "Delete…" button for a card a manager reads (None for a retrieving task)."""
    if not deletable(task):
        return None
    return {
        "type": "actions",
        "block_id": "task_controls",
        "elements": [
            {
                "type": "button",
                "action_id": ACTION_ASK_DELETE,
                "text": {"type": "plain_text", "text": label(normalise_lang(lang), "delete.ask")},
                "value": task.task_id[:150],
            }
        ],
    }


def render_delete_confirm(task: Task, lang: str = "en") -> Message:
    """ "Delete <name>?" with Delete and Keep it buttons (for the manager who asked)."""
    lang = normalise_lang(lang)
    text = label(lang, "delete.confirm", name=code(task.name, 64), task_id=code(task.task_id, 64))
    value = task.task_id[:150]
    buttons = {
        "type": "actions",
        "block_id": "delete_confirm",
        "elements": [
            {
                "type": "button",
                "action_id": ACTION_DELETE,
                "style": "danger",
                "text": {"type": "plain_text", "text": label(lang, "delete.button")},
                "value": value,
            },
            {
                "type": "button",
                "action_id": ACTION_KEEP,
                "text": {"type": "plain_text", "text": label(lang, "delete.cancel")},
                "value": value,
            },
        ],
    }
    head = section_block(text, "delete_question")
    return build(text, [head, buttons])


def render_not_deletable(task_id: str, lang: str = "en") -> Message:
    text = label(normalise_lang(lang), "delete.retrieving", task_id=code(task_id, 64))
    return one_section(text, "not_deletable").as_kind(MessageKind.REFUSED)


def render_kept(task_id: str, lang: str = "en") -> Message:
    return one_section(
        label(normalise_lang(lang), "delete.kept", task_id=code(task_id, 64)), "kept"
    )


def render_deleted(name: str, task_id: str, lang: str = "en") -> Message:
    text = label(
        normalise_lang(lang), "delete.done", name=code(name, 64), task_id=code(task_id, 64)
    )
    return one_section(text, "deleted")


def render_delete_refused(task_id: str, reason: str, lang: str = "en") -> Message:
    text = label(
        normalise_lang(lang), "delete.refused", task_id=code(task_id, 64), reason=safe(reason, 300)
    )
    return one_section(text, "delete_refused").as_kind(MessageKind.REFUSED)
