"""Download's views (pure): the modal (valid Block Kit, the task's cameras, the first minutes,
mp4 or ts), reading its submission, the link message (escaped, the link only on its url
button), the one-line answers in both languages, the metadata, and help."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.features.playback.download import (
    ClipShown,
    DownloadChoice,
    DownloadPlace,
    download_controls,
    field_error,
    link_life,
    read_download_form,
    render_clip_problem,
    render_dialog_failed,
    render_download_expired,
    render_download_link,
    render_download_modal,
    render_download_no_channel,
    render_download_not_retrieved,
    render_download_note,
    render_download_refused,
    render_needs_cloudapi,
    render_nothing_to_download,
    render_pick_in_dialog,
)
from bot.features.tasks.help import render_help
from bot.ivc.refusals import Refusal
from bot.tasks.clips import ClipProblem, first_clip
from bot.views.i18n import label
from tests.support.blockkit import assert_valid_modal
from tests.support.tasks import NOW, make_channel, make_details, make_task
from tests.views.helpers import block, buttons, checked, dump

HOSTILE = make_task(task_id="f" * 32, name="<!channel> *x*", status=0)
CAMERAS = make_details(
    HOSTILE, [make_channel(0, channel_name="<@U1> *cam*"), make_channel(1)]
).channels
START, END = first_clip(HOSTILE)
URL = "https://download.example/vds/video.mp4?source=s3cr3t&expires=600"


def _modal(lang: str = "en", **kw: Any) -> dict[str, Any]:
    place = DownloadPlace(HOSTILE.task_id, "https://hooks.slack.com/actions/T/1/x")
    view = render_download_modal(HOSTILE, CAMERAS, place, start=START, end=END, lang=lang, **kw)
    assert_valid_modal(view)
    return view


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_modal_offers_the_cameras_the_first_minutes_and_the_formats(lang: str) -> None:
    view = _modal(lang, link_seconds=86_400)
    inputs = _inputs(view)
    assert [o["value"] for o in inputs["download_camera"]["options"]] == ["ch0", "ch1"]
    assert inputs["download_camera"]["initial_option"]["value"] == "ch0"
    assert inputs["download_start"]["initial_date_time"] == START
    assert inputs["download_end"]["initial_date_time"] == END
    assert inputs["download_format"]["initial_option"]["value"] == "mp4"
    shown = json.dumps(view, ensure_ascii=False)
    assert "<!channel>" not in shown and "<@U1>" not in shown
    assert ("24 hours" if lang == "en" else "24 小时") in shown
    assert DownloadPlace.decode(view["private_metadata"]).task_id == HOSTILE.task_id
    chosen = _inputs(_modal(lang, channel_id="ch1"))["download_camera"]["initial_option"]
    assert chosen["value"] == "ch1"


def _state(**picked: Any) -> dict[str, Any]:
    option = {"text": {"type": "plain_text", "text": "x"}}
    return {
        "download_camera": {"camera": {"selected_option": {**option, "value": picked["camera"]}}},
        "download_start": {"start": {"selected_date_time": picked["start"]}},
        "download_end": {"end": {"selected_date_time": picked["end"]}},
        "download_format": {"format": {"selected_option": {**option, "value": picked["fmt"]}}},
    }


def test_reading_the_submission() -> None:
    state = _state(camera="ch1", start=START, end=START + 60, fmt="ts")
    assert read_download_form(state) == (DownloadChoice("ch1", START, START + 60, "ts"), {})
    for bad, block_id in (
        (_state(camera="", start=START, end=END, fmt="mp4"), "download_camera"),
        (_state(camera="ch0", start=None, end=END, fmt="mp4"), "download_start"),
        (_state(camera="ch0", start=START, end="soon", fmt="mp4"), "download_end"),
        (_state(camera="ch0", start=START, end=True, fmt="mp4"), "download_end"),
        (_state(camera="ch0", start=START, end=END, fmt="avi"), "download_format"),
    ):
        choice, errors = read_download_form(bad, "zh")
        assert choice is None and errors == {block_id: "请填写此项"}
    assert read_download_form({"download_camera": "junk"})[0] is None
    assert field_error(ClipProblem.TOO_LONG) == {
        "download_end": "a clip is at most 60 minutes: shorten it"
    }


def test_the_metadata_is_read_defensively() -> None:
    place = DownloadPlace("t" * 32, "https://hooks.slack.com/x")
    assert DownloadPlace.decode(place.encode()) == place
    for junk in ("", "[]", "{", '{"t": 5, "u": ["x"]}', "x" * 5000):
        assert DownloadPlace.decode(junk) == DownloadPlace()
    assert len(DownloadPlace("t", "u" * 4000).encode()) <= 3000


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_link_message_is_escaped_and_holds_the_link_on_its_button_only(lang: str) -> None:
    clip = ClipShown(HOSTILE, CAMERAS[0], START, START + 600, "mp4", (START - 4, START + 603))
    message = checked(render_download_link(clip, URL, NOW, 600, lang))
    assert buttons(message)["task_download_open"]["url"] == URL
    assert dump(message).count("s3cr3t") == 1 and "s3cr3t" not in message.text
    assert buttons(message)["task_download"]["value"] == HOSTILE.task_id
    assert "<!channel>" not in dump(message) and "<@U1>" not in dump(message)
    note = block(message, "download_note")["elements"][0]["text"]
    assert ("10 minutes" if lang == "en" else "10 分钟") in note
    assert ("The file holds" if lang == "en" else "文件包含") in note
    same = ClipShown(HOSTILE, CAMERAS[0], START, START + 600, "ts", (START, START + 600))
    assert "The file holds" not in dump(render_download_link(same, URL, NOW, 60, "en"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_line_is_one_escaped_section(lang: str) -> None:
    typed = "<!here> `x`"
    lines = [
        render_needs_cloudapi(lang),
        render_download_not_retrieved(typed, lang),
        render_download_expired(typed, lang),
        render_download_no_channel(typed, "<@U1>", lang),
        render_nothing_to_download(typed, lang),
        render_download_refused(typed, Refusal.ARCHIVED, lang),
        render_download_refused(typed, Refusal.WINDOW_TOO_LONG, lang),
        render_download_refused(typed, Refusal.WINDOW_CROSSES_MIDNIGHT, lang),
        *(render_clip_problem(HOSTILE, problem, lang) for problem in ClipProblem),
        render_pick_in_dialog(typed, lang),
    ]
    for message in lines:
        checked(message)
        assert len(message.blocks) == 1 and "<!here>" not in dump(message)
    assert "IVC_API=cloudapi" in lines[0].text
    assert "60" in lines[6].text, "IVC's 'too long' is 60 minutes here, not a day"
    failed = checked(render_dialog_failed(HOSTILE.task_id, lang))
    assert list(buttons(failed)) == ["task_download"]
    assert_valid_modal(render_download_note(label(lang, "download.working"), lang))


def test_link_life_in_words() -> None:
    assert [link_life(s) for s in (1, 59, 60, 600, 5400, 3600, 86_400)] == [
        "1 second",
        "59 seconds",
        "1 minute",
        "10 minutes",
        "90 minutes",
        "1 hour",
        "24 hours",
    ]
    assert link_life(600, "zh") == "10 分钟"


def test_shows_download_button_and_help() -> None:
    [actions] = download_controls(HOSTILE.task_id)
    assert actions["elements"][0]["action_id"] == "task_download"
    for lang, words in (
        ("en", "`download &lt;TaskId&gt; [ChannelId] [HH:MM-HH:MM]`"),
        ("zh", "`下载"),
    ):
        assert words in dump(checked(render_help(lang)))


def test_an_expired_or_pending_task_shows_no_download_in_show() -> None:
    from bot.features.tasks.task_details import render_details

    details = make_details(HOSTILE, [make_channel(0), make_channel(1)])
    live = render_details(details, fetched_at=NOW, now=NOW + timedelta(seconds=1), play=True)
    assert "task_download" in buttons(checked(live))
    gone = render_details(details, fetched_at=NOW, now=NOW, play=False)
    assert "task_download" not in buttons(checked(gone))
