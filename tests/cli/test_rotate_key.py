"""``python -m bot rotate-key`` re-encrypts every stored token with the first key of
TOKEN_ENCRYPTION_KEY, plain-text ones (stored before encryption) included; until then a
plain-text token is refused with one log line. Each workspace's
stored IVC SecretKey and STS token are re-encrypted with them."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text

from bot.encryption_keys import parse_keys
from bot.ivc import Credentials
from bot.slack.token_store import EncryptedInstallationStore
from bot.store.database import Database
from bot.store.stored_accounts import StoredAccounts
from tests.support.app_fixtures import run_cli

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
TOKEN = "xoxb-111-222-rotate-me"
LEGACY = "xoxb-333-444-stored-in-plain-text"
IVC = Credentials("AKIDrotate0001", "sk-ivc-rotate-me", "tok-ivc-rotate-me")


def _installation(workspace: str, token: str) -> Installation:
    return Installation(
        app_id="A0001", team_id=workspace, bot_token=token, bot_id="B1", user_id="U1"
    )


async def _database(path: Path) -> Database:
    """Workspace T0001 (and its IVC account) saved under OLD; workspace T0LEGACY's bot row
    written in plain text."""
    db = await Database.open(f"sqlite+aiosqlite:///{path}")
    store = EncryptedInstallationStore(client_id="1.2", engine=db.engine, keys=parse_keys(OLD))
    await store.async_save(_installation("T0001", TOKEN))
    await StoredAccounts(db, parse_keys(OLD)).save("T0001", api="cloudapi", credentials=IVC)
    async with db.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO slack_bots (client_id, app_id, team_id, bot_token, bot_id, "
                "bot_user_id, installed_at, is_enterprise_install) VALUES ('1.2', 'A0001', "
                f"'T0LEGACY', '{LEGACY}', 'B2', 'U2', CURRENT_TIMESTAMP, 0)"
            )
        )
    return db


async def _tokens(db: Database) -> list[str]:
    async with db.engine.connect() as conn:
        found = []
        for table in ("slack_bots", "slack_installations"):
            rows = await conn.execute(text(f"SELECT bot_token FROM {table}"))
            found += [row[0] for row in rows]
    return found


async def test_rotate_key_reencrypts_every_token_with_the_first_key(tmp_path):
    path = tmp_path / "app.db"
    db = await _database(path)
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{path}",
        "TOKEN_ENCRYPTION_KEY": f"{NEW},{OLD}",
        "IVC_SECRET_ID": "id",
        "IVC_SECRET_KEY": "sk-0123456789",
        "LOG_FORMAT": "text",
    }
    try:
        result = run_cli(["rotate-key"], env, tmp_path)
        assert result.returncode == 0, result.stderr
        assert "re-encrypted 3 stored tokens and 2 stored IVC credentials" in result.stdout
        assert NEW not in result.stdout + result.stderr and OLD not in result.stderr
        new_only = Fernet(NEW.encode())
        opened = sorted(new_only.decrypt(t.encode()).decode() for t in await _tokens(db))
        assert opened == sorted([TOKEN, TOKEN, LEGACY])
        store = EncryptedInstallationStore(client_id="1.2", engine=db.engine, keys=parse_keys(NEW))
        for workspace, token in (("T0001", TOKEN), ("T0LEGACY", LEGACY)):
            bot = await store.async_find_bot(enterprise_id=None, team_id=workspace)
            assert bot is not None and bot.bot_token == token
        stored = await StoredAccounts(db, parse_keys(NEW)).load("T0001")
        assert stored is not None and stored.credentials == IVC
        assert IVC.secret_key not in result.stdout + result.stderr
    finally:
        await db.aclose()


async def test_a_plain_text_token_is_refused_with_one_line(tmp_path, caplog):
    db = await _database(tmp_path / "app.db")
    try:
        store = EncryptedInstallationStore(client_id="1.2", engine=db.engine, keys=parse_keys(OLD))
        with caplog.at_level(logging.ERROR):
            bot = await store.async_find_bot(enterprise_id=None, team_id="T0LEGACY")
        assert bot is not None and bot.bot_token is None
        [record] = [r for r in caplog.records if "rotate-key" in r.getMessage()]
        assert LEGACY not in record.getMessage()
        wrong = EncryptedInstallationStore(client_id="1.2", engine=db.engine, keys=parse_keys(NEW))
        bot = await wrong.async_find_bot(enterprise_id=None, team_id="T0001")
        assert bot is not None and bot.bot_token is None, "a removed key opens nothing"
    finally:
        await db.aclose()


def test_rotate_key_needs_a_key(tmp_path):
    env = {"IVC_SECRET_ID": "id", "IVC_SECRET_KEY": "sk-0123456789", "LOG_FORMAT": "text"}
    result = run_cli(["rotate-key"], env, tmp_path)
    assert result.returncode == 2
    [line] = (result.stdout + result.stderr).splitlines()
    assert "TOKEN_ENCRYPTION_KEY" in line


@pytest.mark.parametrize(
    "value", ["not-a-key", f"{OLD},short"], ids=["not a key", "a short second key"]
)
def test_a_bad_key_is_one_line_without_the_value(tmp_path, value):
    env = {
        "IVC_SECRET_ID": "id",
        "IVC_SECRET_KEY": "sk-0123456789",
        "LOG_FORMAT": "text",
        "TOKEN_ENCRYPTION_KEY": value,
    }
    result = run_cli(["rotate-key"], env, tmp_path)
    assert result.returncode == 2
    [line] = (result.stdout + result.stderr).splitlines()
    assert line.startswith("error: TOKEN_ENCRYPTION_KEY is invalid") and "Fernet" in line
    assert OLD not in line and "not-a-key" not in line and "short" not in line
