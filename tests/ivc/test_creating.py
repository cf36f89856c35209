"""``create_once``: a create whose answer is lost, or a form submitted twice, makes one task
and reports success; nothing is retried blindly. Both APIs, against the simulator."""

import asyncio

import pytest

from bot.ivc import IvcHttpError, IvcTimeoutError, IvcTransportError
from bot.ivc.creating import create_once
from bot.ivc.errors import IvcCreateUnknownError, IvcRefusedError
from bot.ivc.models import TaskList
from bot.ivc.refusals import Refusal
from bot.simulator import Fault
from tests.support.simulator import new_task_for


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


async def test_a_timed_out_create_retried_makes_one_task(make_backend, simulator):
    simulator.sim.set_write_fault(Fault.LATENCY)  # IVC creates the task 2 s late
    new = new_task_for(simulator.sim, "slow-create")
    async with make_backend(simulator, timeout=0.5) as client:
        try:
            first = await create_once(client, client, new)
            assert first.recovered  # the lookup already saw it
        except IvcTimeoutError:
            pass  # the lookup came first: nothing reported as made
        deadline = asyncio.get_running_loop().time() + 30
        while not _named(simulator.sim, "slow-create"):
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.05)
        simulator.sim.set_write_fault(None)
        again = await create_once(client, client, new)
    assert again.recovered
    assert [r["TaskId"] for r in _named(simulator.sim, "slow-create")] == [again.task.task_id]
