"""Why a ``subscribe`` command was refused before anything was stored."""

from __future__ import annotations


class SubscriptionRefused(Exception):
    """A subscribe command the app will not carry out (the views say why, in one line)."""


class TooManySubscriptions(SubscriptionRefused):
    """The channel already has ``limit`` subscriptions (MAX_SUBSCRIPTIONS_PER_CHANNEL)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the channel has {limit} subscriptions already")
        self.limit = limit


class SubscribingTooFast(SubscriptionRefused):
    """The user sent too many ``subscribe`` commands; ``retry_after`` seconds to wait."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"too many subscribe commands; retry in {retry_after:.0f} s")
        self.retry_after = retry_after
