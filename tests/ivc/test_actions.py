"""``TaskActions``: a create or delete shows in the task source's next read at once, even
within the cache TTL, and is announced to the other replicas after the local invalidation;
rules are checked without I/O. Both APIs, against the simulator."""

import dataclasses
from zoneinfo import ZoneInfo

import pytest

from bot.ivc.actions import TaskActions
from bot.ivc.errors import IvcRefusedError
from bot.ivc.source import TaskSource
from bot.ivc.task_rules import TaskField
from bot.simulator import Fault
from tests.support.simulator import backend_for, new_task_for


@pytest.fixture
async def actions(simulator, ivc_api):
    backend = backend_for(ivc_api, simulator)
    source = TaskSource(backend, ttl=3600, max_stale=0, details_ttl=3600, clock=simulator.clock)
    yield TaskActions(backend, source, zone=ZoneInfo("Asia/Shanghai"))
    await source.aclose()


async def _ids(actions):
    return {t.task_id for t in (await actions.source.list()).tasks}


async def test_a_create_and_a_delete_show_in_the_next_read(actions, simulator):
    await actions.source.list()  # cached for an hour
    created = await actions.create(new_task_for(simulator.sim, "shown-at-once"))
    assert created.task.task_id in await _ids(actions)
    await actions.delete(created.task.task_id)
    assert created.task.task_id not in await _ids(actions)


async def test_a_lost_create_answer_still_shows_one_task(actions, simulator):
    await actions.source.list()
    simulator.sim.set_write_fault(Fault.ANSWER_LOST)
    created = await actions.create(new_task_for(simulator.sim, "lost-but-shown"))
    assert created.recovered and created.task.task_id in await _ids(actions)


async def test_a_refused_delete_is_raised_and_changes_nothing(actions, simulator):
    created = await actions.create(new_task_for(simulator.sim, "still-busy"))
    simulator.clock.advance(simulator.sim.pace_seconds)
    with pytest.raises(IvcRefusedError):
        await actions.delete(created.task.task_id)
    assert created.task.task_id in await _ids(actions)


async def test_check_names_the_bad_fields_without_calling_ivc(actions, simulator):
    simulator.sim.reset_counters()
    bad = dataclasses.replace(new_task_for(simulator.sim, "x"), name="a b", expiration_days=400)
    assert [p.field for p in actions.check(bad)] == [TaskField.NAME, TaskField.EXPIRATION]
    assert simulator.sim.requests_served == 0


class RecordedNotices:
    """``ChangeNotices`` that records each publish and whether the list was dropped by then."""

    def __init__(self, source: TaskSource) -> None:
        self.source = source
        self.published: list[tuple[str | None, bool]] = []

    async def publish(self, task_id: str | None = None) -> None:
        self.published.append((task_id, self.source.peek() is None))


async def test_each_write_attempt_is_announced_after_the_local_invalidation(actions, simulator):
    notices = RecordedNotices(actions.source)
    actions.notices = notices
    await actions.source.list()
    created = await actions.create(new_task_for(simulator.sim, "announced"))
    task_id = created.task.task_id
    simulator.clock.advance(simulator.sim.pace_seconds)
    await actions.source.list()
    with pytest.raises(IvcRefusedError):
        await actions.delete(task_id)  # refused (retrieving), announced all the same
    assert notices.published == [(None, True), (task_id, True)]
