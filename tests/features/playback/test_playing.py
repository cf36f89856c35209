"""Play the footage, in process on both IVC APIs with the simulator and the fake
Slack on loopback: a task that moves to retrieved offers Play in ``show``; each click fetches a
fresh address (a playback call after the click) answered to the clicker alone; pending and
retrieving tasks offer no Play and a forged click gets one line; who may play is checked on
the click; and no playback address past the host, nor its token, is in any log line, channel
post or database row."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from bot.simulator.playback import PLAYBACK_HOST
from tests.support.app_fixtures import baseline_records, buttons, dump
from tests.support.in_process import InProcess
from tests.support.slack_requests import block_actions_payload

GUEST = "U0GUEST"


@pytest.fixture
def wire(in_process: InProcess, caplog: pytest.LogCaptureFixture) -> Iterator[InProcess]:
    caplog.set_level(logging.DEBUG)
    yield in_process
    in_process.sim.playback_book.expired.clear()


def _task(wire: InProcess, status: int, *, cameras: int = 1) -> tuple[str, list[str]]:
    """A baseline task of ``status`` with at least ``cameras`` channels that have archive:
    its TaskId and those ChannelIds (the simulator's channels of that task)."""
    for record in baseline_records():
        if record["Status"] != status:
            continue
        details = wire.sim.details(record["TaskId"]) or {}
        ids = [c["ChannelId"] for c in details.get("Channels", []) if c["Status"] != 3]
        if len(ids) >= cameras:
            return record["TaskId"], ids
    raise AssertionError(f"no baseline task of status {status} with {cameras} cameras")


def _plays(wire: InProcess) -> int:
    return int(wire.sim.calls["playback"])


def _play_buttons(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: b for k, b in buttons(payload).items() if k.startswith("task_play")}


def _link(payload: dict[str, Any]) -> str:
    url = buttons(payload)["task_play_open"]["url"]
    assert isinstance(url, str)
    return url


def _token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


def _only_for_the_clicker(body: dict[str, Any]) -> None:
    assert body.get("response_type") == "ephemeral" and body.get("replace_original") is False


def _all_rows(wire: InProcess) -> str:
    async def read() -> str:
        async with wire.runtime.db.engine.connect() as conn:
            names = await conn.run_sync(lambda c: sa.inspect(c).get_table_names())
            rows = [await conn.execute(sa.text(f'SELECT * FROM "{n}"')) for n in names]
            return "\n".join(repr(r.all()) for r in rows)

    return wire.app.call(read())


def assert_no_playback_address(wire: InProcess, caplog: pytest.LogCaptureFixture) -> None:
    """No token handed out, nor any address past the host, in the app's log output, the
    test's captured log records, posts to channels (any Slack Web API call) or the database."""
    tokens = list(wire.sim.playback_book.tokens)
    assert tokens, "the test fetched at least one address"
    calls = [dump(c.params) for c in wire.fake.calls(redact=True)]
    places = {
        "app log output": wire.app.output(),
        "captured log records": caplog.text,
        "Slack Web API calls and channel messages": "\n".join(
            calls + [dump(m) for m in wire.fake.messages()]
        ),
        "database rows": _all_rows(wire),
    }
    for where, text in places.items():
        for token in tokens:
            assert token not in text and token[:12] not in text, f"a token in the {where}"
        for part in (f"{PLAYBACK_HOST}/", "hls.m3u8", "token="):
            assert part not in text, f"{part!r} (a playback address) in the {where}"


def test_a_task_that_moves_to_retrieved_offers_play_and_each_click_gets_a_fresh_link(
    wire: InProcess, caplog: pytest.LogCaptureFixture
) -> None:
    task_id, cameras = _task(wire, 2)
    assert not _play_buttons(wire.ask(f"show {task_id}")), "no Play while pending"
    wire.sim.set_task_status(task_id, 0)
    shown = wire.ask(f"show {task_id} refresh")
    offered = _play_buttons(shown)
    assert [b["value"] for b in offered.values()] == [f"{task_id}|{c}" for c in cameras]
    assert _plays(wire) == 0, "showing Play fetches no address"
    action_id, button = next(iter(offered.items()))

    links = []
    for clicks in (1, 2):
        body = wire.click(action_id, button["value"]).wait_response()
        assert _plays(wire) == clicks, "one playback call per click, made after it"
        _only_for_the_clicker(body)
        links.append(_link(body))
        assert "Open recording" in dump(body) and "Play again" in dump(body)
    assert urlsplit(links[0]).hostname == PLAYBACK_HOST
    assert _token(links[0]) != _token(links[1])
    assert [_token(u) for u in links] == wire.sim.playback_book.tokens[-2:]
    assert not wire.fake.calls("chat.postMessage"), "nothing is posted in a channel"
    assert "playback link for task" in wire.app.output(), "the link was logged by RequestId"
    assert_no_playback_address(wire, caplog)


@pytest.mark.parametrize("status", [2, 1])
def test_pending_and_retrieving_tasks_offer_no_play_and_a_forged_click_gets_one_line(
    wire: InProcess, status: int
) -> None:
    task_id, cameras = _task(wire, status)
    assert not _play_buttons(wire.ask(f"show {task_id}"))
    for value in (task_id, f"{task_id}|{cameras[0]}"):
        body = wire.click("task_play", value).wait_response()
        _only_for_the_clicker(body)
        assert [b["block_id"] for b in body["blocks"]] == ["play_not_retrieved"]
    assert _plays(wire) == 0, "IVC is not asked for a task the app knows is not retrieved"


def test_forged_ids_are_checked_against_ivc_never_trusted(wire: InProcess) -> None:
    task_id, _ = _task(wire, 0)
    for value, block_id in (
        ("f" * 32, "task_not_found"),
        (f"{task_id}|no-such-channel", "play_no_channel"),
        (f"{'0' * 32}|1", "task_not_found"),
    ):
        body = wire.click("task_play.3", value).wait_response()
        assert [b["block_id"] for b in body["blocks"]] == [block_id], body
    assert _plays(wire) == 0


def test_an_expired_copy_gets_ivcs_refusal_as_one_line(wire: InProcess) -> None:
    task_id, cameras = _task(wire, 0)
    wire.sim.expire_copy(task_id)
    body = wire.click("task_play", f"{task_id}|{cameras[0]}").wait_response()
    assert [b["block_id"] for b in body["blocks"]] == ["play_refused"]
    assert "expired" in body["text"] and _plays(wire) == 1


def test_play_command_plays_one_camera_or_offers_each(wire: InProcess) -> None:
    task_id, cameras = _task(wire, 0, cameras=2)
    choice = wire.command(f"play {task_id}").wait_response()
    assert choice["replace_original"] is True, "replaces the private 'fetching' note"
    offered = _play_buttons(choice)
    assert len(offered) == len(cameras) and _plays(wire) == 0
    link = wire.command(f"播放 {task_id} {cameras[1]}").wait_response()
    assert urlsplit(_link(link)).hostname == PLAYBACK_HOST and _plays(wire) == 1
    assert wire.ask("play")["blocks"], "a missing TaskId gets the usage line"


def test_who_may_play_is_checked_on_the_click(wire: InProcess) -> None:
    task_id, cameras = _task(wire, 0)
    wire.fake.set_user(GUEST, is_restricted=True)
    reply = wire.click("task_play", f"{task_id}|{cameras[0]}", user_id=GUEST)
    body = reply.wait_response()
    assert [b["block_id"] for b in body["blocks"]] == ["user_not_allowed"]
    assert _plays(wire) == 0


def test_the_link_buttons_own_click_is_acked_and_never_logged(
    wire: InProcess, caplog: pytest.LogCaptureFixture
) -> None:
    task_id, cameras = _task(wire, 0)
    body = wire.click("task_play", f"{task_id}|{cameras[0]}").wait_response()
    url = _link(body)
    payload_back = {"action_id": "task_play_open", "url": url}
    reply = wire.click("task_play_open", dump(payload_back))  # Slack sends the url back
    assert reply.status == 200 and reply.ack is None
    assert _plays(wire) == 1
    assert_no_playback_address(wire, caplog)


def test_a_camera_picked_in_the_select_plays_it(wire: InProcess) -> None:
    task_id, cameras = _task(wire, 0, cameras=2)
    rid = wire.new_response_id()
    value = f"{task_id}|{cameras[-1]}"
    payload = block_actions_payload(
        "task_play_pick", "", response_url=wire.fake.response_url(rid), block_id="task_play"
    )
    action = payload["actions"][0]
    del action["value"]
    action.update(type="static_select", selected_option={"text": _text(), "value": value})
    assert wire.interact(payload).status_code == 200
    body = wire.fake.wait_for_response_sync(rid, 1, 15)
    wire.check_responses(rid)
    _only_for_the_clicker(body)
    assert urlsplit(_link(body)).hostname == PLAYBACK_HOST and _plays(wire) == 1


def _text() -> dict[str, Any]:
    return {"type": "plain_text", "text": "Gate / 2"}
