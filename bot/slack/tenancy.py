"""Whose request it is, for Slack Connect: the tenant (the workspace whose installation,
IVC account and rules govern the request) and the person's own workspace, as payloads say
them. A person whose workspace is not the tenant's is external."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.poster import SLACK_CALL_FAILURES

log = logging.getLogger(__name__)

INTERACTIVE = frozenset(
    {"block_actions", "view_submission", "shortcut", "message_action", "block_suggestion"}
)


def _workspace_id(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id") or value.get("team_id")
    return str(value or "")


def installed_workspace(body: dict[str, Any]) -> str:
    """The workspace of the installation a payload came to: a view's
    ``app_installed_team_id``, else ``team``/``team_id``, else the first authorization's
    workspace; "" when none says (``team: null`` in Enterprise Grid org contexts). Never the
    person's own workspace: that is who asks, not whose app answers."""
    view = body.get("view")
    if isinstance(view, dict) and view.get("app_installed_team_id"):
        return str(view["app_installed_team_id"])
    workspace = _workspace_id(body.get("team")) or str(body.get("team_id") or "")
    if workspace:
        return workspace
    authorizations = body.get("authorizations") or [{}]
    return _workspace_id(authorizations[0]) if isinstance(authorizations[0], dict) else ""


def stated_person_workspace(body: dict[str, Any]) -> str | None:
    """The person's own workspace where the payload says it: ``user.team_id`` of clicks and
    view submissions, ``event.user_team`` (a ``T…`` id) of events; None for commands and
    for payloads that do not say (then ``users.info`` tells)."""
    if body.get("type") in INTERACTIVE:
        user = body.get("user")
        workspace = user.get("team_id") if isinstance(user, dict) else None
        return str(workspace) if workspace else None
    event = body.get("event")
    if body.get("type") == "event_callback" and isinstance(event, dict):
        workspace = str(event.get("user_team") or "")
        return workspace if workspace.startswith("T") else None
    return None


def clicked_message(body: dict[str, Any]) -> tuple[str, str] | None:
    """(channel, ts) of the channel message a click came from (None: ephemeral, a view)."""
    container = body.get("container") or {}
    if body.get("type") != "block_actions" or container.get("type") != "message":
        return None
    if container.get("is_ephemeral") is not False:
        return None
    channel, ts = container.get("channel_id"), container.get("message_ts")
    return (str(channel), str(ts)) if channel and ts else None


class OwnWorkspace:
    """The app's own workspace in single-workspace mode (``auth.test``, asked once and kept;
    asked again after a failure)."""

    def __init__(self) -> None:
        self._workspace: str | None = None
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"OwnWorkspace(workspace={self._workspace!r})"

    @property
    def known(self) -> str | None:
        """The workspace id once Slack said it (no call, no coroutine); else None."""
        return self._workspace

    async def workspace_id(self, client: AsyncWebClient) -> str | None:
        """The workspace id; None while Slack cannot say."""
        if self._workspace is not None:
            return self._workspace
        async with self._lock:
            if self._workspace is None:
                try:
                    reply = await client.auth_test()
                except SLACK_CALL_FAILURES as error:
                    log.warning("auth.test failed (%s)", type(error).__name__)
                    return None
                self._workspace = str(reply.get("team_id") or "") or None
        return self._workspace
