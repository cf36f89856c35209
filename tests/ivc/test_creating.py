"""``create_once``: a create whose answer is lost, or a form submitted twice, makes one task
and reports success; nothing is retried blindly. Both APIs, against the simulator."""

import asyncio
import threading

import pytest

from bot.ivc import IvcHttpError, IvcTimeoutError, IvcTransportError
from bot.ivc.creating import create_once
from bot.ivc.errors import IvcCreateUnknownError, IvcRefusedError
from bot.ivc.models import TaskList
from bot.ivc.refusals import Refusal
from bot.simulator import Fault
from tests.support.polling import bound, wait_until_async
from tests.support.server_thread import serve_in_thread
from tests.support.simulator import new_task_for

# The writer's timeout: it always expires while a create is held, but only once the request
# has reached the simulator (a scaled bound on the time it takes to send it)
HELD_TIMEOUT = bound(0.25)


@pytest.fixture
async def client(make_backend, simulator):
    async with make_backend(simulator, timeout=3.0) as c:
        yield c


def _named(sim, name):
    return [r for r in sim.records() if r.get("TaskName") == name]


@pytest.mark.parametrize("fault", [Fault.ANSWER_LOST, Fault.INVALID_JSON, Fault.WRONG_TYPES])
async def test_a_lost_answer_makes_one_task_and_a_success(client, simulator, fault):
    simulator.sim.set_write_fault(fault)  # IVC creates the task; its answer never arrives

    created = await create_once(client, client, new_task_for(simulator.sim, "lost-answer"))

    assert created.recovered and created.task.name == "lost-answer"
    assert simulator.sim.calls["create"] == 1, "never retried"
    assert [r["TaskId"] for r in _named(simulator.sim, "lost-answer")] == [created.task.task_id]


async def test_a_create_that_did_not_happen_reports_its_error_and_makes_nothing(client, simulator):
    simulator.sim.set_write_fault(Fault.HTTP_500)  # refused before IVC acted
    new = new_task_for(simulator.sim, "not-made")
    with pytest.raises(IvcHttpError):
        await create_once(client, client, new)
    assert simulator.sim.calls["create"] == 1
    assert _named(simulator.sim, "not-made") == []


async def test_the_same_form_twice_makes_one_task_and_two_successes(client, simulator):
    new = new_task_for(simulator.sim, "double-submit", channels=3)
    first, second = await asyncio.gather(
        create_once(client, client, new), create_once(client, client, new)
    )
    assert first.task.task_id == second.task.task_id
    assert sorted([first.recovered, second.recovered]) == [False, True]
    assert len(_named(simulator.sim, "double-submit")) == 1
    again = await create_once(client, client, new)
    assert again.task.task_id == first.task.task_id and again.recovered


async def test_a_different_form_reusing_a_taken_name_is_refused(client, simulator):
    await create_once(client, client, new_task_for(simulator.sim, "name-reused"))
    for other in (
        new_task_for(simulator.sim, "name-reused", hours=2),
        new_task_for(simulator.sim, "name-reused", channels=1),
        new_task_for(simulator.sim, "name-reused", expiration_days=30),
    ):
        with pytest.raises(IvcRefusedError) as caught:
            await create_once(client, client, other)
        assert caught.value.reason is Refusal.NAME_TAKEN
    assert len(_named(simulator.sim, "name-reused")) == 1


class _ListFails:
    """A reader whose task list cannot be read."""

    base_url = "http://unreachable.invalid"

    async def list_tasks(self) -> TaskList:
        raise IvcTransportError("could not connect to IVC at test")

    async def task_details(self, task_id):  # pragma: no cover - never reached
        raise AssertionError

    async def aclose(self) -> None:
        pass


async def test_a_lost_answer_with_an_unreadable_list_says_it_is_unknown(client, simulator):
    simulator.sim.set_write_fault(Fault.ANSWER_LOST)
    with pytest.raises(IvcCreateUnknownError) as caught:
        await create_once(client, _ListFails(), new_task_for(simulator.sim, "unknown-fate"))
    text = str(caught.value)
    assert "\n" not in text and "before trying again" in text
    assert simulator.sim.calls["create"] == 1


