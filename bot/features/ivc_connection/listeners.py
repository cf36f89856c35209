"""Connect IVC (multi-workspace mode) from App Home: the form, its Test, Save and Disconnect, for
an admin of a workspace with an IVC account of its own (``Require(Right.IVC_ADMIN)``)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.features.home.publishing import publish_workspace_home
from bot.slack.asked import Asked
from bot.slack.deps import Deps
from bot.slack.ivc_connect import IvcConnector, read_connect_form
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.rights import Require, Right
from bot.views.ivc_connection import (
    CONNECT_ACTION,
    CONNECT_VIEW,
    DISCONNECT_ACTION,
    SECRET_ID_BLOCK,
    SECRET_KEY_BLOCK,
    TEST_ACTION,
    render_connect_modal,
    render_connected_modal,
)

log = logging.getLogger(__name__)


def _connector(deps: Deps) -> IvcConnector:
    connector = deps.connector
    assert connector is not None, "Require(Right.IVC_ADMIN) checked it"
    return connector


async def connect_ivc(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """App Home's Connect IVC / Edit: the form (no secret in it) for an admin or owner."""
    await ack()
    connector = _connector(deps)
    values, editing = await connector.form_values(asked.team)
    view = render_connect_modal(values, editing=editing, lang=deps.lang)
    try:
        await client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
    except SLACK_CALL_FAILURES as error:
        log.warning("could not open the Connect IVC form (%s)", type(error).__name__)


async def test_ivc(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """The form's Test: list the typed account's tasks once; the outcome in the form."""
    await ack()
    connector = _connector(deps)
    view = body.get("view") or {}
    typed, errors = read_connect_form(view, deps.lang)
    editing = view.get("private_metadata") == "edit"
    if errors:
        note = next(iter(errors.values()))
    else:
        note = (await connector.check(asked.team, typed, deps.lang)).line
    form = render_connect_modal(typed.values, editing=editing, lang=deps.lang, note=note)
    try:
        await client.views_update(view_id=str(view.get("id") or ""), view=form)
    except SLACK_CALL_FAILURES as error:
        log.warning("could not show the IVC test's outcome (%s)", type(error).__name__)


async def disconnect_ivc(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """App Home's Disconnect (confirmed in Slack's dialog): keys deleted, the workspace's
    subscriptions and watches paused; the Home tab redrawn."""
    await ack()
    team, user = asked.team, asked.user
    await _connector(deps).disconnect(team)
    deps.background.spawn(publish_workspace_home(client, team, user, deps), name="home")


async def submit_connect_ivc(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    asked: Asked,
) -> None:
    """Connect IVC's Save (an admin or owner): IVC lists the typed account's tasks, then the
    connection is stored encrypted; IVC's refusal is shown on the SecretKey, nothing stored.
    The view's state (which holds the SecretKey) is never logged."""
    team, user = asked.team, asked.user
    connector = deps.connector
    assert connector is not None, "Require(Right.IVC_ADMIN) checked it"
    typed, errors = read_connect_form(view, deps.lang)
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    outcome = await connector.save(team, typed, deps.lang)
    if not outcome.ok:
        await ack(response_action="errors", errors={SECRET_KEY_BLOCK: outcome.line})
        return
    await ack(response_action="update", view=render_connected_modal(deps.lang))
    deps.background.spawn(publish_workspace_home(client, team, user, deps), name="home")


def register(app: AsyncApp) -> None:
    admin = [Require(Right.IVC_ADMIN)]
    app.action(CONNECT_ACTION, middleware=admin)(connect_ivc)
    app.action(TEST_ACTION, middleware=admin)(test_ivc)
    app.action(DISCONNECT_ACTION, middleware=admin)(disconnect_ivc)
    app.view(CONNECT_VIEW, middleware=[Require(Right.IVC_ADMIN, field=SECRET_ID_BLOCK)])(
        submit_connect_ivc
    )
