"""Each reader in their own language: what only one person sees speaks their Slack language
(the payload's ``user_locale``, else ``users.info``'s ``locale``, looked up once with the access
check), what a channel sees speaks BOT_LANGUAGE; READER_LANGUAGE=bot, or a failed lookup,
gives BOT_LANGUAGE."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from bot.slack.asked import Asked
from bot.views.notices import render_user_not_allowed
from bot.views.state import ACTION_REFRESH
from tests.support.app_fixtures import buttons, dump, header_text
from tests.support.in_process import InProcess, start_in_process
from tests.support.slack_requests import with_locale

ZH_PENDING = "待取回任务"


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _lookups(app: InProcess, user: str) -> int:
    return sum(call.params.get("user") == user for call in app.fake.calls("users.info"))


def test_a_chinese_reader_gets_chinese_answers_in_an_english_workspace(in_process):
    in_process.fake.set_user("U0ZHREAD", locale="zh-CN")

    chinese = in_process.ask("pending", user_id="U0ZHREAD")
    again = in_process.ask("all", user_id="U0ZHREAD")
    english = in_process.ask("pending", user_id="U0ENREAD")

    assert header_text(chinese).startswith(ZH_PENDING) and "Pending" not in dump(chinese)
    assert header_text(again).startswith("全部任务")
    assert header_text(english).startswith("Pending")
    assert _lookups(in_process, "U0ZHREAD") == 1, "one users.info, shared with the access check"
    [lookup] = [c for c in in_process.fake.calls("users.info") if c.params["user"] == "U0ZHREAD"]
    assert lookup.params["include_locale"] in ("1", "true")


def test_a_public_answer_stays_in_the_workspace_language(in_process):
    in_process.fake.set_user("U0ZHPUB", locale="zh-TW")

    private = in_process.ask("pending", user_id="U0ZHPUB")
    public = in_process.ask("pending public", user_id="U0ZHPUB")

    assert header_text(private).startswith(ZH_PENDING)
    assert public["response_type"] == "in_channel"
    assert header_text(public).startswith("Pending") and ZH_PENDING not in dump(public)


def test_the_payload_locale_needs_no_lookup_and_a_public_redraw_stays_english(in_process):
    listed = in_process.ask("pending", user_id="U0CLICK")  # en-US by users.info
    refresh = buttons(listed)[ACTION_REFRESH]
    before = _lookups(in_process, "U0CLICK")

    mine = in_process.click_shaped(
        with_locale("zh-CN"), ACTION_REFRESH, refresh["value"], user_id="U0CLICK"
    ).wait_response()
    channel = in_process.click_shaped(
        with_locale("zh-CN"),
        ACTION_REFRESH,
        refresh["value"],
        user_id="U0CLICK",
        is_ephemeral=False,
        message={"ts": "1700000000.000100", "blocks": listed["blocks"]},
    ).wait_response()

    assert header_text(mine).startswith(ZH_PENDING), "the clicker's own copy: their language"
    assert header_text(channel).startswith("Pending"), "the channel's message: BOT_LANGUAGE"
    assert _lookups(in_process, "U0CLICK") == before, "the locale came with the payload"


def test_over_signed_http_a_chinese_reader_reads_chinese(http_wire):
    http_wire.fake.set_user("U0ZHWIRE", locale="zh-CN")

    assert header_text(http_wire.ask("pending", user_id="U0ZHWIRE")).startswith(ZH_PENDING)
    assert header_text(http_wire.ask("pending public", user_id="U0ZHWIRE")).startswith("Pending")


def test_app_home_speaks_the_readers_language(in_process):
    in_process.fake.set_user("U0ZHHOME", locale="zh-CN")

    in_process.event({"type": "app_home_opened", "user": "U0ZHHOME", "tab": "home"})
    view = in_process.fake.wait_for_sync(lambda: in_process.fake.home_view("U0ZHHOME"), 15)

    assert "取回任务" in dump(view) and "Retrieval tasks" not in dump(view)


@pytest.fixture(scope="module")
def guests_allowed(tmp_path_factory) -> Iterator[InProcess]:
    """ALLOW_GUESTS=true: a click (naming its person's workspace) needs no users.info for
    access, so the language's lookup is the only one."""
    with start_in_process(tmp_path_factory.mktemp("guests"), ALLOW_GUESTS="true") as app:
        yield app


def test_a_failed_lookup_falls_back_to_the_bot_language_silently(guests_allowed):
    app = guests_allowed
    app.reset()
    app.fake.set_user("U0ZHFAIL", locale="zh-CN")
    listed = app.ask("pending", user_id="U0ZHSEED")
    refresh = buttons(listed)[ACTION_REFRESH]["value"]
    app.fake.fail_next("users.info", error="fatal_error")

    failed = app.click(ACTION_REFRESH, refresh, user_id="U0ZHFAIL").wait_response()
    kept = app.click(ACTION_REFRESH, refresh, user_id="U0ZHFAIL", message_ts="2").wait_response()

    assert header_text(failed).startswith("Pending"), "BOT_LANGUAGE, no error line"
    assert header_text(kept).startswith("Pending")
    assert _lookups(app, "U0ZHFAIL") == 1, "not asked again at once"
    assert app.app.output().count("users.info failed") == 1, "logged once"


def test_a_subscription_confirmed_in_the_channel_stays_in_the_bot_language(guests_allowed):
    app = guests_allowed
    app.fake.set_user("U0ZHSUB", locale="zh-CN")

    reply = app.command("subscribe daily 09:00", channel_id="C0ZHSUB", user_id="U0ZHSUB")
    reply.wait_response()
    [confirmation] = app.fake.messages("C0ZHSUB")
    listing = app.ask("subscriptions", channel_id="C0ZHSUB", user_id="U0ZHSUB")

    assert "daily 09:00" in dump(confirmation) and not _chinese(dump(confirmation))
    assert _chinese(reply.ack["text"]), "the note only the asker sees: theirs"
    assert _chinese(dump(listing)), "the listing only the asker sees: theirs"


def test_reader_language_bot_gives_everyone_the_bot_language(tmp_path):
    with start_in_process(tmp_path, READER_LANGUAGE="bot", BOT_LANGUAGE="zh") as app:
        app.fake.set_user("U0ENBOT", locale="en-US")
        answer = app.ask("pending", user_id="U0ENBOT")
        clicked = app.click_shaped(
            with_locale("en-GB"),
            ACTION_REFRESH,
            buttons(answer)[ACTION_REFRESH]["value"],
            user_id="U0ENBOT",
        ).wait_response()

        app.fake.set_user("U0ENGUEST", is_restricted=True)
        refused = app.click_shaped(
            with_locale("en-GB"), ACTION_REFRESH, '{"f":"all","p":1}', user_id="U0ENGUEST"
        ).wait_response()

        assert header_text(answer).startswith(ZH_PENDING)
        assert header_text(clicked).startswith(ZH_PENDING)
        assert refused["text"] == render_user_not_allowed("GUEST", "zh").text, "not the payload's"


def test_a_request_read_in_another_language_keeps_everything_else(in_process):
    asked = Asked("T0001", "U0001", "C0001", in_process.runtime.tenant, reader_lang="en")

    read = asked.reading("zh")

    assert read == dataclasses.replace(asked, reader_lang="zh"), "every other field kept"
    assert asked.reader_lang == "en"
