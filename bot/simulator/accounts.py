"""Many simulated IVC accounts on one server, each keyed by its SecretId.

Besides the simulator's own, ``tenants`` accounts with deterministic keys, each built on its
first request; a request is answered from the account its signature names.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from bot.ivc.cloud_api.signing import parse_tc3_authorization
from bot.ivc.ivc_api.signing import parse_authorization

Account_co = TypeVar("Account_co", covariant=True)
"""What ``SimAccounts`` builds and hands out: one account's simulator."""

TENANT_PREFIX = "AKIDsimTenant"
_KEY_SALT = "bot.simulator tenant key/"


def tenant_secret_id(number: int) -> str:
    """The SecretId of tenant ``number`` (from 1): ``AKIDsimTenant0001``."""
    if number < 1:
        raise ValueError("tenant numbers start at 1")
    return f"{TENANT_PREFIX}{number:04d}"


def tenant_secret_key(secret_id: str) -> str:
    """The SecretKey of a tenant: derived from its SecretId (a simulator, not a secret)."""
    digest = hashlib.sha256((_KEY_SALT + secret_id).encode()).hexdigest()
    return f"sk-sim-{digest[:32]}"


def tenant_number(secret_id: str) -> int | None:
    """The number of a tenant's SecretId, or None if it is not one."""
    digits = secret_id.removeprefix(TENANT_PREFIX)
    if digits == secret_id or not digits.isdigit() or len(digits) < 4:
        return None
    number = int(digits)
    return number if number >= 1 and tenant_secret_id(number) == secret_id else None


def ivc_secret_id(authorization: str | None) -> str | None:
    """The SecretId (``q-ak``) an ``/ivc/`` Authorization header names, or None."""
    if not authorization:
        return None
    try:
        return parse_authorization(authorization).secret_id
    except ValueError:
        return None


def tc3_secret_id(authorization: str | None) -> str | None:
    """The SecretId of an API 3.0 (TC3) Authorization header's credential, or None."""
    if not authorization:
        return None
    try:
        return parse_tc3_authorization(authorization).secret_id
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class AccountSpec:
    """What builds one account's simulator. ``repr`` hides the key and token."""

    secret_id: str
    secret_key: str
    security_token: str | None = None
    tasks: int = 40
    seed: int = 1

    def __repr__(self) -> str:
        token = "set" if self.security_token else "none"
        return f"AccountSpec(secret_id={self.secret_id!r}, tasks={self.tasks}, token={token})"


class SimAccounts(Generic[Account_co]):
    """The accounts besides the simulator's own, by SecretId, and their request counts."""

    def __init__(
        self,
        build: Callable[[AccountSpec], Account_co],
        *,
        tenants: int = 0,
        tenant_tasks: int = 40,
        seed: int = 1,
    ) -> None:
        if tenants < 0:
            raise ValueError("tenants must be >= 0")
        if tenant_tasks < 0:
            raise ValueError("tenant_tasks must be >= 0")
        self._build = build
        self.tenants = tenants
        self.tenant_tasks = tenant_tasks
        self._seed = seed
        self._lock = threading.Lock()
        self._built: dict[str, Account_co] = {}
        self.calls: Counter[str] = Counter()

    def __repr__(self) -> str:
        return f"SimAccounts(tenants={self.tenants}, built={len(self._built)})"

    def __len__(self) -> int:
        """Accounts built so far (tenants not yet called are not counted)."""
        return len(self._built)

    def add(self, spec: AccountSpec) -> Account_co:
        """Build (or replace) the account ``spec`` describes."""
        sim = self._build(spec)
        with self._lock:
            self._built[spec.secret_id] = sim
        return sim

    def get(self, secret_id: str) -> Account_co | None:
        """The account with this SecretId (a tenant is built on first use), or None."""
        with self._lock:
            sim = self._built.get(secret_id)
            if sim is None:
                spec = self.tenant_spec(secret_id)
                if spec is None:
                    return None
                sim = self._built[secret_id] = self._build(spec)
            self.calls[secret_id] += 1
            return sim

    def tenant_spec(self, secret_id: str) -> AccountSpec | None:
        """The spec of tenant ``secret_id`` if it is one of the ``tenants``, else None."""
        number = tenant_number(secret_id)
        if number is None or number > self.tenants:
            return None
        return AccountSpec(
            secret_id=secret_id,
            secret_key=tenant_secret_key(secret_id),
            tasks=self.tenant_tasks,
            seed=self._seed * 1_000_003 + number,
        )

    def stats(self) -> dict[str, Any]:
        """Tenants configured, accounts built, and requests per SecretId."""
        with self._lock:
            return {
                "tenants": self.tenants,
                "built": len(self._built),
                "calls": dict(self.calls),
            }
