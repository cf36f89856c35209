"""Installations (multi-workspace mode) with their tokens encrypted at rest.

Bolt's SQLAlchemy installation store, its token columns swapped for ``EncryptedToken``: the
SDK's own queries write ciphertext into the same ``String`` columns and read plain tokens
back, so the schema (migration 0002) is unchanged. ``reseal_all`` (``python -m bot
rotate-key``) re-encrypts every stored token with the first key.
"""

from __future__ import annotations

from cryptography.fernet import MultiFernet
from slack_sdk.oauth.installation_store.sqlalchemy import (
    AsyncSQLAlchemyInstallationStore,
    SQLAlchemyInstallationStore,
)
from sqlalchemy import MetaData, String, Table, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.token_crypto import EncryptedToken, reseal

TOKEN_COLUMNS = {
    "slack_installations": ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
    "slack_bots": ("bot_token", "bot_refresh_token"),
}
"""Every column that holds a token, by table."""


def _plain_tables(metadata: MetaData) -> list[Table]:
    """The installation tables as the SDK defines them (token columns as plain strings)."""
    return [
        SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations"),
        SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots"),
    ]


def _encrypt_columns(table: Table, keys: MultiFernet) -> Table:
    for name in TOKEN_COLUMNS[table.name]:
        column = table.c[name]
        length = column.type.length if isinstance(column.type, String) else None
        column.type = EncryptedToken(keys, length)
    return table


class EncryptedInstallationStore(AsyncSQLAlchemyInstallationStore):
    """``AsyncSQLAlchemyInstallationStore`` whose token columns are encrypted."""

    def __init__(self, *, client_id: str, engine: AsyncEngine, keys: MultiFernet) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.installations = _encrypt_columns(self.installations, keys)
        self.bots = _encrypt_columns(self.bots, keys)

    async def async_delete_workspace(self, workspace_id: str) -> None:
        """Forget the workspace: its installations and its bot (tokens included)."""
        await self.async_delete_bot(enterprise_id=None, team_id=workspace_id)
        await self.async_delete_installation(enterprise_id=None, team_id=workspace_id)


async def reseal_all(engine: AsyncEngine, keys: MultiFernet) -> int:
    """Re-encrypt every stored token with the first key (plain-text ones too); how many."""
    count = 0
    async with engine.begin() as conn:
        for table in _plain_tables(MetaData()):
            names = TOKEN_COLUMNS[table.name]
            rows = await conn.execute(select(table.c.id, *(table.c[n] for n in names)))
            for row in rows.mappings().all():
                values = {n: reseal(keys, row[n]) for n in names if row[n] is not None}
                if values:
                    await conn.execute(update(table).where(table.c.id == row["id"]).values(values))
                    count += len(values)
    return count
