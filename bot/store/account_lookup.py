"""Which IVC account a workspace reads: its stored account, or the environment's account
for the workspaces that share it (all of them in single-workspace mode)."""

from __future__ import annotations

from bot.config import Settings
from bot.ivc.accounts import SHARED_KEY, Account, Lookup, workspace_key
from bot.ivc.source import credentials_from
from bot.store.stored_accounts import StoredAccounts


def shared_account(settings: Settings) -> Account:
    """The environment's account (IVC_API, IVC_SECRET_ID/IVC_SECRET_KEY, IVC_REGION)."""
    return Account(
        SHARED_KEY,
        settings.ivc_api,
        credentials_from(settings),
        settings.ivc_region,
        settings.ivc_organization_id,
    )


def stored_lookup(
    stored_accounts: StoredAccounts,
    *,
    shared: Account | None,
    shared_workspaces: frozenset[str] | None,
) -> Lookup:
    """A workspace in ``shared_workspaces`` (every one when None) reads ``shared``; any other its
    stored account, or none. Raises ``AccountUnreadable`` for a stored account no key
    opens."""

    async def lookup(workspace_id: str) -> Account | None:
        if shared is not None and (shared_workspaces is None or workspace_id in shared_workspaces):
            return shared
        stored = await stored_accounts.load(workspace_id)
        if stored is None:
            return None
        return Account(
            workspace_key(workspace_id),
            stored.api,
            stored.credentials,
            stored.region,
            stored.organization_id,
        )

    return lookup
