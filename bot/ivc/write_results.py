"""A write's ``Data`` as a ``CreatedTask`` or ``DeletedTask``; shared by both backends."""

from __future__ import annotations

from typing import Any

from bot.ivc.errors import IvcMalformedError
from bot.ivc.new_task import CreatedTask, DeletedTask
from bot.ivc.records import RecordError, parse_task


def created_task(data: Any, request_id: str) -> CreatedTask:
    """``Data`` of a create: the new task."""
    try:
        task = parse_task(data)
    except RecordError as error:
        raise IvcMalformedError(f"new task: {error}", field="Data", request_id=request_id) from None
    return CreatedTask(task=task, request_id=request_id)


def deleted_task(task_id: str, request_id: str) -> DeletedTask:
    """A delete's answer (``Data`` is ``{}``: nothing to read)."""
    return DeletedTask(task_id=task_id, request_id=request_id)
