"""``OnlyManagers``: the listener middleware every write path (command, button, option
search, view submission) runs first, so a non-manager's forged payload reaches IVC zero times."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.slack.asked import ASKED, Asked
from bot.slack.context import Next
from bot.slack.deps import Deps
from bot.slack.refusal_answer import refusal_response
from bot.views.i18n import label, normalise_lang
from bot.views.notices import render_not_a_manager

log = logging.getLogger(__name__)


class OnlyManagers(AsyncMiddleware):
    """Listener middleware: the listener runs only for a task manager. Anyone else gets one
    line (in the ack of a command, a modal of a view submission, through ``response_url``
    for a click) and an option search gets no options; nothing reaches IVC."""

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        client = req.context.client
        assert client is not None, "Bolt sets the client before any middleware"
        deps: Deps = req.context["deps"]
        body = req.body
        asked: Asked = req.context[ASKED]
        team, user = asked.team, asked.user
        if await deps.managers.allows(client, team, user):
            return await next()
        log.warning("refused a task change by %s of workspace %s: not in TASK_MANAGERS", user, team)
        return refuse(body, deps)


def refuse(body: dict[str, Any], deps: Deps) -> BoltResponse:
    """The answer to a non-manager's write request, by kind of request."""
    message = render_not_a_manager(deps.lang)
    kind = body.get("type")
    if kind == "block_suggestion":
        return _json({"options": []})
    if kind == "view_submission":
        view = {
            "type": "modal",
            "title": {"type": "plain_text", "text": label(normalise_lang(deps.lang), "form.title")},
            "blocks": message.blocks,
        }
        return _json({"response_action": "update", "view": view})
    return refusal_response(body, deps, message)


def _json(payload: dict[str, Any]) -> BoltResponse:
    return BoltResponse(
        status=200,
        body=json.dumps(payload),
        headers={"content-type": "application/json;charset=utf-8"},
    )
