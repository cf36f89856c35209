"""The fake Slack Web API answers slack_sdk's AsyncWebClient like Slack does."""

import json
import threading
import time
import urllib.request

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from tests.support.fake_slack import FakeSlack
from tests.support.polling import bound


async def test_auth_test_identity_and_recorded_call(fake_slack, client):
    resp = await client.auth_test()

    assert resp.status_code == 200
    assert resp.data == {
        "ok": True,
        "url": "https://fake-team.slack.com/",
        "team": "Fake Team",
        "user": "retrieval-tasks",
        "team_id": "T0001",
        "user_id": "U0BOT",
        "bot_id": "B0BOT",
        "app_id": "A0001",
        "is_enterprise_install": False,
    }
    [call] = fake_slack.calls("auth.test")
    assert call.ok and call.http_method == "POST"
    assert call.headers["Authorization"] == f"Bearer {fake_slack.bot_token}"
    redacted = call.redacted()
    assert "Authorization" not in redacted.headers
    assert fake_slack.bot_token not in json.dumps([redacted.headers, redacted.params])
    assert fake_slack.calls(redact=True) == [redacted]


async def test_post_message_gives_unique_increasing_ts(fake_slack, client):
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    first = await client.chat_postMessage(channel="C0001", text="one", blocks=blocks)
    second = await client.chat_postMessage(channel="C0001", text="two")

    assert first["ts"] == "1700000000.000100"
    assert float(second["ts"]) > float(first["ts"])
    assert first["channel"] == "C0001"
    assert first["message"]["blocks"] == blocks
    assert first["message"]["bot_id"] == "B0BOT"
    assert [m["text"] for m in fake_slack.messages("C0001")] == ["one", "two"]
    assert fake_slack.calls("chat.postMessage")[0].params["blocks"] == blocks


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
async def test_update_and_ephemeral(fake_slack, client):
    posted = await client.chat_postMessage(channel="C0001", text="old")
    updated = await client.chat_update(channel="C0001", ts=posted["ts"], text="new")
    eph = await client.chat_postEphemeral(channel="C0001", user="U0001", text="psst")

    assert updated["ts"] == posted["ts"] and updated["text"] == "new"
    [message] = fake_slack.messages("C0001")
    assert message["text"] == "new" and "edited" in message
    assert float(eph["message_ts"]) > float(posted["ts"])
    assert fake_slack.ephemerals("C0001")[0]["user"] == "U0001"
    with pytest.raises(SlackApiError) as err:
        await client.chat_update(channel="C0001", ts="1.000000", text="x")
    assert err.value.response["error"] == "message_not_found"
    with pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel="C0001")
    assert err.value.response["error"] == "no_text"


async def test_form_encoded_blocks_are_decoded(fake_slack, client):
    blocks = [{"type": "divider"}]
    await client.api_call(
        "chat.postMessage", data={"channel": "C0001", "blocks": json.dumps(blocks)}
    )

    [call] = fake_slack.calls("chat.postMessage")
    assert call.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert call.params["blocks"] == blocks


async def test_wrong_tokens_are_rejected(fake_slack):
    bad = AsyncWebClient(token="xoxb-wrong", base_url=fake_slack.api_base_url)
    app_level = AsyncWebClient(token=fake_slack.app_token, base_url=fake_slack.api_base_url)
    no_token = AsyncWebClient(base_url=fake_slack.api_base_url)

    for client, error in [
        (bad, "invalid_auth"),
        (app_level, "not_allowed_token_type"),
        (no_token, "not_authed"),
    ]:
        with pytest.raises(SlackApiError) as err:
            await client.chat_postMessage(channel="C0001", text="x")
        assert err.value.response["error"] == error
    assert fake_slack.messages() == []


async def test_programmed_429_is_retried_after_retry_after(fake_slack):
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=1)
    client = AsyncWebClient(
        token=fake_slack.bot_token,
        base_url=fake_slack.api_base_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)],
    )

    resp = await client.chat_postMessage(channel="C0001", text="x")

    assert resp["ok"]
    first, second = fake_slack.calls("chat.postMessage")
    assert (first.status, first.response) == (429, {"ok": False, "error": "ratelimited"})
    assert second.ok
    assert second.received_at - first.received_at >= 1.0


