"""Both clients fetch a channel's playback address on the simulator: a fresh address
each call, typed refusals with one-line messages, malformed answers; the address never shows
its token in a repr, a str, an error or a log line (including the observed backend's).

Every test taking ``client`` runs once per API (``ivc_api``).
"""

from __future__ import annotations

import json
import logging

import pytest

from bot.ivc.errors import IvcError, IvcMalformedError, IvcRefusedError
from bot.ivc.playback import PlaybackAddress, PlaybackWindow, playback_address
from bot.ivc.refusals import Refusal
from bot.observability.ivc_calls import ObservedBackend
from bot.simulator import Fault
from bot.simulator.playback import PLAYBACK_HOST
from tests.simulator.test_playback import END, PENDING_ID, RETRIEVED_ID, START, _task

WINDOW = PlaybackWindow("ch-1", START, END)


@pytest.fixture
async def client(make_backend, simulator):
    simulator.sim.set_tasks(
        [_task(RETRIEVED_ID, 0, [("ch-1", 0), ("ch-2", 3)]), _task(PENDING_ID, 2, [("ch-p", 2)])]
    )
    async with make_backend(simulator) as c:
        yield c


def _token_parts(sim) -> list[str]:
    return list(sim.playback_book.tokens)


async def test_each_call_gets_a_fresh_address(client, simulator):
    first = await client.playback_url(WINDOW)
    second = await client.playback_url(WINDOW)
    assert isinstance(first, PlaybackAddress) and first.host == PLAYBACK_HOST
    assert first.url != second.url and first.request_id != second.request_id
    tokens = _token_parts(simulator.sim)
    assert len(tokens) == 2 and tokens[0] in first.url and tokens[1] in second.url
    for shown in (repr(first), str(first), f"{first}", repr([first])):
        assert PLAYBACK_HOST in shown and first.request_id in shown
        assert tokens[0] not in shown and "m3u8" not in shown and "/record/" not in shown


@pytest.mark.parametrize(
    ("window", "reason"),
    [
        (PlaybackWindow("ch-p", START, END), Refusal.ARCHIVED),
        (PlaybackWindow("nope", START, END), Refusal.UNKNOWN_CHANNEL),
        (PlaybackWindow("ch-2", START, END), Refusal.NO_RECORDING),
    ],
)
async def test_refusals_are_typed_one_line_errors(client, window, reason):
    with pytest.raises(IvcRefusedError) as caught:
        await client.playback_url(window)
    assert caught.value.reason is reason
    assert "\n" not in str(caught.value) and "RequestId" in str(caught.value)


async def test_an_expired_copy_is_refused(client, simulator):
    simulator.sim.expire_copy(RETRIEVED_ID)
    with pytest.raises(IvcRefusedError) as caught:
        await client.playback_url(WINDOW)
    assert caught.value.reason is Refusal.ARCHIVED


@pytest.mark.parametrize("fault", [Fault.WRONG_TYPES, Fault.DATA_NULL])
async def test_a_malformed_answer_is_an_error_that_quotes_nothing(client, simulator, fault):
    simulator.sim.set_fault(fault)
    with pytest.raises(IvcMalformedError) as caught:
        await client.playback_url(WINDOW)
    assert "12345" not in str(caught.value)


@pytest.mark.parametrize("fault", [Fault.HTTP_502_HTML, Fault.RATE_LIMITED, Fault.INVALID_JSON])
async def test_faults_are_ivc_errors(client, simulator, fault):
    simulator.sim.set_fault(fault)
    with pytest.raises(IvcError):
        await client.playback_url(WINDOW)


async def test_the_observed_backend_logs_request_id_and_host_only(client, simulator, caplog):
    seen: list[tuple[str, BaseException | None]] = []
    observed = ObservedBackend(client, lambda op, _s, error: seen.append((op, error)))
    with caplog.at_level(logging.DEBUG):
        address = await observed.playback_url(WINDOW)
    assert seen == [("playback", None)]
    logged = caplog.text
    assert address.request_id in logged and PLAYBACK_HOST in logged
    assert _token_parts(simulator.sim)[0] not in logged and "m3u8" not in logged


def test_playback_address_reads_only_web_addresses():
    assert playback_address({"Hls": "https://h.example/a.m3u8?token=x"}, "r").host == "h.example"
    bad: object
    for bad in (None, [], {"Hls": 1}, {"Hls": "javascript:alert(1)"}, {"Hls": "https:// x"}):
        with pytest.raises(IvcMalformedError) as caught:
            playback_address(bad, "r")
        assert "alert" not in str(caught.value)


async def test_api3_asks_for_corrected_timestamps(client, simulator, ivc_api):
    """Playback that stops where a stream's timestamps jump back is what CorrectTimestamp fixes."""
    await client.playback_url(WINDOW)
    [asked] = [r for r in simulator.sim.requests if r.endpoint == "playback"]
    if ivc_api == "cloudapi":
        assert json.loads(asked.body or b"{}")["CorrectTimestamp"] is True
    else:
        assert "CorrectTimestamp" not in asked.params, "the IVC API documents no such field"
