"""Download links on the simulator: API 3.0's client gets a fresh link each call (the times as
strings of Unix seconds, ``Expires`` as asked), typed refusals in one line, malformed answers;
the ``/ivc/`` client says it needs API 3.0 without a request; the link never shows its secret
in a repr, a str, an error or a log line (the observed and paced backends' included).

Every test taking ``client`` runs once per API (``ivc_api``)."""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.ivc.call_rate import CallRate, PacedBackend
from bot.ivc.downloads import (
    DownloadLink,
    DownloadsNeedCloudApiError,
    DownloadWindow,
    download_link,
)
from bot.ivc.errors import IvcError, IvcMalformedError, IvcRefusedError
from bot.ivc.refusals import Refusal
from bot.observability.ivc_calls import ObservedBackend
from bot.simulator import Fault
from bot.simulator.downloads import DOWNLOAD_HOST
from tests.simulator.test_playback import END, PENDING_ID, RETRIEVED_ID, START, _task

WINDOW = DownloadWindow("ch-1", START, END)


@pytest.fixture
async def client(make_backend, simulator):
    simulator.sim.set_tasks(
        [_task(RETRIEVED_ID, 0, [("ch-1", 0), ("ch-2", 3)]), _task(PENDING_ID, 2, [("ch-p", 2)])]
    )
    async with make_backend(simulator) as c:
        yield c


@pytest.fixture
def cloudapi(ivc_api):
    if ivc_api != "cloudapi":
        pytest.skip("downloads are API 3.0 only")


async def test_the_ivc_api_needs_api3_and_sends_nothing(client, simulator, ivc_api):
    if ivc_api != "ivc":
        pytest.skip("the /ivc/ client's answer")
    assert client.serves_downloads is False
    before = simulator.sim.requests_served
    with pytest.raises(DownloadsNeedCloudApiError) as caught:
        await client.download_url(WINDOW, expires=600)
    assert isinstance(caught.value, IvcError) and "IVC_API=cloudapi" in str(caught.value)
    assert "\n" not in str(caught.value) and simulator.sim.requests_served == before


@pytest.mark.usefixtures("cloudapi")
async def test_each_call_gets_a_fresh_link_with_the_sdks_types(client, simulator):
    assert client.serves_downloads is True
    first = await client.download_url(WINDOW, expires=90)
    second = await client.download_url(DownloadWindow("ch-1", START, START + 60, "ts"), expires=1)
    assert isinstance(first, DownloadLink) and first.host == DOWNLOAD_HOST
    assert first.url != second.url and first.request_id != second.request_id
    assert (first.actual_start, first.actual_end) == (START, END)
    sources = list(simulator.sim.download_book.sources)
    assert len(sources) == 2 and sources[0] in first.url and sources[1] in second.url
    assert urlsplit(second.url).path.endswith(".ts")
    assert parse_qs(urlsplit(first.url).query)["expires"] == ["90"]
    asked = [
        json.loads(r.body or b"{}") for r in simulator.sim.requests if r.endpoint == "download"
    ]
    assert asked[0] == {
        "ChannelId": "ch-1",
        "BeginTime": str(START),
        "EndTime": str(END),
        "FileType": "mp4",
        "Expires": 90,
        "IsRespActualTime": True,
    }
    for shown in (repr(first), str(first), f"{first}", repr([first])):
        assert DOWNLOAD_HOST in shown and first.request_id in shown
        assert sources[0] not in shown and ".mp4" not in shown and "source=" not in shown


@pytest.mark.usefixtures("cloudapi")
@pytest.mark.parametrize(
    ("window", "reason"),
    [
        (DownloadWindow("ch-p", START, END), Refusal.ARCHIVED),
        (DownloadWindow("nope", START, END), Refusal.UNKNOWN_CHANNEL),
        (DownloadWindow("ch-2", START, END), Refusal.NO_RECORDING),
        (DownloadWindow("ch-1", START, START + 3601), Refusal.WINDOW_TOO_LONG),
        (DownloadWindow("ch-1", END, START), Refusal.WINDOW_INVALID),
        (
            DownloadWindow("ch-1", START + 15 * 3600 + 1800, START + 16 * 3600 + 600),
            Refusal.WINDOW_CROSSES_MIDNIGHT,
        ),
    ],
)
async def test_refusals_are_typed_one_line_errors(client, window, reason):
    with pytest.raises(IvcRefusedError) as caught:
        await client.download_url(window, expires=600)
    assert caught.value.reason is reason
    assert "\n" not in str(caught.value) and "RequestId" in str(caught.value)


@pytest.mark.usefixtures("cloudapi")
async def test_an_expired_copy_is_refused(client, simulator):
    simulator.sim.expire_copy(RETRIEVED_ID)
    with pytest.raises(IvcRefusedError) as caught:
        await client.download_url(WINDOW, expires=600)
    assert caught.value.reason is Refusal.ARCHIVED


@pytest.mark.usefixtures("cloudapi")
@pytest.mark.parametrize("fault", [Fault.WRONG_TYPES, Fault.DATA_NULL])
async def test_a_malformed_answer_is_an_error_that_quotes_nothing(client, simulator, fault):
    simulator.sim.set_fault(fault)
    with pytest.raises(IvcMalformedError) as caught:
        await client.download_url(WINDOW, expires=600)
    assert "12345" not in str(caught.value)


@pytest.mark.usefixtures("cloudapi")
@pytest.mark.parametrize("fault", [Fault.HTTP_502_HTML, Fault.RATE_LIMITED, Fault.INVALID_JSON])
async def test_faults_are_ivc_errors(client, simulator, fault):
    simulator.sim.set_fault(fault)
    with pytest.raises(IvcError):
        await client.download_url(WINDOW, expires=600)


async def test_the_wrappers_keep_the_api_and_log_request_id_and_host_only(
    client, simulator, caplog, ivc_api
):
    seen: list[tuple[str, BaseException | None]] = []
    observed = ObservedBackend(client, lambda op, _s, error: seen.append((op, error)))
    paced = PacedBackend(observed, CallRate(20))
    assert paced.serves_downloads is observed.serves_downloads is (ivc_api == "cloudapi")
    if ivc_api == "ivc":
        with pytest.raises(DownloadsNeedCloudApiError):
            await paced.download_url(WINDOW, expires=600)
        assert [op for op, _ in seen] == ["download"]
        return
    with caplog.at_level(logging.DEBUG):
        link = await paced.download_url(WINDOW, expires=600)
    assert seen == [("download", None)]
    logged = caplog.text
    assert link.request_id in logged and DOWNLOAD_HOST in logged
    source = simulator.sim.download_book.sources[0]
    assert source not in logged and ".mp4" not in logged and "source=" not in logged


def test_download_link_reads_only_web_addresses_and_times_it_can():
    link = download_link(
        {"Url": "https://h.example/v.mp4?source=x", "ActualBeginTime": "12", "ActualEndTime": 34},
        "r",
    )
    assert (link.host, link.actual_start, link.actual_end) == ("h.example", 12, 34)
    odd = download_link({"Url": "https://h.example/v.ts", "ActualBeginTime": "soon"}, "r")
    assert (odd.actual_start, odd.actual_end) == (None, None)
    bad: object
    for bad in (None, [], {"Url": 1}, {"Url": "javascript:alert(1)"}, {"Url": "https:// x"}):
        with pytest.raises(IvcMalformedError) as caught:
            download_link(bad, "r")
        assert "alert" not in str(caught.value)
