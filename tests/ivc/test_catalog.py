"""The camera catalog: loaded with paging from either API (on API 3.0 the channels by
organization in pages), searched in memory by device or channel name, refreshed in the
background when its TTL (on an injected clock) has passed."""

import asyncio
import dataclasses
import json
from collections.abc import Callable

import pytest

from bot.ivc import CloudApiClient
from bot.ivc.cameras import DeviceChannel, DevicePage, DeviceQuery
from bot.ivc.catalog import Camera, CameraCatalog, CatalogIndex
from bot.ivc.errors import IvcHttpError
from bot.ivc.new_task import ChannelRef
from bot.ivc.organization_channels import OrganizationChannelPage, OrganizationChannelQuery
from bot.simulator import Fault
from bot.simulator.cameras import HOSTILE_NAMES, NVR_TYPE, ROOT_ORGANIZATION
from tests.support.clock import FakeClock
from tests.support.example_cameras import (
    SUB_ORGANIZATION,
    all_examples_catalog,
    example_organization,
    successes,
)
from tests.support.polling import wait_until_async
from tests.support.simulator import RunningSim, backend_for


@pytest.fixture
async def client(make_backend, simulator):
    async with make_backend(simulator) as c:
        yield c


def _sim_channels(sim):
    devices = sim.catalog.devices_in(ROOT_ORGANIZATION, sub_levels=True, keyword=None, status=None)
    return {(d.device_id, d.channel_id(n)) for d in devices for n in d.channel_numbers()}


async def test_loads_every_channel_of_the_organization_through_pages(client, simulator):
    catalog = CameraCatalog(client, ROOT_ORGANIZATION, ttl=600, clock=simulator.clock, page_size=3)
    index = await catalog.load()
    assert {(c.device_id, c.channel_id) for c in index.cameras} == _sim_channels(simulator.sim)
    assert simulator.sim.calls["devices"] > 2, "several pages"
    other = simulator.sim.catalog.devices_in("2000", sub_levels=True, keyword=None, status=None)
    assert not {c.device_id for c in index.cameras} & {d.device_id for d in other}


async def test_search_matches_device_or_channel_names_casefolded(client, simulator):
    catalog = CameraCatalog(client, ROOT_ORGANIZATION, ttl=600, clock=simulator.clock)
    await catalog.load()
    found = catalog.search("GATE", limit=1000)
    assert found
    assert all(
        "gate" in c.device_name.casefold() or "gate" in c.channel_name.casefold() for c in found
    )
    expected = [
        c
        for c in catalog.index.cameras
        if "gate" in c.device_name.casefold() or "gate" in c.channel_name.casefold()
    ]
    assert found == expected
    assert len(catalog.search("gate", limit=2)) == 2
    assert catalog.search("no-such-camera-zzz") == []
    assert {c.label for c in found} >= {f"{c.device_name} · {c.channel_name}" for c in found[:1]}
    assert set(HOSTILE_NAMES) & {c.device_name for c in catalog.index.cameras}


def _camera(device, channel, i=0):
    return Camera(f"d{device}", device, f"c{i}", channel)


def test_every_word_must_match_and_order_is_by_device_then_channel():
    index = CatalogIndex.build(
        [
            _camera("Warehouse", "Dock gate", 1),
            _camera("Front", "Gate east", 2),
            _camera("Front", "Lobby", 3),
            _camera("北京前门", "球机01", 4),
        ]
    )
    assert [c.label for c in index.search("gate")] == ["Front · Gate east", "Warehouse · Dock gate"]
    assert [c.label for c in index.search("front gate")] == ["Front · Gate east"]
    assert [c.label for c in index.search("前门")] == ["北京前门 · 球机01"]
    assert len(index.search("", limit=3)) == 3
    assert index.search("gate", limit=0) == []
    lobby = index.get(ChannelRef("dFront", "c3"))
    assert lobby is not None and lobby.channel_name == "Lobby"
    assert index.get(ChannelRef("dFront", "nope")) is None


async def test_a_stale_catalog_answers_at_once_and_refreshes_in_the_background(client, simulator):
    clock = FakeClock()
    catalog = CameraCatalog(client, ROOT_ORGANIZATION, ttl=600, clock=clock)
    assert catalog.search("gate") == [] and catalog.stale  # never loaded: starts a load
    await wait_until_async(lambda: catalog.loads == 1, "the first load", within=10)
    assert catalog.search("gate") and not catalog.stale
    calls = simulator.sim.calls["devices"]
    clock.advance(599)
    catalog.search("gate")
    await asyncio.sleep(0)
    assert simulator.sim.calls["devices"] == calls, "fresh: no refresh"
    clock.advance(1)
    before = catalog.search("gate")
    assert before, "a stale catalog still answers"
    await wait_until_async(lambda: catalog.loads == 2, "the background refresh", within=10)
    assert simulator.sim.calls["devices"] > calls
    await catalog.aclose()


