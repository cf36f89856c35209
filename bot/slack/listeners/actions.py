"""Buttons on task lists: Previous, Next and Refresh redraw the message in place."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.answers import answer_view
from bot.slack.deps import Deps
from bot.slack.replies import replace_kwargs
from bot.views import ACTION_NEXT, ACTION_PREVIOUS, ACTION_REFRESH, decode_view_state, render_error

log = logging.getLogger(__name__)

_BUTTONS = re.compile(
    "^(" + "|".join(re.escape(a) for a in (ACTION_PREVIOUS, ACTION_NEXT, ACTION_REFRESH)) + ")$"
)


def register(app: AsyncApp, deps: Deps) -> None:
    async def on_button(ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any]) -> None:
        await ack()
        deps.background.spawn(_redraw(respond, action, deps), name="redraw")

    app.action(_BUTTONS)(on_button)


async def _redraw(respond: AsyncRespond, action: dict[str, Any], deps: Deps) -> None:
    state = decode_view_state(str(action.get("value") or ""))
    refresh = action.get("action_id") == ACTION_REFRESH
    try:
        message = await answer_view(state, deps.source, lang=deps.lang, refresh=refresh)
    except Exception:
        log.exception("could not redraw the task list")
        message = render_error(RuntimeError(), deps.lang)
    await respond(**replace_kwargs(message))
