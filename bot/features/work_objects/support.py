"""Whether a workspace takes Work Objects: Slack refuses them (``feature_not_enabled``) where
the feature is not on; the app then falls back and remembers it per workspace (in the
``block_kit`` table, as the kind ``work_objects``: no migration), read once per process."""

from __future__ import annotations

import logging
import time

from slack_sdk.web.async_slack_response import AsyncSlackResponse
from slack_sdk.web.slack_response import SlackResponse

from bot.clock import Clock, utc_now
from bot.slack.block_kit import RenderingMemory

log = logging.getLogger(__name__)

KIND = "work_objects"
REFUSALS = frozenset({"feature_not_enabled"})
"""Slack's answers meaning the workspace does not take Work Objects."""
_MAX_WORKSPACES = 10_000


def refused_work_objects(answer: SlackResponse | AsyncSlackResponse) -> bool:
    """Whether Slack's error answer says the workspace does not take Work Objects."""
    return str(answer.get("error") or "") in REFUSALS


class WorkObjectSupport:
    """Each workspace's refusal of Work Objects, learned from Slack's answers."""

    def __init__(self, memory: RenderingMemory | None = None, clock: Clock = time.time) -> None:
        self._memory = memory
        self._clock = clock
        self._refused: dict[str, bool] = {}

    async def refuses(self, workspace_id: str) -> bool:
        """Whether the workspace refused Work Objects (then: classic unfurls, no flexpane)."""
        known = self._refused.get(workspace_id)
        if known is None:
            known = False
            if self._memory is not None:
                known = KIND in (await self._memory.get(workspace_id)).refused
            if len(self._refused) >= _MAX_WORKSPACES:
                self._refused.clear()
            self._refused[workspace_id] = known
        return known

    async def refused(self, workspace_id: str) -> None:
        """The workspace refused them: its fallback from now on."""
        if self._refused.get(workspace_id):
            return
        log.warning("workspace %s refused Work Objects; classic unfurls from now on", workspace_id)
        self._refused[workspace_id] = True
        if self._memory is not None:
            await self._memory.refused(workspace_id, frozenset({KIND}), utc_now(self._clock))
