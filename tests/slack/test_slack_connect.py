"""Slack Connect through the wire: a person of another organisation in a channel shared with
the app's workspace sees the cards the channel shows and nothing more. Play, details,
Download, Watch, a form and the App Home are refused with one line only they see, and IVC is
never asked; with ALLOW_EXTERNAL_USERS they are served like members, under VIEWERS. A payload
of an org context (``team: null``) is judged by the same rules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.features.retrievals.new_task_form import NEW_TASK_VIEW
from tests.support.app_fixtures import Wire, dump, start_wire
from tests.support.in_process import submission_payload
from tests.support.polling import wait_until
from tests.support.simulator import retrieved_camera
from tests.support.slack_connect import (
    HOST,
    PARTNER,
    from_partner,
    in_installed_modal,
    org_context,
    selected,
    shared_channel_event,
)

CHANNEL = "C0SHARED"
PARTNER_USER = "U0PARTNER"
EXTERNAL_LINE = "another organisation"


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wire]:
    with start_wire(tmp_path_factory.mktemp("connect"), TASK_MANAGERS=PARTNER_USER) as w:
        w.fake.set_user(PARTNER_USER, team_id=PARTNER)
        yield w


@pytest.fixture(scope="module")
def open_wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wire]:
    with start_wire(
        tmp_path_factory.mktemp("connect-open"),
        ALLOW_EXTERNAL_USERS="true",
        VIEWERS=f"{PARTNER_USER},U0001",
    ) as w:
        w.fake.set_user(PARTNER_USER, team_id=PARTNER)
        w.fake.set_user("U0OTHERPARTNER", team_id=PARTNER)
        yield w


def _on_shared_card(**fields: str) -> dict[str, object]:
    """The fields of a click on a card the app posted in the shared channel."""
    card = {"type": "message", "ts": "1700000000.000100", "text": "card", "blocks": []}
    return {
        "channel_id": CHANNEL,
        "user_id": PARTNER_USER,
        "is_ephemeral": False,
        "message": card,
        **fields,
    }


def _refused_privately(body: dict[str, object]) -> None:
    text = dump(body)
    assert EXTERNAL_LINE in text and "ALLOW_EXTERNAL_USERS" in text, text
    assert body.get("response_type") == "ephemeral", "only the clicker sees why"


def test_play_on_a_shared_card_by_a_partner_gets_one_line_and_no_link(wire: Wire) -> None:
    task_id, camera = retrieved_camera(wire.sim)
    before = wire.sim.calls["playback"]
    reply = wire.click_shaped(
        from_partner, "task_play.0", f"{task_id}|{camera}", **_on_shared_card()
    )
    _refused_privately(reply.wait_response())
    assert wire.sim.calls["playback"] == before, "IVC was never asked for a link"


def test_details_download_and_watch_are_refused_alike(wire: Wire) -> None:
    task_id, camera = retrieved_camera(wire.sim)
    details = wire.click_shaped(
        lambda p: selected(from_partner(p), "task_pick", task_id),
        "task_pick",
        task_id,
        **_on_shared_card(),
    )
    body = details.wait_response()
    _refused_privately(body)
    assert camera not in dump(body), "no channel of the task is shown"
    for action_id, value in (("task_download", f"{task_id}|{camera}"), ("task_watch", task_id)):
        _refused_privately(
            wire.click_shaped(from_partner, action_id, value, **_on_shared_card()).wait_response()
        )
    assert not wire.fake.calls("chat.postMessage"), "no watch confirmation, no DM"


def test_a_partner_form_submission_creates_nothing(wire: Wire) -> None:
    before = wire.sim.calls["create"]
    payload = in_installed_modal(
        from_partner(submission_payload(NEW_TASK_VIEW, {}, user_id=PARTNER_USER, team_id=HOST))
    )
    response = wire.interact(payload)
    assert response.status_code == 200
    answer = response.json()
    assert answer["response_action"] == "update", "the form says why in place"
    assert EXTERNAL_LINE in dump(answer["view"])
    assert wire.sim.calls["create"] == before


def test_a_partner_command_is_refused_in_its_ack(wire: Wire) -> None:
    reply = wire.command("pending", channel_id=CHANNEL, user_id=PARTNER_USER)
    text = dump(reply.ack)
    assert EXTERNAL_LINE in text, text
    assert "TaskId" not in text and "Pending" not in text


def test_a_partner_opening_the_home_tab_sees_only_why(wire: Wire) -> None:
    event = {"type": "app_home_opened", "user": PARTNER_USER, "tab": "home", "channel": "D0P"}
    assert wire.envelope(shared_channel_event(event, person_workspace=PARTNER)).status_code == 200
    home = wait_until(lambda: wire.fake.home_view(PARTNER_USER), what="the Home tab", timeout=10)
    text = dump(home)
    assert EXTERNAL_LINE in text and "Pending" not in text


def test_an_org_context_click_without_a_workspace_is_judged_on_the_person(wire: Wire) -> None:
    task_id, camera = retrieved_camera(wire.sim)
    before = wire.sim.calls["playback"]
    reply = wire.click_shaped(
        lambda p: org_context(p, PARTNER),
        "task_play.0",
        f"{task_id}|{camera}",
        **_on_shared_card(),
    )
    _refused_privately(reply.wait_response())
    assert wire.sim.calls["playback"] == before
    member = wire.click_shaped(
        lambda p: org_context(p, HOST),
        "task_play.0",
        f"{task_id}|{camera}",
        **_on_shared_card(user_id="U0001"),
    )
    assert "task_play_open" in dump(member.wait_response()), "a member of the workspace plays"
    assert wire.sim.calls["playback"] == before + 1


def test_allowed_partners_are_served_under_viewers(open_wire: Wire) -> None:
    task_id, camera = retrieved_camera(open_wire.sim)
    listed = open_wire.click_shaped(
        from_partner, "task_play.0", f"{task_id}|{camera}", **_on_shared_card()
    )
    assert "task_play_open" in dump(listed.wait_response())
    unlisted = open_wire.click_shaped(
        from_partner,
        "task_play.0",
        f"{task_id}|{camera}",
        **_on_shared_card(user_id="U0OTHERPARTNER"),
    )
    assert "VIEWERS" in dump(unlisted.wait_response())
