"""u2: searching the camera catalog, 5,000 channels, each figure beside a baseline.

What the create form's camera search costs (Slack wants options within 3 seconds). Each
figure is the median over rounds of the best of a few runs, in milliseconds, next to a
baseline on the same data in the same round. Figures only: nothing here is a limit.

- ``build_index``: ``CatalogIndex.build`` of 5,000 cameras; baseline: casefolding their
  labels.
- ``search_common`` ("gate"), ``search_cjk`` ("前门"), ``search_two_words`` ("nvr gate"),
  ``search_no_match`` (a full scan) and ``search_empty``: ``CatalogIndex.search`` with the
  form's limit of 100; baseline: one substring test per casefolded label, no limit.
- ``load_http_ivc`` / ``load_http_cloudapi``: ``CameraCatalog.load`` of the 5,000 channels
  from the simulator over loopback HTTP (every device page, then every device's channels on
  the ``/ivc/`` API, every organization's channel pages on API 3.0); baseline: one device-list
  call of the same API.
- ``load_http_cloudapi_per_device`` / ``load_http_cloudapi_paged``: a full API 3.0 catalog of
  2,000 channels, side by side in one run: one ``DescribeDeviceChannel`` per device (before)
  and ``ListOrganizationChannels`` pages per organization (after), each with its ``calls``;
  baseline: one device-list call. Unpaced; ``catalog_calls`` adds the least time each way
  takes at the app's pace of ``CALLS_PER_SECOND``.
"""

from __future__ import annotations

import asyncio
import time
from functools import partial
from typing import Any

from bench.stats import Rounds, rounded
from bench.units import best_ms
from bot.ivc.cameras import DeviceQuery
from bot.ivc.catalog import CALLS_PER_SECOND, Camera, CameraCatalog, CatalogIndex
from bot.simulator.cameras import ROOT_ORGANIZATION, SimCatalog
from tests.support.simulator import backend_for, running_sim

CHANNELS = 5_000
LIMIT = 100
QUERIES = {
    "search_common": "gate",
    "search_cjk": "前门",
    "search_two_words": "nvr gate",
    "search_no_match": "zzz-no-such-camera",
    "search_empty": "",
}
APIS = ("ivc", "cloudapi")
COMPARED_CHANNELS = 2_000
LOAD_WAYS = {"per_device": False, "paged": True}
"""API 3.0's two ways to a full catalog: ``paged`` is the catalog's ``paged`` flag."""


def sim_cameras(channels: int = CHANNELS) -> list[Camera]:
    """The simulator's catalog of ``channels`` channels as cameras, without HTTP."""
    catalog = SimCatalog.generate(channels)
    devices = catalog.devices_in(ROOT_ORGANIZATION, sub_levels=True, keyword=None, status=None)
    return [
        Camera(d.device_id, d.name, d.channel_id(n), d.channel_name(n))
        for d in devices
        for n in d.channel_numbers()
    ]


def _in_process(figures: Rounds, cameras: list[Camera], runs: int) -> None:
    labels = [c.label for c in cameras]
    folded = [label.casefold() for label in labels]
    add = figures.add
    add("build_index_ms", best_ms(lambda: CatalogIndex.build(cameras), runs))
    add("build_index_baseline_ms", best_ms(lambda: [label.casefold() for label in labels], runs))
    index = CatalogIndex.build(cameras)
    for name, query in QUERIES.items():
        add(f"{name}_ms", best_ms(partial(index.search, query, LIMIT), runs * 20))
        add(f"{name}_baseline_ms", best_ms(partial(_scan, folded, query.casefold()), runs * 20))


def _scan(folded: list[str], word: str) -> list[str]:
    """The baseline: one substring test per casefolded label."""
    return [label for label in folded if word in label]