async def test_a_failed_refresh_keeps_the_last_catalog(client, simulator):
    clock = FakeClock()
    catalog = CameraCatalog(client, ROOT_ORGANIZATION, ttl=60, clock=clock)
    await catalog.load()
    good = catalog.search("", limit=5)
    simulator.sim.set_fault(Fault.HTTP_500)
    clock.advance(61)
    catalog.search("")
    await wait_until_async(lambda: catalog.last_error is not None, "a failed refresh", within=10)
    assert catalog.search("", limit=5) == good
    calls = simulator.sim.requests_served
    catalog.search("")  # just failed: no new attempt yet
    await asyncio.sleep(0)
    assert simulator.sim.requests_served == calls
    simulator.sim.set_fault(Fault.NONE)
    clock.advance(61)
    catalog.search("")
    await wait_until_async(
        lambda: catalog.loads == 2 and catalog.last_error is None, "a good refresh", within=10
    )
    await catalog.aclose()


async def test_the_catalog_holds_no_password(client, simulator):
    catalog = CameraCatalog(client, ROOT_ORGANIZATION, ttl=600, clock=simulator.clock)
    index = await catalog.load()
    shown = repr(index.cameras) + repr(catalog)
    assert not [d.password for d in simulator.sim.catalog.devices if d.password in shown]


async def test_a_paced_load_spaces_its_calls(client, simulator):
    catalog = CameraCatalog(
        client, ROOT_ORGANIZATION, ttl=600, clock=simulator.clock, calls_per_second=200
    )
    loop = asyncio.get_running_loop()
    started = loop.time()
    await catalog.load()
    calls = sum(simulator.sim.calls[k] for k in ("devices", "channels", "organization_channels"))
    assert loop.time() - started >= (calls - 1) / 200