class _HeldCreate:
    """Holds the simulator's creates on its server thread until ``release()``: the task is
    made before the hold (only the answer is late) or after it (IVC acts late)."""

    def __init__(self, sim, *, made_before_hold):
        self._create = sim.create_task
        self._made_before_hold = made_before_hold
        self._released = threading.Event()
        self.made = threading.Event()

    def __call__(self, params, *, api):
        if self._made_before_hold:
            created = self._make(params, api)
        self._released.wait(bound(10))  # a failure bound: the test releases it
        if not self._made_before_hold:
            created = self._make(params, api)
        return created

    def _make(self, params, api):
        created = self._create(params, api=api)
        self.made.set()
        return created

    def release(self):
        self._released.set()


class _ListsOnceMade:
    """A reader whose list is read only once the held create has made the task."""

    def __init__(self, reader, made):
        self._reader = reader
        self._made = made
        self.base_url = reader.base_url

    async def list_tasks(self) -> TaskList:
        await wait_until_async(self._made.is_set, "the held create made the task", within=10)
        return await self._reader.list_tasks()

    async def task_details(self, task_id):
        return await self._reader.task_details(task_id)

    async def aclose(self) -> None:
        await self._reader.aclose()


@pytest.fixture
def hold_creates(simulator, monkeypatch):
    """``hold_creates(made_before_hold=...)``: creates held as ``_HeldCreate`` says; released
    at the end of the test whatever happened."""
    holds = []

    def hold(*, made_before_hold):
        held = _HeldCreate(simulator.sim, made_before_hold=made_before_hold)
        monkeypatch.setattr(simulator.sim, "create_task", held)
        holds.append(held)
        return held

    yield hold
    for held in holds:
        held.release()


@pytest.fixture
async def reader(make_backend, simulator):
    """A client of the same simulator on a second server: it answers while a create is held."""
    with serve_in_thread(simulator.sim.app()) as second:
        async with make_backend(second.base_url, clock=simulator.clock, timeout=bound(5)) as c:
            yield c


async def test_a_create_timing_out_before_ivc_acts_reports_the_timeout_and_a_retry_finds_it(
    make_backend, simulator, hold_creates, reader
):
    """The lookup runs before the task exists: the timeout is reported, nothing is made up."""
    held = hold_creates(made_before_hold=False)
    new = new_task_for(simulator.sim, "slow-create")
    async with make_backend(simulator, timeout=HELD_TIMEOUT) as client:
        with pytest.raises(IvcTimeoutError):
            await create_once(client, reader, new)
        assert _named(simulator.sim, "slow-create") == []
        assert simulator.sim.calls["create"] == 1, "never retried blindly"
        held.release()
        await wait_until_async(lambda: _named(simulator.sim, "slow-create"), "made late", 10)
        again = await create_once(client, client, new)
    assert again.recovered and simulator.sim.calls["create"] == 2
    assert [r["TaskId"] for r in _named(simulator.sim, "slow-create")] == [again.task.task_id]


async def test_a_create_made_before_its_answer_times_out_is_recovered(
    make_backend, simulator, hold_creates, reader
):
    """The lookup runs once the task exists: the create is a success, and a retry too."""
    held = hold_creates(made_before_hold=True)
    new = new_task_for(simulator.sim, "late-answer")
    async with make_backend(simulator, timeout=HELD_TIMEOUT) as client:
        first = await create_once(client, _ListsOnceMade(reader, held.made), new)
        assert simulator.sim.calls["create"] == 1, "never retried blindly"
        held.release()
        again = await create_once(client, client, new)
    assert first.recovered and first.task.name == "late-answer"
    assert again.recovered and again.task.task_id == first.task.task_id
    assert [r["TaskId"] for r in _named(simulator.sim, "late-answer")] == [first.task.task_id]
