"""The simulator's download links over the wire (API 3.0 ``DescribeVideoDownloadUrl``): a fresh
link with its own ``source=`` secret for a retrieved task's channel, the same footage rules as
playback, at most 60 minutes not crossing midnight, mp4 or ts, and the faults; the ``/ivc/``
endpoints have no download."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.simulator import Fault
from bot.simulator.downloads import DOWNLOAD_HOST
from tests.simulator.test_playback import (
    END,
    PENDING_ID,
    RETRIEVED_ID,
    RETRIEVING_ID,
    START,
    _task,
)
from tests.support.simulator import RunningSim

ACTION = "DescribeVideoDownloadUrl"


def _body(channel: str, start: int = START, end: int = END, **extra: Any) -> dict[str, Any]:
    return {
        "ChannelId": channel,
        "BeginTime": str(start),
        "EndTime": str(end),
        "FileType": "mp4",
        **extra,
    }


def _download(sim: RunningSim, body: dict[str, Any]) -> dict[str, Any]:
    response: dict[str, Any] = sim.call(ACTION, body).json()["Response"]
    return response


def test_a_retrieved_channel_downloads_with_a_fresh_secret_each_call(sim: RunningSim):
    first = _download(sim, _body("ch-1", Expires=120))
    second = _download(sim, _body("ch-1", START + 60, END - 60, FileType="ts"))
    assert "Error" not in first and "Error" not in second
    one, two = urlsplit(first["Data"]["Url"]), urlsplit(second["Data"]["Url"])
    assert one.scheme == "https" and one.hostname == DOWNLOAD_HOST
    assert one.path.endswith(".mp4") and two.path.endswith(".ts")
    sources = [parse_qs(u.query)["source"][0] for u in (one, two)]
    assert sources[0] != sources[1] and sim.sim.download_book.sources == sources
    assert parse_qs(one.query)["expires"] == ["120"] and parse_qs(two.query)["expires"] == ["600"]
    assert (second["Data"]["ActualBeginTime"], second["Data"]["ActualEndTime"]) == (
        str(START + 60),
        str(END - 60),
    )
    assert sim.sim.calls["download"] == 2 and not sim.sim.playback_book.tokens


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (_body("ch-p"), "ResourceUnavailable.VideoArchived"),  # pending
        (_body("ch-r"), "ResourceUnavailable.VideoArchived"),  # retrieving
        (_body("ch-1", START - 60, START + 60), "ResourceUnavailable.VideoArchived"),
        (_body("ch-2"), "ResourceNotFound.VideoNotFound"),  # no archived recording
        (_body("nope"), "ResourceNotFound.ChannelNotExist"),
        (_body("ch-1", START, START + 3601), "InvalidParameterValue.OutOfTimeRange"),
        (
            _body("ch-1", END, START),
            "InvalidParameterValue.StartTimeGreaterThanOrEqualEndTime",
        ),
        (
            _body("ch-1", START + 15 * 3600 + 1800, START + 16 * 3600 + 1200),
            "InvalidParameterValue.NonSameDay",  # 23:30–00:20 Beijing
        ),
        (_body("ch-1", FileType="avi"), "InvalidParameterValue.InvalidFileType"),
        (_body("ch-1", Expires=0), "InvalidParameterValue"),
        (_body("ch-1", Expires=86_401), "InvalidParameterValue"),
        ({**_body("ch-1"), "BeginTime": "soon"}, "InvalidParameterValue.InvalidStartTimeOrEndTime"),
        ({**_body("ch-1"), "BeginTime": START}, "InvalidParameter"),  # a number, not a string
        ({k: v for k, v in _body("ch-1").items() if k != "FileType"}, "MissingParameter"),
    ],
)
def test_refusals_name_the_reason(sim: RunningSim, body: dict[str, Any], code: str):
    response = _download(sim, body)
    assert response["Error"]["Code"] == code and response["RequestId"]
    assert not sim.sim.download_book.sources


def test_an_expired_copy_is_refused_as_for_playback(sim: RunningSim):
    sim.sim.expire_copy(RETRIEVED_ID)
    assert _download(sim, _body("ch-1"))["Error"]["Code"] == "ResourceUnavailable.VideoArchived"


def test_a_catalog_channel_no_task_holds_is_archived_not_unknown(simulator: RunningSim):
    simulator.sim.set_tasks([])
    channel_id = simulator.sim.catalog.devices[0].channel_id(1)
    assert _download(simulator, _body(channel_id))["Error"]["Code"] == (
        "ResourceUnavailable.VideoArchived"
    )


def test_faults_apply(sim: RunningSim):
    sim.sim.set_fault(Fault.WRONG_TYPES)
    assert _download(sim, _body("ch-1"))["Data"]["Url"] == 12345
    sim.sim.set_fault(Fault.DATA_NULL)
    assert _download(sim, _body("ch-1"))["Data"] is None
    sim.sim.set_fault(Fault.CODE_500)
    assert _download(sim, _body("ch-1"))["Error"]["Code"] == "InternalError"


def test_the_ivc_endpoints_have_no_download(sim: RunningSim):
    assert sim.get("/ivc/record/download/url", {"ChannelId": "ch-1"}).status_code == 404
    assert sim.sim.calls["download"] == 0


@pytest.fixture
def sim(simulator: RunningSim) -> RunningSim:
    """The playback tests' tasks: a retrieved one (``ch-1`` with archive, ``ch-2`` without),
    a pending and a retrieving one."""
    simulator.sim.set_tasks(
        [
            _task(RETRIEVED_ID, 0, [("ch-1", 0), ("ch-2", 3)]),
            _task(PENDING_ID, 2, [("ch-p", 2)]),
            _task(RETRIEVING_ID, 1, [("ch-r", 1)]),
        ]
    )
    return simulator
