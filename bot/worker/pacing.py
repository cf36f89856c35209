"""How fast the deliverer may post, per channel and per workspace, and whom Slack's 429s hold.

Slack limits posting per channel (about one message a second) and, more loosely, per
workspace. A 429 answers the post that was refused, so it holds back that post's channel
only; 429s from several channels within their Retry-After mean the workspace is the limit,
and then the whole workspace waits. One channel's storm thus never delays another channel.
All times are on the injected clock.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bot.clock import Clock

CHANNEL_INTERVAL_SECONDS = 1.0  # at most one post a second per channel (Slack's limit)
WORKSPACE_POSTS_PER_SECOND = 50.0  # a workspace's posts, sustained ...
WORKSPACE_BURST = 50.0  # ... and in a burst
CHANNELS_FOR_WORKSPACE_BACKOFF = 3  # 429s from this many channels at once hold the workspace
MAX_HELD = 500  # held channels named in one claim (the longest-held are left out beyond it)


@dataclass
class _Workspace:
    tokens: float
    refilled_at: float
    held_until: float = 0.0
    limited: dict[str, float] = field(default_factory=dict)  # channel -> end of its 429


class Pacing:
    """Per-channel and per-workspace posting pace, and the backoffs Slack's 429s ask for."""

    def __init__(
        self,
        clock: Clock = time.time,
        *,
        channel_interval: float = CHANNEL_INTERVAL_SECONDS,
        workspace_rate: float = WORKSPACE_POSTS_PER_SECOND,
        workspace_burst: float = WORKSPACE_BURST,
        spread: int = CHANNELS_FOR_WORKSPACE_BACKOFF,
    ) -> None:
        self._clock = clock
        self._interval, self._rate, self._burst = channel_interval, workspace_rate, workspace_burst
        self._spread = spread
        self._channels: dict[tuple[str, str], float] = {}  # (workspace, channel) -> free from
        self._workspaces: dict[str, _Workspace] = {}

    def _workspace(self, workspace: str, now: float) -> _Workspace:
        space = self._workspaces.get(workspace)
        if space is None:
            space = self._workspaces[workspace] = _Workspace(self._burst, now)
        space.tokens = min(self._burst, space.tokens + (now - space.refilled_at) * self._rate)
        space.refilled_at = now
        return space

    def posted(self, workspace: str, channel: str) -> None:
        """A post went to ``channel``: it waits its interval; the workspace spends a token."""
        now = self._clock()
        key = (workspace, channel)
        self._channels[key] = max(self._channels.get(key, 0.0), now + self._interval)
        self._workspace(workspace, now).tokens -= 1.0

    def rate_limited(self, workspace: str, channel: str, retry_after: float) -> None:
        """Slack answered 429 for a post to ``channel``: hold that channel for Retry-After;
        hold the workspace too when several of its channels were refused at once."""
        now = self._clock()
        until = now + retry_after
        key = (workspace, channel)
        self._channels[key] = max(self._channels.get(key, 0.0), until)
        space = self._workspace(workspace, now)
        space.limited = {c: end for c, end in space.limited.items() if end > now}
        space.limited[channel] = max(space.limited.get(channel, 0.0), until)
        if len(space.limited) >= self._spread:
            space.held_until = max(space.held_until, max(space.limited.values()))

    def held(self) -> tuple[list[str], list[str]]:
        """The channels and the workspaces that must not be posted to now."""
        now = self._clock()
        self._channels = {key: end for key, end in self._channels.items() if end > now}
        busiest = sorted(self._channels.items(), key=lambda item: item[1])[-MAX_HELD:]
        workspaces = [
            workspace
            for workspace, space in self._workspaces.items()
            if space.held_until > now or self._workspace(workspace, now).tokens < 1.0
        ]
        return sorted({channel for (_, channel), _ in busiest}), sorted(workspaces)

    def ready_in(self) -> float:
        """Seconds until the first held channel or workspace may be posted to (0: none held)."""
        now = self._clock()
        ends = [end for end in self._channels.values() if end > now]
        for space in self._workspaces.values():
            if space.held_until > now:
                ends.append(space.held_until)
            elif space.tokens < 1.0:
                ends.append(space.refilled_at + (1.0 - space.tokens) / self._rate)
        return max(0.0, min(ends) - now) if ends else 0.0