async def _load(api: str, running: Any) -> tuple[float, float, int]:
    async with backend_for(api, running, timeout=60) as client:
        started = time.perf_counter()
        await client.list_devices(DeviceQuery(ROOT_ORGANIZATION, page_size=1000))
        baseline = time.perf_counter() - started
        catalog = CameraCatalog(client, ROOT_ORGANIZATION, ttl=600, page_size=1000)
        started = time.perf_counter()
        index = await catalog.load()
        return (time.perf_counter() - started) * 1000, baseline * 1000, len(index)


def _over_http(figures: Rounds) -> int:
    loaded = 0
    with running_sim(cameras=CHANNELS, clock=time.time) as running:
        for api in APIS:
            ms, baseline_ms, loaded = asyncio.run(_load(api, running))
            figures.add(f"load_http_{api}_ms", ms)
            figures.add(f"load_http_{api}_baseline_ms", baseline_ms)
    return loaded


async def _load_both_ways(running: Any) -> dict[str, tuple[float, int, int]]:
    """(ms, calls, channels) of a full API 3.0 catalog each way, and the baseline's ms."""
    found: dict[str, tuple[float, int, int]] = {}
    async with backend_for("cloudapi", running, timeout=60) as client:
        started = time.perf_counter()
        await client.list_devices(DeviceQuery(ROOT_ORGANIZATION, page_size=1000))
        found["baseline"] = ((time.perf_counter() - started) * 1000, 1, 0)
        for way, paged in LOAD_WAYS.items():
            catalog = CameraCatalog(client, ROOT_ORGANIZATION, ttl=600, page_size=1000, paged=paged)
            running.sim.reset_counters()
            started = time.perf_counter()
            index = await catalog.load()
            ms = (time.perf_counter() - started) * 1000
            found[way] = (ms, sum(running.sim.calls.values()), len(index))
    return found


def _compared(figures: Rounds, calls: dict[str, int]) -> int:
    """Both ways to a full catalog of 2,000 channels on one simulator; their calls into
    ``calls``; the channels loaded (the same each way)."""
    loaded: set[int] = set()
    with running_sim(cameras=COMPARED_CHANNELS, clock=time.time) as running:
        found = asyncio.run(_load_both_ways(running))
    for way in LOAD_WAYS:
        ms, calls[way], channels = found[way]
        loaded.add(channels)
        figures.add(f"load_http_cloudapi_{way}_ms", ms)
        figures.add(f"load_http_cloudapi_{way}_baseline_ms", found["baseline"][0])
    (channels,) = loaded
    return channels


FIGURES = (
    *("build_index", *QUERIES),
    *(f"load_http_{api}" for api in APIS),
    *(f"load_http_cloudapi_{way}" for way in LOAD_WAYS),
)


def run_u2(*, rounds: int, runs: int) -> dict[str, Any]:
    figures = Rounds()
    cameras = sim_cameras()
    loaded = compared = 0
    calls: dict[str, int] = {}
    for _ in range(rounds):
        _in_process(figures, cameras, runs)
        loaded = _over_http(figures)
        compared = _compared(figures, calls)
    out: dict[str, Any] = {
        "rounds": rounds,
        "best_of_runs": runs,
        "channels": len(cameras),
        "loaded_over_http": loaded,
        "limit": LIMIT,
        "figures": {},
    }
    for name in FIGURES:
        ms, base = figures.median(f"{name}_ms"), figures.median(f"{name}_baseline_ms")
        out["figures"][name] = {
            "ms": rounded(ms, 3),
            "baseline_ms": rounded(base, 3),
            "ratio": rounded(ms / base, 2) if base else None,
            "spread_ms": figures.spread(f"{name}_ms", 3),
        }
    for way, count in calls.items():
        out["figures"][f"load_http_cloudapi_{way}"]["calls"] = count
    out["catalog_calls"] = {
        "channels": compared,
        "calls_per_second": CALLS_PER_SECOND,
        **{way: count for way, count in calls.items()},
        "paced_seconds": {
            way: rounded((count - 1) / CALLS_PER_SECOND, 1) for way, count in calls.items()
        },
    }
    out["note"] = "figures only: nothing here is a pass/fail limit"
    return out
