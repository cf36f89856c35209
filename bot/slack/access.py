"""The one access middleware: refuse requests from workspaces outside
``SLACK_ALLOWED_TEAM_IDS``, people of another organisation (Slack Connect) unless
``ALLOW_EXTERNAL_USERS``, and users who may not see tasks (``VIEWERS``, guest accounts unless
``ALLOW_GUESTS``) on every interactive path: commands, buttons, forms and the App Home."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.admin_paths import sets_up_workspace
from bot.slack.asked import ASKED, Asked
from bot.slack.context import Next
from bot.slack.entity_refusal import refuse_details
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.refusal_answer import TENANT_WORKSPACE, refusal_response
from bot.slack.tenancy import (
    INTERACTIVE,
    OwnWorkspace,
    installed_workspace,
    stated_person_workspace,
)
from bot.slack.viewers import AccessRefusal
from bot.views.message import Message
from bot.views.notices import (
    render_refused_modal,
    render_user_not_allowed,
    render_workspace_not_allowed,
)

log = logging.getLogger(__name__)

RefusedHome = Callable[
    [AsyncWebClient, str, str, Asked, list[dict[str, Any]]], Coroutine[Any, Any, None]
]
"""Publishes a refused person's App Home: the refusal, and what an admin may still set up
(the App Home feature's; handed to ``OnlyAllowed`` where the app is built)."""


@dataclass(frozen=True, slots=True)
class AccessRules:
    """Which workspaces and people the app serves at all."""

    allowed_workspaces: frozenset[str] = frozenset()  # SLACK_ALLOWED_TEAM_IDS (empty: any)
    allow_external_users: bool = False  # ALLOW_EXTERNAL_USERS: Slack Connect people may use it
    multi_workspace: bool = False  # each workspace is its own tenant
    own_workspace: OwnWorkspace = field(default_factory=OwnWorkspace)  # single-workspace mode


TASK_EVENTS = frozenset({"app_home_opened", "link_shared", "entity_details_requested"})
"""Events whose answer shows tasks (other events, e.g. an uninstall, name no user): the Home
tab, a task link's unfurl (a refused person's link is not unfurled), a task's flexpane."""


def _acting_user(body: dict[str, Any], asked: Asked) -> str | None:
    """The user of a command, an interaction or a task-showing event; None for the rest."""
    if body.get("command") or body.get("type") in INTERACTIVE:
        return asked.user
    event = body.get("event") or {}
    if body.get("type") == "event_callback" and event.get("type") in TASK_EVENTS:
        return str(event.get("user") or "")
    return None


class OnlyAllowed(AsyncMiddleware):
    """Passes requests from allowed workspaces (any, when none are listed) made by users who
    may see tasks. A refused slash command gets one line in its ack; a refused user's click
    gets it through its response_url, and their Home tab shows it; anything else from
    another workspace gets an empty 200."""

    def __init__(self, rules: AccessRules, refused_home: RefusedHome) -> None:
        self.rules = rules
        self.refused_home = refused_home

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        refused = await self.refusal(req)
        return refused if refused is not None else await next()

    async def refusal(self, req: AsyncBoltRequest) -> BoltResponse | None:
        """None when the request is allowed, else its refusal."""
        client = req.context.client
        assert client is not None, "Bolt sets the client before any middleware"
        rules = self.rules
        tenant = req.context.get(TENANT_WORKSPACE)
        if tenant is None:  # single-workspace mode: the app's own workspace
            own = rules.own_workspace
            tenant = own.known or await own.workspace_id(client) or installed_workspace(req.body)
            req.context[TENANT_WORKSPACE] = tenant  # whose people the checks cached
        asked: Asked = req.context[ASKED]
        return await refusal_of(req.body, asked, client, rules, tenant, self.refused_home)


async def refusal_of(
    body: dict[str, Any],
    asked: Asked,
    client: AsyncWebClient,
    rules: AccessRules,
    tenant: str,
    refused_home: RefusedHome,
) -> BoltResponse | None:
    """The check itself: None when allowed, else the refusal."""
    user = _acting_user(body, asked)
    if not tenant and user:  # never served from the environment's account by default
        return _refused(
            body, asked, client, rules, user, tenant, AccessRefusal.NO_TENANT, refused_home
        )
    installed, stated = installed_workspace(body), stated_person_workspace(body)  # each read once
    workspace = installed or stated or ""  # team null: the person's
    if rules.allowed_workspaces and workspace not in rules.allowed_workspaces:
        log.warning(
            "refused a request from workspace %s (not in SLACK_ALLOWED_TEAM_IDS)",
            workspace or "unknown",
        )
        if body.get("command"):
            message = render_workspace_not_allowed(asked.lang)
            return _refuse(body, asked, client, rules, message, refused_home)
        return BoltResponse(status=200, body="")  # nothing for another workspace's clicks
    if user is None:
        return None
    viewers = asked.people.viewers
    refusal = await _person_refusal(client, rules, asked, tenant, user, installed, stated)
    if refusal is None and not sets_up_workspace(body):  # admins check themselves
        known = viewers.cached_refusal(tenant, user)  # no coroutine when the caches answer
        refusal = (
            known.refusal if known is not None else await viewers.refusal(client, tenant, user)
        )
    if refusal is not None:
        return _refused(body, asked, client, rules, user, tenant, refusal, refused_home)
    return None


def _single_workspace_home(rules: AccessRules, tenant: str, installed: str) -> frozenset[str]:
    """Whose people are members in single-workspace mode: SLACK_ALLOWED_TEAM_IDS when set,
    else the app's own workspace and the one the request came through (an org-wide install
    serves each of its workspaces, never a person of another organisation)."""
    if rules.allowed_workspaces:
        return rules.allowed_workspaces
    return frozenset(workspace for workspace in (tenant, installed) if workspace)


def _refused(
    body: dict[str, Any],
    asked: Asked,
    client: AsyncWebClient,
    rules: AccessRules,
    user: str,
    tenant: str,
    refusal: AccessRefusal,
    refused_home: RefusedHome,
) -> BoltResponse:
    """One line saying why, only to the person: in a submitted form, in place."""
    log.warning("refused user %s of workspace %s: %s", user, tenant or "unknown", refusal.value)
    if body.get("type") == "view_submission":
        view = render_refused_modal(refusal.name, asked.lang)
        return BoltResponse(
            status=200,
            body=json.dumps({"response_action": "update", "view": view}),
            headers={"content-type": "application/json"},
        )
    message = render_user_not_allowed(refusal.name, asked.lang)
    private = refusal in (
        AccessRefusal.EXTERNAL,
        AccessRefusal.NO_TENANT,
    )  # nothing of the workspace
    return _refuse(body, asked, client, rules, message, refused_home, settings=not private)


async def _person_refusal(
    client: AsyncWebClient,
    rules: AccessRules,
    asked: Asked,
    tenant: str,
    user: str,
    installed: str,
    stated: str | None,
) -> AccessRefusal | None:
    """Why the person may not act for ``tenant`` at all: no user, no tenant, or a person of
    another organisation (their own workspace as the payload states it, else ``users.info``;
    ``installed``: the installation's workspace the payload names)."""
    if not user:
        return AccessRefusal.NOT_A_VIEWER
    person_workspace = stated
    if person_workspace is None:
        viewers = asked.people.viewers
        person = viewers.cached_person(tenant, user) or await viewers.person(client, tenant, user)
        if person is None:
            return AccessRefusal.UNKNOWN_USER
        person_workspace = person.workspace_id or tenant  # Slack names every member's workspace
    home = {tenant} if rules.multi_workspace else _single_workspace_home(rules, tenant, installed)
    if person_workspace in home or rules.allow_external_users:
        return None
    return AccessRefusal.EXTERNAL


def _refuse(
    body: dict[str, Any],
    asked: Asked,
    client: AsyncWebClient,
    rules: AccessRules,
    message: Message,
    refused_home: RefusedHome,
    *,
    settings: bool = True,
) -> BoltResponse:
    """The refusal; a refused Home tab still shows an admin the workspace's settings, unless
    ``settings`` is False (a person of another organisation sees nothing of the workspace)."""
    background = asked.background
    response = refusal_response(body, background, message)
    if refuse_details(body, client, background, message.text):
        return response
    event = body.get("event") or {}
    if event.get("type") == "app_home_opened" and event.get("user"):
        user = str(event["user"])
        if rules.multi_workspace and settings:
            home = refused_home(client, asked.workspace, user, asked, message.blocks)
            background.spawn(home, name="refusal")
            return response
        view = {"type": "home", "blocks": message.blocks}
        background.spawn(_publish(client, user, view), name="refusal")
    return response


async def _publish(client: AsyncWebClient, user: str, view: dict[str, Any]) -> None:
    try:
        await client.views_publish(user_id=user, view=view)
    except SLACK_CALL_FAILURES as error:
        log.warning("could not publish the refusal (%s)", type(error).__name__)
