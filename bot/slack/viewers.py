"""Who may see tasks: VIEWERS (user ids and user-group ids, groups resolved with
``usergroups.users.list``) and guest accounts (``users.info``, with the person's locale), both
cached for a while.
``GroupMembers`` is the one user-group resolver (TASK_MANAGERS uses it too)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from cachetools import TTLCache
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.poster import SLACK_CALL_FAILURES

log = logging.getLogger(__name__)

CACHE_SIZE = 4096
GROUP_PREFIX = "S"


class AccessRefusal(Enum):
    """Why a user may not see tasks."""

    NOT_A_VIEWER = "not in VIEWERS"
    GUEST = "a guest account (ALLOW_GUESTS is off)"
    UNKNOWN_USER = "users.info failed, so the account could not be checked"
    EXTERNAL = "of another organisation (ALLOW_EXTERNAL_USERS is off)"
    NO_TENANT = "the payload names no workspace the app can serve it from"


@dataclass
class GroupMembers:
    """User-group members (``usergroups.users.list``), cached ``cache_seconds`` per group."""

    cache_seconds: float = 300.0
    _groups: TTLCache[tuple[str, str], frozenset[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._groups = TTLCache(CACHE_SIZE, max(self.cache_seconds, 0.001))

    async def listed(
        self, client: AsyncWebClient, workspace: str, user: str, ids: frozenset[str]
    ) -> bool:
        """True when ``user`` is in ``ids`` or in one of its user groups (``S…``)."""
        if user in ids:
            return True
        for group in sorted(ids):
            if group.startswith(GROUP_PREFIX) and user in await self.members(
                client, workspace, group
            ):
                return True
        return False

    def cached_listed(self, workspace: str, user: str, ids: frozenset[str]) -> bool | None:
        """``listed`` from the cache alone; None when a group it needs is not cached."""
        if user in ids:
            return True
        for group in sorted(ids):
            if not group.startswith(GROUP_PREFIX):
                continue
            members = self._groups.get((workspace, group))
            if members is None:
                return None
            if user in members:
                return True
        return False

    async def members(self, client: AsyncWebClient, workspace: str, group: str) -> frozenset[str]:
        """The group's members; empty (not cached) when Slack could not say."""
        key = (workspace, group)
        cached = self._groups.get(key)
        if cached is not None:
            return cached
        try:
            reply = await client.usergroups_users_list(usergroup=group)
        except SLACK_CALL_FAILURES as error:
            log.warning(
                "usergroups.users.list %s failed (%s); its members are not listed for now",
                group,
                type(error).__name__,
            )
            return frozenset()
        members = frozenset(str(u) for u in reply.get("users") or [])
        self._groups[key] = members
        return members


class ViewerCheck(Protocol):
    """Who may see tasks: ``ViewerRules``, or each workspace's own (multi-workspace mode);
    and a person's Slack locale, from the same cached lookup."""

    async def refusal(
        self, client: AsyncWebClient, workspace: str, user: str
    ) -> AccessRefusal | None: ...

    async def locale(self, client: AsyncWebClient, workspace: str, user: str) -> str: ...

    async def restricted(self, workspace: str) -> bool:
        """The workspace has VIEWERS (what a channel is shown of a task is its name and
        status only)."""
        ...


@dataclass(frozen=True, slots=True)
class Verdict:
    """A viewer check decided from the caches: ``refusal`` None means allowed."""

    refusal: AccessRefusal | None


ALLOWED = Verdict(None)
_REFUSED = {refusal: Verdict(refusal) for refusal in AccessRefusal}


@dataclass(frozen=True, slots=True)
class SlackUser:
    """What ``users.info`` says of a person that access decisions (and their language) need."""

    guest: bool
    workspace_id: str  # the person's own workspace ("" when Slack did not say)
    locale: str = ""  # their Slack language, e.g. zh-CN ("" when Slack did not say)


@dataclass
class ViewerRules:
    """VIEWERS and ALLOW_GUESTS with their lookups cached for ``cache_seconds``."""

    viewers: frozenset[str] = frozenset()
    allow_guests: bool = False
    cache_seconds: float = 300.0
    groups: GroupMembers | None = None
    _people: TTLCache[tuple[str, str], SlackUser] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.groups is None:
            self.groups = GroupMembers(self.cache_seconds)
        self._people = TTLCache(CACHE_SIZE, max(self.cache_seconds, 0.001))

    @property
    def resolver(self) -> GroupMembers:
        assert self.groups is not None, "set in __post_init__"
        return self.groups

    async def refusal(
        self, client: AsyncWebClient, workspace: str, user: str
    ) -> AccessRefusal | None:
        """None when ``user`` of ``workspace`` may see tasks, else why not."""
        if self.viewers and not await self.resolver.listed(client, workspace, user, self.viewers):
            return AccessRefusal.NOT_A_VIEWER
        if self.allow_guests:
            return None
        person = await self.person(client, workspace, user)
        if person is None:
            return AccessRefusal.UNKNOWN_USER
        return AccessRefusal.GUEST if person.guest else None

    async def restricted(self, workspace: str) -> bool:
        """VIEWERS is set (the same for every workspace)."""
        return bool(self.viewers)

    def cached_refusal(self, workspace: str, user: str) -> Verdict | None:
        """``refusal`` from the caches alone (no coroutine on the busy path); None when it
        needs a Slack call."""
        if self.viewers:
            listed = self.resolver.cached_listed(workspace, user, self.viewers)
            if listed is None:
                return None
            if not listed:
                return _REFUSED[AccessRefusal.NOT_A_VIEWER]
        if self.allow_guests:
            return ALLOWED
        person = self._people.get((workspace, user))
        if person is None:
            return None
        return _REFUSED[AccessRefusal.GUEST] if person.guest else ALLOWED

    async def locale(self, client: AsyncWebClient, workspace: str, user: str) -> str:
        """The person's Slack locale (the cached ``person`` first); "" when Slack cannot say."""
        person = self.cached_person(workspace, user) or await self.person(client, workspace, user)
        return "" if person is None else person.locale

    def cached_person(self, workspace: str, user: str) -> SlackUser | None:
        """``person`` if cached; None when only Slack can say."""
        return self._people.get((workspace, user))

    async def person(self, client: AsyncWebClient, workspace: str, user: str) -> SlackUser | None:
        """``users.info`` of ``user`` asked in ``workspace``; None when Slack could not
        say (not cached)."""
        key = (workspace, user)
        cached = self._people.get(key)
        if cached is not None:
            return cached
        try:
            reply = await client.users_info(user=user, include_locale=True)
        except SLACK_CALL_FAILURES as error:
            log.warning(
                "users.info failed (%s): the account is not checked, its language is BOT_LANGUAGE",
                type(error).__name__,
            )
            return None
        info = reply.get("user") or {}
        guest = bool(info.get("is_restricted") or info.get("is_ultra_restricted"))
        locale = str(info.get("locale") or "")
        person = SlackUser(guest, str(info.get("team_id") or ""), locale)
        self._people[key] = person
        return person
