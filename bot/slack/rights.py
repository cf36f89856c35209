"""Who may do what: each listener that changes something declares the right it needs where it
is registered (``Require(Right.…)``), and the one check here runs before it; a forged payload
of anyone else reaches neither the listener nor IVC."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from enum import Enum
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.asked import ASKED, Asked
from bot.slack.context import Next
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.refusal_answer import refusal_response
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message
from bot.views.notices import render_not_a_manager, render_not_allowed

log = logging.getLogger(__name__)


class Right(Enum):
    """The rights a listener may require (seeing tasks at all is ``OnlyAllowed``'s, for every
    request)."""

    TASK_MANAGER = "task manager"  # TASK_MANAGERS: create, delete, the form's cameras
    SUBSCRIPTION_ADMIN = "subscription admin"  # SUBSCRIPTION_ADMINS: (un)subscribe, pause
    WORKSPACE_ADMIN = "workspace admin"  # a Slack admin or owner: the workspace's settings
    IVC_ADMIN = "IVC admin"  # an admin of a workspace with an IVC account of its own


@dataclass(frozen=True, slots=True)
class Denial:
    """Why a right is not held: ``line`` names the label shown on a form (None: the request
    has nothing to show it on, or the feature is not there for this workspace)."""

    reason: str
    line: str | None = None


async def is_workspace_admin(client: AsyncWebClient, user: str) -> bool:
    """users.info says the user is an admin or owner of the workspace."""
    if not user:
        return False
    try:
        reply = await client.users_info(user=user)
    except SLACK_CALL_FAILURES as error:
        log.warning("users.info failed (%s); not treated as an admin", type(error).__name__)
        return False
    person = reply.get("user") or {}
    return bool(person.get("is_admin") or person.get("is_owner")) and not person.get("deleted")


async def denial(right: Right, client: AsyncWebClient, asked: Asked) -> Denial | None:
    """None when ``asked``'s person holds ``right`` in ``asked``'s workspace."""
    people = asked.people
    if right is Right.TASK_MANAGER:
        if await people.managers.allows(client, asked.workspace, asked.user):
            return None
        return Denial("not in TASK_MANAGERS")
    if right is Right.SUBSCRIPTION_ADMIN:
        return None if people.may_change_subscriptions(asked.user) else Denial("not an admin")
    if right is Right.WORKSPACE_ADMIN:
        if not people.own_settings:
            return Denial("single-workspace mode")
    elif not people.own_account:
        return Denial("no IVC account of its own")
    if await is_workspace_admin(client, asked.user):
        return None
    return Denial("not an admin", "ivc.not_admin")


async def holds(right: Right, client: AsyncWebClient, asked: Asked) -> bool:
    """Whether ``asked``'s person holds ``right`` (for what a view offers them)."""
    return await denial(right, client, asked) is None


class Require(AsyncMiddleware):
    """Listener middleware: the listener runs only for a person holding ``right``. Anyone
    else gets one line (in a command's ack, on the form's ``field`` or as the form itself for a
    submission, through ``response_url`` for a click), or no options for an option search."""

    def __init__(self, right: Right, *, field: str | None = None) -> None:
        self.right = right
        self.field = field

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        client = req.context.client
        assert client is not None, "Bolt sets the client before any middleware"
        asked: Asked = req.context[ASKED]
        denied = await denial(self.right, client, asked)
        if denied is None:
            return await next()
        log.warning(
            "refused a request needing %s by %s of workspace %s (%s)",
            self.right.value,
            asked.user,
            asked.workspace,
            denied.reason,
        )
        return self._refusal(req.body, asked, denied)

    def _refusal(self, body: dict[str, Any], asked: Asked, denied: Denial) -> BoltResponse:
        lang = normalise_lang(asked.lang)
        kind = body.get("type")
        if kind == "block_suggestion":
            return _json({"options": []})
        if self.right in (Right.WORKSPACE_ADMIN, Right.IVC_ADMIN):
            if kind == "view_submission" and self.field and denied.line:
                return _json(
                    {"response_action": "errors", "errors": {self.field: label(lang, denied.line)}}
                )
            return BoltResponse(status=200, body="")  # a button: nothing to show it on
        message = _line(self.right, lang)
        if kind == "view_submission":
            view = {
                "type": "modal",
                "title": {"type": "plain_text", "text": label(lang, "form.title")},
                "blocks": message.blocks,
            }
            return _json({"response_action": "update", "view": view})
        return refusal_response(body, asked.background, message)


def _line(right: Right, lang: str) -> Message:
    if right is Right.SUBSCRIPTION_ADMIN:
        return render_not_allowed(lang=lang)
    return render_not_a_manager(lang)


def _json(payload: dict[str, Any]) -> BoltResponse:
    return BoltResponse(
        status=200,
        body=json.dumps(payload),
        headers={"content-type": "application/json;charset=utf-8"},
    )
