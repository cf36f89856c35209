"""What the create form says about each camera's recordings (pure): valid Block Kit in both
languages up to 32 cameras with hostile names, the cases' sentences on the cameras field, the
confirm button within Slack's 24 characters, the Play value (checked when read) and the link
modal."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import pytest

from bot.features.retrievals.new_task_form import (
    FormField,
    FormOrigin,
    FormValues,
    render_new_task_form,
)
from bot.features.retrievals.recording_check import (
    cameras_hint,
    confirm_label,
    partial_notes,
    play_value,
    read_play_value,
    recording_blocks,
    recording_note_modal,
    render_recording_playback,
)
from bot.ivc.new_task import ChannelRef
from bot.ivc.recording_check import CameraRecording, RecordingCase, RecordingsCheck
from bot.ivc.recordings import RecordSpan
from bot.simulator.cameras import HOSTILE_NAMES
from bot.views.i18n import label
from tests.support.blockkit import assert_valid_modal

START = int(datetime(2026, 3, 12, 8, 0, tzinfo=UTC).timestamp())
END = START + 3600
ZONE = "Europe/Paris"
CASES = [
    CameraRecording(ChannelRef("d", "c0"), RecordingCase.ARCHIVED, (RecordSpan(START, END),), True),
    CameraRecording(
        ChannelRef("d", "c1"),
        RecordingCase.ARCHIVED,
        (RecordSpan(START, START + 1200), RecordSpan(START + 2400, END)),
        False,
    ),
    CameraRecording(
        ChannelRef("d", "c2"), RecordingCase.NOT_ARCHIVED, (RecordSpan(START, END),), True
    ),
    CameraRecording(ChannelRef("d", "c3"), RecordingCase.NONE),
]


def _check(count: int) -> RecordingsCheck:
    cameras = [
        CameraRecording(ChannelRef(f"dev-{i}", f"ch-{i}"), c.case, c.spans, c.whole_window)
        for i, c in ((i, CASES[i % 4]) for i in range(count))
    ]
    return RecordingsCheck(tuple(cameras))


def _names(check: RecordingsCheck) -> dict[ChannelRef, str]:
    return {
        c.ref: HOSTILE_NAMES[i % len(HOSTILE_NAMES)] + " · " + "长" * 40
        for i, c in enumerate(check.cameras)
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("count", [1, 4, 32])
def test_the_form_with_each_cameras_case_is_valid_block_kit(lang: str, count: int) -> None:
    check = _check(count)
    names = _names(check)
    values = FormValues("gate_0312", date(2026, 3, 12), time(9), time(10), ZONE)
    view = render_new_task_form(
        values,
        FormOrigin(zone=ZONE, confirmed="0123456789abcdef.1.1"),
        lang=lang,
        with_describe=True,
        problems={FormField.CAMERAS: cameras_hint(check, names, lang, ZONE)},
        after_cameras=recording_blocks(check, names, (START, END), lang=lang, zone=ZONE),
        submit=confirm_label(len(check.archived) or 1, lang),
    )
    assert_valid_modal(view)
    camera_field = next(b for b in view["blocks"] if b["block_id"] == "cameras")
    assert len(camera_field["hint"]["text"]) <= 2000
    plays = [b["accessory"] for b in view["blocks"] if "accessory" in b]
    assert len(plays) == count // 4 + (count % 4 > 2), "a Play for footage not archived only"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_cases_sentence_is_on_the_cameras_field(lang: str) -> None:
    check = RecordingsCheck(tuple(CASES))
    names = {c.ref: f"Gate {c.ref.channel_id}" for c in CASES}
    hint = cameras_hint(check, names, lang, ZONE)
    assert label(lang, "recording.confirm", kept=2, total=4) in hint
    for sentence in (
        label(lang, "recording.case.archived"),
        label(lang, "recording.case.archived_part", spans="09:00–09:20, 09:40–10:00"),
        label(lang, "recording.case.not_archived", spans="09:00–10:00"),
        label(lang, "recording.case.none"),
    ):
        assert sentence in hint, sentence
    assert "Gate c1" in partial_notes(RecordingsCheck(tuple(CASES[:2])), names, lang, ZONE)
    nothing = cameras_hint(RecordingsCheck(tuple(CASES[2:])), names, lang, ZONE)
    assert nothing.startswith(label(lang, "recording.nothing"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_confirm_button_fits_slack(lang: str) -> None:
    labels = [confirm_label(n, lang) for n in range(1, 33)]
    assert all(0 < len(text) <= 24 for text in labels)
    assert labels[0] != labels[1], "one camera is said apart"


def test_a_play_value_names_a_camera_and_window_and_nothing_else() -> None:
    ref = ChannelRef("dev", "ch")
    assert read_play_value(play_value(ref, START, END)) == (ref, START, END)
    for forged in (
        "",
        "[]",
        json.dumps(["dev", "ch", START]),
        json.dumps(["dev", "", START, END]),
        json.dumps(["dev", "ch", "1", END]),
        json.dumps(["dev", "ch", True, END]),
        json.dumps(["dev", "ch", -1, END]),
        json.dumps({"d": "dev"}),
    ):
        assert read_play_value(forged) is None, forged


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_link_modal_is_valid_and_holds_the_link_once(lang: str) -> None:
    url = "https://playback.example/hls.m3u8?token=SECRET"
    message = render_recording_playback("<@U0> gate", START, END, url, datetime.now(UTC), lang)
    view = recording_note_modal(message.text, lang, message.blocks)
    assert_valid_modal(view)
    assert json.dumps(view).count("SECRET") == 1 and "SECRET" not in message.text
    assert_valid_modal(recording_note_modal(label(lang, "recording.fetching"), lang))
