"""Simulator camera catalogs holding the channels of Tencent's own examples of
``ListOrganizationChannels`` (tccli's ``examples.json``), so the simulator can be made to answer
exactly as those examples do.

``example_catalog(example)`` holds one example's channels in its organization, plus channels
its request does not match (or, for an unfiltered example, more channels after the ones shown
up to its ``TotalCount``). ``all_examples_catalog()`` holds every example's channels, with the
devices spread over the organization and a sub-organization of it.
"""

from __future__ import annotations

from typing import Any

from bot.simulator.cameras import (
    IPC_TYPE,
    NVR_TYPE,
    ONLINE,
    SimCatalog,
    SimChannel,
    SimDevice,
    SimOrganization,
)
from tests.support.tencent_sdk import Example, examples

ACTION = "ListOrganizationChannels"
SUB_ORGANIZATION = "example-sub"
FILLER_DEVICE = "filler-device-0000"
FILLER_NAME = "Filler"


def successes() -> list[Example]:
    """Tencent's successful examples of the action."""
    return [e for e in examples(ACTION) if not e.is_error]


def example_organization() -> str:
    """The organization Tencent's examples ask about (the same in every one)."""
    (organization,) = {e.request["OrganizationId"] for e in successes()}
    return str(organization)


def _organizations() -> tuple[SimOrganization, ...]:
    root = example_organization()
    return (
        SimOrganization(root, "示例组织", None),
        SimOrganization(SUB_ORGANIZATION, "示例下级组织", root),
    )


def _devices(rows: list[dict[str, Any]], orgs: list[str]) -> list[SimDevice]:
    """Devices holding ``rows`` (``Data.List`` records) in their order, the i-th device in
    ``orgs[i % len(orgs)]``."""
    channels: dict[str, list[SimChannel]] = {}
    names: dict[str, str] = {}
    for row in rows:
        names.setdefault(row["DeviceId"], row["DeviceName"])
        known = channels.setdefault(row["DeviceId"], [])
        if row["ChannelId"] not in {c.channel_id for c in known}:
            known.append(SimChannel(row["ChannelId"], row["ChannelName"], row["InPlan"]))
    return [
        SimDevice(
            device_id=device_id,
            code=f"example{index:013d}",
            name=names[device_id],
            org_id=orgs[index % len(orgs)],
            device_type=NVR_TYPE if len(held) > 1 else IPC_TYPE,
            channel_count=len(held),
            status=ONLINE,
            password=f"PW-sim-example-{index}-never-show",
            seed=index,
            channels=tuple(held),
        )
        for index, (device_id, held) in enumerate(channels.items())
    ]


def _fillers(count: int) -> list[dict[str, Any]]:
    """``count`` channels of one more device, with ids after any of Tencent's and names that
    hold none of the examples' search texts."""
    return [
        {
            "DeviceId": FILLER_DEVICE,
            "DeviceName": FILLER_NAME,
            "ChannelId": f"ffffffff-filler-{index:04d}",
            "ChannelName": f"{FILLER_NAME}-{chr(ord('a') + index % 26)}{index // 26}",
            "InPlan": index % 2 == 0,
        }
        for index in range(count)
    ]


def example_catalog(example: Example) -> SimCatalog:
    """The channels ``example`` shows, in its organization, with others its request would not
    match (a filtered example) or that come after them up to its ``TotalCount``."""
    data = example.response["Data"]
    shown = list(data["List"] or [])
    filtered = "DeviceName" in example.request or "ChannelName" in example.request
    more = 5 if filtered else data["TotalCount"] - len(shown)
    devices = _devices(shown + _fillers(more), [example_organization()])
    return SimCatalog(devices, _organizations())


def all_examples_catalog() -> SimCatalog:
    """Every channel of every example, the devices alternating between the organization and
    its sub-organization."""
    rows = [row for example in successes() for row in example.response["Data"]["List"] or []]
    return SimCatalog(_devices(rows, [example_organization(), SUB_ORGANIZATION]), _organizations())
