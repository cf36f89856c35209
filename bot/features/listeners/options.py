"""External selects (``block_suggestion``): the create form's camera search, answered from the
cached camera catalog in memory (never a call to IVC per keystroke).
``Require(Right.TASK_MANAGER)`` runs first: anyone else gets no options."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.features.retrievals.camera_options import MAX_OPTIONS, render_camera_options
from bot.features.retrievals.new_task_form import FormField
from bot.slack.deps import Deps
from bot.slack.rights import Require, Right

MAX_QUERY = 100


async def suggest_cameras(ack: AsyncAck, payload: dict[str, Any], deps: Deps) -> None:
    """Cameras whose device or channel name contains every word typed."""
    if deps.catalog is None:
        await ack(options=[])
        return
    query = str(payload.get("value") or "")[:MAX_QUERY]
    await ack(options=render_camera_options(deps.catalog.search(query, MAX_OPTIONS)))


def register(app: AsyncApp) -> None:
    app.options(FormField.CAMERAS.value, middleware=[Require(Right.TASK_MANAGER)])(suggest_cameras)
