"""After a write, the task source forgets its cached list: the next read fetches, whatever
the TTL, and a fetch that was already running does not bring the old list back."""

import asyncio

from bot.ivc.models import TaskList
from bot.ivc.source import TaskSource
from tests.support.clock import FakeClock
from tests.support.simulator import backend_for, new_task_for


async def test_a_write_shows_in_the_next_read_within_the_ttl(simulator, ivc_api):
    client = backend_for(ivc_api, simulator)
    source = TaskSource(client, ttl=3600, max_stale=0, details_ttl=3600, clock=simulator.clock)
    before = await source.list()
    created = await client.create_task(new_task_for(simulator.sim, "read-your-write"))
    assert (await source.list()) is before, "cached within the TTL"
    source.invalidate(created.task.task_id)
    after = await source.list()
    assert created.task.task_id in {t.task_id for t in after.tasks}
    await source.aclose()


class _Gated:
    """A backend whose n-th list call waits for ``gates[n]``."""

    base_url = "http://gated.invalid"

    def __init__(self) -> None:
        self.gates = [asyncio.Event(), asyncio.Event()]
        self.calls = 0

    async def list_tasks(self) -> TaskList:
        gate = self.gates[self.calls]
        self.calls += 1
        await gate.wait()
        return TaskList(tasks=())

    async def task_details(self, task_id):  # pragma: no cover - not used
        raise AssertionError

    async def aclose(self) -> None:
        pass


async def _until(predicate):
    for _ in range(1000):
        if predicate():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never met")


async def test_a_fetch_running_during_a_write_is_not_served_as_fresh():
    backend = _Gated()
    source = TaskSource(backend, ttl=3600, max_stale=0, details_ttl=60, clock=FakeClock())
    old = asyncio.ensure_future(source.list())
    await _until(lambda: backend.calls == 1)
    source.invalidate()  # a write happened while the first fetch runs
    new = asyncio.ensure_future(source.list())
    await _until(lambda: backend.calls == 2)  # the later read did not join the older fetch
    backend.gates[1].set()
    fresh = await new
    backend.gates[0].set()
    await old
    assert source.peek() is fresh, "the older answer did not replace the newer one"
    assert await source.list() is fresh and backend.calls == 2
