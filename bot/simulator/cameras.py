"""The simulated camera catalog: organizations with sub-organizations, IPCs with one channel
and NVRs with dozens, online and offline, some with hostile names.

Devices are generated up front (a few hundred objects for 5,000 channels); a device's channel
records are built when asked for, so a large catalog stays cheap. A device may instead hold
explicit channels (``SimChannel``: ids, names, ``InPlan``), so a test can serve the channels of
Tencent's own examples. Every device has an access ``Password`` (as IVC's device list sends
it): distinctive, so tests can prove the app never shows or logs it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.config import IvcApi
from bot.simulator.names import device_name

ROOT_ORGANIZATION = "1000"
DEFAULT_CHANNELS = 120
IPC_TYPE, NVR_TYPE = 1, 2
UNREGISTERED, ONLINE, OFFLINE, DISABLED = 0, 1, 2, 3
NVR_CHANNELS = (8, 64)
CLUSTER_ID, CLUSTER_NAME = "ap-guangzhou", "广州一区"

HOSTILE_NAMES = (
    "<!channel> 前门",
    "*bold* _gate_ ~strike~ `cam`",
    "<@U012ABCDEF> lobby gate",
    "gate <https://evil.example|click me>",
    "\u202egate-RTL",
    "🚪 front gate 🚪",
    "&amp; &lt;gate&gt; & < >",
    "line\nbreak gate",
    "gate-" + "长" * 120,
    "Robert'); DROP TABLE devices;--",
)


@dataclass(frozen=True, slots=True)
class SimOrganization:
    """One organization; ``parent_id`` None for the root."""

    org_id: str
    name: str
    parent_id: str | None


ORGANIZATIONS = (
    SimOrganization(ROOT_ORGANIZATION, "总部", None),
    SimOrganization("1001", "北京", ROOT_ORGANIZATION),
    SimOrganization("1002", "上海", ROOT_ORGANIZATION),
    SimOrganization("1003", "北京-朝阳门店", "1001"),
    SimOrganization("1004", "Warehouse-East", "1002"),
    SimOrganization("2000", "Other-Tenant", None),
)


@dataclass(frozen=True, slots=True)
class SimChannel:
    """A channel given as is (e.g. one of Tencent's examples) rather than generated."""

    channel_id: str
    name: str
    in_plan: bool = True


@dataclass(frozen=True, slots=True)
class SimDevice:
    """One device; its channels are ``1 .. channel_count`` (``channels``, when given, holds
    them explicitly: then ``channel_count`` is their number)."""

    device_id: str
    code: str
    name: str
    org_id: str
    device_type: int
    channel_count: int
    status: int
    password: str
    seed: int
    channels: tuple[SimChannel, ...] = ()

    def __repr__(self) -> str:
        return f"SimDevice({self.device_id!r}, {self.name!r}, channels={self.channel_count})"

    def record(self, api: IvcApi) -> dict[str, Any]:
        """The device as ``api``'s device list serves it, ``Password`` included (as IVC does):
        the id is ``DeviceId`` on API 3.0 (with ``ClusterName`` and ``ChannelNum``), ``Id`` on
        the ``/ivc/`` endpoint."""
        common = {
            "Code": self.code,
            "Name": self.name,
            "AccessProtocol": 1,
            "Type": self.device_type,
            "ClusterId": CLUSTER_ID,
            "TransportProtocol": 1,
            "Password": self.password,
            "Description": "NVR" if self.device_type == NVR_TYPE else "IPC",
            "Status": self.status,
            "OrganizationId": self.org_id,
        }
        if api == "ivc":
            return {"Id": self.device_id, **common}
        return {
            "DeviceId": self.device_id,
            **common,
            "ClusterName": CLUSTER_NAME,
            "ChannelNum": self.channel_count,
        }

    def channel_id(self, number: int) -> str:
        if self.channels:
            return self.channels[number - 1].channel_id
        return f"{self.code}{number:03d}"

    def channel_number(self, channel_id: str) -> int:
        """The number of this device's channel ``channel_id`` (ValueError: not one of its)."""
        for number in self.channel_numbers():
            if self.channel_id(number) == channel_id:
                return number
        raise ValueError("not a channel of this device")

    def channel_name(self, number: int) -> str:
        if self.channels:
            return self.channels[number - 1].name
        if self.device_type == IPC_TYPE:
            return self.name
        rng = random.Random(self.seed * 1000 + number)
        if number == 1 and self.seed % 7 == 0:
            return HOSTILE_NAMES[self.seed % len(HOSTILE_NAMES)]
        return device_name(rng, number)

    def channel_records(self, api: IvcApi) -> list[dict[str, Any]]:
        """Every channel as ``api``'s channel list serves it (the PTZ field is ``PTZType`` on
        API 3.0, ``PtzType`` on the ``/ivc/`` endpoint)."""
        online = self.status == ONLINE
        ptz = "PtzType" if api == "ivc" else "PTZType"
        return [
            {
                "ChannelId": self.channel_id(n),
                "ChannelCode": self.channel_id(n),
                "DeviceId": self.device_id,
                "Name": self.channel_name(n),
                "Status": int(online and (self.seed + n) % 3 != 0),
                ptz: (self.seed + n) % 2,
                "Manufacturer": "Hikvision" if self.seed % 2 else "Dahua",
                "Resolution": "1920x1080",
                "State": int(online and (self.seed + n) % 11 != 0),
            }
            for n in range(1, self.channel_count + 1)
        ]

    def channel_numbers(self) -> range:
        return range(1, self.channel_count + 1)

    def in_plan(self, number: int) -> bool:
        """Whether a cloud-recording plan holds the channel (``InPlan``): most channels do."""
        if self.channels:
            return self.channels[number - 1].in_plan
        return (self.seed + number) % 5 != 0


class SimCatalog:
    """The organizations and their devices, with lookups by id."""

    def __init__(
        self, devices: list[SimDevice], organizations: tuple[SimOrganization, ...] = ORGANIZATIONS
    ) -> None:
        self.organizations = {o.org_id: o for o in organizations}
        self.devices = devices
        self._by_id = {d.device_id: d for d in devices}
        self._by_code = {d.code: d for d in devices if not d.channels}
        self._explicit = {c.channel_id: d for d in devices for c in d.channels}
        self._own_channels: dict[str, list[tuple[str, SimDevice, int]]] = {}

    @classmethod
    def generate(cls, channels: int = DEFAULT_CHANNELS, *, seed: int = 1) -> SimCatalog:
        return cls(list(_generate_devices(channels, seed)))

    @property
    def channel_total(self) -> int:
        return sum(d.channel_count for d in self.devices)

    def device(self, device_id: str) -> SimDevice | None:
        return self._by_id.get(device_id)

    def channel_owner(self, channel_id: str) -> SimDevice | None:
        """The device that has the channel ``channel_id`` (its code and a 3-digit number, or
        one of its explicit channels)."""
        if channel_id in self._explicit:
            return self._explicit[channel_id]
        device = self._by_code.get(channel_id[:-3])
        number = channel_id[-3:]
        if (
            device is None
            or not (number.isascii() and number.isdigit())
            or int(number) not in device.channel_numbers()
        ):
            return None
        return device

    def own_channels(self, org_id: str) -> list[tuple[str, SimDevice, int]]:
        """``(ChannelId, device, number)`` of every channel of the organization's own devices,
        ordered by ChannelId (kept: the devices never change)."""
        if org_id not in self._own_channels:
            self._own_channels[org_id] = sorted(
                (
                    (device.channel_id(number), device, number)
                    for device in self.devices
                    if device.org_id == org_id
                    for number in device.channel_numbers()
                ),
                key=lambda row: row[0],
            )
        return self._own_channels[org_id]

    def organization_ids(self, org_id: str, *, sub_levels: bool) -> set[str]:
        """``org_id`` and, with ``sub_levels``, every organization below it."""
        found = {org_id}
        if sub_levels:
            changed = True
            while changed:
                below = {o.org_id for o in self.organizations.values() if o.parent_id in found}
                changed = not below <= found
                found |= below
        return found

    def devices_in(
        self, org_id: str, *, sub_levels: bool, keyword: str | None, status: int | None
    ) -> list[SimDevice]:
        """Devices of the organization (and below), name containing ``keyword``."""
        orgs = self.organization_ids(org_id, sub_levels=sub_levels)
        folded = keyword.casefold() if keyword else None
        return [
            d
            for d in self.devices
            if d.org_id in orgs
            and (folded is None or folded in d.name.casefold())
            and (status is None or d.status == status)
        ]


def _generate_devices(channels: int, seed: int) -> Iterator[SimDevice]:
    rng = random.Random(seed * 7919 + 17)
    orgs = [o.org_id for o in ORGANIZATIONS if o.org_id != "2000"]
    left, index = channels, 0
    while left > 0:
        nvr = index % 5 == 4 and left > 1
        count = min(left, rng.randint(*NVR_CHANNELS)) if nvr else 1
        yield _device(rng, index, seed, count, NVR_TYPE if nvr else IPC_TYPE, orgs)
        left -= count
        index += 1
    # One device in another tenant's tree: never listed under the root organization.
    yield _device(rng, index, seed, 1, IPC_TYPE, ["2000"])


def _device(
    rng: random.Random, index: int, seed: int, count: int, kind: int, orgs: list[str]
) -> SimDevice:
    device_id = f"{rng.getrandbits(128):032x}"
    status = _status(rng.random())
    if index < len(HOSTILE_NAMES) and index % 2 == 1:
        name = HOSTILE_NAMES[index]
    elif kind == NVR_TYPE:
        name = f"NVR-{rng.choice(('前门', '仓库', 'gate', 'lobby', 'dock'))}-{index:03d}"
    else:
        name = device_name(rng, index + 1)
    return SimDevice(
        device_id=device_id,
        code=f"340200000013{kind}{index:07d}",
        name=name,
        org_id=orgs[index % len(orgs)],
        device_type=kind,
        channel_count=count,
        status=status,
        password=f"PW-sim-{device_id[:10]}-never-show",
        seed=seed * 100_003 + index,
    )


def _status(roll: float) -> int:
    """Mostly online; about one in ten offline; a few unregistered or disabled."""
    if roll < 0.85:
        return ONLINE
    if roll < 0.95:
        return OFFLINE
    return UNREGISTERED if roll < 0.98 else DISABLED
