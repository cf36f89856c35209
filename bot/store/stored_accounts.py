"""Each workspace's own IVC account, stored: the API, the key pair (SecretKey and STS
token encrypted under TOKEN_ENCRYPTION_KEY, like Slack tokens), region, organization, and
when IVC last answered with it.

``save`` replaces a workspace's account (an edit form that leaves the SecretKey blank
passes the loaded one back); ``record_result`` notes each test or poll's outcome;
``reseal_accounts`` (``python -m bot rotate-key``) re-encrypts every stored secret with
the first key. No model's ``repr`` shows the SecretKey or the token.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.fernet import InvalidToken, MultiFernet
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import Clock, utc_now
from bot.config import IVC_APIS, IvcApi
from bot.ivc.credentials import Credentials
from bot.ivc.errors import one_line
from bot.logs import redact_too
from bot.store.database import Database
from bot.store.schema import ivc_connections as table
from bot.store.token_crypto import seal_token

MAX_ERROR = 300
SECRET_COLUMNS = ("secret_key", "security_token")


class AccountUnreadable(Exception):
    """A stored account whose secrets no key of TOKEN_ENCRYPTION_KEY opens."""

    def __init__(self, workspace_id: str) -> None:
        super().__init__(
            f"the IVC credentials stored for workspace {workspace_id} cannot be decrypted with any "
            "key of TOKEN_ENCRYPTION_KEY (was the key that wrote them removed?); "
            "an admin must connect IVC again"
        )
        self.workspace_id = workspace_id


@dataclass(frozen=True, slots=True)
class StoredAccount:
    """One workspace's IVC account. ``repr`` shows the SecretId's last 4 characters only."""

    workspace_id: str
    api: IvcApi
    credentials: Credentials
    region: str | None
    organization_id: str | None
    created_at: datetime
    updated_at: datetime
    last_ok_at: datetime | None = None
    last_error: str | None = None

    def __repr__(self) -> str:
        return (
            f"StoredAccount(workspace_id={self.workspace_id!r}, api={self.api!r}, "
            f"secret_id=…{self.secret_id_tail!r}, region={self.region!r}, "
            f"last_ok_at={self.last_ok_at!r})"
        )

    @property
    def secret_id_tail(self) -> str:
        """The SecretId's last 4 characters: what App Home shows."""
        return self.credentials.secret_id[-4:]


class StoredAccounts:
    """Save, load, delete and annotate the workspaces' IVC accounts."""

    def __init__(self, db: Database, keys: MultiFernet, *, clock: Clock = time.time) -> None:
        self._db = db
        self._keys = keys
        self._clock = clock

    def __repr__(self) -> str:
        return f"StoredAccounts(db={self._db!r})"

    async def save(
        self,
        workspace_id: str,
        *,
        api: IvcApi,
        credentials: Credentials,
        region: str | None = None,
        organization_id: str | None = None,
    ) -> StoredAccount:
        """Store (or replace) the workspace's account; its last outcome is forgotten."""
        if api not in IVC_APIS:
            raise ValueError(f"api must be one of {', '.join(IVC_APIS)}")
        now = utc_now(self._clock)
        values = {
            "api": api,
            "secret_id": credentials.secret_id,
            "secret_key": seal_token(self._keys, credentials.secret_key),
            "security_token": self._seal_optional(credentials.security_token),
            "region": region or None,
            "organization_id": organization_id or None,
            "updated_at": now,
            "last_ok_at": None,
            "last_error": None,
        }
        async with self._db.engine.begin() as conn:
            found = await conn.execute(
                select(table.c.created_at).where(table.c.team_id == workspace_id)
            )
            created = found.scalar_one_or_none()
            if created is None:
                await conn.execute(
                    table.insert().values(team_id=workspace_id, created_at=now, **values)
                )
            else:
                await conn.execute(
                    update(table).where(table.c.team_id == workspace_id).values(values)
                )
        return StoredAccount(
            workspace_id,
            api,
            credentials,
            region or None,
            organization_id or None,
            created_at=created or now,
            updated_at=now,
        )

    async def load(self, workspace_id: str) -> StoredAccount | None:
        """The workspace's account, or None; raises ``AccountUnreadable``."""
        async with self._db.engine.connect() as conn:
            row = (
                (await conn.execute(select(table).where(table.c.team_id == workspace_id)))
                .mappings()
                .one_or_none()
            )
        return None if row is None else self._account(row)

    async def workspace_ids(self) -> list[str]:
        """Every workspace with a stored account, sorted."""
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(select(table.c.team_id).order_by(table.c.team_id))
            return [row[0] for row in rows]

    async def delete(self, workspace_id: str) -> bool:
        """Forget the workspace's account; False if it had none."""
        async with self._db.engine.begin() as conn:
            result = await conn.execute(delete(table).where(table.c.team_id == workspace_id))
        return bool(result.rowcount)

    async def record_result(self, workspace_id: str, error: str | None = None) -> None:
        """Note that IVC answered (``error`` None) or refused with ``error`` (one line, which
        must name no secret: an ``IvcError``'s text)."""
        if error is None:
            values: dict[str, Any] = {"last_ok_at": utc_now(self._clock), "last_error": None}
        else:
            values = {"last_error": one_line(error)[:MAX_ERROR]}
        async with self._db.engine.begin() as conn:
            await conn.execute(update(table).where(table.c.team_id == workspace_id).values(values))

    def _seal_optional(self, value: str | None) -> str | None:
        return None if value is None else seal_token(self._keys, value)

    def _open(self, workspace_id: str, stored: str) -> str:
        try:
            return self._keys.decrypt(stored.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise AccountUnreadable(workspace_id) from None

    def _account(self, row: Any) -> StoredAccount:
        workspace_id = row["team_id"]
        token = row["security_token"]
        credentials = Credentials(
            row["secret_id"],
            self._open(workspace_id, row["secret_key"]),
            None if token is None else self._open(workspace_id, token),
        )
        redact_too(credentials.secret_key, credentials.security_token)
        return StoredAccount(
            workspace_id=workspace_id,
            api=row["api"],
            credentials=credentials,
            region=row["region"],
            organization_id=row["organization_id"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            last_ok_at=row["last_ok_at"],
            last_error=row["last_error"],
        )


async def reseal_accounts(engine: AsyncEngine, keys: MultiFernet) -> int:
    """Re-encrypt every stored IVC secret with the first key; how many values."""
    count = 0
    async with engine.begin() as conn:
        rows = await conn.execute(select(table.c.team_id, *(table.c[n] for n in SECRET_COLUMNS)))
        for row in rows.mappings().all():
            values = {
                name: keys.rotate(row[name].encode("ascii")).decode("ascii")
                for name in SECRET_COLUMNS
                if row[name] is not None
            }
            await conn.execute(
                update(table).where(table.c.team_id == row["team_id"]).values(values)
            )
            count += len(values)
    return count
