"""The fake records response_url posts and lets tests wait for them."""

import asyncio
import threading

import aiohttp
import pytest
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.support.fake_slack import running_fake_slack


async def test_bodies_are_recorded_and_awaitable(fake_slack):
    url = fake_slack.response_url("r1")
    second = asyncio.create_task(fake_slack.wait_for_response("r1", count=2, timeout=5))
    webhook = AsyncWebhookClient(url)

    first_resp = await webhook.send(text="first", response_type="ephemeral")
    await webhook.send_dict(
        {"replace_original": True, "text": "second", "blocks": [{"type": "divider"}]}
    )

    assert first_resp.status_code == 200
    assert await second == {
        "replace_original": True,
        "text": "second",
        "blocks": [{"type": "divider"}],
    }
    assert fake_slack.responses("r1")[0] == {"text": "first", "response_type": "ephemeral"}
    assert await fake_slack.wait_for_response("r1") == fake_slack.responses("r1")[0]
    assert fake_slack.responses("other") == []


async def test_wait_for_response_times_out(fake_slack):
    with pytest.raises(TimeoutError):
        await fake_slack.wait_for_response("never", timeout=0.1)


async def test_programmed_failure_and_invalid_payload(fake_slack):
    fake_slack.fail_next_response("r2")
    url = fake_slack.response_url("r2")

    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"text": "late"}) as resp:
            assert resp.status == 404
            assert await resp.json() == {"ok": False, "error": "expired_url"}
        async with session.post(url, data="not json") as resp:
            assert resp.status == 400
        async with session.post(url, json={"text": "ok now"}) as resp:
            assert resp.status == 200

    assert fake_slack.responses("r2") == [{"text": "ok now"}]


def test_sync_wait_for_a_post_from_another_thread():
    with running_fake_slack() as fake:
        url = fake.response_url("r3")

        def post() -> None:
            asyncio.run(AsyncWebhookClient(url).send(text="from a thread"))

        thread = threading.Thread(target=post)
        thread.start()
        body = fake.wait_for_response_sync("r3", timeout=5)
        thread.join(5)

    assert body == {"text": "from a thread"}
