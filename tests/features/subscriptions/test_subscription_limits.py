"""Finding 3 through the wire: a full channel, zone names that fire alike and a burst of
``subscribe`` commands are each refused with one line, and nothing more is posted."""

from collections.abc import Iterator

import pytest

from tests.support.app_fixtures import Wire, dump, start_wire


@pytest.fixture(scope="module")
def wire(tmp_path_factory) -> Iterator[Wire]:
    with start_wire(tmp_path_factory.mktemp("limits"), MAX_SUBSCRIPTIONS_PER_CHANNEL="2") as w:
        yield w


def subscribe(wire: Wire, text: str, channel: str, user: str) -> str:
    reply = wire.command(text, channel_id=channel, user_id=user)
    return dump(reply.wait_response())


def test_a_full_channel_refuses_with_one_line(wire):
    subscribe(wire, "subscribe daily 09:00", "C0FULL", "U0FULLA")
    subscribe(wire, "subscribe daily 10:00", "C0FULL", "U0FULLB")
    refusal = subscribe(wire, "subscribe notify", "C0FULL", "U0FULLC")
    assert "2 subscriptions" in refusal and "unsubscribe" in refusal
    assert len(wire.fake.messages("C0FULL")) == 2, "only the two confirmations"


def test_zone_names_of_one_offset_are_duplicates(wire):
    subscribe(wire, "subscribe daily 11:45 Asia/Shanghai", "C0ZONES", "U0ZONEA")
    refusal = subscribe(wire, "subscribe daily 11:45 Asia/Taipei", "C0ZONES", "U0ZONEB")
    assert "already" in refusal and "Asia/Shanghai" in refusal
    assert len(wire.fake.messages("C0ZONES")) == 1


def test_six_subscribe_commands_in_a_minute_the_sixth_is_refused(wire):
    for index in range(5):
        subscribe(wire, f"subscribe daily 0{index}:30", f"C0BURST{index}", "U0BURST")
    refusal = subscribe(wire, "subscribe daily 06:30", "C0BURST5", "U0BURST")
    assert "Too many `subscribe` commands" in refusal
    assert wire.fake.messages("C0BURST5") == []
