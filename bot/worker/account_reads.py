"""Which IVC account a workspace's scheduled work reads: its task source, the
task memory and the history the worker keeps of that account."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from bot.ivc.source import TaskSource
from bot.store.task_history import DEFAULT_ACCOUNT
from bot.store.task_memory import TaskMemoryStore


@dataclass(frozen=True, slots=True)
class AccountView:
    """One account as the worker reads it; ``account`` keys its memory and history."""

    source: TaskSource
    memory: TaskMemoryStore
    account: str = DEFAULT_ACCOUNT


AccountReads = Callable[[str], AbstractAsyncContextManager[AccountView]]
"""The account of a workspace (by workspace id), held while the block runs; raises
``bot.ivc.accounts.NotConnected`` for a workspace without one."""


def one_account(source: TaskSource, memory: TaskMemoryStore) -> AccountReads:
    """Every workspace reads the one account (single-workspace mode, and shared workspaces)."""
    view = AccountView(source, memory, memory.account)

    @contextlib.asynccontextmanager
    async def reads(_workspace_id: str) -> AsyncIterator[AccountView]:
        yield view

    return reads
