"""Hostile text from upstream (task and channel names) and from the user reaches Slack inert."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.app_fixtures import baseline_records, dump, header_text, task_ids
from tests.support.blockkit import assert_no_pings, assert_valid_message

LONG = "L" * 10_000
DATE_TOKEN = re.compile(r"<!date\^\d+\^[^|<>]*\|[^<>]*>")  # Slack's date formatting, ours
HOSTILE_NAMES = [
    "<!channel>",
    "<@U123>",
    "<!here|x>",
    "<!everyone> deploy now",
    "<#C0001|general>",
    "<!subteam^S0123|oncall>",
    "<https://evil.example|click me>",
    "*bold* _it_ ~strike~ `code`",
    "&amp; &lt;b&gt; & < >",
    "ctrl\x00\x07\x1b[31m\r\n\tname\u2028x",
    "\u202eevil\u202c \u200fRTL\u200e \u2067iso\u2069",
    LONG,
]


def _shown(value: Any):
    """Every string Slack displays (button values are data, never shown)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "value":
                yield from _shown(item)
    elif isinstance(value, list):
        for item in value:
            yield from _shown(item)


def assert_inert(payload: dict[str, Any]) -> None:
    """Valid, pings nobody, and no raw Slack markup or control/bidi character anywhere."""
    assert_valid_message(payload)
    assert_no_pings(payload)
    for text in _shown({"text": payload["text"], "blocks": payload["blocks"]}):
        bare = DATE_TOKEN.sub("", text)
        assert "<" not in bare and ">" not in bare, text[:200]
        assert not any(ord(c) < 0x20 and c != "\n" for c in text), repr(text[:200])
        for mark in ("\u202e", "\u200f", "\u2067", "\u2028"):
            assert mark not in text, repr(text[:200])
        assert LONG not in text and len(text) < 3001


@pytest.fixture
def hostile(in_process):
    base = baseline_records()
    records = []
    for i, name in enumerate(HOSTILE_NAMES):
        record = {**base[i], "TaskName": name, "Status": 2, "TaskId": f"{i:032x}"}
        records.append(record)
    records[0]["Channels"] = [
        {
            "DeviceId": "d1",
            "DeviceName": "<!channel>",
            "ChannelId": "<@U999>",
            "ChannelName": "*cam* <!here>",
            "Status": 0,
        },
        {
            "DeviceId": "d2",
            "DeviceName": "\u202eRTL" + LONG,
            "ChannelId": "2",
            "ChannelName": "&amp;\x00",
            "Status": 1,
        },
    ]
    in_process.reset(records + base[len(records) :])
    return in_process, records


def test_hostile_names_in_the_list_are_escaped(hostile):
    wire, records = hostile

    for text in ("pending", "pending refresh", "all", "summary"):
        answer = wire.ask(text)
        assert_inert(answer)

    pending = wire.ask("pending")
    assert set(task_ids(pending)) >= {r["TaskId"] for r in records}
    shown = dump(pending)
    assert "&amp;lt;!channel&amp;gt;" not in shown, "escaped exactly once"
    assert "&lt;!channel&gt;" in shown
    assert "&lt;@\u200bU123&gt;" in shown
    assert "&amp;amp;" in shown, "a literal &amp; shows as typed"
    assert "*\u200bbold*\u200b" in shown, "mrkdwn marks in names stay literal"
    assert "L" * 99 + "…" in shown and "L" * 101 not in shown, "a 10,000-char name is cut"


def test_hostile_channel_names_in_details(hostile):
    wire, records = hostile

    answer = wire.ask(f"show {records[0]['TaskId']}")

    assert_inert(answer)
    assert header_text(answer) == "Task details"
    assert "&lt;!here&gt;" in dump(answer)


@pytest.mark.parametrize(
    "text",
    [
        "search <!channel>",
        "search <@U123> <!here|x>",
        "<!everyone>",
        "show <@U123> extra",
        "search " + "<!channel>" * 300,
        "search \u202e\x07",
    ],
)
def test_hostile_user_text_is_escaped(hostile, text):
    wire, _ = hostile

    answer = wire.ask(text)

    assert_inert(answer)
