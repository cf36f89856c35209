"""Connect IVC's **Test** against the multi-account simulator: a good key counts the tasks,
a wrong key or a missing STS token is IVC's typed refusal, with no secret in its text."""

from __future__ import annotations

import pytest

from bot.config import IvcApi, Settings, load_settings
from bot.ivc import Credentials, IvcAuthError
from bot.ivc.account_check import check_account
from bot.ivc.accounts import Account, account_backend
from bot.simulator import tenant_secret_id, tenant_secret_key
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, RunningSim

T1 = tenant_secret_id(1)


def settings_for(running: RunningSim) -> Settings:
    return load_settings(
        {
            "ivc_base_url": running.base_url,
            "ivc_secret_id": SIM_SECRET_ID,
            "ivc_secret_key": SIM_SECRET_KEY,
            "ivc_timeout_seconds": 2,
        }
    )


async def check(running: RunningSim, api: IvcApi, creds: Credentials):
    settings = settings_for(running)
    account = Account("team:T1", api, creds, region="ap-guangzhou")
    return await check_account(account, lambda a: account_backend(settings, a, clock=running.clock))


@pytest.mark.parametrize("api", ["ivc", "cloudapi"])
async def test_a_good_key_counts_the_tasks(simulator_factory, api: IvcApi) -> None:
    running = simulator_factory(accounts=1, account_tasks=6)
    result = await check(running, api, Credentials(T1, tenant_secret_key(T1)))
    assert result.ok and result.tasks == 6


@pytest.mark.parametrize("api", ["ivc", "cloudapi"])
async def test_a_wrong_key_is_ivcs_refusal_without_the_key(simulator_factory, api: IvcApi) -> None:
    running = simulator_factory(accounts=1)
    wrong = "sk-DISTINCTIVE-wrong-key"
    result = await check(running, api, Credentials(T1, wrong))
    assert not result.ok and isinstance(result.error, IvcAuthError)
    assert wrong not in str(result.error) and wrong not in repr(result.error)


async def test_a_missing_sts_token_is_refused(simulator_factory) -> None:
    running = simulator_factory()
    running.sim.add_account("AKIDsts", "sk-sts", security_token="tok-sts")
    refused = await check(running, "cloudapi", Credentials("AKIDsts", "sk-sts"))
    accepted = await check(running, "cloudapi", Credentials("AKIDsts", "sk-sts", "tok-sts"))
    assert isinstance(refused.error, IvcAuthError) and accepted.ok
