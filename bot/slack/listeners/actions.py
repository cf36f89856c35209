"""Buttons: Previous / Next / Refresh redraw a task list in place; "Open the full list" on a
channel summary shows the list to the person who clicked; the Home tab's Refresh; Play (and
the camera select) answer the clicker alone with a fresh recording link (``playing``)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.answers import answer_view
from bot.observability.requests import Observation, ObservedRespond, Shape
from bot.slack.deleting import ask_to_confirm, delete
from bot.slack.deps import Deps
from bot.slack.errors import message_or_error
from bot.slack.home import publish_home
from bot.slack.ids import team_of, user_of
from bot.slack.only_managers import OnlyManagers
from bot.slack.playing import offer_play_value
from bot.slack.replies import private_kwargs, replace_kwargs
from bot.views import (
    ACTION_NEXT,
    ACTION_PREVIOUS,
    ACTION_REFRESH,
    HOME_REFRESH,
    SUMMARY_OPEN_LIST,
    decode_view_state,
)
from bot.views.playback import ACTION_PLAY_OPEN, ACTION_PLAY_PICK, PLAY_BUTTONS
from bot.views.task_delete import ACTION_ASK_DELETE, ACTION_DELETE, ACTION_KEEP, render_kept

PAGE_BUTTONS = re.compile(
    "^(" + "|".join(re.escape(a) for a in (ACTION_PREVIOUS, ACTION_NEXT, ACTION_REFRESH)) + ")$"
)


async def redraw_list(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    deps: Deps,
    observation: Observation,
) -> None:
    """Previous / Next / Refresh: redraw the list in place."""
    await observation.ack(ack)()
    refresh = action.get("action_id") == ACTION_REFRESH
    redraw = _show_list(observation.respond(respond), action, deps, refresh, replace_kwargs)
    deps.background.spawn(redraw, name="redraw")


async def open_list(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    deps: Deps,
    observation: Observation,
) -> None:
    """A summary's "Open the full list": only for the clicker; the summary stays."""
    await observation.ack(ack)()
    shown = _show_list(observation.respond(respond), action, deps, False, private_kwargs)
    deps.background.spawn(shown, name="open_list")


async def refresh_home(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps
) -> None:
    """The Home tab's Refresh: fetch the task list again and republish the tab."""
    await ack()
    deps.background.spawn(
        publish_home(client, team_of(body), user_of(body), deps, refresh=True), name="home"
    )


async def _show_list(
    respond: ObservedRespond, action: dict[str, Any], deps: Deps, refresh: bool, shape: Shape
) -> None:
    """Render the list the button's value describes and send it as ``shape`` says."""
    state = decode_view_state(str(action.get("value") or ""))
    work = answer_view(state, deps.source, lang=deps.lang, refresh=refresh)
    await respond.send(await message_or_error(work, lang=deps.lang, what="redraw"), shape)


async def delete_task(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
) -> None:
    """A confirmation's Delete (managers only): delete, then update the message in place."""
    await observation.ack(ack)()
    task_id, who = str(action.get("value") or ""), (team_of(body), user_of(body))
    work = delete(task_id, observation.respond(respond), deps, client, who)
    deps.background.spawn(work, name="delete_task")


async def ask_delete(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    deps: Deps,
    observation: Observation,
) -> None:
    """A card's Delete… (managers only): the confirmation, only to the clicker."""
    await observation.ack(ack)()
    task_id = str(action.get("value") or "")
    work = ask_to_confirm(task_id, observation.respond(respond), deps, private_kwargs)
    deps.background.spawn(work, name="ask_delete")


async def keep_task(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    deps: Deps,
    observation: Observation,
) -> None:
    """A confirmation's Keep it: the message says the task was kept."""
    await observation.ack(ack)()
    kept = render_kept(str(action.get("value") or "")[:64], deps.lang)
    await observation.respond(respond).send(kept, replace_kwargs)


async def play(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    body: dict[str, Any],
    deps: Deps,
    observation: Observation,
) -> None:
    """Play (a task's, a camera's) or a camera picked in the select: a fresh link, only for
    the clicker; the value is checked against IVC, never trusted."""
    await observation.ack(ack)()
    selected = action.get("selected_option") or {}
    value = str(selected.get("value") or action.get("value") or "")
    who = (team_of(body), user_of(body))
    work = offer_play_value(value, observation.respond(respond), deps, who)
    deps.background.spawn(work, name="play")


async def link_opened(ack: AsyncAck) -> None:
    """Slack reports a click on "Open recording" (a url button) too: acked, nothing logged."""
    await ack()


def register(app: AsyncApp) -> None:
    app.action(PAGE_BUTTONS)(redraw_list)
    app.action(SUMMARY_OPEN_LIST)(open_list)
    app.action(HOME_REFRESH)(refresh_home)
    app.action(ACTION_DELETE, middleware=[OnlyManagers()])(delete_task)
    app.action(ACTION_ASK_DELETE, middleware=[OnlyManagers()])(ask_delete)
    app.action(ACTION_KEEP)(keep_task)
    app.action(PLAY_BUTTONS)(play)
    app.action(ACTION_PLAY_PICK)(play)
    app.action(ACTION_PLAY_OPEN)(link_opened)
