"""Playing a recording on the simulator: ``GET /ivc/record/playback/url`` and API 3.0
``DescribeRecordPlaybackUrl``, kept apart from the task and camera endpoints. Each answer is a
new address with a fresh random token; the footage rules are ``check_footage``'s.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.simulator import codes
from bot.simulator.tasks import NO_ARCHIVE, RETRIEVED, STAGES, SimTask
from bot.simulator.writes import DAY, SimRefusal, check_window

PLAYBACK_HOST = "playback.ivc-sim.test"
NOT_RETRIEVED = (codes.VIDEO_ARCHIVED, "the recording is archived: retrieve it first")
EXPIRED = (codes.VIDEO_ARCHIVED, "the retrieved copy has expired: the recording is archived")
NO_RECORD = (codes.VIDEO_NOT_FOUND, "the channel has no recording in this window")
NO_CHANNEL = (codes.CHANNEL_NOT_EXIST, "the channel does not exist")


@dataclass(frozen=True, slots=True)
class PlaybackRequest:
    """A playback request that passed the parameter rules."""

    channel_id: str
    start: int
    end: int


def _int(params: Mapping[str, Any], name: str, from_query: bool) -> int:
    value = params.get(name)
    if value is None:
        raise SimRefusal(codes.MISSING_PARAMETER, f"the parameter {name} is missing")
    if from_query and isinstance(value, str) and value.isdigit():
        return int(value)
    if not from_query and isinstance(value, int) and not isinstance(value, bool):
        return value
    raise SimRefusal(codes.INVALID_PARAMETER, f"the parameter {name} must be an integer")


def check_playback(params: Mapping[str, Any], *, from_query: bool) -> PlaybackRequest:
    """The request's fields (query strings on ``/ivc/``, JSON on API 3.0), or the refusal."""
    channel = params.get("ChannelId")
    if not isinstance(channel, str) or not channel:
        raise SimRefusal(codes.MISSING_PARAMETER, "the parameter ChannelId is missing")
    start, end = _int(params, "StartTime", from_query), _int(params, "EndTime", from_query)
    check_window(start, end)
    return PlaybackRequest(channel, start, end)


@dataclass
class PlaybackBook:
    """Copies marked expired by a test, and every token handed out (newest last)."""

    expired: set[str] = field(default_factory=set)
    tokens: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def address(self, request: PlaybackRequest) -> str:
        """A new HLS address for ``request`` with a fresh random token."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            self.tokens.append(token)
        return (
            f"https://{PLAYBACK_HOST}/record/{request.channel_id}/hls.m3u8"
            f"?starttime={request.start}&endtime={request.end}&token={token}"
        )


def _expired(task: SimTask, now: float, book: PlaybackBook) -> bool:
    """A copy expires ``Expiration`` days after retrieval (raw records: when marked)."""
    if task.task_id in book.expired:
        return True
    record = task.record if isinstance(task.record, dict) else {}
    days = record.get("Expiration")
    if task.created_at is None or not isinstance(days, int):
        return False
    retrieved_at = task.created_at + STAGES.index(RETRIEVED) * task.pace
    return now >= retrieved_at + days * DAY


def _covers(details: Mapping[str, Any], request: PlaybackRequest) -> Mapping[str, Any] | None:
    """The task's channel record when it holds the channel over the requested window."""
    start, end = details.get("StartTime"), details.get("EndTime")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    if not start <= request.start < request.end <= end:
        return None
    for channel in details.get("Channels") or []:
        if isinstance(channel, Mapping) and channel.get("ChannelId") == request.channel_id:
            return channel
    return None


def _known_channel(tasks: Iterable[SimTask], channel_id: str, now: float) -> bool:
    for task in tasks:
        if not isinstance(task.record, dict):
            continue
        for channel in task.details_record(now).get("Channels") or []:
            if isinstance(channel, Mapping) and channel.get("ChannelId") == channel_id:
                return True
    return False


def check_footage(
    tasks: list[SimTask],
    request: PlaybackRequest,
    now: float,
    book: PlaybackBook,
    *,
    known: bool = False,
) -> None:
    """Raise the ``SimRefusal`` IVC answers unless a retrieved, unexpired copy holds the
    channel's recording over the window (playback and downloads alike)."""
    refusal = NOT_RETRIEVED
    for task in tasks:
        if not isinstance(task.record, dict):
            continue
        channel = _covers(task.details_record(now), request)
        if channel is None:
            continue
        if task.status(now) != RETRIEVED:
            continue
        if _expired(task, now, book):
            refusal = EXPIRED
            continue
        if channel.get("Status") == NO_ARCHIVE:
            refusal = NO_RECORD if refusal is NOT_RETRIEVED else refusal
            continue
        return
    if (
        refusal is NOT_RETRIEVED
        and not known
        and not _known_channel(tasks, request.channel_id, now)
    ):
        raise SimRefusal(*NO_CHANNEL, 404)
    raise SimRefusal(*refusal, 404 if refusal is NO_RECORD else 400)


def wrong_types_playback(data: Any) -> Any:
    """A playback ``Data`` whose ``Hls`` is a number."""
    return {"Hls": 12345} if isinstance(data, dict) else data
