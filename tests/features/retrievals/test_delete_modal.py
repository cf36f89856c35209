"""Delete…'s confirmation modal, its outcome note, the place of the card it carries in
``private_metadata``, and a notification card marked deleted: valid Block Kit, both
languages, junk metadata harmless."""

from __future__ import annotations

import json

import pytest

from bot.features.retrievals.delete_modal import (
    DELETE_VIEW,
    MAX_METADATA,
    CardPlace,
    render_delete_modal,
    render_delete_note,
    working_text,
)
from bot.features.subscriptions.notifications import render_card_deleted
from bot.tasks import StatusFilter
from bot.views.state import ViewState
from tests.support.blockkit import assert_valid_message, assert_valid_modal
from tests.support.tasks import make_task

URL = "https://hooks.slack.com/actions/T1/1/abc"


@pytest.mark.parametrize(
    "place",
    [
        CardPlace("t-1", response_url=URL, state=ViewState(StatusFilter.PENDING, "门 gate", 3)),
        CardPlace("t-1", response_url=URL, everyone=True),
        CardPlace("t-1", channel="C1", ts="1700000000.000100"),
        CardPlace("t-1"),
    ],
)
def test_a_place_round_trips_through_private_metadata(place: CardPlace) -> None:
    text = place.encode()
    assert len(text) <= MAX_METADATA
    assert CardPlace.decode(text) == place


def test_a_channel_card_carries_no_response_url() -> None:
    place = CardPlace("t-1", response_url=URL, channel="C1", ts="1.2")
    assert "u" not in json.loads(place.encode()) and place.card


@pytest.mark.parametrize(
    "junk", ["", "[]", "not json", '{"t": 5, "u": ["x"], "s": 7, "e": true}', "{" * 5000]
)
def test_junk_metadata_is_an_empty_place(junk: str) -> None:
    place = CardPlace.decode(junk)
    assert (place.task_id, place.response_url, place.state, place.everyone) == ("", "", None, False)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_modal_names_the_task_and_is_valid(lang: str) -> None:
    task = make_task(name="gate <!here> *x*", task_id="t-42")
    place = CardPlace("t-42", response_url=URL, state=ViewState())
    modal = render_delete_modal(task, place, lang)
    assert_valid_modal(modal)
    assert modal["callback_id"] == DELETE_VIEW and "submit" in modal and "close" in modal
    assert CardPlace.decode(modal["private_metadata"]) == place
    text = modal["blocks"][0]["text"]["text"]
    assert "t-42" in text and "<!here>" not in text
    expected = {"en": ("Delete task", "Delete"), "zh": ("删除任务", "删除")}[lang]
    assert (modal["title"]["text"], modal["submit"]["text"]) == expected


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_note_and_the_deleted_card_are_valid(lang: str) -> None:
    note = render_delete_note(working_text("t-1", lang), lang)
    assert_valid_modal(note)
    assert "submit" not in note and "t-1" in note["blocks"][0]["text"]["text"]
    card = render_card_deleted(make_task(name="north-gate"), lang=lang)
    payload = card.to_payload()
    assert_valid_message(payload)
    assert not any(b.get("accessory") for b in payload["blocks"]), "no menu on a deleted card"
    assert ("Deleted from Slack" if lang == "en" else "已在 Slack 中删除") in card.text
