"""Buttons: Previous / Next / Refresh redraw a task list in place; "Open the full list" on a
channel summary shows the list to the person who clicked."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.answers import answer_view
from bot.slack.deps import Deps
from bot.slack.replies import private_kwargs, replace_kwargs
from bot.views import (
    ACTION_NEXT,
    ACTION_PREVIOUS,
    ACTION_REFRESH,
    SUMMARY_OPEN_LIST,
    decode_view_state,
    render_error,
)

log = logging.getLogger(__name__)

_BUTTONS = re.compile(
    "^(" + "|".join(re.escape(a) for a in (ACTION_PREVIOUS, ACTION_NEXT, ACTION_REFRESH)) + ")$"
)


def register(app: AsyncApp, deps: Deps) -> None:
    async def on_button(ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any]) -> None:
        await ack()
        deps.background.spawn(_redraw(respond, action, deps), name="redraw")

    async def on_open_list(ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any]) -> None:
        await ack()
        deps.background.spawn(_open_list(respond, action, deps), name="open_list")

    app.action(_BUTTONS)(on_button)
    app.action(SUMMARY_OPEN_LIST)(on_open_list)


async def _open_list(respond: AsyncRespond, action: dict[str, Any], deps: Deps) -> None:
    """The full list, only for the person who clicked (the summary stays as it is)."""
    state = decode_view_state(str(action.get("value") or ""))
    try:
        message = await answer_view(state, deps.source, lang=deps.lang, refresh=False)
    except Exception:
        log.exception("could not open the task list")
        message = render_error(RuntimeError(), deps.lang)
    await respond(**private_kwargs(message))


async def _redraw(respond: AsyncRespond, action: dict[str, Any], deps: Deps) -> None:
    state = decode_view_state(str(action.get("value") or ""))
    refresh = action.get("action_id") == ACTION_REFRESH
    try:
        message = await answer_view(state, deps.source, lang=deps.lang, refresh=refresh)
    except Exception:
        log.exception("could not redraw the task list")
        message = render_error(RuntimeError(), deps.lang)
    await respond(**replace_kwargs(message))
