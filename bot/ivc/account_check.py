"""The **Test** of the Connect IVC form: list the account's tasks once with the credentials
as typed, before anything is stored; IVC's refusal comes back as the typed ``IvcError``
(whose text names no secret) for the form to show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.ivc.accounts import Account
from bot.ivc.backend import TaskBackend
from bot.ivc.errors import IvcError


@dataclass(frozen=True, slots=True)
class AccountCheck:
    """What one test call found: how many tasks, or IVC's refusal."""

    tasks: int = 0
    error: IvcError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


async def check_account(
    account: Account, make_backend: Callable[[Account], TaskBackend]
) -> AccountCheck:
    """List the account's tasks once with a client of its own, closed afterwards."""
    backend = make_backend(account)
    try:
        listing = await backend.list_tasks()
    except IvcError as error:
        return AccountCheck(error=error)
    finally:
        await backend.aclose()
    return AccountCheck(tasks=len(listing.tasks))
