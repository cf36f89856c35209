"""The one access middleware: refuse requests from workspaces outside
``SLACK_ALLOWED_TEAM_IDS``, and users who may not see tasks (``VIEWERS``, guest accounts
unless ``ALLOW_GUESTS``) on every interactive path: commands, buttons and the App Home."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.slack.admin_paths import sets_up_workspace
from bot.slack.context import Next
from bot.slack.deps import Deps
from bot.slack.home import publish_refused_home
from bot.slack.ids import team_of, user_of
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.replies import ack_kwargs, private_kwargs
from bot.slack.viewers import Refusal
from bot.views import Message, render_team_not_allowed
from bot.views.notices import render_user_not_allowed

log = logging.getLogger(__name__)

TASK_EVENTS = frozenset({"app_home_opened"})
"""Events whose answer shows tasks (other events, e.g. an uninstall, name no user)."""
INTERACTIVE = frozenset(
    {"block_actions", "view_submission", "shortcut", "message_action", "block_suggestion"}
)


def _acting_user(body: dict[str, Any]) -> str | None:
    """The user of a command, an interaction or a task-showing event; None for the rest."""
    if body.get("command") or body.get("type") in INTERACTIVE:
        return user_of(body)
    event = body.get("event") or {}
    if body.get("type") == "event_callback" and event.get("type") in TASK_EVENTS:
        return str(event.get("user") or "")
    return None


class OnlyAllowed(AsyncMiddleware):
    """Passes requests from allowed workspaces (any, when none are listed) made by users who
    may see tasks. A refused slash command gets one line in its ack; a refused user's click
    gets it through its response_url, and their Home tab shows it; anything else from
    another workspace gets an empty 200."""

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        client = req.context.client
        assert client is not None, "Bolt sets the client before any middleware"
        return await only_allowed(req.body, client, req.context["deps"], next)


async def only_allowed(
    body: dict[str, Any], client: AsyncWebClient, deps: Deps, next: Next
) -> BoltResponse | None:
    """The check itself: None after ``next()`` when allowed, else the refusal."""
    team = team_of(body)
    if deps.allowed_teams and team not in deps.allowed_teams:
        log.warning(
            "refused a request from workspace %s (not in SLACK_ALLOWED_TEAM_IDS)",
            team or "unknown",
        )
        if body.get("command"):
            return _refuse(body, client, deps, render_team_not_allowed(deps.lang))
        return BoltResponse(status=200, body="")  # nothing for another workspace's clicks
    user = None if sets_up_workspace(body) else _acting_user(body)  # admins check themselves
    if user is not None:
        refusal = Refusal.NOT_A_VIEWER if not user else None
        refusal = refusal or await deps.viewers.refusal(client, team, user)
        if refusal is not None:
            log.warning("refused user %s of workspace %s: %s", user, team, refusal.value)
            return _refuse(body, client, deps, render_user_not_allowed(refusal.name, deps.lang))
    return await next()


def refusal_response(body: dict[str, Any], deps: Deps, message: Message) -> BoltResponse:
    """``message`` in a command's ack, or through a click's ``response_url`` (empty ack)."""
    if body.get("command"):
        return BoltResponse(status=200, body=ack_kwargs(message, public=False))
    url = body.get("response_url")
    if isinstance(url, str) and url:
        deps.background.spawn(_respond(url, message), name="refusal")
    return BoltResponse(status=200, body="")


def _refuse(
    body: dict[str, Any], client: AsyncWebClient, deps: Deps, message: Message
) -> BoltResponse:
    response = refusal_response(body, deps, message)
    event = body.get("event") or {}
    if event.get("type") == "app_home_opened" and event.get("user"):
        user = str(event["user"])
        if deps.connector is not None:  # an admin still gets the workspace's settings
            home = publish_refused_home(client, team_of(body), user, deps, message.blocks)
            deps.background.spawn(home, name="refusal")
            return response
        view = {"type": "home", "blocks": message.blocks}
        deps.background.spawn(_publish(client, user, view), name="refusal")
    return response


async def _respond(url: str, message: Message) -> None:
    try:
        await AsyncWebhookClient(url, timeout=10).send(**private_kwargs(message))
    except SLACK_CALL_FAILURES as error:
        log.warning("could not send the refusal (%s)", type(error).__name__)


async def _publish(client: AsyncWebClient, user: str, view: dict[str, Any]) -> None:
    try:
        await client.views_publish(user_id=user, view=view)
    except SLACK_CALL_FAILURES as error:
        log.warning("could not publish the refusal (%s)", type(error).__name__)
