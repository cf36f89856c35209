"""Who asks, and where: the workspace, user and channel of one Slack request, taken once from
the ids Bolt reads into its context; middleware and listeners take it as ``asked``."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt.context.async_context import AsyncBoltContext

ASKED = "asked"
"""The context key (and so the listener parameter) that holds the request's ``Asked``."""


@dataclass(frozen=True, slots=True)
class Asked:
    """The ids of one request ("" where the payload names none: an event with no user)."""

    team: str
    user: str
    channel: str

    @property
    def who(self) -> tuple[str, str]:
        """(workspace, user): how audit lines and writes name the person."""
        return self.team, self.user


def asked_of(context: AsyncBoltContext) -> Asked:
    """The request's ids as Bolt parsed them (``team_id``, ``user_id``, ``channel_id``)."""
    return Asked(context.team_id or "", context.user_id or "", context.channel_id or "")
