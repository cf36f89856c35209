"""Play over the wire: the app as a process (``python -m bot serve``, and ``-v`` for
debug logging) on both IVC APIs; a Play click answers the clicker alone with a fresh link,
and the process's whole output (debug lines of every library included) holds no playback
address past its host and no token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.simulator.playback import PLAYBACK_HOST
from tests.support.app_fixtures import Wire, buttons, start_wire
from tests.support.simulator import IVC_APIS


@pytest.fixture(scope="module", params=IVC_APIS)
def verbose(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Wire]:
    with start_wire(
        tmp_path_factory.mktemp(f"play-{request.param}"), verbose=True, IVC_API=request.param
    ) as wire:
        yield wire


def _retrieved_camera(wire: Wire) -> tuple[str, str]:
    for record in wire.sim.records():
        details = wire.sim.details(record["TaskId"]) or {}
        if record["Status"] == 0:
            for channel in details.get("Channels", []):
                if channel["Status"] == 0:
                    return record["TaskId"], channel["ChannelId"]
    raise AssertionError("no retrieved camera in the baseline")


def test_two_clicks_two_fresh_links_nothing_logged_even_at_debug(verbose: Wire) -> None:
    task_id, channel_id = _retrieved_camera(verbose)
    shown = verbose.ask(f"show {task_id}")
    offered = [b for k, b in buttons(shown).items() if k.startswith("task_play")]
    assert f"{task_id}|{channel_id}" in [b["value"] for b in offered]
    before = verbose.sim.calls["playback"]
    urls = []
    for n in (1, 2):
        body = verbose.click("task_play.0", f"{task_id}|{channel_id}").wait_response()
        assert verbose.sim.calls["playback"] == before + n
        assert body["response_type"] == "ephemeral" and body["replace_original"] is False
        urls.append(buttons(body)["task_play_open"]["url"])
        verbose.click("task_play_open", urls[-1])  # Slack reports the url button's click too
    assert urls[0] != urls[1] and all(PLAYBACK_HOST in u for u in urls)
    assert not verbose.fake.calls("chat.postMessage")
    output = verbose.app.output()
    assert " DEBUG " in output and "playback link for task" in output
    for token in verbose.sim.playback_book.tokens:
        assert token not in output and token[:12] not in output
    for part in (f"{PLAYBACK_HOST}/", "hls.m3u8", "token="):
        assert part not in output
