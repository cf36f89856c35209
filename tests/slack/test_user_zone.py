"""A person's time zone from ``users.info``, over the wire to the fake Slack: Slack's zone in its
canonical name, else the fallback, whatever Slack answers."""

from __future__ import annotations

import asyncio

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.user_zone import user_zone
from tests.support.fake_slack import FakeSlack


def _zone(fake: FakeSlack, user: str) -> str:
    client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_base_url)
    return asyncio.run(user_zone(client, user, "Europe/Paris"))


def test_slack_s_zone_in_its_canonical_name(fake_slack: FakeSlack) -> None:
    fake_slack.set_user("U0TOKYO", tz="asia/tokyo")
    assert _zone(fake_slack, "U0TOKYO") == "Asia/Tokyo"


def test_an_unknown_or_missing_zone_is_the_fallback(fake_slack: FakeSlack) -> None:
    fake_slack.set_user("U0MARS", tz="Mars/Base")
    fake_slack.set_user("U0NONE", tz=None)
    assert _zone(fake_slack, "U0MARS") == "Europe/Paris"
    assert _zone(fake_slack, "U0NONE") == "Europe/Paris"


def test_a_refused_users_info_is_the_fallback(fake_slack: FakeSlack) -> None:
    fake_slack.fail_next("users.info", error="missing_scope")
    assert _zone(fake_slack, "U0ANY") == "Europe/Paris"
