"""Is there anything to retrieve? Each camera of a new task checked with ``DescribeRecordFile``
before the billed retrieval, all at once (the backend paces them to IVC_MAX_CALLS_PER_SECOND).

Three cases per camera: archived recording in the window (retrieved), recording that is not
archived (nothing to retrieve: it plays as it is), no recording at all. A call that fails or
is refused fails the whole check: a task is never created on a partial answer.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import StrEnum

from bot.clock import epoch_seconds
from bot.ivc.backend import RecordFileReader
from bot.ivc.errors import IvcError
from bot.ivc.new_task import ChannelRef, NewTask
from bot.ivc.recordings import RecordFiles, RecordSpan, RecordWindow

GAP_SECONDS = 60
"""Gaps this short between spans, or at the window's ends, do not count as missing footage."""


class RecordingCase(StrEnum):
    """What one camera has in the window."""

    ARCHIVED = "archived"  # Tips 1: retrieved
    NOT_ARCHIVED = "not_archived"  # Tips 0 with spans: plays as it is, nothing to retrieve
    NONE = "none"  # Tips 0, no span: no recording at all


@dataclass(frozen=True, slots=True)
class CameraRecording:
    """One camera's case, its recorded spans clipped to the window and merged, and whether
    they cover the whole window."""

    ref: ChannelRef
    case: RecordingCase
    spans: tuple[RecordSpan, ...] = ()
    whole_window: bool = False


@dataclass(frozen=True, slots=True)
class CheckFailed:
    """The first camera (in the form's order) whose check failed, and why."""

    ref: ChannelRef
    error: IvcError


@dataclass(frozen=True, slots=True)
class RecordingsCheck:
    """Every camera's case in the form's order, or the failure that voids them all."""

    cameras: tuple[CameraRecording, ...] = ()
    failure: CheckFailed | None = None

    @property
    def archived(self) -> tuple[ChannelRef, ...]:
        """The cameras a retrieval copies."""
        return tuple(c.ref for c in self.cameras if c.case is RecordingCase.ARCHIVED)

    @property
    def all_archived(self) -> bool:
        return self.failure is None and len(self.archived) == len(self.cameras) > 0


def window_of(task: NewTask) -> tuple[int, int]:
    """The task's window in Unix seconds, as the create call sends it."""
    return int(epoch_seconds(task.start)), int(epoch_seconds(task.end))


def merged_spans(spans: tuple[RecordSpan, ...], start: int, end: int) -> tuple[RecordSpan, ...]:
    """``spans`` clipped to ``start``–``end``, sorted, and joined where they touch or where
    the gap between them is at most ``GAP_SECONDS``."""
    clipped = sorted(
        RecordSpan(max(s.begin, start), min(s.end, end))
        for s in spans
        if s.end > start and s.begin < end
    )
    merged: list[RecordSpan] = []
    for span in clipped:
        if merged and span.begin - merged[-1].end <= GAP_SECONDS:
            last = merged[-1]
            merged[-1] = RecordSpan(last.begin, max(last.end, span.end))
        else:
            merged.append(span)
    return tuple(merged)


def classify(ref: ChannelRef, files: RecordFiles, start: int, end: int) -> CameraRecording:
    """One camera's case from IVC's answer for the window ``start``–``end``."""
    spans = merged_spans(files.spans, start, end)
    whole = any(s.begin - start <= GAP_SECONDS and end - s.end <= GAP_SECONDS for s in spans)
    if files.archived:
        return CameraRecording(ref, RecordingCase.ARCHIVED, spans, whole or not spans)
    if spans:
        return CameraRecording(ref, RecordingCase.NOT_ARCHIVED, spans, whole)
    return CameraRecording(ref, RecordingCase.NONE)


async def check_recordings(reader: RecordFileReader, task: NewTask) -> RecordingsCheck:
    """Every camera of ``task`` over its window, concurrently; the first failed camera (in
    the form's order) voids the check. Anything but an ``IvcError`` is raised."""
    start, end = window_of(task)
    refs = task.channels
    calls = (
        reader.record_files(RecordWindow(ref.device_id, ref.channel_id, start, end)) for ref in refs
    )
    answers = await asyncio.gather(*calls, return_exceptions=True)
    cameras: list[CameraRecording] = []
    for ref, answer in zip(refs, answers, strict=True):
        if isinstance(answer, IvcError):
            return RecordingsCheck(failure=CheckFailed(ref, answer))
        if isinstance(answer, BaseException):
            raise answer
        cameras.append(classify(ref, answer, start, end))
    return RecordingsCheck(tuple(cameras))
