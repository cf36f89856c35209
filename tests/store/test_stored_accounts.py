"""Each workspace's stored IVC account (migration 0007): stored with its secrets encrypted,
read back whole, annotated with IVC's last answer, deleted; no repr shows a secret."""

from __future__ import annotations

import logging

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import inspect, select

from bot.encryption_keys import parse_keys
from bot.ivc import Credentials
from bot.store.database import Database
from bot.store.schema import ivc_connections
from bot.store.stored_accounts import (
    AccountUnreadable,
    StoredAccounts,
    reseal_accounts,
)
from tests.store.test_migrations import _to
from tests.support.clock import FakeClock

KEY, OTHER = Fernet.generate_key().decode(), Fernet.generate_key().decode()
SECRET_KEY = "sk-DISTINCTIVE-workspace-key-51c2"
TOKEN = "tok-DISTINCTIVE-sts-7d0a"
CREDS = Credentials("AKIDworkspaceAAAA1234", SECRET_KEY, TOKEN)


def store(db: Database, keys: str = KEY, clock: FakeClock | None = None) -> StoredAccounts:
    return StoredAccounts(db, parse_keys(keys), clock=clock or FakeClock())


async def stored_row(db: Database, workspace: str) -> dict[str, object]:
    async with db.engine.connect() as conn:
        query = select(ivc_connections).where(ivc_connections.c.team_id == workspace)
        return dict((await conn.execute(query)).mappings().one())


async def test_saved_account_reads_back_with_secrets_encrypted(db: Database) -> None:
    stored_accounts = store(db)
    saved = await stored_accounts.save(
        "T0001", api="cloudapi", credentials=CREDS, region="ap-guangzhou", organization_id="1000"
    )
    loaded = await stored_accounts.load("T0001")
    assert loaded == saved
    assert loaded.credentials == CREDS and loaded.api == "cloudapi"
    assert (loaded.region, loaded.organization_id) == ("ap-guangzhou", "1000")
    assert loaded.secret_id_tail == "1234"
    row = await stored_row(db, "T0001")
    assert SECRET_KEY not in str(row) and TOKEN not in str(row)
    assert Fernet(KEY.encode()).decrypt(str(row["secret_key"]).encode()).decode() == SECRET_KEY
    assert await stored_accounts.load("T0OTHER") is None


async def test_saving_again_replaces_and_keeps_created_at(db: Database) -> None:
    clock = FakeClock()
    stored_accounts = store(db, clock=clock)
    first = await stored_accounts.save("T0001", api="ivc", credentials=CREDS)
    await stored_accounts.record_result("T0001")
    clock.advance(60)
    plain = Credentials("AKIDnewone", "sk-new")
    second = await stored_accounts.save("T0001", api="ivc", credentials=plain, region="")
    loaded = await stored_accounts.load("T0001")
    assert loaded is not None and loaded.credentials == plain
    assert loaded.credentials.security_token is None and loaded.region is None
    assert loaded.created_at == first.created_at < loaded.updated_at == second.updated_at
    assert loaded.last_ok_at is None, "a new key has not worked yet"


async def test_record_result_keeps_the_last_outcome(db: Database) -> None:
    clock = FakeClock()
    stored_accounts = store(db, clock=clock)
    await stored_accounts.save("T0001", api="ivc", credentials=CREDS)
    await stored_accounts.record_result("T0001")
    ok = await stored_accounts.load("T0001")
    assert ok is not None and ok.last_ok_at is not None and ok.last_error is None
    clock.advance(30)
    await stored_accounts.record_result("T0001", "AuthFailure.SignatureFailure:\n" + "x" * 500)
    failed = await stored_accounts.load("T0001")
    assert failed is not None and failed.last_ok_at == ok.last_ok_at
    assert failed.last_error is not None and len(failed.last_error) == 300
    assert "\n" not in failed.last_error


async def test_delete_and_workspace_ids(db: Database) -> None:
    stored_accounts = store(db)
    for workspace in ("T0002", "T0001"):
        await stored_accounts.save(workspace, api="ivc", credentials=CREDS)
    assert await stored_accounts.workspace_ids() == ["T0001", "T0002"]
    assert await stored_accounts.delete("T0001") is True
    assert await stored_accounts.delete("T0001") is False
    assert await stored_accounts.load("T0001") is None
    assert await stored_accounts.workspace_ids() == ["T0002"]


async def test_an_unknown_api_is_refused(db: Database) -> None:
    with pytest.raises(ValueError):
        await store(db).save("T0001", api="soap", credentials=CREDS)  # type: ignore[arg-type]


async def test_a_removed_key_opens_nothing_and_says_so_without_secrets(db: Database) -> None:
    await store(db).save("T0001", api="ivc", credentials=CREDS)
    with pytest.raises(AccountUnreadable) as raised:
        await store(db, OTHER).load("T0001")
    assert "connect IVC again" in str(raised.value) and SECRET_KEY not in str(raised.value)


async def test_reseal_moves_every_secret_to_the_first_key(db: Database) -> None:
    await store(db).save("T0001", api="ivc", credentials=CREDS)
    await store(db).save("T0002", api="ivc", credentials=Credentials("AKID2", "sk-two"))
    assert await reseal_accounts(db.engine, parse_keys(f"{OTHER},{KEY}")) == 3
    loaded = await store(db, OTHER).load("T0001")
    assert loaded is not None and loaded.credentials == CREDS


async def test_no_repr_or_log_shows_a_secret(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    stored_accounts = store(db)
    saved = await stored_accounts.save("T0001", api="cloudapi", credentials=CREDS)
    loaded = await stored_accounts.load("T0001")
    texts = [repr(saved), str(saved), repr(loaded), repr(stored_accounts), repr(CREDS), caplog.text]
    haystack = "\n".join(texts)
    assert SECRET_KEY not in haystack and TOKEN not in haystack
    assert CREDS.secret_id not in repr(saved), "only the SecretId's last 4 characters"
    assert "1234" in repr(saved)


async def test_0007_adds_and_removes_its_tables(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0007-1", down=True))  # just before 0007, however chained
            names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
            assert not {"ivc_connections", "workspace_settings", "account_polls"} & set(names)
            await conn.run_sync(_to("head"))
            names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
            assert {"ivc_connections", "workspace_settings", "account_polls"} <= set(names)
    finally:
        await db.aclose()
