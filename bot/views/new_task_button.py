"""The New retrieval button: lists and the App Home offer it to TASK_MANAGERS; it opens the
create form."""

from __future__ import annotations

from typing import Any

from bot.views.i18n import label, normalise_lang

ACTION_NEW_TASK = "task_new"


def new_task_button(lang: str = "en") -> dict[str, Any]:
    """The New retrieval button: opens the create form (for TASK_MANAGERS)."""
    return {
        "type": "button",
        "action_id": ACTION_NEW_TASK,
        "text": {"type": "plain_text", "text": label(normalise_lang(lang), "button.new_task")},
        "value": "new",
    }