def test_the_catalog_is_built_from_the_settings(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.delenv("IVC_ORGANIZATION_ID", raising=False)
    from bot.config import load_settings
    from bot.ivc.catalog import build_catalog

    base = {"ivc_secret_id": "id", "ivc_secret_key": "key"}
    assert build_catalog(load_settings(base), object()) is None  # type: ignore[arg-type]
    settings = load_settings({**base, "ivc_organization_id": "1000", "catalog_ttl_seconds": 90})
    catalog = build_catalog(settings, object())  # type: ignore[arg-type]
    assert catalog is not None
    assert (catalog.organization_id, catalog.ttl) == ("1000", 90)


# API 3.0: the channels by organization, in pages ---------------------------------------------
def _shown(cameras):
    """What the picker shows of each camera, and its device's state."""
    return sorted((c.ref, c.label, c.device_online) for c in cameras)


def _asked_organizations(sim) -> set[str]:
    return {
        json.loads(r.body)["OrganizationId"]
        for r in sim.requests
        if r.endpoint == "organization_channels"
    }


async def test_on_api_3_every_channel_of_the_subtree_comes_in_fewer_calls(simulator_factory):
    running = simulator_factory(cameras=600)
    sim = running.sim
    async with backend_for("cloudapi", running) as client:
        paged = CameraCatalog(client, ROOT_ORGANIZATION, ttl=600, channel_page_size=50)
        assert paged.paged
        index = await paged.load()
        after = dict(sim.calls)
        asked = _asked_organizations(sim)
        sim.reset_counters()
        per_device = await CameraCatalog(client, ROOT_ORGANIZATION, ttl=600, paged=False).load()
        before = dict(sim.calls)
    assert {c.ref for c in index.cameras} == {ChannelRef(*pair) for pair in _sim_channels(sim)}
    assert _shown(index.cameras) == _shown(per_device.cameras)
    assert asked == {"1000", "1001", "1002", "1003", "1004"}, "sub-organizations too"
    assert after.get("channels", 0) == 0 and after["organization_channels"] > len(asked)
    assert sum(after.values()) < sum(before.values()) / 3
    assert before["channels"] == len({c.device_id for c in per_device.cameras})
    assert {(c.online, c.streaming) for c in index.cameras} == {(None, None)}
    assert {c.online for c in per_device.cameras} == {True, False}


async def test_search_by_device_and_channel_name_on_tencents_examples(make_backend, simulator):
    """The simulator holds the channels of Tencent's examples (the organization and a
    sub-organization); the catalog of either API finds them by device and by channel name."""
    simulator.sim.catalog = all_examples_catalog()
    async with make_backend(simulator) as client:
        catalog = CameraCatalog(client, example_organization(), ttl=600, clock=simulator.clock)
        await catalog.load()
    rows = [r for e in successes() for r in e.response["Data"]["List"] or []]
    assert {c.ref for c in catalog.index.cameras} == {
        ChannelRef(r["DeviceId"], r["ChannelId"]) for r in rows
    }
    assert {d.org_id for d in simulator.sim.catalog.devices} == {
        example_organization(),
        SUB_ORGANIZATION,
    }
    searched = 0
    for example in successes():
        for field in ("DeviceName", "ChannelName"):
            text = example.request.get(field)
            if text is None:
                continue
            searched += 1
            found = {c.ref for c in catalog.search(text, limit=1000)}
            shown = {
                ChannelRef(r["DeviceId"], r["ChannelId"]) for r in example.response["Data"]["List"]
            }
            assert shown <= found, (field, text)
    assert searched == 2, "one example searches by device name, one by channel name"
    by_device = catalog.search("sdk-nvr05 ptz", limit=1000)
    assert by_device and {c.device_name for c in by_device} == {"SDK-NVR05"}
    assert {c.channel_name for c in catalog.search("PTZ03", limit=1000)} == {"PTZ03"}


class _Tapped:
    """The API 3.0 client, with ``tap`` seeing each organization page's query (before: it may
    return another query to ask) and page (after: it may return another page)."""

    lists_organization_channels = True

    def __init__(
        self,
        client: CloudApiClient,
        tap: Callable[[OrganizationChannelQuery, OrganizationChannelPage | None], object],
    ) -> None:
        self._client = client
        self._tap = tap

    async def list_devices(self, query: DeviceQuery) -> DevicePage:
        return await self._client.list_devices(query)

    async def device_channels(self, device_id: str) -> tuple[DeviceChannel, ...]:
        return await self._client.device_channels(device_id)

    async def organization_channels(
        self, query: OrganizationChannelQuery
    ) -> OrganizationChannelPage:
        instead = self._tap(query, None)
        if isinstance(instead, OrganizationChannelQuery):
            query = instead
        page = await self._client.organization_channels(query)
        changed = self._tap(query, page)
        return changed if isinstance(changed, OrganizationChannelPage) else page


def _cloud(running: RunningSim, tap) -> tuple[CloudApiClient, _Tapped]:
    client = backend_for("cloudapi", running)
    assert isinstance(client, CloudApiClient)
    return client, _Tapped(client, tap)


async def test_a_failed_page_keeps_the_last_catalog(simulator: RunningSim):
    def fail_second_pages(query, page):
        if page is None and query.page == 2 and failing:
            simulator.sim.set_fault(Fault.HTTP_500)

    failing = False
    client, tapped = _cloud(simulator, fail_second_pages)
    async with client:
        catalog = CameraCatalog(tapped, ROOT_ORGANIZATION, ttl=60, channel_page_size=5)
        good = await catalog.load()
        assert len(good) == simulator.sim.catalog.channel_total - 1  # not the other tenant's
        failing = True
        with pytest.raises(IvcHttpError):
            await catalog.load()
        assert catalog.last_error is not None and catalog.index is good
        assert catalog.search("", limit=1000) == list(good.cameras)
        failing = False
        simulator.sim.set_fault(Fault.NONE)
        assert _shown((await catalog.load()).cameras) == _shown(good.cameras)
        assert catalog.last_error is None and catalog.loads == 2


async def test_a_device_no_page_names_is_asked_on_its_own(simulator: RunningSim):
    nvr = next(d for d in simulator.sim.catalog.devices if d.device_type == NVR_TYPE)

    def hide_the_nvr(query, page):
        if page is not None:
            kept = tuple(c for c in page.channels if c.device_id != nvr.device_id)
            return dataclasses.replace(
                page, channels=kept, total=page.total - (len(page.channels) - len(kept))
            )
        return None

    client, tapped = _cloud(simulator, hide_the_nvr)
    async with client:
        index = await CameraCatalog(tapped, ROOT_ORGANIZATION, ttl=60).load()
    assert simulator.sim.calls["channels"] == 1
    assert {c.ref for c in index.cameras} == {ChannelRef(*p) for p in _sim_channels(simulator.sim)}
    asked = [c for c in index.cameras if c.device_id == nvr.device_id]
    assert len(asked) == nvr.channel_count and all(c.online is not None for c in asked)


async def test_a_page_short_of_its_total_makes_the_load_ask_every_device(simulator: RunningSim):
    def cap_pages(query, page):
        if page is not None and page.has_more:
            return dataclasses.replace(page, channels=page.channels[:-1])
        return None

    client, tapped = _cloud(simulator, cap_pages)
    async with client:
        index = await CameraCatalog(tapped, ROOT_ORGANIZATION, ttl=60, channel_page_size=5).load()
    devices = {c.device_id for c in index.cameras}
    assert simulator.sim.calls["channels"] == len(devices)
    assert {c.ref for c in index.cameras} == {ChannelRef(*p) for p in _sim_channels(simulator.sim)}


async def test_an_organization_gone_since_the_device_list_has_its_devices_asked(
    simulator: RunningSim,
):
    def forget_1002(query, page):
        if page is None and query.organization_id == "1002":
            return dataclasses.replace(query, organization_id="99999")
        return None

    client, tapped = _cloud(simulator, forget_1002)
    async with client:
        index = await CameraCatalog(tapped, ROOT_ORGANIZATION, ttl=60).load()
    in_1002 = [d for d in simulator.sim.catalog.devices if d.org_id == "1002"]
    assert in_1002 and simulator.sim.calls["channels"] == len(in_1002)
    assert {c.ref for c in index.cameras} == {ChannelRef(*p) for p in _sim_channels(simulator.sim)}
