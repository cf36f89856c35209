"""The shared section builder: every section text is cut to Slack's 3,000 characters, never
inside a token or an entity, so a long line still makes a valid view."""

from __future__ import annotations

from typing import Any

import pytest

from bot.features.retrievals.delete_modal import render_delete_note
from bot.features.retrievals.new_task_form import FormOrigin, render_form_note
from bot.views.blocks import SECTION_TEXT_MAX, section_text
from tests.support.blockkit import assert_valid_modal

LONG = "IVC said: " + "x" * 5000


def note_text(modal: dict[str, Any]) -> str:
    text: str = modal["blocks"][0]["text"]["text"]
    return text


@pytest.mark.parametrize(
    "modal",
    [render_form_note(LONG, FormOrigin()), render_delete_note(LONG)],
    ids=["form_note", "delete_note"],
)
def test_a_note_longer_than_slack_allows_is_cut_and_the_modal_stays_valid(
    modal: dict[str, Any],
) -> None:
    assert_valid_modal(modal)
    text = note_text(modal)
    assert len(text) == SECTION_TEXT_MAX and text.startswith("IVC said: x")
    assert text.endswith("…")


def test_the_cut_never_splits_a_date_token_or_an_entity() -> None:
    token = "<!date^1795741200^{date_short_pretty}|2026-11-27>"
    around_token = "a" * (SECTION_TEXT_MAX - 20) + token + "b" * 100
    assert section_text(around_token) == "a" * (SECTION_TEXT_MAX - 20) + "…"
    around_entity = "a" * (SECTION_TEXT_MAX - 3) + "&amp;" + "b" * 100
    assert section_text(around_entity) == "a" * (SECTION_TEXT_MAX - 3) + "…"
    short = "a" * SECTION_TEXT_MAX
    assert section_text(short) == short, "a text that fits is kept whole"
