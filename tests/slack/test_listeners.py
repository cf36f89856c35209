"""The listeners' routing and their one failure path, dispatched in process."""

from __future__ import annotations

import pytest

from bot.commands import CommandKind
from bot.features.registry import MANAGER_KINDS, WATCH_KINDS
from bot.features.tasks import listeners as tasks
from bot.slack.admin_paths import HOME_REFRESH
from tests.observability.helpers import PREFIX, value, wait_value
from tests.support.app_fixtures import dump
from tests.support.blockkit import assert_valid_home
from tests.support.features import unwired_features
from tests.support.in_process import InProcess

GENERIC = ":x: Something went wrong on our side; try again in a moment."


def test_every_command_kind_has_exactly_one_listener():
    features = unwired_features()
    routed = [kind for kind, _ in features.listeners()]
    assert sorted(k.value for k in routed) == sorted(k.value for k in CommandKind)
    owner = {kind: getattr(listener, "__self__", None) for kind, listener in features.listeners()}
    assert owner[CommandKind.LIST] is features.tasks
    assert owner[CommandKind.REPORT] is features.report
    assert owner[CommandKind.PLAY] is owner[CommandKind.DOWNLOAD] is features.playback
    assert {k for k in MANAGER_KINDS if owner[k] is features.retrievals} == MANAGER_KINDS
    assert {k for k in WATCH_KINDS if owner[k] is features.watches} == WATCH_KINDS
    subscriptions = {k for k, f in owner.items() if f is features.subscriptions}
    assert subscriptions == {kind for kind, _ in features.subscriptions.commands()}
    assert len(subscriptions) == 5, "subscribe, subscriptions, unsubscribe, pause, resume"


def test_home_refresh_button_fetches_and_republishes_the_home_tab(in_process: InProcess):
    before = in_process.sim.list_requests
    reply = in_process.click(HOME_REFRESH, "", user_id="U0HREF")
    assert reply.status == 200 and reply.ack is None, "acked at once, nothing in the ack"
    view = in_process.fake.wait_for_sync(lambda: in_process.fake.home_view("U0HREF"), timeout=10)
    assert_valid_home(view["blocks"])
    assert in_process.sim.list_requests == before + 1, "Refresh reaches IVC"


def test_a_listener_failure_before_the_ack_is_one_line_and_counted(
    in_process: InProcess, monkeypatch: pytest.MonkeyPatch
):
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(tasks, "answer_from_cache", broken)
    errors = value(in_process, PREFIX + "commands_total", command="list", outcome="error")

    reply = in_process.command("pending")

    assert reply.status == 200
    assert reply.ack is not None and reply.ack["response_type"] == "ephemeral"
    assert reply.ack["text"] == GENERIC, reply.ack
    assert "boom" not in dump(reply.ack)
    assert value(in_process, PREFIX + "commands_total", command="list", outcome="error") == (
        errors + 1
    )
    assert "command list failed: RuntimeError" in in_process.app.output()


def test_a_background_failure_replaces_the_note_with_one_line(
    in_process: InProcess, monkeypatch: pytest.MonkeyPatch
):
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(tasks, "answer", broken)
    errors = value(in_process, PREFIX + "commands_total", command="list", outcome="error")

    reply = in_process.command("pending refresh")

    answer = reply.wait_response()
    assert answer["replace_original"] is True and answer["text"] == GENERIC
    assert "boom" not in dump(answer)
    wait_value(
        in_process,
        PREFIX + "commands_total",
        lambda v: v == errors + 1,
        command="list",
        outcome="error",
    )


def test_refusals_are_counted_as_refused(in_process: InProcess):
    refused = value(in_process, PREFIX + "commands_total", command="pause", outcome="refused")

    answer = in_process.ask("pause 99999", channel_id="C0NOSUCH")

    assert "99999" in dump(answer)
    wait_value(  # answered at response_url: counted once the answer has gone out
        in_process,
        PREFIX + "commands_total",
        lambda v: v == refused + 1,
        command="pause",
        outcome="refused",
    )
