"""A channel's cloud recordings over a window (API 3.0 ``DescribeRecordFile``): whether the
window holds archived recording (``Data.Tips`` 1) and the recorded spans (``Data.List``).

The spans' ``HlsUrl`` (sent only with ``WithUrl``, which the app never asks for) would carry
a playback token, so it is never read. The ``/ivc/`` API has no such endpoint: its client
raises ``RecordFilesNeedCloudApiError`` without a request.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.ivc.errors import IvcError, IvcMalformedError

log = logging.getLogger(__name__)

ARCHIVED_TIPS, NOT_ARCHIVED_TIPS = 1, 0
MAX_SPANS = 2000  # one day of recording in the smallest segments IVC cuts, with room to spare


@dataclass(frozen=True, slots=True)
class RecordWindow:
    """What to look up: one channel of one device from ``start`` to ``end`` (Unix seconds)."""

    device_id: str
    channel_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, order=True)
class RecordSpan:
    """One recorded span (``RecordTimeLine``), Unix seconds."""

    begin: int
    end: int


@dataclass(frozen=True, slots=True)
class RecordFiles:
    """IVC's answer for one window: ``archived`` (``Tips`` 1: archived recording in the window)
    and the recorded spans in IVC's order; ``skipped`` counts span records that were unusable."""

    archived: bool
    spans: tuple[RecordSpan, ...]
    request_id: str = ""
    skipped: int = 0


class RecordFilesNeedCloudApiError(IvcError):
    """The ``/ivc/`` API cannot say whether a window holds archived recording."""

    def __init__(self) -> None:
        super().__init__(
            "the IVC API (IVC_API=ivc) has no DescribeRecordFile",
            hint="recordings are checked before a retrieval with IVC_API=cloudapi only",
        )


def _seconds(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _span(record: Any) -> RecordSpan | None:
    if not isinstance(record, Mapping):
        return None
    begin, end = _seconds(record.get("Begin")), _seconds(record.get("End"))
    if begin is None or end is None or end < begin:
        return None
    return RecordSpan(begin, end)


def record_files(data: Any, request_id: str) -> RecordFiles:
    """``Data`` of ``DescribeRecordFile`` (``{"Tips": 0|1, "List": [{Begin, End}] or null}``);
    raises ``IvcMalformedError`` (never quoting a value) when ``Tips`` is not 0 or 1 or
    ``List`` is not a list; an unusable span is skipped, counted and logged."""
    if not isinstance(data, Mapping):
        raise IvcMalformedError("field Data is not an object", field="Data", request_id=request_id)
    tips = data.get("Tips")
    if isinstance(tips, bool) or tips not in (ARCHIVED_TIPS, NOT_ARCHIVED_TIPS):
        raise IvcMalformedError("field Tips is not 0 or 1", field="Tips", request_id=request_id)
    raw = data.get("List")
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise IvcMalformedError("field List is not a list", field="List", request_id=request_id)
    spans = [_span(record) for record in raw[:MAX_SPANS]]
    kept = tuple(span for span in spans if span is not None)
    skipped = len(raw) - len(kept)
    if skipped:
        log.warning(
            "DescribeRecordFile: %d unusable span(s) skipped (RequestId %s)",
            skipped,
            request_id or "none",
        )
    return RecordFiles(tips == ARCHIVED_TIPS, kept, request_id, skipped)
