"""The API 3.0 client lists an organization's channels in pages and finds them by device or
channel name on the server (the simulator answering as Tencent's examples do); the ``/ivc/``
client has no such call and says so without a request."""

from __future__ import annotations

import dataclasses

import pytest

from bot.ivc import CloudApiClient, IvcClient
from bot.ivc.errors import IvcMalformedError, IvcRefusedError
from bot.ivc.organization_channels import (
    OrganizationChannelPage,
    OrganizationChannelQuery,
    OrganizationChannelsNeedCloudApiError,
)
from bot.ivc.refusals import Refusal
from bot.simulator import Fault
from tests.support.example_cameras import example_catalog, successes
from tests.support.simulator import RunningSim, backend_for
from tests.support.tencent_sdk import Example

NVR_ORGANIZATION = "1004"  # the generated catalog's NVRs are all there


def _own(running: RunningSim, org: str) -> list[tuple[str, str]]:
    devices = running.sim.catalog.devices
    return sorted(
        (d.channel_id(n), d.device_id)
        for d in devices
        if d.org_id == org
        for n in d.channel_numbers()
    )


async def _pages(
    client: CloudApiClient, query: OrganizationChannelQuery
) -> list[OrganizationChannelPage]:
    pages = [await client.organization_channels(query)]
    while pages[-1].has_more:
        query = dataclasses.replace(query, page=query.page + 1)
        pages.append(await client.organization_channels(query))
    return pages


async def test_pages_walk_every_channel_of_the_organization_itself(simulator: RunningSim):
    expected = _own(simulator, NVR_ORGANIZATION)
    async with backend_for("cloudapi", simulator) as client:
        assert isinstance(client, CloudApiClient) and client.lists_organization_channels
        pages = await _pages(client, OrganizationChannelQuery(NVR_ORGANIZATION, page_size=9))
    assert len(pages) == -(-len(expected) // 9) > 2
    assert all(p.total == len(expected) and p.skipped == 0 for p in pages)
    got = [c for p in pages for c in p.channels]
    assert [(c.channel_id, c.device_id) for c in got] == expected
    device = simulator.sim.catalog.device(got[0].device_id)
    assert device is not None and got[0].device_name == device.name
    assert {c.in_plan for c in got} == {True, False}


@pytest.mark.parametrize("example", successes(), ids=lambda e: e.title)
async def test_each_of_tencents_examples_reads_back_through_the_client(
    simulator: RunningSim, example: Example
):
    """Each example's request, made by the app's client to the simulator holding that
    example's channels, reads back the channels the example shows: unfiltered, by device
    name and by channel name, all searched on the server."""
    simulator.sim.catalog = example_catalog(example)
    asked = example.request
    query = OrganizationChannelQuery(
        asked["OrganizationId"],
        page=asked["PageNumber"],
        page_size=asked["PageSize"],
        device_name=asked.get("DeviceName"),
        channel_name=asked.get("ChannelName"),
    )
    async with backend_for("cloudapi", simulator) as client:
        assert isinstance(client, CloudApiClient)
        page = await client.organization_channels(query)
    data = example.response["Data"]
    assert page.total == data["TotalCount"] and page.skipped == 0
    assert [dataclasses.astuple(c) for c in page.channels] == [
        (r["DeviceId"], r["DeviceName"], r["ChannelId"], r["ChannelName"], r["InPlan"])
        for r in data["List"]
    ]


async def test_no_match_is_an_empty_page(simulator: RunningSim):
    async with backend_for("cloudapi", simulator) as client:
        assert isinstance(client, CloudApiClient)
        query = OrganizationChannelQuery(NVR_ORGANIZATION, channel_name="zzz-no-such-camera")
        page = await client.organization_channels(query)
    assert page.channels == () and page.total == 0 and not page.has_more


async def test_an_unknown_organization_is_refused(simulator: RunningSim):
    async with backend_for("cloudapi", simulator) as client:
        assert isinstance(client, CloudApiClient)
        with pytest.raises(IvcRefusedError) as caught:
            await client.organization_channels(OrganizationChannelQuery("99999"))
    assert caught.value.reason is Refusal.UNKNOWN_ORGANIZATION


async def test_bad_records_are_skipped_and_a_null_data_is_malformed(simulator: RunningSim):
    async with backend_for("cloudapi", simulator) as client:
        assert isinstance(client, CloudApiClient)
        query = OrganizationChannelQuery(NVR_ORGANIZATION, page_size=1000)
        simulator.sim.set_fault(Fault.WRONG_TYPES)
        page = await client.organization_channels(query)
        assert page.skipped == 3 and len(page.channels) == page.total
        simulator.sim.set_fault(Fault.DATA_NULL)
        with pytest.raises(IvcMalformedError):
            await client.organization_channels(query)


async def test_the_ivc_client_has_no_paged_channel_list(simulator: RunningSim):
    async with backend_for("ivc", simulator) as client:
        assert isinstance(client, IvcClient) and not client.lists_organization_channels
        served = simulator.sim.requests_served
        with pytest.raises(OrganizationChannelsNeedCloudApiError):
            await client.organization_channels(OrganizationChannelQuery(NVR_ORGANIZATION))
    assert simulator.sim.requests_served == served, "no request"


def test_queries_are_checked():
    for bad in (
        {"organization_id": ""},
        {"organization_id": "1", "page": 0},
        {"organization_id": "1", "page_size": 0},
        {"organization_id": "1", "device_name": "a", "channel_name": "b"},
        {"organization_id": "1", "device_name": "门" * 11},  # 33 bytes
    ):
        with pytest.raises(ValueError):
            OrganizationChannelQuery(**bad)
    query = OrganizationChannelQuery("1", device_name="门" * 10)
    assert query.body() == {
        "OrganizationId": "1",
        "PageNumber": 1,
        "PageSize": 200,
        "DeviceName": "门" * 10,
    }
