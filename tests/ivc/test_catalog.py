"""The camera catalog: loaded with paging from either API, searched in memory by device or
channel name, refreshed in the background when its TTL (on an injected clock) has passed."""

import asyncio

import pytest

from bot.ivc.catalog import Camera, CameraCatalog, CatalogIndex
from bot.ivc.new_task import ChannelRef
from bot.simulator import Fault
from bot.simulator.cameras import HOSTILE_NAMES, ROOT_ORGANIZATION
from tests.support.clock import FakeClock
from tests.support.polling import wait_until_async


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
    calls = simulator.sim.calls["devices"] + simulator.sim.calls["channels"]
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
