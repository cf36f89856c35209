"""``show <TaskId> public`` as a Work Object: posted in the channel with the task entity and who
shared it; where the app cannot post there, or the task is not listed, the answer goes through
``response_url`` as before."""

from __future__ import annotations

from typing import Any

from tests.support.app_fixtures import baseline_records, check_payload
from tests.support.in_process import InProcess
from tests.support.work_objects import PUBLIC_URL, app_session

RETRIEVED = next(r for r in baseline_records() if r["Status"] == 0)

wire_session = app_session("public-show", IVC_API="cloudapi")


def posted(wire: InProcess, channel: str, seen: int = 0) -> dict[str, Any]:
    """The first message the app posted in ``channel`` after the ``seen`` ones."""
    return wire.fake.wait_for_sync(lambda: next(iter(wire.fake.messages(channel)[seen:]), None))


def test_a_public_show_is_posted_with_the_task_entity_and_its_sharer(wire):
    task_id = RETRIEVED["TaskId"]

    reply = wire.command(f"show {task_id} public", channel_id="C0001", user_name="dana")

    assert reply.ack is None, "nothing shown in the ack: the answer is posted"
    message = posted(wire, "C0001")
    check_payload({"text": message["text"], "blocks": message["blocks"]})
    [entity] = message["metadata"]["entities"]
    assert entity["entity_type"] == "slack#/entities/task"
    assert entity["external_ref"]["id"] == task_id
    assert entity["url"] == f"{PUBLIC_URL}/tasks/{task_id}"
    assert message["metadata"]["event_payload"]["key"] == f"shown:{task_id}"
    sharer = message["blocks"][-1]
    assert sharer["type"] == "context"
    assert sharer["elements"][0]["text"] == "Shared by dana with `/retrieval-tasks show`"
    assert task_id in str(message["blocks"])
    assert reply.responses() == [], "not also sent through response_url"


def test_where_the_app_is_not_a_member_the_answer_goes_through_response_url(wire):
    wire.fake.set_channel("C0OUT", is_member=False)
    task_id = RETRIEVED["TaskId"]
    before = posts(wire)

    reply = wire.command(f"show {task_id} public", channel_id="C0OUT")

    answer = reply.wait_response()
    assert answer["response_type"] == "in_channel"
    assert task_id in str(answer["blocks"])
    assert wire.fake.messages("C0OUT") == []
    refused = [c.response["error"] for c in wire.fake.calls("chat.postMessage")[before:]]
    assert refused == ["not_in_channel"]


def posts(wire: InProcess) -> int:
    return len(wire.fake.calls("chat.postMessage"))


def test_a_task_not_listed_is_answered_as_before_without_a_post(wire):
    before = posts(wire)
    reply = wire.command("show no-such-task public", channel_id="C0001")

    answer = reply.answer()
    assert answer["response_type"] == "in_channel"
    assert "no-such-task" in answer["text"]
    assert posts(wire) == before


def test_a_private_show_is_unchanged(wire):
    before = posts(wire)
    reply = wire.command(f"show {RETRIEVED['TaskId']}", channel_id="C0001")

    assert RETRIEVED["TaskId"] in str(reply.answer()["blocks"])
    assert reply.answer().get("response_type") != "in_channel"
    assert posts(wire) == before
