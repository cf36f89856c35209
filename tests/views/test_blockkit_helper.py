"""The shared Block Kit checker catches what it claims to catch."""

from typing import Any

import pytest

from tests.support import schemas
from tests.support.blockkit import assert_no_pings, assert_valid_message

SCHEMA_ONLY = schemas.needs(schemas.BLOCK_KIT)

PLAIN = {"type": "plain_text", "text": "x"}
SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}


def payload(*blocks: dict[str, Any], text: str = "fallback") -> dict[str, Any]:
    return {"text": text, "blocks": list(blocks)}


def test_accepts_a_valid_message_with_a_date_token() -> None:
    token = "<!date^1714464000^{date_short_pretty} {time}|2024-04-30 08:00 UTC>"
    assert_valid_message(payload({"type": "section", "text": {"type": "mrkdwn", "text": token}}))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (payload(SECTION, text=""), "fallback text"),
        (payload(*[SECTION] * 51), "51 blocks"),
        (payload({**SECTION, "block_id": "a"}, {**SECTION, "block_id": "a"}), "duplicate block_id"),
        (
            payload(
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": "x"},
                            "action_id": "b",
                        },
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": "y"},
                            "action_id": "b",
                        },
                    ],
                }
            ),
            "duplicate action_id",
        ),
        pytest.param(
            payload({"type": "section", "text": {"type": "mrkdwn", "text": "a" * 3001}}),
            "blocks/0/text/text",
            marks=SCHEMA_ONLY,
        ),
        pytest.param(
            payload({"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}),
            "long",
            marks=SCHEMA_ONLY,
        ),
        pytest.param(payload(), "should be non-empty", marks=SCHEMA_ONLY),
        (payload({"type": "section", "text": {"type": "mrkdwn", "text": "<!here>"}}), "<!"),
        (payload({"type": "section", "text": {"type": "mrkdwn", "text": "hey <@U1>"}}), "ping"),
        (payload(SECTION, text="<!channel> alert"), "<!"),
    ],
)
def test_rejects(bad: dict[str, Any], message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        assert_valid_message(bad)


@pytest.mark.parametrize(
    "text", ["<!here>", "<!channel>", "<!everyone>", "<@U1>", "<#C1>", "<!subteam^S1>"]
)
def test_no_pings_finds_nested_mentions(text: str) -> None:
    with pytest.raises(AssertionError, match="ping"):
        assert_no_pings({"blocks": [{"elements": [{"text": {"text": text}}]}]})


def test_no_pings_accepts_escaped_text() -> None:
    assert_no_pings({"text": "&lt;!channel&gt; &lt;@U1&gt; <!date^1^{time}|x>"})
