"""Who may create and delete retrieval tasks: TASK_MANAGERS (user ids and user-group ids,
groups resolved by the one ``GroupMembers`` resolver of ``bot.slack.viewers``).

Empty TASK_MANAGERS means nobody: a retrieval costs money, so the operator opts in (unlike
SUBSCRIPTION_ADMINS, whose empty value lets everyone manage a channel's free digests).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.viewers import GroupMembers


@dataclass(frozen=True)
class ManagerRules:
    """TASK_MANAGERS: ``ids`` are user ids and user-group ids; empty allows nobody."""

    ids: frozenset[str] = frozenset()
    groups: GroupMembers = field(default_factory=GroupMembers)

    async def allows(self, client: AsyncWebClient, workspace: str, user: str) -> bool:
        """True when ``user`` of ``workspace`` may create and delete tasks."""
        if not self.ids or not user:
            return False
        return await self.groups.listed(client, workspace, user, self.ids)
