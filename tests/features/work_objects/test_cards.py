"""Slack's answers to a card carrying the task entity: taken, or taken with it dropped."""

import pytest

from bot.features.work_objects.cards import dropped


@pytest.mark.parametrize(
    "answer",
    [
        {"ok": True, "warning": "entity_metadata_dropped"},
        {"ok": True, "response_metadata": {"warnings": ["invalid_metadata"]}},
        {"ok": True, "response_metadata": {"messages": ["[WARN] entities not supported"]}},
    ],
)
def test_a_warning_about_the_metadata_means_the_entity_was_dropped(answer):
    assert dropped(answer)


@pytest.mark.parametrize(
    "answer",
    [
        {"ok": True, "ts": "1.0"},
        {"ok": True, "warning": "missing_charset"},
        {"ok": True, "response_metadata": {"warnings": ["superfluous_charset"]}},
    ],
)
def test_other_warnings_leave_the_entity_taken(answer):
    assert not dropped(answer)
