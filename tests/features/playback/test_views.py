"""Play views (pure): Play per camera in ``show`` (a select beyond 25), only for a
playable task; the link message; the one-line refusals; both languages, valid Block Kit,
untrusted names escaped."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.features.playback.views import (
    ACTION_PLAY_OPEN,
    ACTION_PLAY_PICK,
    PLAY_BUTTONS,
    play_button,
    play_value,
    read_play_value,
    render_copy_expired,
    render_no_channel,
    render_not_retrieved,
    render_nothing_to_play,
    render_play_choice,
    render_play_refused,
    render_playback,
)
from bot.features.tasks.task_details import render_details
from bot.ivc.models import ChannelStatus, TaskStatus
from bot.ivc.refusals import Refusal
from bot.tasks.playable import PlayState, play_state, playable_channels
from tests.support.tasks import NOW, make_channel, make_details, make_memory, make_task
from tests.views.helpers import block, blocks_of, buttons, checked, dump

URL = "https://play.example/record/ch0/hls.m3u8?starttime=1&endtime=2&token=abc"
LANGS = ["en", "zh"]


def _details(count: int, **task: object):
    return make_details(make_task(**task), [make_channel(i) for i in range(count)])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("count", [1, 3, 25])
def test_show_offers_a_play_button_per_camera_while_they_fit(lang, count):
    details = _details(count)
    message = checked(render_details(details, fetched_at=NOW, now=NOW, lang=lang, play=True))
    plays = {k: b for k, b in buttons(message).items() if PLAY_BUTTONS.match(k)}
    assert [read_play_value(b["value"]) for b in plays.values()] == [
        (details.task.task_id, f"ch{i}") for i in range(count)
    ]
    assert block(message, "task_play")["type"] == "actions"


@pytest.mark.parametrize("lang", LANGS)
def test_beyond_25_cameras_a_select_lists_them(lang):
    details = _details(32)
    message = checked(render_details(details, fetched_at=NOW, now=NOW, lang=lang, play=True))
    select = block(message, "task_play")["elements"]
    assert [e["action_id"] for e in select] == [ACTION_PLAY_PICK]
    values = [o["value"] for o in select[0]["options"]]
    assert values == [play_value(details.task.task_id, f"ch{i}") for i in range(32)]


def test_no_play_unless_asked_and_none_for_cameras_without_a_recording():
    def play_blocks(message):  # the Watch button is another block
        return [b for b in blocks_of(message, "actions") if b.get("block_id") != "task_watch"]

    plain = render_details(_details(2), fetched_at=NOW, now=NOW)
    assert not play_blocks(plain)
    channels = [
        make_channel(0, status=ChannelStatus.NO_ARCHIVE),
        make_channel(1, status=ChannelStatus.RETRIEVING),
        make_channel(2, channel_id="x" * 200),
    ]
    details = make_details(make_task(), channels)
    assert playable_channels(details) == ()
    assert not play_blocks(render_details(details, fetched_at=NOW, now=NOW, play=True))


def test_play_state_follows_status_and_the_expiry_estimate():
    retrieved = make_task(status=TaskStatus.RETRIEVED, expiration_days=3)
    assert play_state(retrieved, None, NOW) is PlayState.PLAYABLE
    for status in (TaskStatus.PENDING, TaskStatus.RETRIEVING, 9):
        assert play_state(make_task(status=status), None, NOW) is PlayState.NOT_RETRIEVED
    recent = make_memory(retrieved.task_id, retrieved_seen_at=NOW - timedelta(days=2))
    old = make_memory(retrieved.task_id, retrieved_seen_at=NOW - timedelta(days=11))
    assert play_state(retrieved, recent, NOW) is PlayState.PLAYABLE
    assert play_state(retrieved, old, NOW) is PlayState.EXPIRED  # 10 days kept


@pytest.mark.parametrize("lang", LANGS)
def test_the_link_message_opens_the_recording_and_says_when_it_was_fetched(lang):
    task = make_task(name="<!here> *gate*")
    channel = make_channel(0, device_name="<@U123> cam", channel_name="ch `1`")
    message = checked(render_playback(task, channel, URL, NOW, lang))
    found = buttons(message)
    assert found[ACTION_PLAY_OPEN]["url"] == URL
    assert read_play_value(found["task_play"]["value"]) == (task.task_id, "ch0")
    note = dump(message)
    assert f"<!date^{int(NOW.timestamp())}^" in note
    assert ("Play again" if lang == "en" else "再次播放") in note
    assert URL not in message.text, "the fallback text (notifications) never holds the link"


@pytest.mark.parametrize("lang", LANGS)
def test_refusals_are_one_line(lang):
    hostile = "<!channel> `x`"
    for message in (
        render_not_retrieved(hostile, lang),
        render_copy_expired(hostile, lang),
        render_no_channel(hostile, hostile, lang),
        render_nothing_to_play(hostile, lang),
        *(render_play_refused(hostile, reason, lang) for reason in Refusal),
    ):
        checked(message)
        assert len(message.blocks) == 1 and "\n" not in message.text


@pytest.mark.parametrize("lang", LANGS)
def test_the_choice_and_the_task_button(lang):
    details = _details(3)
    checked(render_play_choice(details, lang))
    button = play_button(details.task.task_id, lang)
    assert button["action_id"] == "task_play" and button["value"] == details.task.task_id


def test_play_values_round_trip_and_are_bounded():
    assert read_play_value(play_value("t" * 100, "c")) == ("t" * 64, "c")
    assert read_play_value("abc") == ("abc", None)
    assert read_play_value(" abc | 7 ") == ("abc", "7")
    assert len(play_value("t" * 64, "c" * 80)) <= 150
