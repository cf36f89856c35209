"""Fixtures for the harness self-tests (``fake_slack`` comes from tests/support/fake_slack)."""

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from tests.support.fake_slack import FakeSlack


@pytest.fixture
def client(fake_slack: FakeSlack) -> AsyncWebClient:
    """A bot-token Web API client aimed at the fake, without retry handlers."""
    return AsyncWebClient(
        token=fake_slack.bot_token, base_url=fake_slack.api_base_url, retry_handlers=[]
    )
