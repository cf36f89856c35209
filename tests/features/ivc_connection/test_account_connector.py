"""Connect IVC's connector in process, against the simulator: a SecretKey and STS token join
the log redactor only once IVC accepted them and they are saved (or read back from the
database), and only if they look like credentials; Test and Save share a limit of 5 a
minute per workspace, on the injected clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NoReturn
from uuid import uuid4

import pytest
from cryptography.fernet import Fernet

from bot.config import IvcApi
from bot.encryption_keys import parse_keys
from bot.features.ivc_connection.connector import AccountConnector, TypedAccount
from bot.ivc import Credentials
from bot.ivc.accounts import Account, AccountSources, account_backend
from bot.logs import REDACTED, Redactor
from bot.store.account_lookup import stored_lookup
from bot.store.database import Database
from bot.store.stored_accounts import StoredAccounts
from bot.store.subscriptions import SubscriptionStore
from bot.store.watches import WatchStore
from tests.ivc.test_account_check import settings_for
from tests.support.clock import FakeClock
from tests.support.simulator import RunningSim

SECRET_ID, SHORT_ID = "AKIDlearnedAAAA0001", "AKIDshortAAAAA0001"
SHORT_KEY = "sk-short-key"


@dataclass(frozen=True)
class Keys:
    """This test's own values (the redactor's learned secrets last as long as the process)."""

    key: str = field(default_factory=lambda: f"sk-accepted-{uuid4().hex}")
    token: str = field(default_factory=lambda: f"sts-token-{uuid4().hex}")
    wrong: str = field(default_factory=lambda: f"sk-refused-{uuid4().hex}")


def connector(db: Database, running: RunningSim, clock: FakeClock) -> AccountConnector:
    stored_accounts = StoredAccounts(db, parse_keys(Fernet.generate_key().decode()))
    settings = settings_for(running)

    def make_source(account: Account) -> NoReturn:
        raise AssertionError("no task source is needed")

    sources = AccountSources(
        stored_lookup(stored_accounts, shared=None, shared_workspaces=frozenset()),
        make_source,
        max_sources=4,
        max_tasks=1000,
    )
    return AccountConnector(
        stored_accounts,
        sources,
        lambda account: account_backend(settings, account, clock=running.clock),
        subscriptions=SubscriptionStore(db),
        watches=WatchStore(db),
        clock=clock,
    )


def typed(secret_id: str, key: str, token: str = "", api: IvcApi = "cloudapi") -> TypedAccount:
    return TypedAccount(api, secret_id, key, token, "ap-guangzhou", "")


def redacted(text: str) -> bool:
    return Redactor().text(text) != text


@pytest.fixture
def keys() -> Keys:
    return Keys()


@pytest.fixture
def running(simulator_factory, keys: Keys) -> RunningSim:
    running: RunningSim = simulator_factory(accounts=1)
    running.sim.add_account(SECRET_ID, keys.key, security_token=keys.token)
    running.sim.add_account(SHORT_ID, SHORT_KEY)
    return running


async def test_a_key_joins_the_redactor_only_once_saved(db, running, keys) -> None:
    ivc = connector(db, running, FakeClock())
    key, token, wrong = keys.key, keys.token, keys.wrong
    assert not (await ivc.save("T0001", typed(SECRET_ID, wrong, token), "en")).ok
    assert (await ivc.check("T0001", typed(SECRET_ID, key, token), "en")).ok
    assert not any(redacted(f"a {value} b") for value in (wrong, key, token)), "not saved"

    assert (await ivc.save("T0001", typed(SECRET_ID, key, token), "en")).ok
    line = Redactor().text(f"key=x{key}y token {token}")
    assert line == f"key=x{REDACTED}y token {REDACTED}"

    assert (await ivc.save("T0002", typed(SHORT_ID, SHORT_KEY), "en")).ok
    assert not redacted(f"a {SHORT_KEY} b"), "too short to be a credential: never a pattern"


async def test_secrets_read_back_from_the_database_are_redacted(db, running, keys) -> None:
    ivc = connector(db, running, FakeClock())
    credentials = Credentials(SECRET_ID, keys.key, keys.token)
    await ivc.stored_accounts.save("T0003", api="ivc", credentials=credentials)
    assert not redacted(keys.key), "written by another process: not known here yet"
    assert await ivc.stored("T0003") is not None
    assert redacted(keys.key) and redacted(keys.token)


async def test_test_and_save_share_five_a_minute_per_workspace(db, running, keys) -> None:
    clock = FakeClock()
    ivc = connector(db, running, clock)
    good, bad = typed(SECRET_ID, keys.key, keys.token), typed(SECRET_ID, keys.wrong, keys.token)
    for _ in range(4):
        assert "IVC refused" in (await ivc.check("T0001", bad, "en")).line
    assert not (await ivc.save("T0001", bad, "en")).ok

    refused = await ivc.check("T0001", good, "en")
    assert (refused.ok, refused.line) == (
        False,
        ":raised_hand: Too many IVC tests in this workspace: try again in 60 s.",
    )
    saved = await ivc.save("T0001", good, "zh")
    assert (saved.ok, saved.line) == (
        False,
        ":raised_hand: 本工作区测试 IVC 连接过于频繁：请 60 秒后再试。",
    )
    assert await ivc.stored("T0001") is None
    assert (await ivc.check("T0002", good, "en")).ok, "per workspace"

    clock.advance(60)
    assert (await ivc.save("T0001", good, "en")).ok
