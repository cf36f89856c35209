"""A task's flexpane (``entity_details_requested`` → ``entity.presentDetails``): the task as
the person who opened it may see it, from the cached list and details, with the actions their
rights allow, each going through the card menu's listener and checks; anyone who may not see
it gets one sentence, never the data."""

from __future__ import annotations

from typing import Any

import pytest

from bot.views.notices import render_user_not_allowed
from bot.views.task_menu import MENU_ACTIONS, parse_choice
from tests.support.app_fixtures import baseline_records
from tests.support.in_process import InProcess
from tests.support.slack_requests import block_actions_payload
from tests.support.work_objects import PUBLIC_URL, app_session, entity_details_requested

RETRIEVED = next(r for r in baseline_records() if r["Status"] == 0)
PENDING = next(r for r in baseline_records() if r["Status"] == 2)
MANAGER = "U0MGR"


wire_session = app_session("flexpane", IVC_API="cloudapi", TASK_MANAGERS=MANAGER)


def open_pane(wire: InProcess, task_id: str, **fields: Any) -> dict[str, Any]:
    """Open the task's flexpane; what the app answered ``entity.presentDetails`` with."""
    event = entity_details_requested(task_id, **fields)
    seen = len(wire.fake.presented())
    assert wire.event(event).status_code == 200
    answer = wire.fake.wait_for_sync(lambda: next(iter(wire.fake.presented()[seen:]), None))
    assert answer["trigger_id"] == event["trigger_id"]
    return answer


def actions(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    payload = answer["metadata"]["entity_payload"]
    buttons = payload.get("actions", {})
    listed = [*buttons.get("primary_actions", []), *buttons.get("overflow_actions", [])]
    return {parse_choice(b["value"])[0]: b for b in listed}  # type: ignore[index]


def test_a_viewer_sees_the_task_in_their_zone_with_its_channels(wire):
    wire.fake.set_user("U0001", tz="Europe/Paris")

    answer = open_pane(wire, RETRIEVED["TaskId"])

    entity = answer["metadata"]
    assert "error" not in answer
    assert entity["external_ref"]["id"] == RETRIEVED["TaskId"]
    assert entity["url"] == f"{PUBLIC_URL}/tasks/{RETRIEVED['TaskId']}"
    payload = entity["entity_payload"]
    assert "(Europe/Paris)" in payload["fields"]["description"]["value"]
    custom = {f["key"]: f for f in payload["custom_fields"]}
    channels = custom["channels"]["value"]
    assert channels and all(": " in item["value"] for item in channels)
    buttons = actions(answer)
    assert set(buttons) == {"play", "download", "watch"}, "no manager's action for a viewer"
    assert all(MENU_ACTIONS.match(b["action_id"]) for b in buttons.values())


def test_a_manager_also_gets_retrieve_again_and_delete(wire):
    answer = open_pane(wire, PENDING["TaskId"], user=MANAGER)

    assert set(actions(answer)) == {"watch", "again", "delete"}, "nothing to play when pending"


def test_answered_from_the_cache_while_ivc_fails(wire):
    wire.ask(f"show {RETRIEVED['TaskId']}")  # the details are cached now
    wire.sim.set_fault("http-500")

    answer = open_pane(wire, RETRIEVED["TaskId"])

    custom = {f["key"] for f in answer["metadata"]["entity_payload"]["custom_fields"]}
    assert "channels" in custom


@pytest.mark.parametrize(
    ("user", "fields"),
    [("U0GUEST", {"is_restricted": True}), ("U0OUT", {"team_id": "T0PARTNER"})],
    ids=["guest", "other-organisation"],
)
def test_who_may_not_see_tasks_gets_one_sentence(wire, user, fields):
    wire.fake.set_user(user, **fields)

    answer = open_pane(wire, RETRIEVED["TaskId"], user=user)

    assert "metadata" not in answer
    assert answer["error"]["status"] == "custom"
    sentence = answer["error"]["custom_message"]
    assert sentence and "\n" not in sentence
    assert RETRIEVED["TaskName"] not in str(answer)


def test_the_refusal_speaks_the_language_of_who_opened_it(wire):
    wire.fake.set_user("U0ZHGUEST", is_restricted=True)

    chinese = open_pane(wire, RETRIEVED["TaskId"], user="U0ZHGUEST", locale="zh-CN")
    english = open_pane(wire, RETRIEVED["TaskId"], user="U0ZHGUEST")

    assert chinese["error"]["custom_message"] == render_user_not_allowed("GUEST", "zh").text
    assert english["error"]["custom_message"] == render_user_not_allowed("GUEST", "en").text


def test_a_task_ivc_does_not_list_gets_one_sentence(wire):
    answer = open_pane(wire, "0" * 32)

    assert answer["error"]["custom_message"] == "IVC does not list this task (any more)."


def flexpane_click(button: dict[str, Any], user: str = "U0001") -> dict[str, Any]:
    """A click on a flexpane's button: no response_url, no message, no channel."""
    payload = block_actions_payload(
        button["action_id"], button["value"], response_url="", user_id=user
    )
    for key in ("response_url", "container", "channel"):
        payload.pop(key)
    return payload


def test_an_action_goes_through_the_menu_and_answers_the_clicker_alone(wire):
    watch = actions(open_pane(wire, RETRIEVED["TaskId"]))["watch"]
    before = len(wire.fake.messages("U0001"))

    assert wire.interact(flexpane_click(watch)).status_code == 200

    [answer] = wire.fake.wait_for_sync(lambda: wire.fake.messages("U0001")[before:])
    assert answer["text"].startswith(":eyes:") and RETRIEVED["TaskId"] in answer["text"]


def test_a_forged_managers_action_is_refused_on_the_click(wire):
    delete = actions(open_pane(wire, PENDING["TaskId"], user=MANAGER))["delete"]
    before, opened = len(wire.fake.messages("U0001")), len(wire.fake.calls("views.open"))

    assert wire.interact(flexpane_click(delete, user="U0001")).status_code == 200

    [refusal] = wire.fake.wait_for_sync(lambda: wire.fake.messages("U0001")[before:])
    assert "TASK_MANAGERS" in refusal["text"] or "manager" in refusal["text"].lower()
    assert len(wire.fake.calls("views.open")) == opened


def test_the_pane_speaks_the_language_of_who_opened_it(wire):
    chinese = open_pane(wire, RETRIEVED["TaskId"], locale="zh-CN")
    english = open_pane(wire, RETRIEVED["TaskId"])

    assert chinese["metadata"]["entity_payload"]["fields"]["status"]["value"] == "已取回"
    assert english["metadata"]["entity_payload"]["fields"]["status"]["value"] == "Retrieved"
