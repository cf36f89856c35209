"""Both clients list an organization's devices (paging, sub-organizations, keyword) and a
device's channels on the simulator; a device's Password is never held, shown or logged.

Every test taking ``client`` runs once per API (``ivc_api``).
"""

import dataclasses
import logging

import pytest

from bot.ivc import IvcError
from bot.ivc.cameras import Device, DevicePage, DeviceQuery, DeviceStatus
from bot.ivc.errors import IvcRefusedError
from bot.ivc.refusals import Refusal
from bot.simulator import Fault
from bot.simulator.cameras import HOSTILE_NAMES, NVR_TYPE, OFFLINE, ROOT_ORGANIZATION


@pytest.fixture
async def client(make_backend, simulator):
    async with make_backend(simulator) as c:
        yield c


def _expected(sim, org=ROOT_ORGANIZATION, *, sub=True, keyword=None, status=None):
    return sim.catalog.devices_in(org, sub_levels=sub, keyword=keyword, status=status)


async def _all_pages(client, query):
    pages = [await client.list_devices(query)]
    while pages[-1].has_more:
        query = dataclasses.replace(query, page=query.page + 1)
        pages.append(await client.list_devices(query))
    return pages


async def test_paging_walks_every_device_of_the_organization_and_below(client, simulator):
    pages = await _all_pages(client, DeviceQuery(ROOT_ORGANIZATION, page_size=4))
    expected = _expected(simulator.sim)
    assert len(pages) == -(-len(expected) // 4) > 1
    assert all(p.total == len(expected) for p in pages)
    got = [d for p in pages for d in p.devices]
    assert [d.device_id for d in got] == [d.device_id for d in expected]
    first = got[0]
    raw = expected[0]
    assert (first.name, first.code, first.organization_id) == (raw.name, raw.code, raw.org_id)
    assert first.status == raw.status and isinstance(first, Device)


async def test_without_sub_organizations_only_the_organization_itself(client, simulator):
    page = await client.list_devices(
        DeviceQuery(ROOT_ORGANIZATION, include_sub_organizations=False, page_size=1000)
    )
    expected = _expected(simulator.sim, sub=False)
    assert 0 < page.total == len(expected) < len(_expected(simulator.sim))
    assert {d.organization_id for d in page.devices} == {ROOT_ORGANIZATION}


async def test_keyword_matches_device_names(client, simulator):
    page = await client.list_devices(DeviceQuery(ROOT_ORGANIZATION, keyword="NVR", page_size=1000))
    expected = _expected(simulator.sim, keyword="NVR")
    assert page.total == len(expected) > 0
    assert all("nvr" in d.name.casefold() for d in page.devices)


async def test_status_filter(client, simulator):
    query = DeviceQuery(ROOT_ORGANIZATION, status=DeviceStatus.OFFLINE, page_size=1000)
    page = await client.list_devices(query)
    assert page.total == len(_expected(simulator.sim, status=OFFLINE)) > 0
    assert all(not d.online for d in page.devices)


async def test_unknown_organization_is_refused(client):
    with pytest.raises(IvcRefusedError) as caught:
        await client.list_devices(DeviceQuery("99999"))
    assert caught.value.reason is Refusal.UNKNOWN_ORGANIZATION
    assert "IVC_ORGANIZATION_ID" in str(caught.value)


async def test_an_nvr_lists_its_many_channels(client, simulator, ivc_api):
    nvr = next(d for d in _expected(simulator.sim) if d.device_type == NVR_TYPE)
    channels = await client.device_channels(nvr.device_id)
    raw = nvr.channel_records(ivc_api)
    ptz = "PTZType" if ivc_api == "cloudapi" else "PtzType"
    assert len(channels) == nvr.channel_count >= 8
    assert [c.channel_id for c in channels] == [r["ChannelId"] for r in raw]
    assert [(c.online, c.streaming, c.ptz_type) for c in channels] == [
        (r["State"] == 1, r["Status"] == 1, r[ptz]) for r in raw
    ]
    assert {c.ptz_type for c in channels} == {0, 1}
    assert all(c.device_id == nvr.device_id for c in channels)


async def test_an_offline_device_has_offline_channels(client, simulator):
    offline = next(d for d in _expected(simulator.sim) if d.status == OFFLINE)
    channels = await client.device_channels(offline.device_id)
    assert channels and not any(c.online or c.streaming for c in channels)


async def test_unknown_device_is_refused(client):
    with pytest.raises(IvcRefusedError) as caught:
        await client.device_channels("f" * 32)
    assert caught.value.reason is Refusal.UNKNOWN_DEVICE
    assert "\n" not in str(caught.value)


async def test_hostile_names_arrive_unchanged(client, simulator):
    page = await client.list_devices(DeviceQuery(ROOT_ORGANIZATION, page_size=1000))
    names = {d.name for d in page.devices}
    assert names & set(HOSTILE_NAMES)


async def test_the_password_is_never_held_shown_or_logged(client, simulator, caplog):
    caplog.set_level(logging.DEBUG)
    passwords = [d.password for d in simulator.sim.catalog.devices]
    assert all(p.startswith("PW-sim-") for p in passwords)
    page = await client.list_devices(DeviceQuery(ROOT_ORGANIZATION, page_size=1000))
    simulator.sim.set_fault(Fault.WRONG_TYPES)  # skipped records are logged
    broken = await client.list_devices(DeviceQuery(ROOT_ORGANIZATION, page_size=1000))
    assert broken.skipped > 0 and broken.skipped_reasons
    simulator.sim.set_fault(Fault.INVALID_JSON)
    with pytest.raises(IvcError) as caught:
        await client.list_devices(DeviceQuery(ROOT_ORGANIZATION, page_size=1000))

    assert "password" not in {f.name.casefold() for f in dataclasses.fields(Device)}
    assert "password" not in {f.name.casefold() for f in dataclasses.fields(DevicePage)}
    shown = " ".join(
        [repr(page), str(page.devices), repr(broken), str(broken.skipped_reasons)]
        + [str(caught.value), repr(caught.value), repr(client), caplog.text]
        + [repr(vars(d)) if hasattr(d, "__dict__") else repr(d) for d in page.devices]
    )
    assert not [p for p in passwords if p in shown]


async def test_bad_device_and_channel_records_are_skipped(client, simulator):
    nvr = next(d for d in _expected(simulator.sim) if d.device_type == NVR_TYPE)
    simulator.sim.set_fault(Fault.WRONG_TYPES)
    page = await client.list_devices(DeviceQuery(ROOT_ORGANIZATION, page_size=1000))
    channels = await client.device_channels(nvr.device_id)
    assert page.skipped == 3 and len(page.devices) == page.total
    assert len(channels) == nvr.channel_count


async def test_a_null_device_list_is_an_empty_page(client, simulator):
    simulator.sim.set_fault(Fault.DATA_NULL)
    page = await client.list_devices(DeviceQuery(ROOT_ORGANIZATION))
    assert page.devices == () and not page.has_more


def test_queries_are_checked():
    with pytest.raises(ValueError):
        DeviceQuery("")
    with pytest.raises(ValueError):
        DeviceQuery("1000", page_size=10_001)
    with pytest.raises(ValueError):
        DeviceQuery("1000", page=0)
