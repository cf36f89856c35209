"""Every feature built on stand-ins that registration never touches: what the registry
registers, without an app to run it (the multi-workspace features included)."""

from __future__ import annotations

from typing import Any, cast

from bot.features.card_menu.listeners import CardMenu
from bot.features.home.listeners import Home
from bot.features.home.publishing import MultiWorkspace
from bot.features.ivc_connection.listeners import ConnectIvc
from bot.features.playback.listeners import Playback
from bot.features.registry import AppFeatures
from bot.features.report.listeners import Report
from bot.features.retrievals.listeners import Retrievals
from bot.features.subscriptions.listeners import Subscriptions
from bot.features.tasks.listeners import Tasks
from bot.features.watches.listeners import Watches

UNUSED: Any = cast(Any, object())
"""A dependency registration never calls."""


def unwired_features(*, multi_workspace: bool = True) -> AppFeatures:
    """The features as ``bot.runtime`` builds them, each dependency a stand-in."""
    multi = MultiWorkspace(workspaces=UNUSED, connector=UNUSED, installations=UNUSED)
    return AppFeatures(
        tasks=Tasks(),
        report=Report(),
        subscriptions=Subscriptions(subscriptions=UNUSED),
        retrievals=Retrievals(cards=UNUSED, response_urls=UNUSED, watches=UNUSED),
        watches=Watches(watches=UNUSED),
        playback=Playback(response_urls=UNUSED, download_link_seconds=600),
        home=Home(subscriptions=UNUSED, watches=UNUSED, multi=multi if multi_workspace else None),
        card_menu=CardMenu(watches=UNUSED, download_link_seconds=600),
        ivc_connection=(
            ConnectIvc(connector=UNUSED, republish=UNUSED) if multi_workspace else None
        ),
    )
