"""``python -m bot rotate-key``: re-encrypt every stored Slack token, and every workspace's
stored IVC SecretKey and STS token, with the first key of TOKEN_ENCRYPTION_KEY (after
listing a new key first; tokens stored in plain text before encryption was set are
encrypted too). Then the old keys may be removed."""

from __future__ import annotations

import argparse
import asyncio

from bot import logs
from bot.config import ConfigError, load_settings
from bot.encryption_keys import parse_keys
from bot.slack.token_store import reseal_all
from bot.store.database import Database
from bot.store.stored_accounts import reseal_accounts


async def _rotate() -> int:
    settings = load_settings()
    logs.configure_from_settings(settings)
    key = settings.token_encryption_key
    if key is None:
        raise ConfigError(
            "TOKEN_ENCRYPTION_KEY is not set: list the new key first, then the old ones"
        )
    db = await Database.open(settings.database_url)
    try:
        keys = parse_keys(key.get_secret_value())
        count = await reseal_all(db.engine, keys)
        ivc = await reseal_accounts(db.engine, keys)
    finally:
        await db.aclose()
    print(
        f"re-encrypted {count} stored tokens and {ivc} stored IVC credentials "
        "with the first key of TOKEN_ENCRYPTION_KEY"
    )
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(_rotate())
    except ConfigError as error:
        logs.fatal(f"error: {error}", __name__)
        return 2
