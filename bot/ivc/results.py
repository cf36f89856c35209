"""A response's ``Data`` as a ``TaskList`` or ``TaskDetails``; shared by both backends."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from bot.ivc.errors import IvcMalformedError
from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.records import RecordError, parse_details, parse_task

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_REASONS = 20


def parse_records(
    records: list[Any],
    parse: Callable[[Any], T],
    what: str,
    request_id: str,
    *,
    item: str | None = None,
) -> tuple[list[T], list[str]]:
    """Each record parsed; a malformed one is skipped with its reason ("<item> <index>:
    why", ``item`` defaulting to ``what``), and the skips are logged once."""
    good: list[T] = []
    reasons: list[str] = []
    for index, record in enumerate(records):
        try:
            good.append(parse(record))
        except RecordError as error:
            reasons.append(f"{item or what} {index}: {error}")
    if reasons:
        log.warning(
            "skipped %d malformed %s records of %d (RequestId %s); first: %s",
            len(reasons),
            what,
            len(records),
            request_id or "none",
            reasons[0],
        )
    return good, reasons


def task_list(data: Any, request_id: str) -> TaskList:
    """``Data`` of a list call: null is no tasks; bad records are skipped, counted, logged."""
    if data is None:
        return TaskList(tasks=(), request_id=request_id)
    if not isinstance(data, list):
        raise IvcMalformedError("field Data is not a list", field="Data", request_id=request_id)
    tasks, reasons = parse_records(data, parse_task, "task", request_id, item="record")
    return TaskList(
        tasks=tuple(tasks),
        skipped=len(reasons),
        request_id=request_id,
        skipped_reasons=tuple(reasons[:MAX_REASONS]),
    )


def task_details(data: Any, request_id: str, task_id: str) -> TaskDetails:
    """``Data`` of a details call: one task with its channels (bad channels skipped)."""
    try:
        details, skipped = parse_details(data)
    except RecordError as error:
        raise IvcMalformedError(
            f"task details: {error}", field="Data", request_id=request_id
        ) from None
    if skipped:
        log.warning("skipped %d malformed channel records of task %s", skipped, task_id)
    return details
