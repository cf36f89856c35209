"""What a create shows (pure): the field errors of a refused form in the user's language,
the started task (its name escaped, its TaskId) and the card for the channel it was asked in."""

from __future__ import annotations

from bot.features.retrievals.task_delete import delete_control
from bot.ivc.models import Task
from bot.ivc.refusals import Refusal
from bot.views.blocks import section_block
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, build
from bot.views.mrkdwn import code, safe
from bot.views.task_card import task_card


def refusal_text(reason: Refusal, lang: str = "en", *, ivc_zone: str = "") -> str:
    """One line saying what to do about ``reason``, in ``lang``."""
    return label(normalise_lang(lang), f"refusal.{reason.value}", zone=ivc_zone)


def started_text(task: Task, lang: str = "en") -> str:
    """ "Started retrieval <name> (TaskId <id>)", the name escaped."""
    return label(
        normalise_lang(lang),
        "form.started",
        name=code(task.name, 64),
        task_id=code(task.task_id, 64),
    )


def render_task_created(task: Task, lang: str = "en") -> Message:
    """The requester's (a manager's) message: the line, the new task's card and Delete…."""
    text = started_text(task, lang)
    blocks = [section_block(text, "created"), task_card(task, lang, block_id="created_card")]
    control = delete_control(task, lang)
    return build(text, blocks if control is None else [*blocks, control])


def failed_text(reason: str, lang: str = "en") -> str:
    return label(normalise_lang(lang), "form.failed", reason=safe(reason, 300))
