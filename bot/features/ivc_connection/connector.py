"""Connect IVC (multi-workspace mode): a workspace admin's form read, tested
against IVC, stored encrypted (``StoredAccounts``) or deleted, and the workspace's cached
task source forgotten. Who may: users.info ``is_admin`` or ``is_owner``; Test and Save
together at most ``TESTS_PER_WINDOW`` a minute per workspace.

The form's state carries the SecretKey: it is never logged, never put back in a view and
never in an error (IVC's refusal text names no secret); it joins the log redactor once IVC
accepted it and it is saved, never as typed (any text would then vanish from every line).
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from bot.clock import Clock
from bot.config import IvcApi
from bot.features.ivc_connection.views import (
    API_BLOCK,
    APIS,
    ORGANIZATION_BLOCK,
    REGION_BLOCK,
    SECRET_ID_BLOCK,
    SECRET_KEY_BLOCK,
    TOKEN_BLOCK,
    AccountSummary,
    FormValues,
)
from bot.ivc.account_check import check_account
from bot.ivc.accounts import Account, AccountSources, workspace_key
from bot.ivc.backend import TaskBackend
from bot.ivc.change_notices import ChangeNotices
from bot.ivc.credentials import Credentials
from bot.logs import redact_too
from bot.slack.user_throttle import UserThrottle
from bot.store.stored_accounts import AccountUnreadable, StoredAccount, StoredAccounts
from bot.store.subscriptions import SubscriptionStore
from bot.store.watches import WatchStore
from bot.views.i18n import label, normalise_lang

log = logging.getLogger(__name__)

PAUSED_IVC_DISCONNECTED = "ivc_disconnected"
CHECK_SECONDS = 2.5  # a view submission must be answered within 3 seconds
TESTS_PER_WINDOW, TEST_WINDOW_SECONDS = 5, 60.0  # Tests and Saves per workspace
_REGION = re.compile(r"^[a-z0-9-]{1,64}$")
_ORGANIZATION = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SECRET_ID = re.compile(r"^\S{1,128}$")


@dataclass(frozen=True, slots=True)
class TypedAccount:
    """The form as typed. ``repr`` never shows the SecretKey or token."""

    api: IvcApi
    secret_id: str
    secret_key: str = field(repr=False)
    security_token: str = field(repr=False)
    region: str
    organization_id: str

    @property
    def values(self) -> FormValues:
        return FormValues(self.api, self.secret_id, self.region, self.organization_id)


def _typed(values: dict[str, Any], block: str) -> str:
    entry = (values.get(block) or {}).get(block) or {}  # each input's action_id is its block's
    if entry.get("type") == "static_select":
        return str((entry.get("selected_option") or {}).get("value") or "")
    return str(entry.get("value") or "").strip()


def read_connect_form(view: dict[str, Any], lang: str) -> tuple[TypedAccount, dict[str, str]]:
    """The typed account and the errors by input block (empty when it reads well)."""
    values = (view.get("state") or {}).get("values") or {}
    api = _typed(values, API_BLOCK)
    typed = TypedAccount(
        api=cast(IvcApi, api if api in APIS else "ivc"),
        secret_id=_typed(values, SECRET_ID_BLOCK),
        secret_key=_typed(values, SECRET_KEY_BLOCK),
        security_token=_typed(values, TOKEN_BLOCK),
        region=_typed(values, REGION_BLOCK),
        organization_id=_typed(values, ORGANIZATION_BLOCK),
    )
    lang = normalise_lang(lang)
    errors = {}
    if not _SECRET_ID.match(typed.secret_id):
        errors[SECRET_ID_BLOCK] = label(lang, "ivc.bad_field")
    if typed.region and not _REGION.match(typed.region):
        errors[REGION_BLOCK] = label(lang, "ivc.bad_field")
    if typed.organization_id and not _ORGANIZATION.match(typed.organization_id):
        errors[ORGANIZATION_BLOCK] = label(lang, "ivc.bad_field")
    return typed, errors


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """A Test's (or a save's) outcome: the line to show, and whether IVC answered."""

    ok: bool
    line: str


STORED_ACCOUNT_KEY_PREFIX = "connection:"


def stored_account_key(workspace_id: str) -> str:
    """The change-notice key saying a workspace's stored account was saved or deleted (not
    that an account was written to)."""
    return STORED_ACCOUNT_KEY_PREFIX + workspace_id


def account_workspace(key: str | None) -> str | None:
    """The workspace whose stored account changed, if ``key`` is a ``stored_account_key``."""
    if key is None or not key.startswith(STORED_ACCOUNT_KEY_PREFIX):
        return None
    return key.removeprefix(STORED_ACCOUNT_KEY_PREFIX)


class AccountConnector:
    """Reads, tests, stores and deletes the workspaces' own IVC accounts."""

    def __init__(
        self,
        stored_accounts: StoredAccounts,
        sources: AccountSources,
        make_backend: Callable[[Account], TaskBackend],
        *,
        subscriptions: SubscriptionStore,
        watches: WatchStore,
        shared_workspaces: frozenset[str] = frozenset(),
        check_seconds: float = CHECK_SECONDS,
        notices: Callable[[str], ChangeNotices] | None = None,
        clock: Clock = time.time,
    ) -> None:
        self.stored_accounts = stored_accounts
        self._notices = notices  # account key -> what tells the other replicas
        self.sources = sources
        self._make_backend = make_backend
        self._subscriptions = subscriptions
        self._watches = watches
        self.shared_workspaces = shared_workspaces
        self._check_seconds = check_seconds
        # one key per workspace (its user part empty): Test and Save share the budget
        self._tests = UserThrottle(TESTS_PER_WINDOW, TEST_WINDOW_SECONDS, clock=clock)

    def __repr__(self) -> str:
        return f"AccountConnector(stored_accounts={self.stored_accounts!r})"

    async def stored(self, workspace_id: str) -> StoredAccount | None:
        """The workspace's stored account (None when none, or none a key opens)."""
        try:
            return await self.stored_accounts.load(workspace_id)
        except AccountUnreadable as error:
            log.error("%s", error)
            return None

    async def summary(self, workspace_id: str) -> AccountSummary | None:
        found = await self.stored(workspace_id)
        if found is None:
            return None
        return AccountSummary(found.api, found.secret_id_tail, found.last_ok_at, found.last_error)

    async def form_values(self, workspace_id: str) -> tuple[FormValues, bool]:
        """The edit form's values (no secret) and whether an account is stored."""
        found = await self.stored(workspace_id)
        if found is None:
            return FormValues(), False
        values = FormValues(
            found.api, found.credentials.secret_id, found.region or "", found.organization_id or ""
        )
        return values, True

    async def _account(self, workspace_id: str, typed: TypedAccount) -> Account | None:
        """The account typed; a blank SecretKey keeps the stored key (and token, unless a new
        one is typed); None when there is none to keep."""
        key, token = typed.secret_key, typed.security_token or None
        if not key:
            found = await self.stored(workspace_id)
            if found is None:
                return None
            key = found.credentials.secret_key
            token = token or found.credentials.security_token
        credentials = Credentials(typed.secret_id, key, token)
        region, organization = typed.region or None, typed.organization_id or None
        return Account(workspace_key(workspace_id), typed.api, credentials, region, organization)

    def _too_many(self, workspace_id: str, lang: str) -> CheckOutcome | None:
        """The refusal of a Test or Save beyond the workspace's limit; None if admitted."""
        seconds = self._tests.wait(workspace_id, "")
        if not seconds:
            return None
        log.warning(
            "refused an IVC connection test in workspace %s: more than %d in %g s",
            workspace_id,
            self._tests.limit,
            self._tests.window,
        )
        return CheckOutcome(False, label(lang, "ivc.too_many", seconds=str(math.ceil(seconds))))

    async def check(self, workspace_id: str, typed: TypedAccount, lang: str) -> CheckOutcome:
        """List the typed account's tasks once (within ``check_seconds``), unless the
        workspace tested too often."""
        lang = normalise_lang(lang)
        return self._too_many(workspace_id, lang) or await self._check(workspace_id, typed, lang)

    async def _check(self, workspace_id: str, typed: TypedAccount, lang: str) -> CheckOutcome:
        account = await self._account(workspace_id, typed)
        if account is None:
            return CheckOutcome(False, label(lang, "ivc.key_needed"))
        try:
            async with asyncio.timeout(self._check_seconds):
                result = await check_account(account, self._make_backend)
        except TimeoutError:
            return CheckOutcome(False, label(lang, "ivc.timeout"))
        if result.error is not None:
            log.info("IVC connection test for workspace %s refused: %s", workspace_id, result.error)
            return CheckOutcome(False, label(lang, "ivc.test_refused", error=str(result.error)))
        return CheckOutcome(True, label(lang, "ivc.test_ok", count=result.tasks))

    async def save(self, workspace_id: str, typed: TypedAccount, lang: str) -> CheckOutcome:
        """Test, then store (only if IVC answered), redact its secrets from every log line from
        now on and forget the cached source."""
        outcome = await self.check(workspace_id, typed, lang)
        if not outcome.ok:
            return outcome
        account = await self._account(workspace_id, typed)
        assert account is not None, "check() found the key"
        await self.stored_accounts.save(
            workspace_id,
            api=account.api,
            credentials=account.credentials,
            region=account.region,
            organization_id=account.organization_id,
        )
        redact_too(account.credentials.secret_key, account.credentials.security_token)
        await self.stored_accounts.record_result(workspace_id)
        await self._forget_everywhere(workspace_id)
        log.info("workspace %s connected IVC (SecretId …%s)", workspace_id, typed.secret_id[-4:])
        return outcome

    async def forget(self, workspace_id: str) -> bool:
        """Delete the workspace's stored account and drop its cached source; False if it had
        none (an uninstall, too)."""
        deleted = await self.stored_accounts.delete(workspace_id)
        await self._forget_everywhere(workspace_id)
        return deleted

    async def _forget_everywhere(self, workspace_id: str) -> None:
        """Drop the workspace's cached account here, and (a change notice) on every other
        replica, which would otherwise read the old one until its recheck."""
        await self.sources.forget(workspace_id)
        if self._notices is not None:
            await self._notices(stored_account_key(workspace_id)).publish()

    async def disconnect(self, workspace_id: str) -> tuple[int, int]:
        """Delete the stored account, forget the source, pause the workspace's subscriptions and
        watches; how many of each were paused."""
        await self.forget(workspace_id)
        subs = await self._subscriptions.pause_workspace(workspace_id, PAUSED_IVC_DISCONNECTED)
        watches = await self._watches.pause_workspace(workspace_id, PAUSED_IVC_DISCONNECTED)
        log.warning(
            "workspace %s disconnected IVC; %d subscriptions and %d watches paused",
            workspace_id,
            len(subs),
            watches,
        )
        return len(subs), watches
