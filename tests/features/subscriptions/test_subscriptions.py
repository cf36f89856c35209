"""Subscription commands, the App Home and access rules, dispatched in process."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.app_fixtures import dump
from tests.support.app_process import SIGNING_SECRET
from tests.support.blockkit import assert_valid_home
from tests.support.in_process import InProcess, start_in_process
from tests.support.slack_requests import block_actions_body, signed_headers

TEXT_OF = dump


@pytest.fixture(scope="module")
def wire(tmp_path_factory) -> Iterator[InProcess]:
    """An app with fast polling and a subscription admin list."""
    with start_in_process(
        tmp_path_factory.mktemp("subs"),
        POLL_INTERVAL_SECONDS="1",
        CACHE_TTL_SECONDS="1",
        SUBSCRIPTION_ADMINS="U0001,U0ADMIN",
        BOT_TIMEZONE="Europe/Berlin",
    ) as w:
        yield w


def channel_posts(wire: InProcess, channel: str) -> list[dict[str, Any]]:
    return wire.fake.messages(channel)


def test_subscribe_daily_posts_a_confirmation_in_the_channel(wire):
    reply = wire.command("subscribe daily 09:00", channel_id="C0DAILY")
    assert ":hourglass:" in reply.ack["text"]
    done = reply.wait_response()
    assert done.get("delete_original") is True
    [confirmation] = channel_posts(wire, "C0DAILY")
    text = TEXT_OF(confirmation)
    assert "daily 09:00" in text
    assert "Asia/Shanghai" in text, "the caller's Slack time zone (users.info) is used"
    listing = wire.ask("subscriptions", channel_id="C0DAILY")
    assert "daily 09:00" in TEXT_OF(listing) and "<!date^" in TEXT_OF(listing)


def test_duplicate_subscription_is_refused(wire):
    wire.command("subscribe weekdays 18:30 Asia/Tokyo", channel_id="C0DUP").wait_response()
    second = wire.command("subscribe weekdays 18:30 Asia/Tokyo", channel_id="C0DUP")
    refusal = second.wait_response()
    assert "already" in TEXT_OF(refusal)
    assert len(channel_posts(wire, "C0DUP")) == 1


def test_pause_resume_unsubscribe(wire):
    wire.command("subscribe every 4h", channel_id="C0LIFE").wait_response()
    listing = TEXT_OF(wire.ask("subscriptions", channel_id="C0LIFE"))
    sub_id = listing.split("#", 1)[1].split()[0].strip("*`")
    assert "paused" in TEXT_OF(wire.ask(f"pause {sub_id}", channel_id="C0LIFE")).lower()
    assert "paused" in TEXT_OF(wire.ask("subscriptions", channel_id="C0LIFE")).lower()
    wire.ask(f"resume {sub_id}", channel_id="C0LIFE")
    assert "paused" not in TEXT_OF(wire.ask("subscriptions", channel_id="C0LIFE")).lower()
    wire.ask("unsubscribe all", channel_id="C0LIFE")
    assert f"#{sub_id}" not in TEXT_OF(wire.ask("subscriptions", channel_id="C0LIFE"))
    missing = TEXT_OF(wire.ask("pause 99999", channel_id="C0LIFE"))
    assert "99999" in missing


def test_channel_the_bot_is_not_in_says_to_invite_it(wire):
    wire.fake.set_channel("C0PRIVATE", is_member=False)
    reply = wire.command("subscribe notify", channel_id="C0PRIVATE")
    answer = TEXT_OF(reply.wait_response())
    assert "/invite" in answer
    assert "#" not in TEXT_OF(wire.ask("subscriptions", channel_id="C0PRIVATE")).split("·")[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("subscribe daily 25:00", "25:00"),
        ("subscribe daily 09:00 Mars/Base", "Mars/Base"),
        ("subscribe every 7x", "7x"),
        ("subscribe notify exploded", "exploded"),
    ],
)
def test_bad_subscription_input_gets_one_clear_line(wire, text, expected):
    reply = wire.command(text, channel_id="C0BAD")
    assert reply.answered_in_ack
    assert expected in TEXT_OF(reply.ack)
    assert channel_posts(wire, "C0BAD") == []


def test_only_admins_change_subscriptions(wire):
    refused = wire.ask("subscribe daily 08:00", channel_id="C0ADMIN", user_id="U0OTHER")
    assert "admin" in TEXT_OF(refused).lower()
    listing = wire.ask("subscriptions", channel_id="C0ADMIN", user_id="U0OTHER")
    assert "daily 08:00" not in TEXT_OF(listing)
    wire.command("subscribe daily 08:00", channel_id="C0ADMIN", user_id="U0ADMIN").wait_response()
    assert "daily 08:00" in TEXT_OF(wire.ask("subscriptions", channel_id="C0ADMIN"))


def test_notify_subscription_gets_a_card_from_the_running_poller(wire):
    wire.command("subscribe notify", channel_id="C0CARDS", user_id="U0ADMIN").wait_response()
    record = dict(wire.sim.records()[0], TaskId="c" * 32, TaskName="<!channel> new_cam", Status=2)
    wire.sim.add_task(record)

    def card():
        return [m for m in channel_posts(wire, "C0CARDS") if "c" * 32 in TEXT_OF(m)]

    [posted] = wire.fake.wait_for_sync(card, timeout=15)
    assert "<!channel>" not in TEXT_OF(posted) and "&lt;!channel&gt;" in TEXT_OF(posted)


def test_summary_button_opens_the_list_for_the_clicker(wire):
    summary = wire.ask("summary public", channel_id="C0SUM")
    [button] = [e for b in summary["blocks"] if b["type"] == "actions" for e in b["elements"]]
    reply = wire.click(button["action_id"], button["value"], channel_id="C0SUM")
    shown = reply.wait_response()
    assert shown["response_type"] == "ephemeral" and shown["replace_original"] is False
    assert "All tasks" in TEXT_OF(shown) or "tasks" in shown["text"]


def test_app_home_shows_counts_and_the_users_subscriptions(wire):
    wire.command("subscribe daily 07:15", channel_id="C0HOME", user_id="U0ADMIN").wait_response()
    wire.fake.set_user_channels("U0HOME", ["C0HOME"])
    assert (
        wire.event({"type": "app_home_opened", "user": "U0HOME", "tab": "home"}).status_code == 200
    )
    view = wire.fake.wait_for_sync(lambda: wire.fake.home_view("U0HOME"), timeout=10)
    assert_valid_home(view["blocks"])
    assert "daily 07:15" in TEXT_OF(view) and "C0HOME" in TEXT_OF(view)


@pytest.fixture(scope="module")
def one_workspace(tmp_path_factory) -> Iterator[InProcess]:
    with start_in_process(tmp_path_factory.mktemp("team"), SLACK_ALLOWED_TEAM_IDS="T0001") as w:
        yield w


def test_other_workspaces_are_refused(one_workspace):
    assert one_workspace.ask("pending", team_id="T0001")["text"].startswith("Pending")
    before = one_workspace.sim.list_requests
    refused = one_workspace.command("pending refresh", team_id="T0OTHER")
    assert "SLACK_ALLOWED_TEAM_IDS" in refused.ack["text"]
    assert one_workspace.sim.list_requests == before
    rid = one_workspace.new_response_id()
    body = block_actions_body(
        "tasks_refresh", "{}", response_url=one_workspace.fake.response_url(rid), team_id="T0OTHER"
    )
    assert one_workspace.post(body, signed_headers(body, SIGNING_SECRET)).status_code == 200
    assert one_workspace.sim.list_requests == before
    assert one_workspace.fake.responses(rid) == []
