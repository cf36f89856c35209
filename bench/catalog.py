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
  from the simulator over loopback HTTP (every device page and every device's channels);
  baseline: one device-list call of the same API.
"""

from __future__ import annotations

import asyncio
import time
from functools import partial
from typing import Any

from bench.stats import Rounds, rounded
from bench.units import best_ms
from bot.ivc.cameras import DeviceQuery
from bot.ivc.catalog import Camera, CameraCatalog, CatalogIndex
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


FIGURES = (*("build_index", *QUERIES), *(f"load_http_{api}" for api in APIS))


def run_u2(*, rounds: int, runs: int) -> dict[str, Any]:
    figures = Rounds()
    cameras = sim_cameras()
    loaded = 0
    for _ in range(rounds):
        _in_process(figures, cameras, runs)
        loaded = _over_http(figures)
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
    out["note"] = "figures only: nothing here is a pass/fail limit"
    return out
