"""A channel's cloud recordings on the simulator: API 3.0 ``DescribeRecordFile`` (the ``/ivc/``
endpoints have none), kept apart from playback and the tasks. Each channel has one of
``CASES``, decided from the seed unless a test sets it, recorded in 30-minute segments.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.simulator import codes
from bot.simulator.cameras import SimCatalog
from bot.simulator.playback import PlaybackBook, PlaybackRequest
from bot.simulator.writes import SimRefusal, check_window

ARCHIVED, PARTIAL, UNARCHIVED, MISSING = "archived", "partial", "unarchived", "missing"
CASES = (ARCHIVED, PARTIAL, UNARCHIVED, MISSING)
SEGMENT = 1800
HOUR = 3600
GAP = (1200, 2400)  # a partial channel's silence within each hour (seconds into the hour)


@dataclass(frozen=True, slots=True)
class RecordFileRequest:
    """A ``DescribeRecordFile`` request that passed the parameter rules."""

    device_id: str
    channel_id: str
    start: int
    end: int
    with_url: bool = False


def _id(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    if not isinstance(value, str) or not value:
        raise SimRefusal(codes.MISSING_PARAMETER, f"the parameter {name} is missing")
    return value


def check_record_file(params: Mapping[str, Any]) -> RecordFileRequest:
    """The request's fields (the gateway already checked their types), or the refusal."""
    device, channel = _id(params, "DeviceId"), _id(params, "ChannelId")
    start, end = params["StartTime"], params["EndTime"]
    check_window(start, end)
    return RecordFileRequest(device, channel, start, end, params.get("WithUrl") is True)


def check_camera(catalog: SimCatalog, request: RecordFileRequest) -> None:
    """Refuse an unknown device, an unknown channel or a channel of another device."""
    device = catalog.device(request.device_id)
    if device is None:
        raise SimRefusal(codes.DEVICE_NOT_EXIST, "the device does not exist", 404)
    owner = catalog.channel_owner(request.channel_id)
    if owner is None:
        raise SimRefusal(codes.CHANNEL_NOT_EXIST, "the channel does not exist", 404)
    if owner is not device:
        raise SimRefusal(codes.DEVICE_MISMATCH_CHANNEL, "the channel belongs to another device")


def decided_case(seed: int, channel_id: str) -> str:
    """The channel's case when no test set one: mostly archived (14 in 20), then partial,
    unarchived and missing (2 in 20 each)."""
    digest = hashlib.sha256(f"{seed}:{channel_id}".encode()).digest()
    bucket = int.from_bytes(digest[:4], "big") % 20
    if bucket < 2:
        return MISSING
    if bucket < 4:
        return UNARCHIVED
    if bucket < 6:
        return PARTIAL
    return ARCHIVED


def recorded_spans(case: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans a channel of ``case`` recorded within ``start``–``end``."""
    if case == MISSING or end <= start:
        return []
    pieces: list[tuple[int, int]] = []
    if case == PARTIAL:
        for hour in range(start - start % HOUR, end, HOUR):
            pieces += [(hour, hour + GAP[0]), (hour + GAP[1], hour + HOUR)]
    else:
        pieces = [(t, t + SEGMENT) for t in range(start - start % SEGMENT, end, SEGMENT)]
    clipped = ((max(b, start), min(e, end)) for b, e in pieces)
    return [(b, e) for b, e in clipped if e > b]


@dataclass
class RecordingBook:
    """Each channel's case: the decided one, or the one a test set."""

    seed: int
    _set: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def case(self, channel_id: str) -> str:
        with self._lock:
            chosen = self._set.get(channel_id)
        return chosen or decided_case(self.seed, channel_id)

    def set_case(self, channel_id: str, case: str | None) -> None:
        """Serve ``channel_id`` as ``case`` (one of ``CASES``; None: the decided one again)."""
        if case is not None and case not in CASES:
            raise ValueError(f"unknown recording case {case!r}; choose one of {CASES}")
        with self._lock:
            if case is None:
                self._set.pop(channel_id, None)
            else:
                self._set[channel_id] = case

    def spans(self, channel_id: str, start: int, end: int, now: float) -> list[tuple[int, int]]:
        """What the channel recorded in the window, up to now."""
        return recorded_spans(self.case(channel_id), start, min(end, int(now)))

    def plays(self, request: PlaybackRequest, now: float) -> bool:
        """Whether the window holds footage that is not archived (it plays as it is)."""
        if self.case(request.channel_id) != UNARCHIVED:
            return False
        return bool(self.spans(request.channel_id, request.start, request.end, now))


def record_file(
    book: RecordingBook, playback: PlaybackBook, request: RecordFileRequest, now: float
) -> dict[str, Any]:
    """``Data`` of ``DescribeRecordFile``: ``Tips`` and ``List`` (each span's ``HlsUrl`` with
    ``WithUrl``: a fresh token, as playback hands out)."""
    spans = book.spans(request.channel_id, request.start, request.end, now)
    archived = book.case(request.channel_id) in (ARCHIVED, PARTIAL) and bool(spans)
    timeline: list[dict[str, Any]] = []
    for begin, end in spans:
        span: dict[str, Any] = {"Begin": begin, "End": end}
        if request.with_url:
            span["HlsUrl"] = playback.address(PlaybackRequest(request.channel_id, begin, end))
        timeline.append(span)
    return {"Tips": 1 if archived else 0, "List": timeline or None}


def wrong_types_record_file(data: Any) -> Any:
    """A ``DescribeRecordFile`` ``Data`` whose ``Tips`` is a string."""
    return {**data, "Tips": str(data.get("Tips"))} if isinstance(data, dict) else data
