"""``ListOrganizationChannels`` on the simulator: Tencent's own examples answered exactly, an
organization's own channels in pages ordered by ChannelId, the name filters, an empty match."""

from __future__ import annotations

from typing import Any

import pytest

from bot.simulator.cameras import ROOT_ORGANIZATION
from tests.support.example_cameras import ACTION, example_catalog, successes
from tests.support.simulator import RunningSim
from tests.support.tencent_sdk import Example, response_problems

NVR_ORGANIZATION = "1004"  # a sub-organization: the generated catalog puts every NVR there


def _data(running: RunningSim, **params: Any) -> dict[str, Any]:
    response = running.call(ACTION, params).json()["Response"]
    assert "Error" not in response, response
    assert response_problems(ACTION, response) == []
    data: dict[str, Any] = response["Data"]
    return data


@pytest.mark.parametrize("example", successes(), ids=lambda e: e.title)
def test_each_of_tencents_examples_is_answered_exactly(simulator: RunningSim, example: Example):
    simulator.sim.catalog = example_catalog(example)
    assert _data(simulator, **example.request) == example.response["Data"]


def _own_channels(running: RunningSim, org: str) -> list[str]:
    devices = running.sim.catalog.devices
    return sorted(d.channel_id(n) for d in devices if d.org_id == org for n in d.channel_numbers())


def test_pages_hold_the_organizations_own_channels_in_channel_id_order(simulator: RunningSim):
    expected = _own_channels(simulator, NVR_ORGANIZATION)
    assert 7 < len(expected) < simulator.sim.catalog.channel_total
    assert set(_own_channels(simulator, ROOT_ORGANIZATION)).isdisjoint(expected)
    pages = [
        _data(simulator, OrganizationId=NVR_ORGANIZATION, PageNumber=n, PageSize=7)
        for n in range(1, -(-len(expected) // 7) + 2)
    ]
    assert [c["ChannelId"] for p in pages for c in p["List"]] == expected
    assert {p["TotalCount"] for p in pages} == {len(expected)}
    assert [p["PageNumber"] for p in pages] == list(range(1, len(pages) + 1))
    assert [p["PageSize"] for p in pages] == [len(p["List"]) for p in pages]
    assert pages[-1]["List"] == [] and 0 < pages[-2]["PageSize"] <= 7


def test_device_name_and_channel_name_find_channels_casefolded(simulator: RunningSim):
    everything = _data(simulator, OrganizationId=NVR_ORGANIZATION, PageNumber=1, PageSize=1000)[
        "List"
    ]
    nvr = next(c for c in everything if "NVR" in c["DeviceName"])
    by_device = _data(
        simulator,
        OrganizationId=NVR_ORGANIZATION,
        PageNumber=1,
        PageSize=1000,
        DeviceName=nvr["DeviceName"].lower(),
    )
    assert by_device["List"] == [
        c for c in everything if nvr["DeviceName"].casefold() in c["DeviceName"].casefold()
    ]
    channel = everything[1]["ChannelName"]
    by_channel = _data(
        simulator, OrganizationId=NVR_ORGANIZATION, PageNumber=1, PageSize=1000, ChannelName=channel
    )
    assert by_channel["List"] == [c for c in everything if channel in c["ChannelName"]]
    both = _data(
        simulator,
        OrganizationId=NVR_ORGANIZATION,
        PageNumber=1,
        PageSize=1000,
        DeviceName=nvr["DeviceName"],
        ChannelName="zzz-matches-nothing",
    )
    assert both["List"] == by_device["List"], "one condition at a time: DeviceName"


def test_no_match_is_a_null_list(simulator: RunningSim):
    data = _data(
        simulator, OrganizationId="1002", PageNumber=1, PageSize=10, DeviceName="zzz-nothing"
    )
    assert data == {"List": None, "PageNumber": 1, "PageSize": 0, "TotalCount": 0}
