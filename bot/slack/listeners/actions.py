"""Buttons: Previous / Next / Refresh redraw a task list in place; "Open the full list" on a
channel summary shows the list to the person who clicked."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.answers import answer_view
from bot.observability.requests import Observation, bind_request
from bot.slack.deps import Deps
from bot.slack.replies import private_kwargs, replace_kwargs
from bot.views import (
    ACTION_NEXT,
    ACTION_PREVIOUS,
    ACTION_REFRESH,
    SUMMARY_OPEN_LIST,
    Message,
    decode_view_state,
    render_error,
)

log = logging.getLogger(__name__)

_BUTTONS = re.compile(
    "^(" + "|".join(re.escape(a) for a in (ACTION_PREVIOUS, ACTION_NEXT, ACTION_REFRESH)) + ")$"
)


def _observed(
    body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond, deps: Deps
) -> AsyncRespond:
    """Log context and metrics of one click; the redrawn message is its outcome."""
    what = str(action.get("action_id") or "unknown")
    bind_request(body, f"button:{what}")
    return Observation(deps.metrics, what, kind="action").respond(respond)  # type: ignore[return-value]


def register(app: AsyncApp, deps: Deps) -> None:
    async def on_button(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        """Previous / Next / Refresh: redraw the list in place."""
        respond = _observed(body, action, respond, deps)
        await ack()
        refresh = action.get("action_id") == ACTION_REFRESH
        deps.background.spawn(
            _show_list(respond, action, deps, refresh, replace_kwargs), name="redraw"
        )

    async def on_open_list(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        """A summary's "Open the full list": only for the clicker; the summary stays."""
        respond = _observed(body, action, respond, deps)
        await ack()
        deps.background.spawn(
            _show_list(respond, action, deps, False, private_kwargs), name="open_list"
        )

    app.action(_BUTTONS)(on_button)
    app.action(SUMMARY_OPEN_LIST)(on_open_list)


async def _show_list(
    respond: AsyncRespond,
    action: dict[str, Any],
    deps: Deps,
    refresh: bool,
    shape: Callable[[Message], dict[str, Any]],
) -> None:
    """Render the list the button's value describes and send it as ``shape`` says."""
    state = decode_view_state(str(action.get("value") or ""))
    try:
        message = await answer_view(state, deps.source, lang=deps.lang, refresh=refresh)
    except Exception:
        log.exception("could not show the task list")
        message = render_error(RuntimeError(), deps.lang)
    await respond(**shape(message))
