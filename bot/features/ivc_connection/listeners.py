"""Connect IVC (multi-workspace mode) from App Home: the form, its Test, Save and Disconnect, for
an admin of a workspace with an IVC account of its own (``Require(Right.IVC_ADMIN)``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import CommandKind
from bot.features.ivc_connection.connector import AccountConnector, read_connect_form
from bot.features.ivc_connection.views import (
    CONNECT_ACTION,
    CONNECT_VIEW,
    DISCONNECT_ACTION,
    SECRET_ID_BLOCK,
    SECRET_KEY_BLOCK,
    TEST_ACTION,
    render_connect_modal,
    render_connected_modal,
)
from bot.slack.asked import Asked
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.rights import Require, Right
from bot.slack.slash_command import Listener

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectIvc:
    """Connect IVC's listeners (multi-workspace mode only): the connector, and the Home tab
    redrawn after a change (App Home's, handed in: this feature imports no other)."""

    connector: AccountConnector
    republish: Callable[[AsyncWebClient, Asked], Coroutine[Any, Any, None]]

    def _republish(self, client: AsyncWebClient, asked: Asked) -> None:
        """The asker's Home tab redrawn with the workspace's account as it is now."""
        asked.background.spawn(self.republish(client, asked), name="home")

    async def connect_ivc(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, asked: Asked
    ) -> None:
        """App Home's Connect IVC / Edit: the form (no secret in it) for an admin or owner."""
        await ack()
        values, editing = await self.connector.form_values(asked.workspace)
        view = render_connect_modal(values, editing=editing, lang=asked.lang)
        try:
            await client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
        except SLACK_CALL_FAILURES as error:
            log.warning("could not open the Connect IVC form (%s)", type(error).__name__)

    async def test_ivc(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, asked: Asked
    ) -> None:
        """The form's Test: list the typed account's tasks once; the outcome in the form."""
        await ack()
        lang = asked.lang
        view = body.get("view") or {}
        typed, errors = read_connect_form(view, lang)
        editing = view.get("private_metadata") == "edit"
        if errors:
            note = next(iter(errors.values()))
        else:
            note = (await self.connector.check(asked.workspace, typed, lang)).line
        form = render_connect_modal(typed.values, editing=editing, lang=lang, note=note)
        try:
            await client.views_update(view_id=str(view.get("id") or ""), view=form)
        except SLACK_CALL_FAILURES as error:
            log.warning("could not show the IVC test's outcome (%s)", type(error).__name__)

    async def disconnect_ivc(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, asked: Asked
    ) -> None:
        """App Home's Disconnect (confirmed in Slack's dialog): keys deleted, the workspace's
        subscriptions and watches paused; the Home tab redrawn."""
        await ack()
        await self.connector.disconnect(asked.workspace)
        self._republish(client, asked)

    async def submit_connect_ivc(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        asked: Asked,
    ) -> None:
        """Connect IVC's Save (an admin or owner): IVC lists the typed account's tasks, then the
        account is stored encrypted; IVC's refusal is shown on the SecretKey, nothing stored.
        The view's state (which holds the SecretKey) is never logged."""
        lang = asked.lang
        typed, errors = read_connect_form(view, lang)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        outcome = await self.connector.save(asked.workspace, typed, lang)
        if not outcome.ok:
            await ack(response_action="errors", errors={SECRET_KEY_BLOCK: outcome.line})
            return
        await ack(response_action="update", view=render_connected_modal(lang))
        self._republish(client, asked)

    def commands(self) -> tuple[tuple[CommandKind, Listener], ...]:
        """No subcommands: Connect IVC answers App Home's buttons and its form."""
        return ()

    def register(self, app: AsyncApp) -> None:
        admin = [Require(Right.IVC_ADMIN)]
        app.action(CONNECT_ACTION, middleware=admin)(self.connect_ivc)
        app.action(TEST_ACTION, middleware=admin)(self.test_ivc)
        app.action(DISCONNECT_ACTION, middleware=admin)(self.disconnect_ivc)
        app.view(CONNECT_VIEW, middleware=[Require(Right.IVC_ADMIN, field=SECRET_ID_BLOCK)])(
            self.submit_connect_ivc
        )