async def test_429_without_retry_handler_exposes_retry_after(fake_slack, client):
    fake_slack.fail_next("chat.update", retry_after=7)

    with pytest.raises(SlackApiError) as err:
        await client.chat_update(channel="C0001", ts="1.0", text="x")

    assert err.value.response.status_code == 429
    assert err.value.response.headers["Retry-After"] == "7"


async def test_error_codes_500_and_delay(fake_slack, client):
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")
    fake_slack.fail_next("chat.postMessage", status=500)
    fake_slack.delay_next("chat.postMessage", 0.3)

    with pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel="C0001", text="x")
    assert err.value.response.status_code == 200
    assert err.value.response["error"] == "not_in_channel"
    with pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel="C0001", text="x")
    assert err.value.response.status_code == 500
    started = time.monotonic()
    assert (await client.chat_postMessage(channel="C0001", text="x"))["ok"]
    assert time.monotonic() - started >= 0.3
    assert [c.status for c in fake_slack.calls("chat.postMessage")] == [200, 500, 200]


async def test_channel_rate_limit(fake_slack, client):
    fake_slack.set_channel_rate_limit(1.0)

    await client.chat_postMessage(channel="C0001", text="1")
    with pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel="C0001", text="2")
    await client.chat_postMessage(channel="C0002", text="3")

    assert err.value.response.status_code == 429
    assert err.value.response.headers["Retry-After"] == "1"
    assert [m["text"] for m in fake_slack.messages()] == ["1", "3"]


async def test_users_and_conversations_info(fake_slack, client):
    fake_slack.set_user("U0002", tz="Europe/Berlin", tz_offset=3600)

    default = await client.users_info(user="U0001")
    berlin = await client.users_info(user="U0002")
    channel = await client.conversations_info(channel="C0001")

    assert default["user"]["tz"] == "Asia/Shanghai"
    assert default["user"]["tz_offset"] == 28800
    assert (berlin["user"]["tz"], berlin["user"]["tz_offset"]) == ("Europe/Berlin", 3600)
    assert channel["channel"]["id"] == "C0001" and channel["channel"]["is_member"]
    assert fake_slack.calls("users.info")[0].http_method == "GET"
    assert fake_slack.calls("users.info")[0].params["user"] == "U0001"


async def test_users_info_answers_the_locale_only_when_asked(fake_slack, client):
    fake_slack.set_user("U0ZH", locale="zh-CN")

    plain = await client.users_info(user="U0ZH")
    chinese = await client.users_info(user="U0ZH", include_locale=True)
    default = await client.users_info(user="U0EN", include_locale=True)

    assert "locale" not in plain["user"], "Slack sends the locale only with include_locale"
    assert chinese["user"]["locale"] == "zh-CN"
    assert default["user"]["locale"] == "en-US"


async def test_unknown_method(client):
    with pytest.raises(SlackApiError) as err:
        await client.api_call("reactions.add", params={"name": "eyes"})
    assert err.value.response["error"] == "unknown_method"


def test_sync_test_can_wait_for_a_call_made_by_another_thread():
    from tests.support.fake_slack import running_fake_slack

    with running_fake_slack() as fake:
        request = urllib.request.Request(
            fake.api_base_url + "chat.postMessage",
            data=json.dumps({"channel": "C0009", "text": "later"}).encode(),
            headers={
                "Authorization": f"Bearer {fake.bot_token}",
                "Content-Type": "application/json",
            },
        )
        fake.delay_next("chat.postMessage", 0.1)
        thread = threading.Thread(target=lambda: urllib.request.urlopen(request, timeout=5).read())
        thread.start()
        [call] = fake.wait_for_calls_sync("chat.postMessage", timeout=5)
        thread.join(5)

    assert call.ok and call.params == {"channel": "C0009", "text": "later"}


def test_wait_times_out():
    fake = FakeSlack()
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        fake.wait_for_calls_sync("auth.test", timeout=0.1)
    assert time.monotonic() - started < bound(2), "the wait gave up (its bound is scaled)"
