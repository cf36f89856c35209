"""The "1–20 of 1,234" line and the Previous / Next / Refresh (and New retrieval) buttons.

The buttons are plain Block Kit dicts: their texts are our own short labels, their action
ids constants, and ``encode_view_state`` keeps every value within Slack's 2,000 characters.
"""

from __future__ import annotations

from typing import Any

from bot.tasks.pagination import Page
from bot.views.formatting import number
from bot.views.i18n import label
from bot.views.new_task_button import new_task_button
from bot.views.state import (
    ACTION_NEXT,
    ACTION_PREVIOUS,
    ACTION_REFRESH,
    ViewState,
    encode_view_state,
)
from bot.views.task_menu import PRIVATE_VIEWER, Reader, sees_manager_controls

PAGE_BUTTONS_BLOCK_ID = "tasks_pagination"


def range_line(page: Page, lang: str = "en") -> str:
    """The range shown ("1–20 of 1,234"), plus "page 1 of 62" when there are more pages."""
    line = label(
        lang,
        "list.range",
        first=number(page.first_index),
        last=number(page.last_index),
        total=number(page.total),
    )
    if page.pages > 1:
        line += " · " + label(lang, "list.page", page=number(page.page), pages=number(page.pages))
    return line


def _button(lang: str, key: str, action_id: str, state: ViewState) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label(lang, key), "emoji": True},
        "value": encode_view_state(state),
    }


def page_buttons(
    page: Page, state: ViewState, lang: str = "en", reader: Reader = PRIVATE_VIEWER
) -> dict[str, Any]:
    """Previous / Next where they lead somewhere, Refresh of the current page, and New
    retrieval for a manager (or on a message everyone sees)."""
    buttons: list[dict[str, Any]] = []
    if page.has_previous:
        buttons.append(
            _button(lang, "button.previous", ACTION_PREVIOUS, state.at_page(page.page - 1))
        )
    if page.has_next:
        buttons.append(_button(lang, "button.next", ACTION_NEXT, state.at_page(page.page + 1)))
    buttons.append(_button(lang, "button.refresh", ACTION_REFRESH, state.at_page(page.page)))
    if sees_manager_controls(reader):
        buttons.append(new_task_button(lang))
    return {"type": "actions", "block_id": PAGE_BUTTONS_BLOCK_ID, "elements": buttons}
