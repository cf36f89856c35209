"""Task writes as the Slack side makes them: checked against IVC's rules, created once,
deleted, and the task source refreshed after each so the next read shows the change (here at
once; on the other replicas when they hear the change notice)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.clock import utc_now
from bot.ivc.backend import IvcBackend
from bot.ivc.change_notices import ChangeNotices, LocalOnly
from bot.ivc.creating import create_once
from bot.ivc.new_task import CreatedTask, DeletedTask, NewTask
from bot.ivc.refusals import Refusal
from bot.ivc.source import TaskSource
from bot.ivc.task_rules import FieldProblem, TaskField, check_new_task


class TaskActions:
    """Creates and deletes tasks through ``backend``; after each attempt that reached IVC
    (whatever its outcome: a lost answer may still have written) invalidates ``source`` and
    then publishes a change notice to the other replicas (``notices``)."""

    def __init__(
        self,
        backend: IvcBackend,
        source: TaskSource,
        *,
        zone: ZoneInfo,
        notices: ChangeNotices | None = None,
    ) -> None:
        self.backend = backend
        self.source = source
        self.zone = zone
        self.notices: ChangeNotices = notices if notices is not None else LocalOnly()

    def __repr__(self) -> str:
        return f"TaskActions(backend={self.backend!r})"

    def check(self, task: NewTask) -> tuple[FieldProblem, ...]:
        """What IVC would refuse in ``task``, by field, in IVC's time zone (no I/O): its
        rules, and a name that a listed task of another request already has (a task of the
        same request is a double submit, which ``create`` answers with that task)."""
        problems = check_new_task(task, self.zone, utc_now(self.source.clock))
        if any(p.field is TaskField.NAME for p in problems) or not self._name_taken(task):
            return problems
        return (FieldProblem(TaskField.NAME, Refusal.NAME_TAKEN), *problems)

    def _name_taken(self, task: NewTask) -> bool:
        """Whether the cached list (no call) has another request's task of ``task``'s name."""
        listed = self.source.peek()
        if listed is None:
            return False
        return any(t.name == task.name and not task.same_request(t) for t in listed.tasks)

    async def create(self, task: NewTask) -> CreatedTask:
        """``create_once`` (one task per name, lost answers looked up), then invalidate and
        tell the other replicas."""
        try:
            return await create_once(self.backend, self.backend, task)
        finally:
            self.source.invalidate()
            await self.notices.publish()

    async def delete(self, task_id: str) -> DeletedTask:
        """Delete one task (never retried), then invalidate the list and its details here
        and tell the other replicas."""
        try:
            return await self.backend.delete_task(task_id)
        finally:
            self.source.invalidate(task_id)
            await self.notices.publish(task_id)
