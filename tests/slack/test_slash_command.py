"""The edge's last command listener: a subcommand whose feature is not set up gets one line."""

from __future__ import annotations

import asyncio
import json
from typing import Any, cast

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult

from bot.slack.background import BackgroundTasks
from bot.slack.context import ProvideRequest, ReadRequest
from bot.slack.slash_command import COMMAND, not_set_up
from bot.slack.tenant import People, Tenant
from tests.support.features import UNUSED
from tests.support.slack_requests import bolt_request, slash_command_body


async def _authorize(**_: Any) -> AuthorizeResult:
    return AuthorizeResult(enterprise_id=None, team_id="T0001", bot_token="xoxb-unused")


def _answer(text: str, lang: str) -> dict[str, Any]:
    tenant = Tenant(
        people=People(viewers=UNUSED, managers=UNUSED, audit=UNUSED),
        account=None,
        background=BackgroundTasks(),
        renderings=UNUSED,
        lang=lang,
    )
    app = AsyncApp(
        authorize=_authorize,  # no auth.test: nothing here reaches Slack
        request_verification_enabled=False,
        process_before_response=True,
    )
    app.use(ProvideRequest(tenant))
    app.use(ReadRequest(None))
    app.command(COMMAND)(not_set_up)  # as the registry adds it after every feature's
    headers = {"content-type": "application/x-www-form-urlencoded"}
    response = asyncio.run(app.async_dispatch(bolt_request(slash_command_body(text), headers)))
    assert response.status == 200
    return cast(dict[str, Any], json.loads(response.body))


def test_a_subcommand_no_registered_feature_answers_gets_one_private_line() -> None:
    answer = _answer("report 7d", "en")
    assert answer["response_type"] == "ephemeral"
    text = json.dumps(answer)
    assert "`report` is not set up in this app" in text and "administrator" in text
    assert "`report`" in json.dumps(_answer("report", "zh")) and "尚未启用" in json.dumps(
        _answer("report", "zh"), ensure_ascii=False
    )
