"""Many accounts on one simulator: each SecretId has its own key, tasks and cameras."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from bot.ivc import CloudApiClient, DeviceQuery, IvcAuthError, IvcClient
from bot.simulator import build_parser
from bot.simulator.accounts import (
    AccountSpec,
    tc3_secret_id,
    tenant_number,
    tenant_secret_id,
    tenant_secret_key,
)
from bot.simulator.cameras import ROOT_ORGANIZATION
from bot.simulator.server import ACCOUNTS_PATH
from tests.support.simulator import (
    SIM_SECRET_ID,
    RunningSim,
    backend_for,
    new_task_for,
    served_records,
)

T1, T2, T3 = (tenant_secret_id(n) for n in (1, 2, 3))


def tenant_backend(api: str, running: RunningSim, secret_id: str) -> IvcClient | CloudApiClient:
    return backend_for(api, running, secret_id=secret_id, key=tenant_secret_key(secret_id))


async def listed_ids(api: str, running: RunningSim, secret_id: str) -> set[str]:
    """TaskIds the account lists (the simulator's own with its key, a tenant with its key)."""
    own = secret_id == SIM_SECRET_ID
    client = backend_for(api, running) if own else tenant_backend(api, running, secret_id)
    try:
        listing = await client.list_tasks()
    finally:
        await client.aclose()
    return {task.task_id for task in listing.tasks}


def test_tenant_ids_and_keys_are_deterministic() -> None:
    assert T1 == "AKIDsimTenant0001"
    assert tenant_number(T1) == 1
    assert tenant_number(tenant_secret_id(12345)) == 12345
    assert tenant_number("AKIDsimTenant1") is None
    assert tenant_number("AKIDsimTenant0000") is None
    assert tenant_number(SIM_SECRET_ID) is None
    assert tenant_secret_key(T1) == tenant_secret_key(T1) != tenant_secret_key(T2)
    with pytest.raises(ValueError):
        tenant_secret_id(0)


def test_spec_repr_hides_key_and_token() -> None:
    spec = AccountSpec("AKIDx", "sk-DISTINCTIVE", security_token="tok-DISTINCTIVE")
    assert "DISTINCTIVE" not in repr(spec)
    assert "AKIDx" in repr(spec)


async def test_each_tenant_lists_its_own_tasks(
    simulator_factory: Callable[..., RunningSim], ivc_api: str
) -> None:
    running = simulator_factory(tasks=5, accounts=3, account_tasks=7)
    sim = running.sim
    assert len(sim.accounts) == 0  # nothing built before the first request
    own = await listed_ids(ivc_api, running, SIM_SECRET_ID)
    first = await listed_ids(ivc_api, running, T1)
    second = await listed_ids(ivc_api, running, T2)
    assert own == set(sim.task_ids())
    assert first == set(sim.account_for(T1).task_ids())
    assert second == set(sim.account_for(T2).task_ids())
    assert len(first) == len(second) == 7
    assert not first & second and not first & own and not second & own
    assert len(sim.accounts) == 2  # tenant 3 was never called
    assert served_records(sim.account_for(T1), ivc_api)  # the helpers work per account


async def test_a_wrong_key_for_a_tenant_is_refused(
    simulator_factory: Callable[..., RunningSim], ivc_api: str
) -> None:
    running = simulator_factory(accounts=2)
    client = backend_for(ivc_api, running, secret_id=T1, key=tenant_secret_key(T2))
    try:
        with pytest.raises(IvcAuthError):
            await client.list_tasks()
    finally:
        await client.aclose()


async def test_a_tenant_beyond_the_count_is_unknown(
    simulator_factory: Callable[..., RunningSim], ivc_api: str
) -> None:
    running = simulator_factory(accounts=2)
    client = tenant_backend(ivc_api, running, T3)
    try:
        with pytest.raises(IvcAuthError, match="SecretId"):
            await client.list_tasks()
    finally:
        await client.aclose()
    assert len(running.sim.accounts) == 0


async def test_an_added_account_checks_its_own_token(
    simulator_factory: Callable[..., RunningSim], ivc_api: str
) -> None:
    running = simulator_factory()
    added = running.sim.add_account("AKIDadded", "sk-added", security_token="tok-added", tasks=3)
    without = backend_for(ivc_api, running, secret_id="AKIDadded", key="sk-added")
    with_token = backend_for(
        ivc_api, running, secret_id="AKIDadded", key="sk-added", token="tok-added"
    )
    try:
        with pytest.raises(IvcAuthError):
            await without.list_tasks()
        listing = await with_token.list_tasks()
    finally:
        await without.aclose()
        await with_token.aclose()
    assert {t.task_id for t in listing.tasks} == set(added.task_ids())


def test_the_own_secret_id_cannot_be_added(simulator_factory: Callable[..., RunningSim]) -> None:
    running = simulator_factory()
    with pytest.raises(ValueError):
        running.sim.add_account(SIM_SECRET_ID, "other")


async def test_writes_and_cameras_stay_in_their_account(
    simulator_factory: Callable[..., RunningSim], ivc_api: str
) -> None:
    running = simulator_factory(accounts=2, account_tasks=2)
    sim = running.sim
    first, second = sim.account_for(T1), sim.account_for(T2)
    client = tenant_backend(ivc_api, running, T1)
    try:
        devices = await client.list_devices(DeviceQuery(ROOT_ORGANIZATION))
        created = await client.create_task(new_task_for(first, "only-in-one"))
    finally:
        await client.aclose()
    assert {d.device_id for d in devices.devices} <= {d.device_id for d in first.catalog.devices}
    assert not {d.device_id for d in first.catalog.devices} & {
        d.device_id for d in second.catalog.devices
    }
    assert created.task.task_id in first.task_ids()
    assert created.task.task_id not in second.task_ids() + sim.task_ids()


async def test_requests_are_counted_per_account(
    simulator_factory: Callable[..., RunningSim],
) -> None:
    running = simulator_factory(accounts=2, account_tasks=1)
    for _ in range(2):
        await listed_ids("cloudapi", running, T1)
    await listed_ids("ivc", running, T2)
    async with httpx.AsyncClient() as http:
        body = (await http.get(running.base_url + ACCOUNTS_PATH)).json()
    assert body == {"tenants": 2, "built": 2, "calls": {T1: 2, T2: 1}}
    assert running.sim.stats()["requests_served"] == 3


def test_secret_id_parsing_tolerates_garbage() -> None:
    assert tc3_secret_id(None) is None
    assert tc3_secret_id("nonsense") is None


def test_cli_accounts_options() -> None:
    args = build_parser().parse_args(["--accounts", "1000", "--account-tasks", "200"])
    assert (args.accounts, args.account_tasks) == (1000, 200)
    assert build_parser().parse_args([]).accounts == 0


def test_tenant_tasks_are_light_but_have_details(
    simulator_factory: Callable[..., RunningSim],
) -> None:
    running = simulator_factory(tasks=3, accounts=1, account_tasks=3)
    tenant = running.sim.account_for(T1)
    task_id = tenant.task_ids()[0]
    details = tenant.details(task_id, api="cloudapi")
    assert details is not None and len(details["Channels"]) == 2
    assert all(record["ChannelCount"] == 2 for record in tenant.cloudapi_records())
    main = running.sim.details(running.sim.task_ids()[0])
    assert main is not None and main["Channels"], "the main account keeps its channels"
