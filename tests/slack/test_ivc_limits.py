"""Through the wire: nobody can make the app call IVC one for one.

Forced refreshes (the ``refresh`` word, the Refresh button) within REFRESH_MIN_INTERVAL_SECONDS
of the last fetch share it; a failure is remembered for IVC_BACKOFF_SECONDS (the stale copy,
with its warning, answers meanwhile); ``show`` of a TaskId the task list lacks is "not found"
without a details call; a user beyond USER_COMMANDS_PER_WINDOW gets one line. The app of each
test runs with long intervals, so the counts do not depend on how fast the machine is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.app_fixtures import Wire, buttons, context_text, dump, header_text, start_wire

LONG = "600"  # seconds: no interval of these tests ends while they run
TOO_FAST = ":raised_hand: Too many requests in a short time: try again in "


def users(n: int) -> list[str]:
    return [f"U{index:04d}X" for index in range(n)]


def press_as(wire: Wire, answer: dict[str, Any], user: str) -> dict[str, Any]:
    """``user`` clicks Refresh under ``answer``; the redrawn list."""
    button = buttons(answer)["tasks_refresh"]
    redrawn = wire.click(button["action_id"], button["value"], user_id=user).wait_response()
    assert redrawn.get("replace_original") is True, redrawn
    return redrawn


@pytest.fixture(scope="module")
def sharing(tmp_path_factory) -> Iterator[Wire]:
    """Refreshes shared for 10 minutes; the default per-user limit, over a long window."""
    with start_wire(
        tmp_path_factory.mktemp("sharing"),
        CACHE_TTL_SECONDS=LONG,
        REFRESH_MIN_INTERVAL_SECONDS=LONG,
        USER_COMMANDS_PER_WINDOW="10",
        USER_COMMAND_WINDOW_SECONDS=LONG,
    ) as wire:
        wire.sim.reset_counters()  # the start-up fetch is the one every refresh shares
        yield wire
        wire.check_all_sent()


def test_refresh_commands_and_buttons_share_the_last_fetch(sharing):
    wire = sharing
    answers = []
    for user in users(15):
        answers.append(wire.ask("all refresh", user_id=user))
        answers.append(press_as(wire, answers[-1], user))

    assert wire.sim.list_requests == 0, "each refresh called IVC"
    for answer in answers:
        assert header_text(answer).startswith("All tasks")
        assert " s ago" in context_text(answer, "tasks_footer"), "the copy's age is shown"


def test_show_of_an_unlisted_task_id_makes_no_details_call(sharing):
    wire = sharing
    known = wire.sim.records()[0]["TaskId"]
    answers = [wire.ask(f"show {i:032x}", user_id=user) for i, user in enumerate(users(15))]
    assert wire.sim.details_requests == 0, "an unknown TaskId reached IVC"
    for answer in answers:
        assert answer["text"].startswith(":x: IVC lists no task `"), answer["text"]
        assert "\n" not in answer["text"] and len(answer["blocks"]) == 1

    shown = wire.ask(f"show {known}", user_id="U0DETAILS")
    assert known in dump(shown)
    assert wire.sim.details_requests == 1
    assert wire.sim.list_requests == 0


def test_a_user_beyond_the_limit_gets_one_line(sharing):
    wire = sharing
    for _ in range(10):
        assert wire.command("help", user_id="U0FAST").answered_in_ack
    refused = wire.command("pending", user_id="U0FAST")
    assert refused.status == 200 and refused.ack is not None
    assert refused.ack["text"].startswith(TOO_FAST), refused.ack
    assert refused.ack["response_type"] == "ephemeral" and len(refused.ack["blocks"]) == 1

    click = wire.click("tasks_refresh", json.dumps({"f": "all", "p": 1}), user_id="U0FAST")
    assert click.status == 200
    assert click.wait_response()["text"].startswith(TOO_FAST)

    other = wire.command("pending", user_id="U0SLOW")
    assert other.answered_in_ack, "another user is not limited"
    elsewhere = wire.command("pending", user_id="U0FAST", team_id="T0002")
    assert elsewhere.status == 200 and TOO_FAST not in dump(elsewhere.ack), "keyed by team too"


@pytest.fixture(scope="module")
def outage(tmp_path_factory) -> Iterator[Wire]:
    """A failure is remembered for 10 minutes; no minimum refresh interval."""
    with start_wire(
        tmp_path_factory.mktemp("outage"),
        CACHE_TTL_SECONDS=LONG,
        CACHE_MAX_STALE_SECONDS="3600",
        IVC_BACKOFF_SECONDS=LONG,
        IVC_BACKOFF_MAX_SECONDS=LONG,
        REFRESH_MIN_INTERVAL_SECONDS="0",
    ) as wire:
        yield wire
        wire.check_all_sent()


def test_an_outage_costs_one_ivc_call_per_backoff_window(outage):
    wire = outage
    wire.sim.set_fault("http-500")
    wire.sim.reset_counters()
    for index, user in enumerate(users(8) * 5):
        text = "pending refresh" if index % 2 else "all refresh"
        answer = wire.ask(text, user_id=user)
        footer = context_text(answer, "tasks_footer")
        assert "IVC is not answering (IVC answered HTTP 500" in footer, footer
        assert " s ago" in footer
        click = press_as(wire, answer, user)
        assert "IVC is not answering (" in context_text(click, "tasks_footer")

    assert wire.sim.list_requests == 1, "each request during the outage called IVC"
