"""Buttons: Previous / Next / Refresh redraw a task list in place; "Open the full list" on a
channel summary shows the list to the person who clicked; the Home tab's Refresh; a task
card's menu (and Retrieve again); New retrieval; a delete's confirmation."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.answers import answer_view
from bot.observability.requests import Observation, ObservedRespond, Shape
from bot.slack.delete_modal import confirm_in_modal
from bot.slack.deleting import delete
from bot.slack.deps import Deps
from bot.slack.errors import message_or_error
from bot.slack.forms import click_origin, open_form, open_note
from bot.slack.home import publish_home
from bot.slack.ids import team_of, user_of
from bot.slack.menu import chosen_value, follow
from bot.slack.only_managers import OnlyManagers
from bot.slack.readers import clicked_in_public, reader_of
from bot.slack.replies import private_kwargs, replace_kwargs
from bot.views import (
    ACTION_NEXT,
    ACTION_PREVIOUS,
    ACTION_REFRESH,
    HOME_REFRESH,
    SUMMARY_OPEN_LIST,
    decode_view_state,
)
from bot.views.new_task_form import ACTION_NEW_TASK
from bot.views.notices import render_no_catalog
from bot.views.task_delete import ACTION_ASK_DELETE, ACTION_DELETE, ACTION_KEEP, render_kept
from bot.views.task_menu import MENU_ACTIONS, Reader

PAGE_BUTTONS = re.compile(
    "^(" + "|".join(re.escape(a) for a in (ACTION_PREVIOUS, ACTION_NEXT, ACTION_REFRESH)) + ")$"
)


async def redraw_list(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
) -> None:
    """Previous / Next / Refresh: redraw the list in place (for the same readers)."""
    await observation.ack(ack)()
    refresh = action.get("action_id") == ACTION_REFRESH
    reader = await reader_of(body, client, deps, everyone=clicked_in_public(body))
    observed = observation.respond(respond)
    redraw = _show_list(observed, action, deps, refresh, replace_kwargs, reader)
    deps.background.spawn(redraw, name="redraw")


async def open_list(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
) -> None:
    """A summary's "Open the full list": only for the clicker; the summary stays."""
    await observation.ack(ack)()
    reader = await reader_of(body, client, deps, everyone=False)
    observed = observation.respond(respond)
    shown = _show_list(observed, action, deps, False, private_kwargs, reader)
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
    respond: ObservedRespond,
    action: dict[str, Any],
    deps: Deps,
    refresh: bool,
    shape: Shape,
    reader: Reader,
) -> None:
    """Render the list the button's value describes and send it as ``shape`` says."""
    state = decode_view_state(str(action.get("value") or ""))
    work = answer_view(state, deps.source, lang=deps.lang, refresh=refresh, reader=reader)
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
    body: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
) -> None:
    """A new task's card's Delete… (managers only): the confirmation in a small modal; after
    the delete the card is updated in place."""
    await observation.ack(ack)()
    task_id = str(action.get("value") or "")
    work = confirm_in_modal(task_id, body, client, observation.respond(respond), deps)
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


async def choose_from_menu(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
) -> None:
    """A card's menu choice, or Retrieve again: checked and routed (``bot.slack.menu``)."""
    await observation.ack(ack)()
    work = follow(chosen_value(action), body, client, observation.respond(respond), deps)
    deps.background.spawn(work, name="task_menu")


async def new_task(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps) -> None:
    """New retrieval (managers only): the create form, opened with the click's trigger; from
    the App Home its result goes to the manager in a DM."""
    await ack()
    trigger = str(body.get("trigger_id") or "")
    if deps.catalog is None or deps.actions is None:
        text = render_no_catalog(deps.lang).text
        deps.background.spawn(open_note(client, trigger, text, deps), name="form")
        return
    deps.catalog.refresh_if_stale()
    form = open_form(client, trigger, user_of(body), click_origin(body), deps)
    deps.background.spawn(form, name="form")


def register(app: AsyncApp) -> None:
    app.action(PAGE_BUTTONS)(redraw_list)
    app.action(SUMMARY_OPEN_LIST)(open_list)
    app.action(HOME_REFRESH)(refresh_home)
    app.action(ACTION_DELETE, middleware=[OnlyManagers()])(delete_task)
    app.action(ACTION_ASK_DELETE, middleware=[OnlyManagers()])(ask_delete)
    app.action(ACTION_KEEP)(keep_task)
    app.action(MENU_ACTIONS)(choose_from_menu)
    app.action(ACTION_NEW_TASK, middleware=[OnlyManagers()])(new_task)
